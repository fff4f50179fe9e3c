"""Typed dates, times and choice numbers, written the ways people write them."""

import datetime as dt

import pytest

from linli.handlers.kit.parse import (
    choice_number,
    forged_number,
    parse_span,
)
from linli.handlers.kit.when import parse_time


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("14:00-16:00", (dt.time(14), dt.time(16))),
        ("14点到16点30", (dt.time(14), dt.time(16, 30))),
        ("９：３０～１１：００", (dt.time(9, 30), dt.time(11))),
        ("16:00-14:00", None),
        ("25:00-26:00", None),
        ("14:00", None),
    ],
)
def test_span(text, span):
    assert parse_span(text) == span


def test_time():
    assert parse_time("8点") == dt.time(8)


@pytest.mark.parametrize(
    ("text", "number"),
    [
        ("1", 1),
        ("２", 2),
        ("１２", 12),
        ("一", 1),
        ("两", 2),
        ("十", 10),
        ("十一", 11),
        ("二十", 20),
        ("九十九", 99),
        ("第一个", 1),
        ("第1个", 1),
        ("第二", 2),
        ("第三项", 3),
        ("第 2 个", 2),
        ("1号", 1),
        ("1.", 1),
        ("1、", 1),
        ("1。", 1),
        ("(1)", 1),
        ("（1）", 1),
        ("①", 1),
        (" 3 ", 3),
        # Not a choice: past 99, zero, words, sums, decimals, doubled marks.
        ("100", None),
        ("一百", None),
        ("0", None),
        ("零", None),
        ("十十", None),
        ("二二", None),
        ("第", None),
        ("12.5", None),
        ("-1", None),
        ("1..", None),
        ("1x", None),
        ("菜单", None),
        ("", None),
    ],
)
def test_choice_number(text, number):
    assert choice_number(text) == number


def test_choice_number_is_bounded_by_the_choices():
    assert choice_number("三", high=2) is None
    assert choice_number("二", high=2) == 2


def test_a_circled_digit_typed_is_a_choice_but_in_a_payload_a_forgery():
    assert choice_number("①") == 1
    assert forged_number("①")
