"""The demo community: 鲁谷街道's three 社区 and the 社区之家 units of seed 000."""

from __future__ import annotations

import asyncio
import datetime as dt
from pathlib import Path

import yaml

from linli.handlers.facilities.importer import ImportReport, import_directory
from linli.handlers.profile.places import import_places
from linli.storage.models import Household, HouseholdCode
from linli.storage.uow import UnitOfWork

DEMO = Path(__file__).resolve().parent.parent / "storage" / "demo"
PLACES_FILE = DEMO / "communities.yaml"
FACILITIES_FILE = DEMO / "facilities.yaml"
HOUSEHOLDS_FILE = DEMO / "households.yaml"
HOUSEHOLD_CODE_DAYS = 365


async def load_demo(uow: UnitOfWork, now: dt.datetime) -> ImportReport:
    """Places first (facilities name the communities they serve), then the directory."""
    await import_places(uow, PLACES_FILE)
    await _households(uow, now)
    return await import_directory(uow, FACILITIES_FILE, now=now, actor="demo")


async def _households(uow: UnitOfWork, now: dt.datetime) -> None:
    """The demo's households with fixed codes (stored directly: the demo is no staff act)."""
    text = await asyncio.to_thread(HOUSEHOLDS_FILE.read_text, encoding="utf-8")
    document = yaml.safe_load(text) or {}
    for entry in document.get("households") or []:
        community = await uow.communities.by_code(entry["community"])
        if community is None or await uow.residency.code(entry["code"]) is not None:
            continue
        household = await uow.residency.household_named(community.id, entry["label"])
        if household is None:
            household = Household(
                community_id=community.id, label=entry["label"], created_at=now, created_by="demo"
            )
            uow.residency.add(household)
            await uow.flush()
        uow.residency.add(
            HouseholdCode(
                code=entry["code"],
                household_id=household.id,
                created_by="demo",
                created_at=now,
                expires_at=now + dt.timedelta(days=HOUSEHOLD_CODE_DAYS),
                max_uses=int(entry.get("uses", 1)),
                uses=0,
            )
        )
    await uow.flush()
