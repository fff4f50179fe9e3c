"""Staff reach no further than their roles: no operator role of their own making, operators
only where the granting community is served, shared facilities closed by all concerned."""

from __future__ import annotations

import datetime as dt

import pytest
from sqlalchemy import select

from linli.handlers.booking import eligibility, operate
from linli.handlers.kit import payload as codec
from linli.handlers.kit.config import CoreConfig
from linli.handlers.kit.errors import AlreadyDone, DomainError, NotAllowed
from linli.handlers.profile import service
from linli.storage.models import AuditEntry
from tests import factories
from tests.factories import Chat, linli
from tests.profile.test_roles import _setup, _staff_invite

UNIVERSITY = "石景山区业余大学"  # 琴房 serves only 七星园 and 五芳园; 舞蹈房 serves all three


async def _unit_and_facilities(db):
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())[UNIVERSITY]
        return unit.id, {f.name: f.id for f in unit.facilities}


async def _redeem(db, clock, person, code):
    async with db.uow() as uow:
        grant = await service.redeem_invite(uow, await uow.users.get(person.id), code, clock.now())
        await uow.commit()
        return grant


async def test_nobody_redeems_an_invite_they_made(db, clock):
    alice, _bob = await _setup(db, clock)
    unit_id, _ = await _unit_and_facilities(db)
    invite = await _staff_invite(db, clock, alice, role="operator", unit_id=unit_id)
    with pytest.raises(NotAllowed):
        await _redeem(db, clock, alice, invite.code)


async def test_joining_twice_with_one_code_uses_one_place(db, clock):
    alice, _bob = await _setup(db, clock)
    async with db.uow() as uow:
        invite = await service.create_invite(
            uow,
            by=await uow.users.get(alice.id),
            community=await uow.communities.by_code("xinhuashe"),
            role="staff",
            unit_id=None,
            now=clock.now(),
            ttl=dt.timedelta(days=1),
            max_uses=2,
        )
        await uow.commit()
    carol = await factories.user(db, clock, "carol", community_code="xinhuashe")
    dave = await factories.user(db, clock, "dave", community_code="xinhuashe")
    await _redeem(db, clock, carol, invite.code)
    with pytest.raises(AlreadyDone):
        await _redeem(db, clock, carol, invite.code)
    assert (await _redeem(db, clock, dave, invite.code)).role == "staff"


async def test_an_operator_acts_only_on_facilities_that_serve_the_granting_community(db, clock):
    alice, _bob = await _setup(db, clock)
    unit_id, facilities = await _unit_and_facilities(db)
    invite = await _staff_invite(db, clock, alice, role="operator", unit_id=unit_id)
    erin = await factories.user(db, clock, "erin", community_code="xinhuashe")
    await _redeem(db, clock, erin, invite.code)
    async with db.uow() as uow:
        me = await uow.users.get(erin.id)
        managed = {f.name for f in await eligibility.managed_facilities(uow, me)}
        with pytest.raises(NotAllowed):
            await eligibility.managed_facility(uow, me, facilities["琴房"])
    assert "舞蹈房" in managed and "琴房" not in managed


async def test_a_shared_facility_is_closed_by_its_operator_or_staff_of_every_community(db, clock):
    alice, _bob = await _setup(db, clock)
    unit_id, facilities = await _unit_and_facilities(db)
    first = clock.now().astimezone(CoreConfig().zone).date() + dt.timedelta(days=3)

    async def close(person) -> int:
        async with db.uow() as uow:
            done = await operate.close_days(
                uow,
                await uow.users.get(person.id),
                facilities["舞蹈房"],
                first,
                first,
                "考试",
                clock.now(),
                CoreConfig(),
            )
            await uow.commit()
            return done

    with pytest.raises(DomainError) as refused:  # alice is staff of one of the three
        await close(alice)
    assert refused.value.message.key == "closure-needs-all"
    invite = await _staff_invite(db, clock, alice, role="operator", unit_id=unit_id)
    erin = await factories.user(db, clock, "erin", community_code="xinhuashe")
    await _redeem(db, clock, erin, invite.code)
    await close(erin)
    async with db.uow() as uow:
        logged = set(
            await uow.session.scalars(
                select(AuditEntry.community_id).where(AuditEntry.action == "facility.close")
            )
        )
        served = {
            (await uow.communities.by_code(code)).id
            for code in ("xinhuashe", "qixingyuan", "wufangyuan")
        }
    assert logged == served  # in each community's own log


async def test_a_resident_cannot_open_the_market_figures_by_payload(
    db, clock, conversation, translator
):
    from tests.market.paths import a_market

    await factories.demo(db, clock)
    await factories.user(db, clock, "u1", community_code="xinhuashe")
    await a_market(db, clock, conversation, translator)
    chat = Chat(conversation, translator, "u1")
    await chat.send("")
    await chat.send(chat.number_of("menu-market"))
    await chat.send("1")
    # The apply button's payload with its value swapped for the staff-only "figures".
    action, args = codec.decode(chat.last.buttons[0].payload)
    args[2] = "figures"
    await chat.send(payload=codec.encode(action, *args))
    assert "error-not-allowed" in chat.keys()


async def test_staff_take_a_role_back_in_chat_and_it_ends_at_once(
    db, clock, conversation, translator
):
    alice, _bob = await _setup(db, clock)
    frank = await factories.staff(db, clock, "frank", "xinhuashe")
    boss = Chat(conversation, translator, "alice")
    await boss.send("")
    await boss.send(boss.number_of("menu-staff"))
    await boss.send(boss.number_of("staff-people"))
    assert "本社区有身份的人（2位）" in boss.render()
    await boss.send(boss.number_named("ank"))
    await boss.send(boss.number_of("staff-revoke"))
    assert boss.keys()[0] == "staff-revoked"
    # Frank's next press of a staff tool is refused: the roles are read on every request.
    former = Chat(conversation, translator, "frank")
    await former.send(payload="go|staff")
    assert "error-not-allowed" in former.keys()
    async with db.uow() as uow:
        told = [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(frank.id)]
        log = [e.action for e in await uow.audit.recent(alice.community_id, 5)]
    assert "role-revoked" in told and "role.revoke" in log


async def test_staff_list_and_revoke_from_the_cli(db, db_url, clock):
    await _setup(db, clock)
    await factories.staff(db, clock, "gina", "xinhuashe")
    listing = linli("staff", "list", "--community", "xinhuashe", url=db_url).stdout
    assert "console:gina  staff" in listing
    done = linli(
        "staff", "revoke", "--community", "xinhuashe", "--user", "console:gina", url=db_url
    )
    assert "已收回console:gina在新华社社区的1个身份" in done.stdout
    again = linli(
        "staff",
        "revoke",
        "--community",
        "xinhuashe",
        "--user",
        "console:gina",
        url=db_url,
        check=False,
    )
    assert again.returncode == 1


async def test_the_audit_log_reads_in_words_and_pages(db, clock, conversation, translator):
    alice, _bob = await _setup(db, clock)
    for _ in range(9):
        await _staff_invite(db, clock, alice)
    chat = Chat(conversation, translator, "alice")
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-audit"))
    shown = chat.render()
    assert "操作记录，共9条" in shown and "第1页，共2页" in shown
    assert "console:…lice 生成邀请码" in shown and "user:" not in shown
    await chat.send(chat.number_of("nav-next-page"))
    assert "第2页，共2页" in chat.render()


async def test_the_audit_log_names_the_person_a_role_went_to(db, clock, conversation, translator):
    alice, _bob = await _setup(db, clock)
    await _redeem(
        db,
        clock,
        await factories.user(db, clock, "hank", community_code="xinhuashe"),
        (await _staff_invite(db, clock, alice)).code,
    )
    chat = Chat(conversation, translator, "alice")
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-audit"))
    assert "授予身份 console:…hank" in chat.render()
