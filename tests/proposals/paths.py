"""How to reach each step of 金点子: browsing, the card's staff actions, a new one."""

from __future__ import annotations

import datetime as dt

from linli.handlers.kit.config import CoreConfig
from linli.handlers.proposals import service as proposals
from tests import factories
from tests.walk import Walk

IDEA = ["menu-proposals", "proposals-all", "#1"]
NEW_IDEA = ["menu-proposals", "proposals-new", "!增设休息长椅", "!小区里没有座椅", "=文体", "=小区"]
SIMILAR = ["menu-proposals", "proposals-new", "!三号楼楼道装灯"]
STAGES = ("submitted", "pending", "scheduled", "adopted", "done")


def proposal_at(stage: str):
    """A setup: `author` proposed 楼道装灯 and it has come as far as `stage`.

    From "pending" on it has a supporter (the walker u1 when it gets to "done", so the
    walker may rate it); threshold 1 puts it on the agenda at once.
    """

    async def setup(db, clock, conversation, translator) -> None:
        reached = STAGES.index(stage)
        author = await factories.user(db, clock, "author", community_code="xinhuashe")
        await factories.user(db, clock, "fan", community_code="xinhuashe")
        boss = await factories.staff(db, clock, "boss", "xinhuashe")
        async with db.uow() as uow:
            (await uow.communities.by_code("xinhuashe")).proposal_threshold = 1
            idea = await proposals.submit(
                uow,
                await uow.users.get(author.id),
                title="楼道装灯",
                description="三号楼楼道太黑",
                category="安全",
                level="楼院",
                now=clock.now(),
            )
            staff = await uow.users.get(boss.id)
            if reached >= STAGES.index("pending"):
                backer = await uow.users.by_external("console", "u1" if stage == "done" else "fan")
                await proposals.support(uow, backer, idea.id, clock.now())
            if reached >= STAGES.index("scheduled"):
                await proposals.schedule(
                    uow,
                    staff,
                    idea.id,
                    starts_at=clock.now() + dt.timedelta(days=2),
                    place="议事厅",
                    level="楼院",
                    now=clock.now(),
                    config=CoreConfig(),
                )
            # The council met two days on; what was decided there is entered after it.
            after = clock.now() + dt.timedelta(days=2, hours=2)
            if reached >= STAGES.index("adopted"):
                await proposals.adopt(uow, staff, idea.id, "社区", after)
            if reached >= STAGES.index("done"):
                await proposals.post_progress(uow, staff, idea.id, 100, "完成", after)
            await uow.commit()

    return setup


PATHS = {
    ("proposals", "home"): Walk("resident", ["menu-proposals"]),
    ("proposals", "category"): Walk("resident", ["menu-proposals", "proposals-by-category"]),
    ("proposals", "list"): Walk("resident", ["menu-proposals", "proposals-all"]),
    ("proposals", "card"): Walk("resident", IDEA, proposal_at("submitted")),
    ("proposals", "meeting"): Walk("staff", [*IDEA, "proposal-do-meeting"], proposal_at("pending")),
    ("proposals", "summary"): Walk(
        "staff", [*IDEA, "proposal-do-summary"], proposal_at("scheduled")
    ),
    ("proposals", "adopt"): Walk("staff", [*IDEA, "proposal-do-adopt"], proposal_at("scheduled")),
    ("proposals", "decline"): Walk(
        "staff", [*IDEA, "proposal-do-decline"], proposal_at("scheduled")
    ),
    ("proposals", "merge"): Walk("staff", [*IDEA, "proposal-do-merge"], proposal_at("submitted")),
    ("proposals", "progress"): Walk(
        "staff", [*IDEA, "proposal-do-progress"], proposal_at("adopted")
    ),
    ("proposals", "hide"): Walk("staff", [*IDEA, "proposal-hide"], proposal_at("submitted")),
    ("proposals", "rate"): Walk("resident", [*IDEA, "proposal-rate"], proposal_at("done")),
    ("proposal_new", "title"): Walk("resident", NEW_IDEA[:2]),
    ("proposal_new", "text"): Walk("resident", NEW_IDEA[:3]),
    ("proposal_new", "category"): Walk("resident", NEW_IDEA[:4]),
    ("proposal_new", "level"): Walk("resident", NEW_IDEA[:5]),
    ("proposal_new", "similar"): Walk("resident", SIMILAR, proposal_at("submitted")),
    ("proposal_new", "confirm"): Walk("resident", NEW_IDEA),
}
