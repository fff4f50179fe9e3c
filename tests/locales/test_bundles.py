"""Messages parsed on first use render exactly as a bundle parsed whole renders them."""

from __future__ import annotations

from fluent.runtime import FluentBundle, FluentResource

from linli.bot.i18n import LOCALES_DIR
from linli.handlers.kit.bundles import locale_bundles

SOURCE = """\
### A file's comment

-brand = 邻里
# A message's comment
hello = 你好，{ -brand }
    .title = 标题
farewell =
    再见，{ $name }
    明天见
count = { $n ->
    [one] 一个
   *[other] { $n } 个
}
quoted = { hello } 和 { -brand }
hello = 重复的 id：第一个算数
"""


def _eager(folder) -> FluentBundle:
    bundle = FluentBundle([folder.name], use_isolating=False)
    for file in sorted(folder.glob("*.ftl")):
        bundle.add_resource(FluentResource(file.read_text(encoding="utf-8")))
    return bundle


def test_each_message_is_parsed_when_first_asked_for_with_what_it_refers_to(tmp_path):
    (tmp_path / "zh-CN").mkdir()
    (tmp_path / "zh-CN" / "a.ftl").write_text(SOURCE, encoding="utf-8")
    lazy = locale_bundles(tmp_path)["zh-CN"]
    eager = _eager(tmp_path / "zh-CN")
    assert lazy._messages == {}  # nothing parsed yet
    message = lazy.get_message("quoted")
    assert lazy.format_pattern(message.value, {}) == ("你好，邻里 和 邻里", [])
    assert set(lazy._messages) == {"quoted", "hello"}  # and not farewell, count
    for key, args in (("hello", {}), ("farewell", {"name": "王"}), ("count", {"n": 1})):
        assert lazy.has_message(key)
        assert lazy.format_pattern(lazy.get_message(key).value, args) == eager.format_pattern(
            eager.get_message(key).value, args
        )
    assert set(lazy.get_message("hello").attributes) == {"title"}
    assert not lazy.has_message("nowhere")


def test_every_message_of_the_locales_renders_as_when_parsed_whole():
    lazy = locale_bundles(LOCALES_DIR)
    args = {"buttons": "tap", "n": 2, "count": 3, "name": "王"}
    compared = 0
    for folder in sorted(p for p in LOCALES_DIR.iterdir() if p.is_dir()):
        eager = _eager(folder)
        for key in eager._messages:
            assert lazy[folder.name].has_message(key), key
            want, got = eager.get_message(key), lazy[folder.name].get_message(key)
            if want.value is not None:
                assert lazy[folder.name].format_pattern(got.value, args) == (
                    eager.format_pattern(want.value, args)
                ), key
                compared += 1
    assert compared > 3000
