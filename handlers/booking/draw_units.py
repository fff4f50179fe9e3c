"""Who a slot draw counts as one: the unit key an entry is made under (one entry each).

A household (户) enters once, whoever of it presses 报名抽签; a resident not confirmed in a
household (handlers/profile/residency.py) is their own unit.
"""

from __future__ import annotations

from linli.handlers.profile import residency
from linli.storage.models import User
from linli.storage.uow import UnitOfWork


async def household_key(uow: UnitOfWork, user: User) -> str:
    """ "household:N" for a confirmed household's member, else "user:N"."""
    return await residency.household_key(uow, user)
