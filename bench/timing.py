"""What every worker shares: the repository, the book's "as of" date and a timer that keeps each run."""

from __future__ import annotations

import datetime as dt
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent  # workers run from here

AS_OF = dt.date(2026, 11, 21)

Times = dict[str, list[float]]  # stage -> seconds of each run


def timed(times: Times, name: str, function, *args):
    """function(*args), its wall time appended to times[name]."""
    started = time.perf_counter()
    value = function(*args)
    times.setdefault(name, []).append(time.perf_counter() - started)
    return value
