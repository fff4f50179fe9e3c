"""The account's custom menu: at most 3 buttons, each with at most 5 below, names that fit.

WeChat refuses a whole menu for one bad button (40018 for a name too long), so the menu is
checked offline first (`linli wechat menu --check`) against every limit WeChat documents.
"""

from __future__ import annotations

from typing import Any

from linli.bot.i18n import Translator
from linli.handlers.kit import payload as codec
from linli.handlers.kit.text import Text, t

MAX_TOP, MAX_SUB = 3, 5
MAX_TOP_NAME, MAX_SUB_NAME = 16, 60  # UTF-8 bytes: about 5 and 20 Chinese characters
MAX_KEY, MAX_URL = 128, 1024  # bytes
BUTTON_TYPES = {
    "click",
    "view",
    "miniprogram",
    "scancode_push",
    "scancode_waitmsg",
    "pic_sysphoto",
    "pic_photo_or_album",
    "pic_weixin",
    "location_select",
    "media_id",
    "article_id",
    "article_view_limited",
}

# Short names of their own (the chat menu's names are too long for WeChat's 16 bytes);
# every flow of the resident menu (handlers/wiring.py resident_menu) is in here, a test checks it.
MENU: tuple[tuple[Text, tuple[tuple[Text, str], ...]], ...] = (
    (
        t("wechat-menu-places"),
        (
            (t("wechat-menu-find"), codec.encode("go", "facilities")),
            (t("menu-reserve"), codec.encode("go", "reserve")),
            (t("menu-mine"), codec.encode("go", "mine")),
        ),
    ),
    (
        t("wechat-menu-together"),
        (
            (t("menu-events"), codec.encode("go", "events")),
            (t("menu-proposals"), codec.encode("go", "proposals")),
            (t("menu-market"), codec.encode("go", "market")),
        ),
    ),
    (
        t("wechat-menu-me"),
        (
            (t("menu-profile"), codec.encode("go", "profile")),
            (t("menu-contact"), codec.encode("go", "contact")),
            (t("wechat-menu-main"), codec.encode("menu")),
        ),
    ),
)


# Staff and operators see their tools in place of 我的 (a conditional menu by user tag).
STAFF_MENU = (
    *MENU[:2],
    (
        t("wechat-menu-office"),
        (
            (t("menu-staff"), codec.encode("go", "staff")),
            (t("menu-manage"), codec.encode("go", "manage")),
            (t("wechat-menu-notice"), codec.encode("go", "notice_new")),
            (t("menu-profile"), codec.encode("go", "profile")),
            (t("wechat-menu-main"), codec.encode("menu")),
        ),
    ),
)
STAFF_TAG = "linli-staff"  # the user tag the staff menu is shown to


# The group the public 公示栏 (a VIEW button: a web page, not a chat screen) goes under.
BOARD_GROUP = 1


def custom_menu(
    translator: Translator, locale: str, table=MENU, board_url: str | None = None
) -> dict:
    """Click buttons whose keys are the chat's own payloads, so a click is a button press;
    with `board_url` (a public address is set), a VIEW button opens the public board."""
    menu = {
        "button": [
            {
                "name": translator.render(name, locale),
                "sub_button": [
                    {"type": "click", "name": translator.render(label, locale), "key": key}
                    for label, key in subs
                ],
            }
            for name, subs in table
        ]
    }
    if board_url:
        menu["button"][BOARD_GROUP]["sub_button"].append(
            {
                "type": "view",
                "name": translator.render(t("console-board-wechat-menu"), locale),
                "url": board_url,
            }
        )
    return menu


def staff_menu(
    translator: Translator, locale: str, tag_id: int | str, board_url: str | None = None
) -> dict:
    """The conditional menu for everyone with the staff tag."""
    menu = custom_menu(translator, locale, STAFF_MENU, board_url)
    menu["matchrule"] = {"tag_id": str(tag_id)}
    return menu


def _size(value: Any) -> int:
    return len(str(value).encode("utf-8"))


def check_menu(menu: Any) -> list[Text]:
    """Every way this menu breaks WeChat's limits, each naming its button; [] when none."""
    buttons = menu.get("button") if isinstance(menu, dict) else None
    if not isinstance(buttons, list) or not buttons:
        return [t("wechat-menu-no-buttons")]
    problems: list[Text] = []
    if len(buttons) > MAX_TOP:
        problems.append(t("wechat-menu-too-many-top", count=len(buttons), limit=MAX_TOP))
    for number, button in enumerate(buttons, start=1):
        if not isinstance(button, dict):
            problems.append(t("wechat-menu-not-a-button", button=str(number)))
            continue
        label = str(number)
        problems += _check_name(button, label, MAX_TOP_NAME)
        subs = button.get("sub_button")
        if subs is None:
            problems += _check_action(button, label)
            continue
        if not isinstance(subs, list) or not 1 <= len(subs) <= MAX_SUB:
            size = len(subs) if isinstance(subs, list) else 0
            problems.append(t("wechat-menu-sub-count", button=label, count=size, limit=MAX_SUB))
            subs = subs if isinstance(subs, list) else []
        for sub_number, sub in enumerate(subs, start=1):
            sub_label = f"{number}.{sub_number}"
            if not isinstance(sub, dict):
                problems.append(t("wechat-menu-not-a-button", button=sub_label))
                continue
            problems += _check_name(sub, sub_label, MAX_SUB_NAME)
            problems += _check_action(sub, sub_label)
    return problems


def _check_name(button: dict, label: str, limit: int) -> list[Text]:
    name = button.get("name")
    if not isinstance(name, str) or not name.strip():
        return [t("wechat-menu-no-name", button=label)]
    if _size(name) > limit:
        return [t("wechat-menu-long-name", button=label, name=name, size=_size(name), limit=limit)]
    return []


def _check_action(button: dict, label: str) -> list[Text]:
    kind = button.get("type")
    name = str(button.get("name", ""))
    if kind not in BUTTON_TYPES:
        return [t("wechat-menu-bad-type", button=label, name=name, type=str(kind))]
    if kind in ("view", "miniprogram"):
        url = button.get("url")
        if not isinstance(url, str) or not url or _size(url) > MAX_URL:
            return [t("wechat-menu-bad-url", button=label, name=name, limit=MAX_URL)]
    elif kind in ("media_id", "article_id", "article_view_limited"):
        if not button.get("media_id") and not button.get("article_id"):
            return [t("wechat-menu-bad-key", button=label, name=name, limit=MAX_KEY)]
    else:
        key = button.get("key")
        if not isinstance(key, str) or not key or _size(key) > MAX_KEY:
            return [t("wechat-menu-bad-key", button=label, name=name, limit=MAX_KEY)]
    return []
