"""Chinese text has no spaces inside it: "居民张三已…", "共3人", not "居民 张三 已…"."""

from __future__ import annotations

import re

from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from linli.bot.i18n import LOCALES_DIR, Translator
from linli.handlers.kit.text import raw, t

CJK = "[\u3000-\u303f\u3400-\u9fff\uff00-\uffef]"  # ideographs and full-width punctuation
SLOT = "\x00"  # where a placeable stands in a message's text
STRAY = re.compile(rf"(?<={CJK}) +(?={SLOT})|(?<={SLOT}) +(?={CJK})|(?<={CJK}) +(?={CJK})")

# Reviewed: spaces people must type back, shown as an example of what to type.
ALLOWED = {
    # "周日 不开放": the hours step splits the days from the rest at the space.
    ("manage-hours-ask", "日 不"),
}


def _patterns(node):
    """Every text pattern of a message (its value, attributes and each select variant)."""
    if isinstance(node, fluent_ast.Pattern):
        yield "".join(
            e.value if isinstance(e, fluent_ast.TextElement) else SLOT for e in node.elements
        )
    for value in vars(node).values():
        for child in value if isinstance(value, list) else [value]:
            if isinstance(child, fluent_ast.BaseNode):
                yield from _patterns(child)


def stray_spaces(source: str) -> list[tuple[str, str]]:
    """(message id, the offending piece) for each space inside Chinese text."""
    found = []
    for entry in FluentParser().parse(source).body:
        if not isinstance(entry, fluent_ast.Message):
            continue
        for text in _patterns(entry):
            for match in STRAY.finditer(text):
                piece = text[match.start() - 1 : match.end() + 1]
                if (entry.id.name, piece) not in ALLOWED:
                    found.append((entry.id.name, piece.replace(SLOT, "{}")))
    return found


def test_the_check_sees_spaces_around_names_and_between_words():
    source = (
        "a = 居民 { $name } 已签到。\n"
        "b = 共{ $count } 人\n"
        "c = 请 回复\n"
        "d = 居民{ $name }已签到，共{ $count }人。\n"
        "e = { $day } { $time }\n"
    )
    assert [key for key, _ in stray_spaces(source)] == ["a", "a", "b", "c"]


def test_no_stray_spaces_in_chinese_messages():
    found = []
    for file in sorted((LOCALES_DIR / "zh-CN").glob("*.ftl")):
        found += [(file.name, *hit) for hit in stray_spaces(file.read_text(encoding="utf-8"))]
    assert found == []


def test_a_name_and_a_count_sit_inside_the_sentence():
    shown = Translator().render(t("cli-revoked", user=raw("张三"), community="新华社区", count=2))
    assert shown == "已收回张三在新华社区的2个身份。"
