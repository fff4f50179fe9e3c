"""A 社区 with something on every part of its public board, and people whose names, phone
numbers and stall names must never reach it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from linli.handlers.events import service as events
from linli.handlers.fund import service as fund
from linli.handlers.kit.config import CoreConfig
from linli.handlers.market import service as market
from linli.handlers.proposals import service as proposals
from tests import factories

CONFIG = CoreConfig()
ZONE = CONFIG.zone

# What only the people themselves (and staff) may know: never on the board.
PRIVATE = (
    "王秀英",  # the author's and donor's full name (the donor chose 王** on the ledger)
    "张三丰",
    "刘晓红",
    "13812345678",
    "138****5678",
    "老王蔬菜",  # a stall name (cleared when its vendor leaves: personal)
    "自家种的菜",
    "wang-xiuying-openid",
    "zhang-openid",
)


def local(day: int, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime(2026, 11, day, hour, minute, tzinfo=ZONE).astimezone(dt.UTC)


@dataclass
class Scene:
    boss: object
    second: object
    author: object
    neighbours: list
    proposals: dict[str, int] = field(default_factory=dict)
    ledger: dict[str, int] = field(default_factory=dict)
    market: int | None = None
    categories: dict[str, int] = field(default_factory=dict)
    applications: list[int] = field(default_factory=list)
    events: dict[str, int] = field(default_factory=dict)


async def _named(db, person, name: str):
    async with db.uow() as uow:
        (await uow.users.get(person.id)).display_name = name
        await uow.commit()
    return person


async def _do(db, fn, *args, **kwargs):
    async with db.uow() as uow:
        users = [await uow.users.get(a.id) if hasattr(a, "external_id") else a for a in args]
        result = await fn(uow, *users, **kwargs)
        await uow.commit()
        return result


async def _submit(db, clock, author, title: str, text: str = "说明见标题。") -> int:
    clock.advance(minutes=2)  # one author submits at most once a minute
    made = await _do(
        db,
        proposals.submit,
        author,
        title=title,
        description=text,
        category="环境",
        level="小区",
        now=clock.now(),
    )
    return made.id


async def build(db, clock, title_b: str = "楼道堆物清理") -> Scene:
    """The board of 新华社 on 2026-11-27 18:00 (Beijing), just after its market's draw."""
    clock.set(local(20, 10))
    await factories.places(db)
    async with db.uow() as uow:
        (await uow.communities.by_code("xinhuashe")).proposal_threshold = 2
        await uow.commit()
    boss = await _named(db, await factories.staff(db, clock, "boss", "xinhuashe"), "李主任")
    second = await _named(db, await factories.staff(db, clock, "second", "xinhuashe"), "赵会计")
    author = await _named(
        db,
        await factories.user(db, clock, "wang-xiuying-openid", community_code="xinhuashe"),
        "王秀英",
    )
    resident = factories.user
    neighbours = [
        await _named(
            db, await resident(db, clock, "zhang-openid", community_code="xinhuashe"), "张三丰"
        ),
        await _named(
            db, await resident(db, clock, "liu-openid", community_code="xinhuashe"), "刘晓红"
        ),
        await resident(db, clock, "n3", community_code="xinhuashe"),
    ]
    scene = Scene(boss, second, author, neighbours)
    p = scene.proposals

    # 督: adopted, with a progress update. 决: declined with a public reason.
    p["adopted"] = await _submit(db, clock, author, "增设健身器材")
    p["declined"] = await _submit(db, clock, neighbours[2], "小区里建游泳池")
    p["done"] = await _submit(db, clock, author, "修好单元门禁")
    for key in ("adopted", "declined", "done"):
        for person in neighbours[:2]:
            await _do(db, proposals.support, person, p[key], now=clock.now())
        await _do(
            db,
            proposals.schedule,
            boss,
            p[key],
            starts_at=local(21, 19),
            place="社区议事厅",
            level="小区",
            now=clock.now(),
            config=CONFIG,
        )
    clock.set(local(22, 10))
    await _do(db, proposals.adopt, boss, p["adopted"], "社区", now=clock.now(), config=CONFIG)
    await _do(
        db, proposals.post_progress, boss, p["adopted"], 40, "已选好位置，等器材到货", clock.now()
    )
    await _do(
        db, proposals.decline, boss, p["declined"], "经费不足，明年再议", clock.now(), config=CONFIG
    )
    # 督 to the end: done, and rated by its two supporters (one satisfied).
    await _do(db, proposals.adopt, boss, p["done"], "街道", now=clock.now(), config=CONFIG)
    await _do(db, proposals.post_progress, boss, p["done"], 100, "门禁已修好", clock.now())
    for person, score in zip(neighbours[:2], (5, 3), strict=True):
        await _do(db, proposals.rate, person, p["done"], score, clock.now())
    # 议: on a meeting still to come.
    p["scheduled"] = await _submit(db, clock, neighbours[2], title_b)
    for person in neighbours[:2]:
        await _do(db, proposals.support, person, p["scheduled"], now=clock.now())
    await _do(
        db,
        proposals.schedule,
        boss,
        p["scheduled"],
        starts_at=local(30, 19),
        place="3号楼活动室",
        level="小区",
        now=clock.now(),
        config=CONFIG,
    )
    # 集: one support of two.
    p["collecting"] = await _submit(db, clock, author, "东门加装路灯", "东门晚上太暗，常有人摔倒。")
    await _do(db, proposals.support, neighbours[0], p["collecting"], now=clock.now())
    # Hidden by staff: never on the board.
    p["hidden"] = await _submit(db, clock, neighbours[1], "刘晓红的电话13812345678")
    await _do(db, proposals.set_hidden, boss, p["hidden"], True, "含个人信息", clock.now())
    # Another community's idea: not on this board.
    far = await factories.user(db, clock, "far", community_code="qixingyuan")
    p["elsewhere"] = await _submit(db, clock, far, "七星园修车棚")

    # The fund: a stall fee, a gift shown as the giver chose (王**), a signed spending.
    community = await factories.community(db, "xinhuashe")
    clock.set(local(23, 10))
    lines = scene.ledger
    lines["fee"] = (
        await _do(
            db,
            fund.add_entry,
            boss,
            community.id,
            kind="income",
            source="stall_fee",
            amount=Decimal("120"),
            purpose="11月集市摊位费",
            day=dt.date(2026, 11, 1),
            now=clock.now(),
        )
    ).id
    lines["gift"] = (
        await _do(
            db,
            fund.add_entry,
            boss,
            community.id,
            kind="income",
            source="donation",
            amount=Decimal("500"),
            purpose="居民捐赠",
            day=dt.date(2026, 11, 2),
            now=clock.now(),
            donor=fund.shown_donor("王秀英", "masked"),
        )
    ).id
    request = await _do(
        db,
        fund.propose_spending,
        boss,
        community.id,
        amount=Decimal("200.50"),
        purpose="购买垃圾分类桶",
        day=dt.date(2026, 11, 3),
        now=clock.now(),
    )
    lines["spent"] = (await _do(db, fund.approve, second, request.id, now=clock.now())).id

    # A lottery market, applied for by three vendors (drawn by `draw`).
    async with db.uow() as uow:
        made = await market.create_market(
            uow,
            by=await uow.users.get(boss.id),
            community=await uow.communities.by_code("xinhuashe"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="社区广场",
            stalls={"蔬菜水果": 1, "理发": 1},
            deadline=local(27, 18),
            fee=Decimal("10"),
            pledge_percent=5,
            mode="lottery",
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
        scene.market = made.id
        scene.categories = {c.name: c.id for c in await market.categories(uow, made.id)}
    for person in [author, *neighbours[:2]]:
        application = await _do(
            db,
            market.apply,
            person,
            scene.market,
            scene.categories["蔬菜水果"],
            stall_name="老王蔬菜",
            goods="自家种的菜",
            phone="13812345678",
            now=clock.now(),
            config=CONFIG,
        )
        scene.applications.append(application.id)

    # Events: one past by the board's day, one to come with a sign-up.
    async with db.uow() as uow:
        place = await uow.communities.by_code("xinhuashe")
        for key, title, day in (("past", "上周的讲座", 24), ("clinic", "社区义诊", 30)):
            event = await events.create_event(
                uow,
                by=await uow.users.get(boss.id),
                community=place,
                title=title,
                starts_at=local(day, 9),
                place="社区卫生站",
                capacity=20,
                topic="健康",
                now=clock.now(),
            )
            scene.events[key] = event.id
        await uow.commit()
    await _do(db, events.sign_up, author, scene.events["clinic"], now=clock.now(), config=CONFIG)
    return scene


async def draw(db, clock) -> None:
    """The market's deadline comes and the scheduler draws it."""
    clock.set(local(27, 18))
    assert await market.due_draws(db, clock.now(), CONFIG) == 1
