"""The demo community: 鲁谷街道's three 社区 and the 社区之家 units of seed 000."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from linli.handlers.facilities.importer import ImportReport, import_directory
from linli.handlers.profile.places import import_places
from linli.storage.uow import UnitOfWork

DEMO = Path(__file__).resolve().parent.parent / "storage" / "demo"
PLACES_FILE = DEMO / "communities.yaml"
FACILITIES_FILE = DEMO / "facilities.yaml"


async def load_demo(uow: UnitOfWork, now: dt.datetime) -> ImportReport:
    """Places first (facilities name the communities they serve), then the directory."""
    await import_places(uow, PLACES_FILE)
    return await import_directory(uow, FACILITIES_FILE, now=now, actor="demo")
