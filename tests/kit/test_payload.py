"""Button payloads fit Telegram's 64 bytes in any language, and bad ones never crash."""

import pytest

from linli.handlers.kit import payload as codec
from linli.handlers.kit.reply import Button
from linli.handlers.kit.text import t


def test_round_trip_with_chinese_and_separators():
    encoded = codec.encode("c", "profile", "home", "七星园|南区%")
    assert codec.decode(encoded) == ("c", ["profile", "home", "七星园|南区%"])


def test_limit_is_bytes_not_characters():
    # 21 Chinese characters are 63 bytes: with "x|" in front that is 65 bytes.
    assert len(codec.encode("x", "中" * 20).encode()) == 62
    with pytest.raises(codec.PayloadTooLong):
        codec.encode("x", "中" * 21)
    # 64 ASCII bytes pass, 65 do not.
    codec.encode("x", "a" * 62)
    with pytest.raises(codec.PayloadTooLong):
        codec.encode("x", "a" * 63)


def test_button_refuses_an_over_long_payload():
    with pytest.raises(codec.PayloadTooLong):
        Button(t("nav-back"), "c|" + "社区" * 11)  # 2 + 66 bytes


def test_escaping_is_counted_in_the_limit():
    with pytest.raises(codec.PayloadTooLong):
        codec.encode("x", "|" * 21)  # each | becomes %7C: 63 bytes + "x|"


@pytest.mark.parametrize("garbage", ["", "|||", "c|a", "%7C%25", "中" * 30, "go|"])
def test_decode_never_raises(garbage):
    action, args = codec.decode(garbage)
    assert isinstance(action, str) and isinstance(args, list)


def test_action_must_be_a_plain_word():
    with pytest.raises(ValueError):
        codec.encode("a|b")
