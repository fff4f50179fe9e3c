"""The SQLite writer gate (storage/db.py) is never left taken by a writer that was cancelled
just as it got its turn: a heartbeat cancelled at the end of a send round did that on
Python 3.11 (`asyncio.wait_for`), and every later writer waited a minute at the gate (a
CI run sat idle for a quarter of an hour in the year-end clock shift)."""

from __future__ import annotations

import asyncio
import contextlib

from linli.storage.db import _acquire


async def test_a_writer_cancelled_as_its_turn_comes_leaves_the_gate_open():
    gate = asyncio.Lock()
    await gate.acquire()
    waiting = asyncio.create_task(_acquire(gate, 60))
    for _ in range(3):
        await asyncio.sleep(0)  # it is queued behind the holder
    gate.release()  # its turn…
    waiting.cancel()  # …and its cancel, at once
    with contextlib.suppress(asyncio.CancelledError):
        await waiting
    assert not gate.locked()
