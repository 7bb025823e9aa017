"""Renderers: programs that turn a written pages folder into a static site.

Each renderer module has `build(folder, as_of) -> Path` (the site it built)
and `serve(folder, address, as_of, rewrite, watched)`. The pipeline writes the
pages folder (docs/, overrides/, mkdocs.yml) before any renderer runs, so a
renderer knows nothing of claims or articles. MkDocs with Material is the
release renderer; Zensical, Material's successor, builds the same folder.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import importlib
import os
import socket
from collections.abc import Callable, Iterator
from types import ModuleType

from ..problems import BriefingError, UsageError

NAMES = ("mkdocs", "zensical")
DEFAULT = "mkdocs"

# Called by a renderer's live preview before each rebuild: the pipeline
# rewrites the pages that changed and says whether the content checked.
Rewrite = Callable[[], bool]


def get(name: str) -> ModuleType:
    if name not in NAMES:
        raise UsageError(f"--renderer {name}: unknown renderer; choose one of {', '.join(NAMES)}")
    return importlib.import_module(f"{__name__}.{name}")


def split_address(address: str) -> tuple[str, int]:
    """'127.0.0.1:8000' -> ('127.0.0.1', 8000), or a UsageError naming --dev-addr."""
    host, _, port = address.rpartition(":")
    if not host or not port.isdigit() or not 0 < int(port) < 65536:
        raise UsageError(f"--dev-addr {address}: write HOST:PORT, e.g. 127.0.0.1:8000")
    return host, int(port)


def ensure_port_free(address: str) -> None:
    """Fail early, in one line, if another program already listens on `address`."""
    host, port = split_address(address)
    with socket.socket(socket.AF_INET6 if ":" in host else socket.AF_INET) as probe:
        try:
            probe.bind((host, port))
        except OSError as error:
            raise BriefingError(f"cannot serve on {address}: {error.strerror.lower()} (is another preview running?); "
                                f"stop it or choose another port with --dev-addr {host}:{port + 1}") from None


@contextlib.contextmanager
def sitemap_date(as_of: dt.date) -> Iterator[None]:
    """Set the renderer's own SOURCE_DATE_EPOCH to the "as of" date while it runs.

    Renderers stamp the sitemap with SOURCE_DATE_EPOCH, or the clock without it;
    pinning it makes the same inputs give the same site. The previous value is
    restored afterwards, so nothing else reads what was set here.
    """
    midnight = dt.datetime.combine(as_of, dt.time(), dt.timezone.utc)
    previous = os.environ.get("SOURCE_DATE_EPOCH")
    os.environ["SOURCE_DATE_EPOCH"] = str(int(midnight.timestamp()))
    try:
        yield
    finally:
        if previous is None:
            os.environ.pop("SOURCE_DATE_EPOCH", None)
        else:
            os.environ["SOURCE_DATE_EPOCH"] = previous
