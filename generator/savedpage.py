"""A saved web page given to `briefing add-article`: an HTML file or a WARC archive.

The file's bytes are kept as they are: they become the article's capture, and
their sha256 is recorded. From them come the page's HTML and, from a WARC
(the web-archiving standard), the address the page was fetched from and the
date it was fetched. Anything else is raw text, archived as before.
"""

from __future__ import annotations

import gzip
import hashlib
import io
import zlib
from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from .problems import BriefingError

MAX_CAPTURE_BYTES = 32 * 2**20  # a saved news page is a few MiB; anything larger is refused
HTML_SUFFIXES = (".html", ".htm", ".xhtml", ".shtml")
_HTML_STARTS = (b"<!doctype html", b"<html", b"<head", b"<body", b"<?xml")
_GZIP_MAGIC = b"\x1f\x8b"

PageKind = Literal["html", "warc", "text"]


@dataclass
class SavedPage:
    """The bytes of a saved page, its HTML, and what a WARC says about where it came from."""

    path: Path
    data: bytes
    kind: Literal["html", "warc"]
    html: str
    url: str | None = None  # WARC-Target-URI
    retrieved: str | None = None  # the WARC-Date's day, YYYY-MM-DD

    @property
    def suffix(self) -> str:
        """The capture's file extension: '.html', '.warc' or '.warc.gz'."""
        if self.kind == "html":
            return ".html"
        return ".warc.gz" if self.data.startswith(_GZIP_MAGIC) else ".warc"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()


def page_kind(path: Path, data: bytes) -> PageKind:
    """What a file given to add-article is, from its first bytes and its name."""
    start = data[:1024].lstrip(b"\xef\xbb\xbf \t\r\n").lower()
    name = path.name.lower()
    if data.startswith(_GZIP_MAGIC) or start.startswith(b"warc/") or name.endswith((".warc", ".warc.gz")):
        return "warc"
    if name.endswith(HTML_SUFFIXES) or start.startswith(_HTML_STARTS):
        return "html"
    return "text"


def read_file(path: Path) -> bytes:
    """The file's bytes, refused with a one-line error when missing or too large."""
    if not path.is_file():
        raise BriefingError(f"{path} does not exist (or is not a file)")
    size = path.stat().st_size
    if size > MAX_CAPTURE_BYTES:
        raise BriefingError(f"{path} is {size / 2**20:.0f} MiB, larger than the {MAX_CAPTURE_BYTES // 2**20} MiB "
                            "a saved page may be; save the article's page alone (HTML only, or a WARC of that page)")
    return path.read_bytes()


def saved_page(path: Path, data: bytes, kind: Literal["html", "warc"]) -> SavedPage:
    """The saved page in `data`: its HTML decoded, and from a WARC its address and date."""
    if kind == "html":
        return SavedPage(path, data, kind, _decode(path, data))
    body, url, retrieved = _html_record(path, data)
    return SavedPage(path, data, kind, _decode(path, body), url, retrieved)


def _decode(path: Path, data: bytes) -> str:
    from trafilatura.utils import decode_file

    text = decode_file(data)
    if not isinstance(text, str) or "\x00" in text or "<" not in text:
        raise BriefingError(f"{path} is not an HTML page (binary data, or no markup at all)")
    return text


def _html_record(path: Path, data: bytes) -> tuple[bytes, str | None, str | None]:
    """The first HTML page a WARC holds: (its body, its address, the day it was fetched)."""
    records = 0
    try:
        for record in ArchiveIterator(io.BytesIO(data)):
            records += 1
            if _is_html_page(record):
                body = record.content_stream().read(MAX_CAPTURE_BYTES + 1)
                if len(body) > MAX_CAPTURE_BYTES:
                    raise BriefingError(f"{path}: the page in the WARC file is larger than {MAX_CAPTURE_BYTES // 2**20} MiB")
                date = record.rec_headers.get_header("WARC-Date") or ""
                return body, record.rec_headers.get_header("WARC-Target-URI"), date[:10] or None
    except (ArchiveLoadFailed, OSError, EOFError, ValueError, zlib.error, gzip.BadGzipFile) as error:
        raise BriefingError(f"{path} is not a readable WARC file: {_one_line(error)}") from error
    if not records:
        raise BriefingError(f"{path} is not a readable WARC file: no WARC record could be read from it")
    raise BriefingError(f"{path}: the WARC file holds no HTML page (no 'response' or 'resource' record of type text/html)")


def _is_html_page(record) -> bool:
    if record.rec_type == "response" and record.http_headers is not None:
        status = record.http_headers.get_statuscode()
        content_type = record.http_headers.get_header("Content-Type") or ""
        return status == "200" and "html" in content_type.lower()
    if record.rec_type == "resource":
        return "html" in (record.rec_headers.get_header("Content-Type") or "").lower()
    return False


def _one_line(error: Exception) -> str:
    return " ".join(str(error).split()) or type(error).__name__
