"""The account's custom menu (at most 3 buttons, each with at most 5 below) from the main menu."""

from __future__ import annotations

from linli.bot.i18n import Translator
from linli.handlers.kit import payload as codec
from linli.handlers.kit.text import t
from linli.handlers.profile.menu import RESIDENT_MENU

MAX_TOP, MAX_SUB = 3, 5


def custom_menu(translator: Translator, locale: str) -> dict:
    """Click buttons whose keys are the menu's own payloads, so a click is a button press."""
    entries = [
        {"type": "click", "name": translator.render(label, locale), "key": codec.encode("go", flow)}
        for label, flow in RESIDENT_MENU
    ]
    if len(entries) <= MAX_TOP:
        return {"button": entries}
    top = entries[: MAX_TOP - 1]
    rest = entries[MAX_TOP - 1 :][:MAX_SUB]
    return {
        "button": [
            *top,
            {"name": translator.render(t("wechat-menu-more"), locale), "sub_button": rest},
        ]
    }
