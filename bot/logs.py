"""Logging for the process: one line per event, as text for people or JSON for a collector."""

from __future__ import annotations

import datetime as dt
import json
import logging


class JsonLines(logging.Formatter):
    """Each record as one JSON object on one line; a traceback stays inside it as a field."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_info:
            entry["error"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


def configure(level: str, form: str = "text") -> None:
    handler = logging.StreamHandler()
    if form == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Once per process: a second command run in the same process (tests) replaces it.
    for old in [h for h in root.handlers if getattr(h, "linli", False)]:
        root.removeHandler(old)
    handler.linli = True
    root.addHandler(handler)
    root.setLevel(level)
    if level != "DEBUG":
        # A wake-up that finds the outbox job already running is skipped by design (the
        # running round sends it); APScheduler's warning would only worry the terminal.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
