"""The directory file in plain words: a YAML mistake is said in the reader's language at its
line, never in the parser's English (issue 17 point 15); names, descriptions and rules may
come in English too, shown to English readers (point 14)."""

from __future__ import annotations

import pytest

from linli.handlers.facilities.importer import import_directory, parse_days, read_file
from tests import factories
from tests.factories import Chat

HEAD = "units:\n  - name: 测试小学\n    kind: 学校\n"
BROKEN = {
    # a facility's field one space short of its neighbours
    HEAD + "    facilities:\n      - name: 操场\n       category: 运动\n": (
        "polish-yaml-indent",
        6,
    ),
    # one space too many
    HEAD + "    address: 测试路1号\n     fee: 免费\n": ("polish-yaml-colon", 5),
    HEAD + "\taddress: 测试路1号\n": ("polish-yaml-tab", 4),
    HEAD + "    address 测试路1号\n    fee: 免费\n": ("polish-yaml-no-colon", 5),
    HEAD + '    address: "测试路1号\n': ("polish-yaml-unclosed", 5),
}


@pytest.mark.parametrize(("text", "expected"), list(BROKEN.items()))
def test_a_yaml_mistake_is_said_plainly_at_its_line(tmp_path, translator, text, expected):
    path = tmp_path / "broken.yaml"
    path.write_text(text, encoding="utf-8")
    _units, problems = read_file(path, {"xinhuashe"})
    assert [(p.message.key, p.line) for p in problems] == [expected]
    said = translator.render(problems[0].message, "zh-CN")
    for parser_word in ("expected", "mapping", "block", "scanning", "token"):
        assert parser_word not in said


BILINGUAL = """\
units:
  - name: 测试小学
    name_en: Test Primary School
    kind: 学校
    address: 测试路1号
    facilities:
      - name: 操场
        name_en: Playground
        description: 塑胶跑道，四百米。
        description_en: A 400-metre running track.
        rules: 请穿运动鞋。
        rules_en: Sports shoes only.
        category: 运动
        mode: 错时共享
        communities: [xinhuashe]
        fee: 免费
        hours:
          - days: 每天
            open: "06:00"
            close: "22:00"
"""


async def test_english_names_in_the_file_are_shown_to_english_readers_only(
    db, clock, conversation, translator, tmp_path
):
    path = tmp_path / "directory.yaml"
    path.write_text(BILINGUAL, encoding="utf-8")
    await _places(db, clock)
    async with db.uow() as uow:
        report = await import_directory(uow, path, now=clock.now())
        assert report.ok, report.problems
        await uow.commit()
    await factories.user(db, clock, "en1", community_code="xinhuashe", locale="en")
    await factories.user(db, clock, "zh1", community_code="xinhuashe")
    english, chinese = Chat(conversation, translator, "en1"), Chat(conversation, translator, "zh1")
    for chat in (english, chinese):
        await chat.send("")
        await chat.send(chat.number_of("menu-facilities"))
        await chat.send(chat.number_of("facilities-all"))
    assert "Playground" in english.render() and "Test Primary School" in english.render()
    assert "操场" in chinese.render() and "Playground" not in chinese.render()
    await english.send(english.number_named("Playground"))
    await english.send(english.number_of("card-more"))  # the description and rules are there
    card = english.render()
    assert "A 400-metre running track." in card and "Sports shoes only." in card
    assert "操场" not in card and "塑胶跑道" not in card and "请穿运动鞋" not in card
    await chinese.send(chinese.number_named("操场"))
    await chinese.send(chinese.number_of("card-more"))
    card = chinese.render()
    assert "塑胶跑道" in card and "请穿运动鞋" in card and "Playground" not in card
    # Taken out of the file, an English version is cleared like any optional field.
    path.write_text(BILINGUAL.replace("        rules_en: Sports shoes only.\n", ""), "utf-8")
    async with db.uow() as uow:
        assert (await import_directory(uow, path, now=clock.now())).ok
        await uow.commit()
    await english.send("menu")
    for press in ("menu-facilities", "facilities-all"):
        await english.send(english.number_of(press))
    await english.send(english.number_named("Playground"))
    await english.send(english.number_of("card-more"))
    assert "请穿运动鞋" in english.render() and "Sports shoes only." not in english.render()


async def _places(db, clock):
    from linli.handlers.demo import PLACES_FILE
    from linli.handlers.profile.places import import_places

    async with db.uow() as uow:
        await import_places(uow, PLACES_FILE)
        await uow.commit()


@pytest.mark.parametrize(
    ("words", "days"),
    [
        ("Mon-Fri", [0, 1, 2, 3, 4]),
        ("Mon - Fri", [0, 1, 2, 3, 4]),
        ("Monday to Friday", [0, 1, 2, 3, 4]),
        ("Sat, Sun", [5, 6]),
        ("Tues", [1]),
        ("Thurs.", [3]),
        ("weekends", [5, 6]),
        ("every day", list(range(7))),
        ("周一至周五", [0, 1, 2, 3, 4]),
        ("month", None),  # starts like Mon, is not a day
        ("Fri-Mon", None),
    ],
)
def test_english_days_read_as_the_chinese_ones(words, days):
    assert parse_days(words) == days


async def test_an_english_operator_changes_hours_in_english_words(
    db, clock, conversation, translator
):
    await factories.demo(db, clock)
    boss = await factories.staff(db, clock, "boss", "xinhuashe", "qixingyuan", "wufangyuan")
    async with db.uow() as uow:
        (await uow.users.get(boss.id)).locale = "en"
        await uow.commit()
    chat = Chat(conversation, translator, "boss")
    await chat.send("")
    await chat.send(chat.number_of("menu-manage"))
    await chat.send(chat.number_named("舞蹈房"))
    await chat.send(chat.number_of("manage-hours"))
    assert "Mon-Fri 18:00-21:00" in chat.render() and "周" not in chat.render()
    await chat.send("Mon-Fri 19:00-21:00")
    assert chat.keys()[0] == "manage-hours-done"
    assert "19:00" in chat.render()
    await chat.send(chat.number_of("menu-manage"))
    await chat.send(chat.number_named("舞蹈房"))
    await chat.send(chat.number_of("manage-hours"))
    await chat.send("Sun closed")
    assert chat.keys()[0] == "manage-hours-done"
    # Days and times as English speakers type them, at the other English prompts.
    await chat.send(chat.number_of("menu-manage"))
    await chat.send(chat.number_named("舞蹈房"))
    await chat.send(chat.number_of("manage-open"))
    await chat.send("tomorrow 2-5pm")
    assert chat.keys()[0] == "manage-opened"
    assert "tomorrow 14:00–17:00" in chat.render().lower()
    await chat.send(chat.number_of("menu-manage"))
    await chat.send(chat.number_named("舞蹈房"))
    await chat.send(chat.number_of("manage-close"))
    await chat.send("next Sat")
    assert chat.keys()[0] == "manage-close-why"
    await chat.send("repairs")
    assert chat.keys()[0] == "manage-closed"
