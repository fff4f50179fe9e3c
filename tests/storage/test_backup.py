"""`linli db backup` while another process writes, `restore`, `downgrade`: nothing committed
is missing from a backup, and a file that is not a backup never replaces the database."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

from sqlalchemy.engine import make_url

from tests import factories

# Another process writing one committed row at a time, never checkpointing: every row it
# writes stays in the -wal file, where a plain copy of the database file cannot see it.
WRITER = r"""
import sqlite3, sys, datetime
db = sqlite3.connect(sys.argv[1], isolation_level=None, timeout=30)
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA wal_autocheckpoint=0")
n = 0
while True:
    n += 1
    db.execute("INSERT INTO processed_updates (channel, key, received_at) VALUES ('test', ?, ?)",
               (str(n), datetime.datetime(2026, 1, 1).isoformat(" ")))
    print(n, flush=True)
    if sys.stdin.readline().strip() == "stop":
        break
"""


def _rows(path: Path) -> list[int]:
    with sqlite3.connect(path) as db:
        return [int(k) for (k,) in db.execute("SELECT key FROM processed_updates")]


def test_a_backup_taken_mid_traffic_has_every_committed_row(sqlite_url, tmp_path):
    live = Path(make_url(sqlite_url).database)
    writer = subprocess.Popen(
        [sys.executable, "-c", WRITER, str(live)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    committed = 0

    def write(rows: int) -> None:
        nonlocal committed
        for _ in range(rows):
            committed = int(writer.stdout.readline())
            writer.stdin.write("go\n")
            writer.stdin.flush()

    try:
        write(300)
        # What a plain copy gets: the rows are committed, but only in the WAL.
        shutil.copy(live, tmp_path / "copied.db")
        assert len(_rows(tmp_path / "copied.db")) < committed
        before = committed
        backup = tmp_path / "backups" / "linli.db"
        # The backup runs in a real process while the writer goes on.
        running = subprocess.Popen(
            [sys.executable, "-m", "linli.bot", "db", "backup", str(backup)],
            env=factories.process_env(sqlite_url),
            stdout=subprocess.PIPE,
            stderr=subprocess.PIPE,
            text=True,
        )
        while running.poll() is None:
            write(1)
        out, err = running.communicate()
        assert running.returncode == 0, err
        after = committed
        writer.stdin.write("stop\n")
        writer.stdin.flush()
    finally:
        writer.stdin.close()
        writer.wait(timeout=30)

    assert "已备份到" in out
    saved = sorted(_rows(backup))
    # One consistent moment: no gaps, and at least everything committed before it began.
    assert saved == list(range(1, len(saved) + 1))
    assert before <= len(saved) <= after
    assert not Path(f"{backup}-wal").exists()

    # Restored into a fresh place, it is a working Linli database with the same rows.
    restored = tmp_path / "restored.db"
    restored_url = f"sqlite+aiosqlite:///{restored}"
    done = factories.linli("db", "restore", str(backup), "--yes", url=restored_url)
    assert "已从" in done.stdout
    assert sorted(_rows(restored)) == saved
    factories.linli("db", "upgrade", url=restored_url)
    assert "演示社区已载入" in factories.linli("demo", "load", url=restored_url).stdout


def test_what_backup_and_restore_refuse(sqlite_url, tmp_path):
    pg = factories.linli(
        "db", "backup", str(tmp_path / "x.db"), url="postgresql+asyncpg://u@h/db", check=False
    )
    assert pg.returncode == 2 and "pg_dump" in pg.stderr

    taken = tmp_path / "taken.db"
    taken.write_text("mine")
    again = factories.linli("db", "backup", str(taken), url=sqlite_url, check=False)
    assert again.returncode == 2 and taken.read_text() == "mine"

    factories.linli("demo", "load", url=sqlite_url)
    live = Path(make_url(sqlite_url).database)
    with sqlite3.connect(live) as db:
        (communities,) = db.execute("SELECT count(*) FROM communities").fetchone()
    not_a_backup = tmp_path / "notes.txt"
    not_a_backup.write_text("hello")
    refused = factories.linli(
        "db", "restore", str(not_a_backup), "--yes", url=sqlite_url, check=False
    )
    assert refused.returncode == 1 and "不是邻里的数据库备份" in refused.stderr
    asked = factories.linli("db", "restore", str(taken), url=sqlite_url, stdin="n\n", check=False)
    assert asked.returncode == 1
    with sqlite3.connect(live) as db:
        assert db.execute("SELECT count(*) FROM communities").fetchone() == (communities,)


def test_downgrade_one_step_and_back(db_url):
    factories.linli("db", "downgrade", "--", "-1", url=db_url)
    factories.linli("db", "upgrade", url=db_url)
    factories.linli("db", "downgrade", "base", url=db_url)
    factories.linli("db", "upgrade", url=db_url)
    assert "演示社区已载入" in factories.linli("demo", "load", url=db_url).stdout
