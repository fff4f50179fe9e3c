"""Where a facility is: the unit's street address and, when it has one, the room."""

from __future__ import annotations

from linli.storage.models import Facility


def full_address(facility: Facility) -> str:
    """石景山路1号 3号楼201室: an elder looking for the dance room needs the room too."""
    room = (facility.address or "").strip()
    return f"{facility.unit.address} {room}" if room else facility.unit.address
