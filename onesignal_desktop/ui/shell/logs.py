"""The console's log file: plain messages, never a key (every record is scrubbed before it is written)."""

from __future__ import annotations

import logging
from collections.abc import Callable
from logging.handlers import RotatingFileHandler
from pathlib import Path

LOG_NAME = "onesignal-desktop.log"


class ScrubKeys(logging.Filter):
    """Replaces every key the session knows by ``[redacted]`` in the final text of a record."""

    def __init__(self, scrub: Callable[[str], str]) -> None:
        super().__init__()
        self._scrub = scrub

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        if record.exc_info:
            message += "\n" + logging.Formatter().formatException(record.exc_info)
            record.exc_info = None
            record.exc_text = None
        record.msg, record.args = self._scrub(message), None
        return True


def configure_logging(log_dir: Path, scrub: Callable[[str], str]) -> Path:
    """Log to ``log_dir/onesignal-desktop.log`` (rotated, 1 MB x 3); returns the file's path."""
    log_dir.mkdir(parents=True, exist_ok=True)
    path = log_dir / LOG_NAME
    handler = RotatingFileHandler(path, maxBytes=1_000_000, backupCount=3, encoding="utf-8")
    handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    handler.addFilter(ScrubKeys(scrub))
    root = logging.getLogger()
    root.addHandler(handler)
    logging.getLogger("httpx").setLevel(logging.WARNING)  # one line per request is noise, not news
    if root.level > logging.INFO or root.level == logging.NOTSET:
        root.setLevel(logging.INFO)
    return path
