"""Who a slot draw counts as one: the unit key an entry is made under (one entry each).

A household (户) enters once, whoever of it presses 报名抽签. Until households are
confirmed (handlers/profile/residency.py, another branch), each resident is their own unit.
"""

from __future__ import annotations

from linli.storage.models import User
from linli.storage.uow import UnitOfWork


async def household_key(uow: UnitOfWork, user: User) -> str:
    """ "household:N" for a confirmed household's member, else "user:N".

    Seam: at merge this returns `residency.household_key(uow, user)`."""
    return f"user:{user.id}"
