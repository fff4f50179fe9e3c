"""Roles are granted, never claimed; staff act only in their own community; all is audited."""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.kit.errors import InviteInvalid, InviteUsedUp, NotAllowed
from linli.handlers.profile import service
from tests import factories
from tests.factories import Chat

TTL = dt.timedelta(days=14)


async def _setup(db, clock):
    await factories.demo(db, clock)
    alice = await factories.staff(db, clock, "alice", "xinhuashe")
    bob = await factories.user(db, clock, "bob", community_code="qixingyuan")
    return alice, bob


async def _staff_invite(db, clock, staff, *, role="staff", unit_id=None, code="xinhuashe"):
    async with db.uow() as uow:
        invite = await service.create_invite(
            uow,
            by=await uow.users.get(staff.id),
            community=await uow.communities.by_code(code),
            role=role,
            unit_id=unit_id,
            now=clock.now(),
            ttl=TTL,
        )
        await uow.commit()
        return invite


@pytest.mark.parametrize(
    ("actor", "place"),
    [
        ("alice", "qixingyuan"),  # staff, but of xinhuashe
        ("bob", "qixingyuan"),  # a resident of the place itself
    ],
)
async def test_only_the_places_own_staff_may_invite_grant_or_read_the_log(db, clock, actor, place):
    alice, bob = await _setup(db, clock)
    me_id = {"alice": alice.id, "bob": bob.id}[actor]
    async with db.uow() as uow:
        community = await uow.communities.by_code(place)
        me = await uow.users.get(me_id)
        with pytest.raises(NotAllowed):
            await service.create_invite(
                uow,
                by=me,
                community=community,
                role="staff",
                unit_id=None,
                now=clock.now(),
                ttl=TTL,
            )
        with pytest.raises(NotAllowed):
            await service.grant_role(
                uow,
                target=await uow.users.get(bob.id),
                community=community,
                role="staff",
                unit_id=None,
                by=me,
                via=f"user:{me_id}",
                now=clock.now(),
            )
        with pytest.raises(NotAllowed):
            await service.recent_audit(uow, me, community.id)
    async with db.uow() as uow:
        assert await uow.roles.active_for(bob.id) == []


async def test_an_operator_invite_must_name_a_unit_serving_the_community(db, clock):
    alice, _bob = await _setup(db, clock)
    async with db.uow() as uow:
        home = await uow.communities.by_code("xinhuashe")
        me = await uow.users.get(alice.id)
        serving = {u.name: u.id for u in await uow.facilities.units_serving(home.id)}
        everything = await uow.facilities.units_by_name()
        outside = [u.id for name, u in everything.items() if name not in serving]
        assert outside, "the demo should have a unit that does not serve xinhuashe"
        with pytest.raises(NotAllowed):
            await service.create_invite(
                uow,
                by=me,
                community=home,
                role="operator",
                unit_id=outside[0],
                now=clock.now(),
                ttl=TTL,
            )
        unit_id = next(iter(serving.values()))
        invite = await service.create_invite(
            uow, by=me, community=home, role="operator", unit_id=unit_id, now=clock.now(), ttl=TTL
        )
        assert invite.unit_id == unit_id


async def test_invite_code_grants_the_role_once_and_is_audited(db, clock):
    alice, bob = await _setup(db, clock)
    invite = await _staff_invite(db, clock, alice)
    code = invite.code
    async with db.uow() as uow:
        home = await uow.communities.get(invite.community_id)
        me = await uow.users.get(bob.id)
        # Typed in lower case with a space, as people do.
        grant = await service.redeem_invite(uow, me, f" {code[:4].lower()} {code[4:]}", clock.now())
        await uow.commit()
        assert (grant.role, grant.community_id) == ("staff", home.id)
    async with db.uow() as uow:
        carol = await factories.user(db, clock, "carol", community_code="xinhuashe")
        with pytest.raises(InviteUsedUp):
            await service.redeem_invite(uow, await uow.users.get(carol.id), code, clock.now())
        actions = [(e.action, e.actor) for e in await uow.audit.recent(home.id, 10)]
        assert ("invite.create", f"user:{alice.id}") in actions
        assert ("role.grant", f"invite:{code}") in actions
        assert await service.is_staff(uow, await uow.users.get(bob.id), home.id)


async def test_expired_and_unknown_codes_are_refused(db, clock):
    alice, bob = await _setup(db, clock)
    invite = await _staff_invite(db, clock, alice)
    clock.advance(days=15)
    async with db.uow() as uow:
        me = await uow.users.get(bob.id)
        with pytest.raises(InviteInvalid) as expired:
            await service.redeem_invite(uow, me, invite.code, clock.now())
        assert expired.value.message.key == "invite-expired"
        with pytest.raises(InviteInvalid):
            await service.redeem_invite(uow, me, "NOSUCH22", clock.now())


async def test_staff_tools_in_chat_make_a_code_that_works(db, clock, conversation, translator):
    _alice, _bob = await _setup(db, clock)
    staff_chat = Chat(conversation, translator, "alice")
    await staff_chat.send("")
    await staff_chat.send(staff_chat.number_of("menu-staff"))
    await staff_chat.send(staff_chat.number_of("staff-make-invite"))
    await staff_chat.send(staff_chat.number_of("role-staff"))
    made = staff_chat.last.messages[0]
    assert made.key == "staff-invite-made"
    resident = Chat(conversation, translator, "bob")
    await resident.send(f"/join {made.args['code']}")
    assert resident.keys()[0] == "role-granted-staff"
    # Bob is staff of xinhuashe now, but still lives in qixingyuan: his tools act for
    # the community that granted them.
    await resident.send(resident.number_of("menu-staff"))
    assert "新华社社区" in resident.render()


async def test_a_wrong_code_in_chat_is_answered_politely_and_changes_nothing(
    db, clock, conversation, translator
):
    _alice, bob = await _setup(db, clock)
    chat = Chat(conversation, translator, "bob")
    await chat.send("/join WRONG222")
    assert chat.keys()[0] == "invite-invalid"
    await chat.send("/join")
    assert chat.keys()[0] == "invite-usage"
    async with db.uow() as uow:
        assert await uow.roles.active_for(bob.id) == []


async def test_a_refusal_after_the_code_was_counted_undoes_the_count(
    db, clock, conversation, translator
):
    """Redeeming counts a use, then grants; if the grant is refused, the use is given back."""
    alice, bob = await _setup(db, clock)
    async with db.uow() as uow:
        home = await uow.communities.by_code("xinhuashe")
        unit = (await uow.facilities.units_serving(home.id))[0]
        invite = await service.create_invite(
            uow,
            by=await uow.users.get(alice.id),
            community=home,
            role="operator",
            unit_id=unit.id,
            now=clock.now(),
            ttl=TTL,
        )
        # The unit stops serving the community before the code is used.
        for facility in (await uow.facilities.units_by_name())[unit.name].facilities:
            facility.served = [s for s in facility.served if s.community_id != home.id]
        await uow.commit()
    chat = Chat(conversation, translator, "bob")
    await chat.send(f"/join {invite.code}")
    assert chat.keys()[0] == "error-not-allowed"
    async with db.uow() as uow:
        assert (await uow.invites.by_code(invite.code)).uses == 0
        assert await uow.roles.active_for(bob.id) == []


async def test_audit_log_shows_only_my_community(db, clock, conversation, translator):
    _alice, _bob = await _setup(db, clock)
    eve = await factories.staff(db, clock, "eve", "qixingyuan")
    await _staff_invite(db, clock, eve, code="qixingyuan")
    chat = Chat(conversation, translator, "alice")
    await chat.send("")
    await chat.send(chat.number_of("menu-staff"))
    await chat.send(chat.number_of("staff-audit"))
    assert chat.keys()[:2] == ["staff-acting", "staff-audit-empty"]
