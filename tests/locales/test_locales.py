"""Every message exists in zh-CN and en, every file parses, every key the code uses is there."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from fluent.syntax import FluentParser
from fluent.syntax import ast as fluent_ast

from linli.bot.i18n import CHANNEL_VARIABLE, LOCALES_DIR, Translator
from linli.handlers.kit.text import t

ROOT = Path(__file__).resolve().parents[2]
LANGUAGES = ("zh-CN", "en")


def _entries(language: str) -> dict[str, tuple[str, set[str]]]:
    """Message id → (file, variables used) for one language."""
    found = {}
    for file in sorted((LOCALES_DIR / language).glob("*.ftl")):
        resource = FluentParser().parse(file.read_text(encoding="utf-8"))
        for entry in resource.body:
            if isinstance(entry, fluent_ast.Message):
                variables = {
                    node.id.name
                    for node in _walk(entry)
                    if isinstance(node, fluent_ast.VariableReference)
                }
                found[entry.id.name] = (file.name, variables)
    return found


def _walk(node):
    yield node
    for value in vars(node).values():
        children = value if isinstance(value, list) else [value]
        for child in children:
            if isinstance(child, fluent_ast.BaseNode):
                yield from _walk(child)


# In the web console's templates: t("key", name=…).
TEMPLATE_CALL = re.compile(r"""\bt\(\s*["']([a-z0-9-]+)["']([^)]*)\)""")
TEMPLATE_ARGUMENT = re.compile(r"(\w+)\s*=")
# Console keys handed over by name: routes.get(…, nav="…"), page.redirect(…, flash="…").
KEY_KEYWORDS = ("nav", "flash")


def _template_keys(keys: dict[str, list[tuple[str, int, set[str]]]]) -> None:
    for file in (ROOT / "bot").rglob("*.html"):
        text = file.read_text(encoding="utf-8")
        for found in TEMPLATE_CALL.finditer(text):
            line = text.count("\n", 0, found.start()) + 1
            names = set(TEMPLATE_ARGUMENT.findall(found.group(2)))
            where = f"{file.relative_to(ROOT)}:{line}"
            keys.setdefault(found.group(1), []).append((where, line, names))


def _code_keys() -> dict[str, list[tuple[str, int, set[str]]]]:
    """Every t("key", name=…) in the code (and page.t("key", …) and t(…) in the console's
    templates): key → [(file, line, argument names), …]."""
    keys: dict[str, list[tuple[str, int, set[str]]]] = {}
    _template_keys(keys)
    for folder in ("handlers", "bot"):
        for file in (ROOT / folder).rglob("*.py"):
            tree = ast.parse(file.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                if not isinstance(node, ast.Call):
                    continue
                for keyword in node.keywords:
                    if (
                        keyword.arg in KEY_KEYWORDS
                        and isinstance(keyword.value, ast.Constant)
                        and isinstance(keyword.value.value, str)
                    ):
                        where = f"{file.relative_to(ROOT)}:{node.lineno}"
                        keys.setdefault(keyword.value.value, []).append((where, node.lineno, set()))
                method = isinstance(node.func, ast.Attribute) and node.func.attr == "t"
                if method and node.args and isinstance(node.args[0], ast.Constant):
                    pass  # page.t("key", …): checked like t()
                elif not (isinstance(node.func, ast.Name) and node.func.id == "t"):
                    continue
                first = node.args[0] if node.args else None
                where = f"{file.relative_to(ROOT)}:{node.lineno}"
                assert isinstance(first, ast.Constant) and isinstance(first.value, str), (
                    f"{where}: t() needs a literal key so this test can see it"
                )
                assert all(k.arg for k in node.keywords), f"{where}: ** hides t()'s arguments"
                names = {k.arg for k in node.keywords}
                keys.setdefault(first.value, []).append((where, node.lineno, names))
    return keys


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_file_parses(language):
    files = sorted((LOCALES_DIR / language).glob("*.ftl"))
    assert files
    for file in files:
        resource = FluentParser().parse(file.read_text(encoding="utf-8"))
        junk = [e for e in resource.body if isinstance(e, fluent_ast.Junk)]
        assert not junk, f"{file}: cannot parse {junk[0].content[:80]!r}"


def test_both_languages_have_the_same_keys_in_the_same_files():
    zh, en = _entries("zh-CN"), _entries("en")
    assert sorted(set(zh) - set(en)) == [], "in zh-CN only"
    assert sorted(set(en) - set(zh)) == [], "in en only"
    for key in zh:
        assert zh[key][0] == en[key][0], f"{key} lives in different files"
        assert zh[key][1] == en[key][1], f"{key} uses different variables"


def test_every_key_used_in_code_exists_with_exactly_its_variables():
    messages = _entries("zh-CN")
    used = _code_keys()
    assert len(used) > 50
    for key, usages in used.items():
        for where, _line, names in usages:
            assert key in messages, f"{where}: {key} is not in locales"
            # $buttons is the translator's own ("tap" on Telegram, "number" elsewhere).
            assert messages[key][1] - {CHANNEL_VARIABLE} == names, (
                f"{where}: {key} takes {sorted(messages[key][1])}, given {sorted(names)}"
            )


def test_no_message_is_left_unused():
    used = set(_code_keys()) | {"raw"}
    assert sorted(set(_entries("zh-CN")) - used) == []


def test_nested_messages_render_in_the_users_language():
    translator = Translator()
    text = t("profile-role-line", role=t("role-staff"), community=t("profile-not-set"), unit="")
    assert "社区工作人员" in translator.render(text, "zh-CN")
    assert "community staff" in translator.render(text, "en")


def test_an_unknown_language_falls_back_to_the_default():
    assert Translator().render(t("nav-back"), "fr") == "返回上一步"


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_message_prints_numbers_as_people_write_them(language):
    """Large and fractional values: no "2,026 年", no "#1,024" to type back, no "2E+1 元"."""
    import re
    from decimal import Decimal

    translator = Translator()
    grouped = re.compile(r"\d,\d{3}")
    for key, (_file, variables) in _entries(language).items():
        variables = variables - {CHANNEL_VARIABLE}  # "tap" or "number", not a number
        if key == "raw" or not variables:  # raw is data shown as it is
            continue
        for value in (1024, 2026, Decimal("20"), Decimal("20.50"), Decimal("1E+1")):
            rendered = translator.render(t(key, **dict.fromkeys(variables, value)), language)
            assert not grouped.search(rendered), (key, rendered)
            assert "E+" not in rendered, (key, rendered)
        money = translator.render(t(key, **dict.fromkeys(variables, Decimal("20.5"))), language)
        assert "20.50" in money, (key, money)


def test_english_counts_agree_with_their_nouns():
    """ "1 booking", "1 person": every count in English goes through a plural selector."""
    import re

    translator = Translator()
    wrong = re.compile(
        r"\b1 (bookings|people|problems|requests|markets|vendors|stalls|applications|events|"
        r"places|proposals|supporters|actions|days|minutes|ratings|no-shows|units|facilities)\b"
    )
    for key, (_file, variables) in _entries("en").items():
        one = translator.render(t(key, **dict.fromkeys(variables, 1)), "en")
        assert not wrong.search(one), (key, one)
    two = translator.render(t("mine-title", count=2), "en")
    assert two.startswith("You have 2 bookings")


def test_telegram_says_tap_where_a_numbered_list_says_reply_with_a_number(translator):
    """Buttons on Telegram are tapped: no "Reply with a number" above an inline keyboard."""
    from linli.bot.channels.telegram.render import render
    from linli.handlers.kit.reply import Button, Reply

    for locale, number, tap in (("zh-CN", "请回复数字选择", "请点选"), ("en", "Reply with", "Tap")):
        reply = Reply(
            messages=[t("menu-title", community="新华社区")],
            buttons=[Button(t("menu-mine"), "x")],
            locale=locale,
        )
        (message,) = render(reply, translator)
        assert tap in message.text and number not in message.text
        assert number in translator.render(t("menu-title", community="新华社区"), locale)
    for key, (_file, variables) in _entries("en").items():
        if CHANNEL_VARIABLE in variables:
            args = dict.fromkeys(variables - {CHANNEL_VARIABLE}, 1)
            for locale in LANGUAGES:
                shown = translator.render(t(key, **args), locale, tap=True)
                assert "number" not in shown and "数字" not in shown, (key, shown)


# Words that may follow a number without being its noun: "#{ $id } was changed".
VERBS = {"is", "was", "has", "does", "carries"}


def test_english_numbers_before_a_plural_noun_go_through_a_selector():
    """ "{ $count } bookings" reads "1 bookings". A variable followed by a word ending in -s
    (a plural noun, unless one of the verbs above) must sit inside a plural selector.
    Only the top level of a message is read: words inside a selector's variants are chosen."""
    import itertools
    import re

    bare = []
    for file in sorted((LOCALES_DIR / "en").glob("*.ftl")):
        for entry in FluentParser().parse(file.read_text(encoding="utf-8")).body:
            if not isinstance(entry, fluent_ast.Message) or entry.value is None:
                continue
            elements = entry.value.elements
            for before, after in itertools.pairwise(elements):
                if not (
                    isinstance(before, fluent_ast.Placeable)
                    and isinstance(before.expression, fluent_ast.VariableReference)
                    and isinstance(after, fluent_ast.TextElement)
                ):
                    continue
                words = re.match(r" ([\w-]+)(?: ([\w-]+))?", after.value)
                if words and any(w and w.endswith("s") and w not in VERBS for w in words.groups()):
                    bare.append(f"{file.name}: {entry.id.name}: {after.value.strip()[:30]}")
    assert bare == []


def test_one_booking_is_one_booking(translator):
    assert translator.render(t("mine-title", count=1), "en").startswith("You have 1 booking.")
