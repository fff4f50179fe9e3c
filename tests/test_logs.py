"""LINLI_LOG_FORMAT=json: one JSON object per line, a traceback inside it, never across lines."""

from __future__ import annotations

import json
import logging
import sys

from linli.bot.logs import JsonLines, configure
from tests import factories


def test_a_json_log_line_holds_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.getLogger("linli.test").makeRecord(
            "linli.test", logging.ERROR, __file__, 1, "failed %s", ("once",), sys.exc_info()
        )
    line = JsonLines().format(record)
    assert "\n" not in line
    entry = json.loads(line)
    assert (entry["level"], entry["message"]) == ("ERROR", "failed once")
    assert "ValueError: boom" in entry["error"]


def test_configure_twice_keeps_one_handler():
    root = logging.getLogger()
    before = [h for h in root.handlers if not getattr(h, "linli", False)]
    level = root.level
    try:
        configure("INFO", "json")
        configure("INFO", "json")
        ours = [h for h in root.handlers if getattr(h, "linli", False)]
        assert len(ours) == 1 and isinstance(ours[0].formatter, JsonLines)
    finally:
        for h in [h for h in root.handlers if getattr(h, "linli", False)]:
            root.removeHandler(h)
        root.setLevel(level)
    assert [h for h in root.handlers] == before


def test_a_real_process_logs_json_lines(sqlite_url):
    done = factories.linli_process(
        "chat",
        "--user",
        "u1",
        url=sqlite_url,
        stdin="1\n",
        env={"LINLI_LOG_FORMAT": "json", "LINLI_LOG_LEVEL": "DEBUG"},
    )
    lines = [line for line in done.stderr.splitlines() if line.strip()]
    assert lines, "DEBUG logging printed nothing"
    assert all(json.loads(line)["level"] for line in lines)
