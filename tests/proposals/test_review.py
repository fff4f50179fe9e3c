"""Reports hide a proposal until staff review it: a queue, restore or keep with a reason."""

from __future__ import annotations

from linli.handlers.proposals import service as proposals
from linli.storage.models import Proposal
from tests import factories
from tests.factories import Chat


async def _reported(db, clock, conversation, translator, title: str) -> int:
    """A resident's proposal that three neighbours report (the default limit)."""
    author = await factories.user(db, clock, f"author-{title}", community_code="xinhuashe")
    async with db.uow() as uow:
        idea = await proposals.submit(
            uow,
            await uow.users.get(author.id),
            title=title,
            description="说明",
            category="环境",
            level="小区",
            now=clock.now(),
        )
        await uow.commit()
    for n in range(3):
        await factories.user(db, clock, f"r{n}-{idea.id}", community_code="xinhuashe")
        chat = Chat(conversation, translator, f"r{n}-{idea.id}")
        await chat.send("")
        await chat.send(chat.number_of("menu-proposals"))
        await chat.send(chat.number_of("proposals-all"))
        await chat.send(chat.number_named(title))
        await chat.send(chat.number_of("proposal-report"))
    return idea.id


async def test_hidden_proposals_wait_in_a_queue_until_staff_decide(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    restore = await _reported(db, clock, conversation, translator, "小区门口摆摊太多")
    clock.advance(minutes=5)
    keep = await _reported(db, clock, conversation, translator, "骂人的话")
    async with db.uow() as uow:
        first = await uow.session.get(Proposal, restore)
        assert first.hidden
        told = [m.body["messages"][0]["key"] for m in await uow.outbox.for_user(first.author_id)]
    assert "proposal-hidden-by-reports" in told  # the author hears why it vanished

    await factories.staff(db, clock, "boss", "xinhuashe")
    staff = Chat(conversation, translator, "boss")
    await staff.send("")
    await staff.send(staff.number_of("menu-proposals"))
    assert "待复核的金点子（2个）" in staff.render()
    await staff.send(staff.number_of("proposals-review"))
    await staff.send(staff.number_named("小区门口摆摊太多"))
    await staff.send(staff.number_of("proposal-restore"))
    await staff.send("并无不当内容，恢复公开")
    assert staff.keys()[0] == "proposal-done-staff"

    await staff.send(staff.number_of("menu-proposals"))
    await staff.send(staff.number_of("proposals-review"))
    await staff.send(staff.number_named("骂人的话"))
    await staff.send(staff.number_of("proposal-keep-hidden"))
    await staff.send("含有辱骂内容")
    async with db.uow() as uow:
        restored = await uow.session.get(Proposal, restore)
        kept = await uow.session.get(Proposal, keep)
        author_told = [
            m.body["messages"][0]["key"] for m in await uow.outbox.for_user(kept.author_id)
        ]
        queue = await proposals.review_queue(
            uow, await uow.users.by_external("console", "boss"), kept.community_id
        )
    assert (restored.hidden, restored.reports, kept.hidden) == (False, 0, True)
    assert "proposal-hidden" in author_told  # with the reason
    assert queue == []
    await staff.send(staff.number_of("menu-proposals"))
    assert "待复核" not in staff.render()
