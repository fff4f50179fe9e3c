"""The figures' numbers, counted from rows the factories make, on SQLite and PostgreSQL:
by month in Beijing time, only the community's own, only for its staff; and the charts
built from them (labels, CSV, SVG)."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest

from linli.handlers.figures import charts, service
from linli.handlers.figures.service import BadPeriod, Period
from linli.handlers.kit.errors import NotAllowed
from linli.handlers.kit.reply import Attachment
from tests.figures import scene as scenes
from tests.figures.scene import NOW, ZONE

PERIOD = Period(dt.date(2026, 10, 1), dt.date(2026, 11, 1))


@pytest.fixture
async def scene(db, clock, tmp_path):
    return await scenes.build(db, clock, tmp_path)


async def _as(db, user_id, work):
    async with db.uow() as uow:
        return await work(uow, await uow.users.get(user_id))


async def test_bookings_by_month_in_beijing_time_and_by_facility(db, scene):
    figures = await _as(
        db,
        scene.staff_id,
        lambda uow, me: service.bookings(uow, me, scene.community_id, PERIOD, ZONE, NOW),
    )
    assert figures.months == ["2026-10", "2026-11"]
    # 00:30 on 1 October in Beijing is October (September in UTC); the one on 25 November
    # is still ahead; the neighbour's 球场 is not the community's.
    assert figures.by_month["2026-10"] == Counter(used=2, no_show=1, cancelled=1)
    assert figures.by_month["2026-11"] == Counter(used=1, no_show=1)
    assert [name for _, name, _ in figures.facilities] == ["琴房"]
    assert figures.by_facility[scene.facility_id] == Counter(used=3, no_show=2, cancelled=1)


async def test_proposals_by_stage_days_to_decision_and_ratings(db, scene):
    figures = await _as(
        db,
        scene.staff_id,
        lambda uow, me: service.proposals(uow, me, scene.community_id, PERIOD, ZONE),
    )
    # Submitted in the period: 集 1, 议 1, 决 (adopted, no progress) 1, 督 1, closed 1.
    assert figures.stages == {
        "collect": 1,
        "deliberate": 1,
        "decide": 1,
        "oversee": 1,
        "closed": 1,
    }
    # Decided in the period (whenever submitted): October 20 and 10 days, November 31 and 2.
    assert sorted(figures.decision_days["2026-10"]) == [10.0, 20.0]
    assert sorted(figures.decision_days["2026-11"]) == [2.0, 31.0]
    assert figures.median_days == 15.0
    assert figures.month_median("2026-11") == 16.5
    # Ratings given in the period: 5, 4, 2 (not September's 3, not the neighbour's 1).
    assert figures.ratings == Counter({1: 0, 2: 1, 3: 0, 4: 1, 5: 1})
    assert (figures.rated, figures.average, figures.satisfaction) == (3, 3.7, 67)


async def test_markets_applications_stalls_and_attendance(db, scene):
    rows = await _as(
        db,
        scene.staff_id,
        lambda uow, me: service.markets(uow, me, scene.community_id, PERIOD),
    )
    assert [(r.day, r.applications, r.stalls, r.approved, r.came, r.missed) for r in rows] == [
        (dt.date(2026, 10, 18), 4, 3, 3, 2, 1),  # the withdrawn one is not an application
        (dt.date(2026, 11, 15), 1, 1, 1, 0, 0),
    ]


async def test_fund_income_and_spending_by_month(db, scene):
    figures = await _as(
        db, scene.staff_id, lambda uow, me: service.fund(uow, me, scene.community_id, PERIOD)
    )
    assert figures.income == {"2026-10": Decimal("50.50"), "2026-11": Decimal(0)}
    assert figures.spending == {"2026-10": Decimal(0), "2026-11": Decimal("12.00")}


@pytest.mark.parametrize("name", charts.NAMES)
async def test_only_the_communitys_staff_see_its_figures(db, scene, name):
    for outsider in (scene.other_staff_id, scene.resident_id):
        with pytest.raises(NotAllowed):
            await _as(
                db,
                outsider,
                lambda uow, me: charts.chart(uow, me, scene.community_id, name, PERIOD, ZONE, NOW),
            )


def test_a_period_is_whole_months_one_to_twenty_four():
    year = Period.ending(dt.date(2026, 11, 23), 12)
    assert (year.first, year.last, len(year.months)) == (
        dt.date(2025, 12, 1),
        dt.date(2026, 11, 1),
        12,
    )
    assert Period.between("2025-01", "2026-12").months[-1] == dt.date(2026, 12, 1)
    assert Period.between("2026-12", "2026-12").end_day == dt.date(2026, 12, 31)
    for first, last in [
        ("2026-11", "2026-10"),  # backwards
        ("2024-01", "2026-12"),  # 36 months
        ("2026-13", "2026-12"),
        ("next", "2026-12"),
        ("", ""),
    ]:
        with pytest.raises(BadPeriod):
            Period.between(first, last)
    with pytest.raises(BadPeriod):
        Period.ending(dt.date(2026, 11, 23), 25)
    with pytest.raises(BadPeriod):
        Period(dt.date(2026, 10, 2), dt.date(2026, 11, 1))


async def test_a_chart_and_its_csv_say_the_same_numbers(db, scene, translator):
    async with db.uow() as uow:
        me = await uow.users.get(scene.staff_id)
        chart = await charts.chart(uow, me, scene.community_id, "fund", PERIOD, ZONE, NOW)
    csv = translator.file(Attachment.csv("fund.csv", chart.table()), "zh-CN").decode("utf-8-sig")
    assert csv.splitlines() == ["月份,收入（元）,支出（元）", "2026-10,50.50,0", "2026-11,0,12.00"]
    english = translator.file(Attachment.csv("fund.csv", chart.table()), "en").decode("utf-8-sig")
    assert english.splitlines()[0] == "Month,Income (yuan),Spending (yuan)"
    text = [translator.render(line, "zh-CN") for line in charts.lines(chart)]
    assert text == [
        "社区基金：每月收支",
        "（合计收入50.50元，支出12元）",
        "2026-10：收入（元） 50.50，支出（元） 0",
        "2026-11：收入（元） 0，支出（元） 12",
    ]


async def test_every_chart_draws_with_its_labels_in_svg(db, scene, translator):
    from linli.handlers.kit.plot import draw

    async with db.uow() as uow:
        me = await uow.users.get(scene.staff_id)
        made = {
            name: await charts.chart(uow, me, scene.community_id, name, PERIOD, ZONE, NOW)
            for name in charts.NAMES
        }
    for name, chart in made.items():
        words = chart.words(lambda text: translator.render(text, "zh-CN"))
        svg = draw(words, "svg").decode()
        assert svg.startswith("<?xml") and "</svg>" in svg, name
        for label in (words.title, words.category_label, words.value_label):
            assert label in svg, (name, label)
        for series in words.series:
            assert series.name in svg, (name, series.name)
    bookings = made["booking-months"].words(lambda text: translator.render(text, "zh-CN"))
    svg = draw(bookings, "svg").decode()
    # The values on the bars, the months under them, the legend and the units.
    assert "2026-10" in svg and "2026-11" in svg and "人次" in svg and "爽约" in svg
    stages = draw(made["proposal-stages"].words(lambda x: translator.render(x, "zh-CN")), "svg")
    assert "督（落实中）" in stages.decode()
    assert draw(bookings, "png").startswith(b"\x89PNG\r\n\x1a\n")


async def test_names_are_words_in_the_svg_and_the_csv_never_markup_or_formulae(
    db, scene, translator, tmp_path, clock
):
    from linli.handlers.kit.plot import draw
    from tests import factories

    await factories.facility(
        db, clock, tmp_path, name="=HYPERLINK(1)<b>$x$", unit="三中", communities=("xinhuashe",)
    )
    async with db.uow() as uow:
        me = await uow.users.get(scene.staff_id)
        chart = await charts.chart(
            uow, me, scene.community_id, "booking-facilities", PERIOD, ZONE, NOW
        )
    words = chart.words(lambda text: translator.render(text, "zh-CN"))
    svg = draw(words, "svg").decode()
    assert "=HYPERLINK(1)&lt;b&gt;$x$" in svg and "<b>" not in svg
    csv = translator.file(Attachment.csv("f.csv", chart.table()), "zh-CN").decode("utf-8-sig")
    assert "'=HYPERLINK(1)<b>$x$,0,0" in csv.splitlines()


async def test_a_chart_of_nothing_still_draws(db, clock, tmp_path, translator):
    from linli.handlers.kit.plot import draw
    from tests import factories

    clock.set(NOW)
    await factories.places(db)
    boss = await factories.staff(db, clock, "boss", "xinhuashe")
    async with db.uow() as uow:
        me = await uow.users.get(boss.id)
        place = await uow.communities.by_code("xinhuashe")
        chart = await charts.chart(uow, me, place.id, "markets", PERIOD, ZONE, NOW)
    assert chart.categories == ()
    words = chart.words(lambda text: translator.render(text, "zh-CN"))
    assert "睦邻集市：申请、摊位和到场" in draw(words, "svg").decode()
    lines = [translator.render(line, "zh-CN") for line in charts.lines(chart)]
    assert lines[-1] == "这段时间没有数据。"


def test_without_a_cjk_font_a_warning_is_logged_and_the_chart_still_drawn(monkeypatch, caplog):
    from matplotlib import font_manager

    from linli.handlers.kit import plot
    from linli.handlers.kit.chart import Chart, Series

    chart = Chart("预约", "月份", "人次", ("2026-10",), (Series("使用", (3,)),))
    monkeypatch.setattr(plot, "CJK_FAMILIES", ("No Such Font Anywhere",))
    monkeypatch.setattr(plot, "CJK_FILES", ("/nonexistent/font.ttc",))
    plot._matplotlib.cache_clear()  # set matplotlib up again, without the fonts
    try:
        with caplog.at_level("WARNING", logger=plot.__name__):
            assert plot.draw(chart, "png").startswith(b"\x89PNG")
        assert "no CJK font found for charts" in caplog.text
    finally:
        monkeypatch.undo()
        plot._matplotlib.cache_clear()
    # Found here: the machine's WenQuanYi (CI installs fonts-wqy-microhei).
    assert plot._cjk_family(font_manager) is not None


async def test_english_readers_see_a_facilitys_english_name(db, scene, translator):
    from linli.storage.models import Facility

    async with db.uow() as uow:
        (await uow.session.get(Facility, scene.facility_id)).name_en = "Piano room"
        await uow.commit()
    async with db.uow() as uow:
        me = await uow.users.get(scene.staff_id)
        chart = await charts.chart(
            uow, me, scene.community_id, "booking-facilities", PERIOD, ZONE, NOW
        )
    english = chart.words(lambda text: translator.render(text, "en"))
    chinese = chart.words(lambda text: translator.render(text, "zh-CN"))
    assert (english.categories, chinese.categories) == (("Piano room",), ("琴房",))
    assert english.table()[1] == ["Piano room", 3, 2]
