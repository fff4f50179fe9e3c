"""The public board's data: what a 社区 shows anyone (each 金点子's stage and progress, the
ledger with its chain checked, the lotteries with their facts, events to come), that the
published facts alone are enough to check it, and that nothing personal is in it."""

from __future__ import annotations

import dataclasses
import hashlib
import json
from decimal import Decimal

from linli.handlers.board import service as board
from linli.handlers.market import service as market
from tests.board import scenario
from tests.board.scenario import PRIVATE
from tests.fund.test_ledger import _tamper


async def _board(db, clock, code: str = "xinhuashe") -> board.Board:
    async with db.uow() as uow:
        place = await board.community(uow, code)
        return await board.board(uow, place, clock.now())


def _everything(found: board.Board) -> str:
    """All the board says, as text: its data and both JSON documents."""
    return "\n".join(
        (
            repr(found),
            json.dumps(board.ledger_document(found), ensure_ascii=False),
            json.dumps(board.draws_document(found), ensure_ascii=False),
        )
    )


async def test_each_proposal_shows_its_stage_and_progress_newest_first(db, clock):
    scene = await scenario.build(db, clock)
    found = await _board(db, clock)
    cards = {c.number: c for c in found.proposals}
    p = scene.proposals
    assert p["hidden"] not in cards and p["elsewhere"] not in cards
    assert [c.number for c in found.proposals] == [
        p["collecting"],
        p["scheduled"],
        p["done"],
        p["declined"],
        p["adopted"],
    ]
    collecting = cards[p["collecting"]]
    assert (collecting.stage, collecting.supports, collecting.threshold) == ("collect", 1, 2)
    assert collecting.window_ends_at > clock.now()
    scheduled = cards[p["scheduled"]]
    assert scheduled.stage == "deliberate"
    assert (scheduled.meeting_at, scheduled.meeting_place) == (
        scenario.local(30, 19),
        "3号楼活动室",
    )
    declined = cards[p["declined"]]
    assert (declined.stage, declined.reason) == ("decide", "经费不足，明年再议")
    adopted = cards[p["adopted"]]
    assert (adopted.stage, adopted.carried_by, adopted.progress) == ("supervise", "社区", 40)
    assert [(u.percent, u.text) for u in adopted.updates] == [(40, "已选好位置，等器材到货")]
    assert collecting.updates == () and collecting.carried_by is None
    done = cards[p["done"]]
    assert (done.stage, done.state, done.progress, done.carried_by) == (
        "supervise",
        "done",
        100,
        "街道",
    )
    assert (done.ratings, done.satisfied) == (2, 1)
    assert adopted.ratings == 0


async def test_the_ledger_is_shown_line_by_line_and_checkable_from_what_is_published(db, clock):
    scene = await scenario.build(db, clock)
    found = await _board(db, clock)
    ledger = found.ledger
    assert [x.number for x in ledger.lines] == list(scene.ledger.values())
    assert all(x.holds for x in ledger.lines) and ledger.whole
    assert (ledger.income, ledger.spending, ledger.balance) == (
        Decimal("620.00"),
        Decimal("200.50"),
        Decimal("419.50"),
    )
    gift = next(x for x in ledger.lines if x.number == scene.ledger["gift"])
    assert gift.donor == "王**"  # as the giver chose, never the name behind it
    spent = next(x for x in ledger.lines if x.number == scene.ledger["spent"])
    assert spent.approved_by == "赵会计"  # the second signature, covered by the hash

    # Anyone can redo the chain from the JSON alone with SHA-256 (no code of ours).
    document = json.loads(json.dumps(board.ledger_document(found), ensure_ascii=False))
    previous = document["genesis"]
    for line in document["lines"]:
        fields = [
            line["date"],
            line["kind"],
            line["source"],
            line["amount"],
            line["purpose"],
            line["approved_by"],
            line["corrects"],
            line["market"],
            line["prev_hash"],
        ]
        if line["donor"] is not None:
            fields.append(line["donor"])
        text = json.dumps(fields, ensure_ascii=False, separators=(",", ":"))
        assert line["prev_hash"] == previous
        assert hashlib.sha256(text.encode()).hexdigest() == line["hash"]
        previous = line["hash"]
    assert previous == document["head"] == ledger.head
    assert document["balance"] == "419.50" and document["whole"] is True


async def test_a_changed_line_is_named_on_the_board(db, clock):
    scene = await scenario.build(db, clock)
    gift = scene.ledger["gift"]
    await _tamper(db, f"UPDATE fund_ledger SET amount = 5 WHERE id = {gift}")
    found = await _board(db, clock)
    holds = {x.number: x.holds for x in found.ledger.lines}
    assert holds == {scene.ledger["fee"]: True, gift: False, scene.ledger["spent"]: True}
    assert found.ledger.broken_at == gift and not found.ledger.whole
    assert board.ledger_document(found)["broken_at"] == gift


async def test_a_draw_shows_only_its_commitment_until_it_is_made(db, clock):
    scene = await scenario.build(db, clock)
    found = await _board(db, clock)
    (coming,) = found.draws
    async with db.uow() as uow:
        secret = (await uow.market.day(scene.market)).secret
    assert coming.commitment == hashlib.sha256(secret.encode()).hexdigest()
    assert coming.drawn_at is None and coming.secret is None and coming.seed is None
    assert secret not in _everything(found)
    assert board.draws_document(found)["draws"][0]["holds"] is None


async def test_a_made_draw_can_be_redone_from_its_published_facts(db, clock):
    scene = await scenario.build(db, clock)
    await scenario.draw(db, clock)
    found = await _board(db, clock)
    (made,) = found.draws
    assert made.holds and made.pool == tuple(sorted(scene.applications))
    async with db.uow() as uow:
        checked = await market.check_draw(uow, await uow.market.day(scene.market))
    assert [(c.name, c.stalls, list(c.recorded)) for c in made.categories] == checked.orders

    # From the JSON alone: the secret matches the commitment, the seed follows, and so
    # does each category's order.
    (facts,) = board.draws_document(found)["draws"]
    sha = lambda text: hashlib.sha256(text.encode()).hexdigest()  # noqa: E731
    assert sha(facts["secret"]) == facts["commitment"]
    pool = ",".join(str(n) for n in sorted(facts["applications"]))
    assert sha(f"{facts['secret']}|{pool}") == facts["seed"]
    vegetables = next(c for c in facts["categories"] if c["name"] == "蔬菜水果")
    assert vegetables["order"] == sorted(
        vegetables["order"], key=lambda n: sha(f"{facts['seed']}:蔬菜水果:{n}")
    )
    assert sorted(vegetables["order"]) == sorted(scene.applications)


async def test_a_draw_whose_record_was_changed_does_not_hold(db, clock):
    await scenario.build(db, clock)
    await scenario.draw(db, clock)
    async with db.uow() as uow:
        first = (await _board(db, clock)).draws[0].categories[0].recorded
        # Someone swaps the first two places in the record.
        a, b = [await uow.market.application(n) for n in first[:2]]
        a.draw_rank, b.draw_rank = b.draw_rank, a.draw_rank
        await uow.commit()
    (made,) = (await _board(db, clock)).draws
    assert made.holds is False and set(made.mismatched) == set(first[:2])
    assert made.commitment_holds and made.seed_holds


async def test_events_to_come_with_places_left_and_past_ones_gone(db, clock):
    await scenario.build(db, clock)
    await scenario.draw(db, clock)  # now 11-27: the 11-24 talk is over
    found = await _board(db, clock)
    assert [(e.title, e.place, e.capacity, e.places_left) for e in found.events] == [
        ("社区义诊", "社区卫生站", 20, 19)
    ]


async def test_nothing_personal_is_on_the_board(db, clock):
    await scenario.build(db, clock)
    before = _everything(await _board(db, clock))
    await scenario.draw(db, clock)
    after = _everything(await _board(db, clock))
    for text in (before, after):
        for private in PRIVATE:
            assert private not in text, private
    # What it carries, by design: nothing that points at a person's account.
    for kind in (board.ProposalCard, board.LedgerLine, board.Draw, board.EventLine):
        names = {f.name for f in dataclasses.fields(kind)}
        assert not names & {"user_id", "author_id", "phone", "stall_name", "created_by"}


async def test_only_communities_have_boards(db, clock):
    await scenario.build(db, clock)
    async with db.uow() as uow:
        listed = await board.communities(uow)
        assert "xinhuashe" in {c.code for c in listed}
        # A 街道, a 小区, an unknown or absurd code: no board.
        for code in ("lugu", "xinhuashe-dorm", "nowhere", "", "x" * 500):
            assert await board.community(uow, code) is None
    assert {c.code for c in listed}.isdisjoint({"lugu", "xinhuashe-dorm"})


async def test_an_empty_community_has_an_empty_board(db, clock):
    await scenario.build(db, clock)
    found = await _board(db, clock, "qixingyuan")
    assert [c.title for c in found.proposals] == ["七星园修车棚"]
    assert found.ledger.lines == () and found.ledger.head == "0" * 64 and found.ledger.whole
    assert found.draws == () and found.events == ()
