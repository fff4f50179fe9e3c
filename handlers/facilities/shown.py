"""A unit or facility as a reader sees it: its name, description and rules in English where
the directory file gives them (`name_en`, `description_en`, `rules_en`), Chinese otherwise;
and where it is, with the room."""

from __future__ import annotations

from linli.handlers.kit.text import Text, raw
from linli.storage.models import Facility, Unit


def name(place: Facility | Unit) -> Text:
    """舞蹈房 for Chinese readers, "Dance room" for English ones when the file says so."""
    return raw(place.name, en=place.name_en)


def description(facility: Facility) -> Text:
    return raw(facility.description or "", en=facility.description_en)


def rules(facility: Facility) -> Text:
    return raw(facility.rules or "", en=facility.rules_en)


def full_address(facility: Facility) -> str:
    """石景山路1号 3号楼201室: an elder looking for the dance room needs the room too."""
    room = (facility.address or "").strip()
    return f"{facility.unit.address} {room}" if room else facility.unit.address
