"""Who is signed in to the console and what they may see: the same roles as in chat."""

from __future__ import annotations

from dataclasses import dataclass

from linli.storage.models import Community, RoleGrant, User
from linli.storage.uow import UnitOfWork


@dataclass(frozen=True)
class Desk:
    """The signed-in person (their person account, linked accounts resolved), their roles in
    force when the request began, and the form token of their session."""

    user: User
    grants: tuple[RoleGrant, ...]
    communities: tuple[Community, ...]
    csrf: str
    session_id: int

    @property
    def community_ids(self) -> set[int]:
        """Every community where the person holds a role (staff or operator)."""
        return {g.community_id for g in self.grants}

    def is_staff(self, community_id: int) -> bool:
        return any(g.role == "staff" and g.community_id == community_id for g in self.grants)

    def operates(self, unit_id: int | None) -> bool:
        return unit_id is not None and any(
            g.role == "operator" and g.unit_id == unit_id for g in self.grants
        )

    @property
    def locale(self) -> str:
        return self.user.locale


async def load_desk(uow: UnitOfWork, user_id: int, csrf: str, session_id: int) -> Desk | None:
    """The desk of a session's person, or None when they hold no role any more."""
    user = await uow.users.get(user_id)
    if user is None:
        return None
    grants = tuple(await uow.roles.active_for(user.id))
    if not grants:
        return None
    ids = list(dict.fromkeys(g.community_id for g in grants))
    communities = tuple([c for c in [await uow.communities.get(i) for i in ids] if c])
    return Desk(user, grants, communities, csrf, session_id)
