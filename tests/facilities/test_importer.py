"""The directory importer: the demo file loads; a bad file reports each problem by line and
imports nothing; importing again updates what changed."""

from __future__ import annotations

import datetime as dt
import textwrap
from decimal import Decimal

import pytest

from linli.handlers.demo import FACILITIES_FILE
from linli.handlers.facilities.importer import import_directory, parse_days
from linli.handlers.kit.when import parse_time
from tests import factories

GOOD = """\
units:
  - name: 测试小学
    kind: 学校
    address: 测试路1号
    facilities:
      - name: 操场
        category: 运动
        mode: 错时共享
        communities: [xinhuashe]
        fee: 免费
        hours:
          - days: 周末
            open: "08:00"
            close: "11:00"
"""

BAD = """\
units:
  - name: 测试小学
    kind: 学堂
    address: 测试路1号
    facilities:
      - name: 操场
        category: 运动
        mode: 错时共享
        communities: [xinhuashe, nowhere]
        fee: 低偿
        colour: red
        hours:
          - days: 周八
            open: "25:00"
            close: "11:00"
          - days: 工作日
            open: "18:00"
            close: "17:00"
        booking:
          slot_minutes: 45
          capacity: 0
      - name: 操场
        category: 运动
        mode: 按需共享
        communities: [xinhuashe]
        fee: 免费
"""


async def _places(db, clock):
    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.profile.places import import_places

    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        await uow.commit()


async def test_the_demo_directory_imports_cleanly(db, clock):
    await factories.demo(db, clock)
    async with db.uow() as uow:
        units = await uow.facilities.units_by_name()
        names = {u.name for u in units.values()}
        for unit in (
            "新华社第二工作区",
            "石景山区业余大学",
            "苹果园中学",
            "金顶街第二小学",
            "石景山医院",
            "西山机械厂",
        ):
            assert unit in names
        college = {f.name for f in units["石景山区业余大学"].facilities}
        assert {"茶艺室", "舞蹈房", "琴房", "陶艺教室", "天光教室", "西点烘焙车间"} <= college
        pingpong = next(f for f in units["西山机械厂"].facilities if f.name == "乒乓球室")
        assert (pingpong.bookable, pingpong.capacity) == (True, 2)
        for community in ("xinhuashe", "qixingyuan", "wufangyuan"):
            place = await uow.communities.by_code(community)
            assert len(await uow.facilities.serving(place.id)) >= 8


async def test_a_bad_file_reports_every_problem_by_line_and_imports_nothing(
    db, clock, tmp_path, translator
):
    await _places(db, clock)
    path = tmp_path / "bad.yaml"
    path.write_text(BAD, encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
        await uow.commit()
    found = {(p.line, p.message.key) for p in report.problems}
    assert {
        (3, "import-not-one-of"),  # kind 学堂
        (9, "import-unknown-community"),  # nowhere
        (11, "import-unknown-key"),  # colour
        (13, "import-bad-days"),  # 周八
        (14, "import-bad-time"),  # 25:00
        (16, "import-close-before-open"),
        (21, "import-bad-number"),  # capacity 0
        (22, "import-duplicate-facility"),
    } <= found, sorted(found)
    assert any(p.message.key == "import-fee-amount" for p in report.problems)
    assert not report.ok
    async with db.uow() as uow:
        assert await uow.facilities.count() == 0
        assert await uow.facilities.units_by_name() == {}
    # Every problem renders as a sentence in both languages, naming what was wrong.
    for problem in report.problems:
        for language in ("zh-CN", "en"):
            line = translator.render(problem.message, language)
            assert line != problem.message.key and "{" not in line
    kind = next(p for p in report.problems if p.line == 3)
    assert "学堂" in translator.render(kind.message, "zh-CN")


async def test_broken_yaml_is_reported_with_its_line(db, clock, tmp_path):
    await _places(db, clock)
    path = tmp_path / "broken.yaml"
    path.write_text("units:\n  - name: [unclosed\n    kind: 学校\n", encoding="utf-8")
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
    assert [p.message.key for p in report.problems] == ["polish-yaml-unclosed"]
    assert report.problems[0].line >= 2


async def test_importing_again_updates_existing_facilities(db, clock, tmp_path):
    await _places(db, clock)
    path = tmp_path / "dir.yaml"
    path.write_text(GOOD, encoding="utf-8")
    async with db.uow() as uow:
        first = await import_directory(uow, path, now=clock.now())
        await uow.commit()
    assert (first.units_created, first.facilities_created) == (1, 1)

    changed = GOOD.replace('close: "11:00"', 'close: "12:00"').replace(
        "fee: 免费", "fee: 低偿\n        fee_amount: 5\n        fee_unit: 每次"
    )
    path.write_text(changed, encoding="utf-8")
    async with db.uow() as uow:
        second = await import_directory(uow, path, now=clock.now())
        await uow.commit()
    assert (second.units_created, second.facilities_created, second.facilities_updated) == (0, 0, 1)
    async with db.uow() as uow:
        unit = (await uow.facilities.units_by_name())["测试小学"]
        (field,) = unit.facilities
        assert field.fee_amount == Decimal("5.00")
        assert {(w.weekday, w.closes) for w in field.hours} == {
            (5, dt.time(12, 0)),
            (6, dt.time(12, 0)),
        }
    async with db.uow() as uow:
        third = await import_directory(uow, path, now=clock.now())
        await uow.commit()
    assert (third.facilities_created, third.facilities_updated) == (0, 0)


async def test_the_import_is_in_the_audit_log(db, clock):
    await factories.demo(db, clock)
    async with db.uow() as uow:
        from sqlalchemy import select

        from linli.storage.models import AuditEntry

        actions = list(await uow.session.scalars(select(AuditEntry.action)))
    assert "facilities.import" in actions


def test_the_demo_file_is_the_one_staff_would_edit():
    text = FACILITIES_FILE.read_text(encoding="utf-8")
    assert text.startswith("#") and "linli facilities import" in text


@pytest.mark.parametrize(
    ("words", "days"),
    [
        ("每天", [0, 1, 2, 3, 4, 5, 6]),
        ("工作日", [0, 1, 2, 3, 4]),
        ("周末", [5, 6]),
        ("周一至周三", [0, 1, 2]),
        ("周一,周三，周五", [0, 2, 4]),
        ("星期六、周日", [5, 6]),
        ("周八", None),
        ("周五至周一", None),
        ("", None),
        (5, None),
    ],
)
def test_days(words, days):
    assert parse_days(words) == days


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("08:30", dt.time(8, 30)),
        ("8：05", dt.time(8, 5)),
        (510, dt.time(8, 30)),  # YAML's reading of an unquoted 08:30
        ("24:00", None),
        ("8.30", None),
        (True, None),
    ],
)
def test_times(value, expected):
    assert parse_time(value) == expected


def test_bad_file_fixture_lines_are_what_the_test_claims():
    lines = textwrap.dedent(BAD).splitlines()
    assert "学堂" in lines[2] and "nowhere" in lines[8] and "colour" in lines[10]
    assert "周八" in lines[12] and "25:00" in lines[13] and "capacity: 0" in lines[20]


@pytest.mark.parametrize(
    ("text", "key"),
    [
        # "Billion laughs": 600 bytes that expand to gigabytes through aliases.
        (
            'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
            + "".join(
                f"{chr(98 + n)}: &{chr(98 + n)} [{', '.join(['*' + chr(97 + n)] * 9)}]\n"
                for n in range(8)
            )
            + "units: *i\n",
            "import-no-anchors",
        ),
        ("units: " + "[" * 20_000 + "]" * 20_000 + "\n", "import-too-deep"),
        ("units: []\n# " + "x" * 2_100_000 + "\n", "import-too-large"),
    ],
    ids=["aliases", "deep", "large"],
)
def test_hostile_files_are_refused_before_anything_is_built(tmp_path, text, key):
    from linli.handlers.facilities.importer import read_file

    path = tmp_path / "hostile.yaml"
    path.write_text(text, encoding="utf-8")
    units, problems = read_file(path, {"xinhuashe"})
    assert units == []
    assert [p.message.key for p in problems] == [key]
