"""The fund through the conversation: spending signed by a second staff member, income
lines public and paged, stall fees linked to their market, corrections as new lines, the
months alone, and a CSV in the reader's language."""

from __future__ import annotations

import csv
import datetime as dt
import io
from decimal import Decimal

import pytest

from linli.handlers.fund import service as fund
from linli.handlers.market import service as market
from linli.storage.models import LedgerEntry, SpendingRequest
from tests import factories
from tests.factories import Chat
from tests.market.test_market import CONFIG, local


@pytest.fixture
async def people(db, clock, conversation, translator):
    clock.set(local(23, 10))
    await factories.places(db)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    second = await factories.staff(db, clock, "second", "xinhuashe")
    await factories.user(db, clock, "resident", community_code="xinhuashe")
    async with db.uow() as uow:
        (await uow.users.get(second.id)).display_name = "李主任"
        await uow.commit()

    async def chat(name: str) -> Chat:
        talk = Chat(conversation, translator, name)
        await talk.send("")
        return talk

    return {"boss": boss, "second": second, "chat": chat}


async def _open_fund(chat: Chat) -> None:
    await chat.send("菜单")
    await chat.send(chat.number_of("menu-market"))
    await chat.send(chat.number_of("market-fund"))


async def _lines(db) -> list[LedgerEntry]:
    async with db.uow() as uow:
        return await fund.ledger(uow, (await uow.communities.by_code("xinhuashe")).id)


async def _pushes(db, user_id: int) -> list[str]:
    async with db.uow() as uow:
        return [m.body["messages"][0] for m in await uow.outbox.for_user(user_id)]


async def _audit(db) -> list[str]:
    async with db.uow() as uow:
        community = await uow.communities.by_code("xinhuashe")
        return [a.action for a in await uow.audit.recent(community.id, 50)]


async def _propose(chat: Chat, amount: str, purpose: str) -> None:
    await _open_fund(chat)
    await chat.send(chat.number_of("fund-add-spending"))
    await chat.send(amount)
    await chat.send(purpose)


async def test_spending_waits_for_a_second_staff_member_to_sign(db, people, translator):
    boss = await people["chat"]("boss")
    await _propose(boss, "200", "买垃圾分类桶")
    assert boss.keys()[0] == "fund-proposed"
    assert await _lines(db) == []  # nothing in the ledger before the second signature
    told = await _pushes(db, people["second"].id)
    assert [m["key"] for m in told] == ["fund-request-waiting"]

    # The proposer sees it waiting but has no way to sign it, not even by a forged press.
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-pending"))
    await boss.send("1")
    assert "fund-request-yours" in boss.keys() and boss.last.buttons[0].label.key != "fund-approve"
    said = await boss.say(payload=await boss.forge("fund", "request", "approve"))
    assert "自己申请的支出不能自己签字" in said
    assert await _lines(db) == []

    second = await people["chat"]("second")
    await _open_fund(second)
    assert "（1笔）" in second.render()
    await second.send(second.number_of("fund-pending"))
    assert "买垃圾分类桶" in second.render()
    await second.send("1")
    await second.send(second.number_of("fund-approve"))
    assert second.keys()[0] == "fund-approved"
    (line,) = await _lines(db)
    assert (line.kind, line.amount, line.purpose) == ("spending", Decimal("200.00"), "买垃圾分类桶")
    assert (line.approved_by, line.created_by) == ("李主任", f"user:{people['boss'].id}")
    decided = (await _pushes(db, people["boss"].id))[-1]
    assert decided["key"] == "fund-request-decided"
    assert decided["args"]["outcome"]["key"] == "fund-request-approved"
    assert {"fund.propose", "fund.approve"} <= set(await _audit(db))

    # Signed once: a second press of the old button writes nothing more.
    await second.send("菜单")
    async with db.uow() as uow:
        assert (await fund.check_ledger(uow, line.community_id)).lines == 1


async def test_spending_turned_down_with_a_reason_never_reaches_the_ledger(db, people):
    boss = await people["chat"]("boss")
    await _propose(boss, "50", "聚餐")
    second = await people["chat"]("second")
    await _open_fund(second)
    await second.send(second.number_of("fund-pending"))
    await second.send("1")
    await second.send(second.number_of("fund-decline"))
    await second.send("基金不能用于聚餐")
    assert second.keys()[0] == "fund-declined"
    assert await _lines(db) == []
    decided = (await _pushes(db, people["boss"].id))[-1]
    assert decided["args"]["outcome"]["key"] == "fund-request-declined"
    assert decided["args"]["outcome"]["args"]["reason"]["args"]["text"] == "基金不能用于聚餐"
    assert "fund.decline" in await _audit(db)
    await _open_fund(second)
    assert "（0笔）" in second.render()


async def test_residents_cannot_reach_the_signing(db, people):
    resident = await people["chat"]("resident")
    await _open_fund(resident)
    keys = [b.label.key for b in resident.last.buttons]
    assert "fund-pending" not in keys and "fund-add-spending" not in keys
    await resident.send(payload=await resident.forge("fund", "home", "pending"))
    assert resident.keys()[0] == "error-not-allowed"
    assert "fund-pending-title" not in resident.keys()


async def _give(chat: Chat, amount: str, purpose: str, donor: str | None, show: str) -> None:
    await _open_fund(chat)
    await chat.send(chat.number_of("fund-add-income"))
    await chat.send(chat.number_of("fund-source-donation"))
    await chat.send(amount)
    await chat.send(purpose)
    if donor is None:
        await chat.send(chat.number_of("fund-donor-anonymous"))
    else:
        await chat.send(donor)
        await chat.send(chat.number_of(show))
    assert chat.keys()[0] == "fund-saved"


async def test_residents_find_each_gift_as_its_giver_chose_to_be_shown(db, clock, people):
    boss = await people["chat"]("boss")
    await _give(boss, "500", "给老人活动室买椅子", "王秀英", "fund-donor-masked")
    await _give(boss, "66", "重阳节", "张建国", "fund-donor-name")
    await _give(boss, "10", "不留名", None, "")
    for n in range(8):  # more lines than one page
        clock.advance(seconds=1)
        await _give(boss, str(n + 1), f"小额捐赠{n}", None, "")
    resident = await people["chat"]("resident")
    await _open_fund(resident)
    await resident.send(resident.number_of("fund-income"))
    first_page = resident.render()
    assert "共11笔（第1/2页）" in first_page
    assert "王秀英" not in first_page
    await resident.send(resident.number_of("nav-next-page"))
    page = resident.render()
    assert "500.00元 · 捐赠 · 给老人活动室买椅子 · 王**" in page
    assert "66.00元 · 捐赠 · 重阳节 · 张建国" in page
    assert "10.00元 · 捐赠 · 不留名\n" in page + "\n" and "王秀英" not in page
    donors = {e.purpose: e.donor for e in await _lines(db)}
    assert (donors["给老人活动室买椅子"], donors["不留名"]) == ("王**", None)
    async with db.uow() as uow:  # the giver as shown is in the chain
        assert (await fund.check_ledger(uow, (await _lines(db))[0].community_id)).broken is None


async def test_stall_fees_entered_from_the_market_count_in_its_figures(db, clock, people):
    async with db.uow() as uow:
        made = await market.create_market(
            uow,
            by=await uow.users.get(people["boss"].id),
            community=await uow.communities.by_code("xinhuashe"),
            day=dt.date(2026, 11, 29),
            opens=dt.time(8),
            closes=dt.time(12),
            place="社区广场",
            stalls={"理发": 2},
            deadline=local(27, 18),
            fee=Decimal("10"),
            pledge_percent=5,
            mode="first",
            now=clock.now(),
            config=CONFIG,
        )
        await uow.commit()
    boss = await people["chat"]("boss")
    await boss.send(boss.number_of("menu-market"))
    await boss.send("1")
    await boss.send(boss.number_of("market-figures"))
    assert "计入基金0元" in boss.render()
    await boss.send(boss.number_of("fund-add-stall-fee"))
    await boss.send("120")
    await boss.send("11月29日集市摊位费")
    assert boss.keys()[0] == "fund-saved"
    (line,) = await _lines(db)
    assert (line.market_id, line.source, line.amount) == (made.id, "stall_fee", Decimal("120.00"))
    await boss.send(boss.number_of("menu-market"))
    await boss.send("1")
    await boss.send(boss.number_of("market-figures"))
    assert "计入基金120.00元" in boss.render()
    async with db.uow() as uow:
        assert (await fund.check_ledger(uow, line.community_id)).broken is None


async def test_a_correction_is_a_new_line_naming_the_one_it_corrects(db, people):
    boss = await people["chat"]("boss")
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-add-income"))
    await boss.send(boss.number_named("摊位费"))
    await boss.send("120")
    await boss.send("11月集市摊位费")
    (fee,) = await _lines(db)
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-correct"))
    await boss.send(boss.number_named(f"#{fee.id}"))
    await boss.send("-20")
    await boss.send("多记了两个摊位")
    assert boss.keys()[0] == "fund-corrected"
    old, fix = await _lines(db)
    assert (old.amount, fix.amount, fix.corrects) == (Decimal("120.00"), Decimal("-20.00"), fee.id)
    assert (fix.kind, fix.source, fix.purpose) == ("income", "stall_fee", "多记了两个摊位")
    await _open_fund(boss)
    assert "结余100.00元" in boss.render()

    # A spending line's correction is spending too: it waits for the second signature.
    await _propose(boss, "200", "买灯泡")
    second = await people["chat"]("second")
    await _open_fund(second)
    await second.send(second.number_of("fund-pending"))
    await second.send("1")
    await second.send(second.number_of("fund-approve"))
    spent = (await _lines(db))[-1]
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-correct"))
    await boss.send(boss.number_named(f"#{spent.id}"))
    await boss.send("-50")
    await boss.send("退回了一半灯泡")
    assert boss.keys()[0] == "fund-proposed" and len(await _lines(db)) == 3
    await _open_fund(second)
    await second.send(second.number_of("fund-pending"))
    await second.send("1")
    assert "这是对第#" in second.render()
    await second.send(second.number_of("fund-approve"))
    last = (await _lines(db))[-1]
    assert (last.kind, last.amount, last.corrects) == ("spending", Decimal("-50.00"), spent.id)


async def test_by_month_shows_the_months_and_not_the_card_again(db, people):
    boss = await people["chat"]("boss")
    await _give(boss, "500", "捐赠", None, "")
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-months"))
    assert boss.keys() == ["fund-month"]
    assert "结余" not in boss.render() and "2026-11：收入500.00元" in boss.render()


@pytest.mark.parametrize(
    ("locale", "header", "kind"), [("zh-CN", "日期", "收入"), ("en", "date", "income")]
)
async def test_the_csv_speaks_the_readers_language_and_is_safe_in_excel(
    db, people, locale, header, kind
):
    async with db.uow() as uow:
        (await uow.users.get(people["boss"].id)).locale = locale
        await uow.commit()
    boss = await people["chat"]("boss")
    await _give(boss, "8", '=HYPERLINK("http://evil")', "@某人", "fund-donor-name")
    await _open_fund(boss)
    await boss.send(boss.number_of("fund-export"))
    rows = list(
        csv.reader(
            io.StringIO(
                boss.translator.file(boss.last.attachment, boss.last.locale).decode("utf-8-sig")
            )
        )
    )
    assert rows[0][1] == header and rows[1][2] == kind
    assert rows[1][5] == '\'=HYPERLINK("http://evil")' and rows[1][9] == "'@某人"


async def test_staff_of_another_community_cannot_sign_or_correct_here(db, clock, people):
    """Forged presses naming this community's request or line, from 七星园's staff."""
    boss = await people["chat"]("boss")
    await _propose(boss, "30", "买扫帚")
    await _give(boss, "100", "捐赠", None, "")
    await factories.staff(db, clock, "farboss", "qixingyuan")
    async with db.uow() as uow:
        (request,) = await fund.pending(uow, (await _lines(db))[0].community_id)
    (gift,) = await _lines(db)
    outsider = await people["chat"]("farboss")
    await _open_fund(outsider)
    await outsider.send(outsider.number_of("fund-pending"))
    assert outsider.keys() == ["fund-pending-none"]
    await outsider.send(payload=await outsider.forge("fund", "pending", request.id))
    await outsider.send(payload=await outsider.forge("fund", "request", "approve"))
    await _open_fund(outsider)
    await outsider.send(outsider.number_of("fund-correct"))
    await outsider.send(payload=await outsider.forge("fund", "pick", gift.id))
    assert "fund-ask-fix-amount" not in outsider.keys()
    async with db.uow() as uow:
        stored = await uow.session.get(SpendingRequest, request.id)
        lines = await fund.ledger(uow, gift.community_id)
    assert (stored.status, stored.decided_by) == ("pending", None)
    assert [line.id for line in lines] == [gift.id]
