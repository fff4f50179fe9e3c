"""Holidays and 调休 decide which weekly rule a day follows; windows, exceptions and "open now".

Dates are the State Council's 2026 schedule as chinese-calendar 1.11 has it: National Day
10-01..10-07 (10-01 a Thursday) with 9-20 (Sunday) and 10-10 (Saturday) worked; 2-14 and
2-28 (Saturdays) worked for the Spring Festival. 2027 is not published in it yet.
"""

from __future__ import annotations

from datetime import date, datetime, time, timedelta
from zoneinfo import ZoneInfo

import pytest

from linli.handlers.facilities.calendar import (
    DayException,
    day_info,
    is_open_at,
    next_opening,
    official_schedule_loaded,
    windows_on,
)

SHANGHAI = ZoneInfo("Asia/Shanghai")

NATIONAL_DAY_2026 = date(2026, 10, 1)  # Thursday, off
MAKEUP_SATURDAY_2026 = date(2026, 10, 10)  # Saturday, worked for National Day
MAKEUP_SUNDAY_2026 = date(2026, 9, 20)  # Sunday, worked for National Day
ORDINARY_SATURDAY_2026 = date(2026, 10, 17)
ORDINARY_THURSDAY_2026 = date(2026, 10, 8)  # first working day after the holiday

EVENING = (time(17, 30), time(20, 30))
MORNING = (time(7, 0), time(11, 0))
AFTERNOON = (time(15, 0), time(19, 0))
# A school playground: evenings on school days, mornings and afternoons at weekends.
PLAYGROUND = {**{d: [EVENING] for d in range(5)}, 5: [MORNING, AFTERNOON], 6: [MORNING, AFTERNOON]}


def at(day: date, hour: int, minute: int = 0, second: int = 0) -> datetime:
    return datetime(day.year, day.month, day.day, hour, minute, second, tzinfo=SHANGHAI)


# --- day_info -------------------------------------------------------------------------------


def test_national_day_on_a_thursday_follows_the_sunday_rule():
    info = day_info(NATIONAL_DAY_2026)
    assert NATIONAL_DAY_2026.weekday() == 3
    assert info.is_holiday and not info.is_makeup_workday
    assert info.rule_weekday == 6
    assert info.official
    assert info.name == "National Day"


def test_a_holiday_saturday_keeps_the_saturday_rule():
    info = day_info(date(2026, 10, 3))
    assert info.is_holiday
    assert info.rule_weekday == 5


@pytest.mark.parametrize(
    "day",
    [MAKEUP_SATURDAY_2026, MAKEUP_SUNDAY_2026, date(2026, 2, 14), date(2026, 2, 28)],
)
def test_a_makeup_weekend_day_follows_the_monday_rule(day):
    info = day_info(day)
    assert day.weekday() >= 5
    assert info.is_makeup_workday and not info.is_holiday
    assert info.rule_weekday == 0
    assert info.official


def test_an_ordinary_saturday_is_neither_holiday_nor_workday():
    info = day_info(ORDINARY_SATURDAY_2026)
    assert not info.is_holiday and not info.is_makeup_workday
    assert info.rule_weekday == 5
    assert info.name is None


def test_an_ordinary_weekday_follows_its_own_rule():
    info = day_info(ORDINARY_THURSDAY_2026)
    assert not info.is_holiday and not info.is_makeup_workday
    assert info.rule_weekday == 3


def test_official_schedule_loaded_for_2026_not_2027():
    assert official_schedule_loaded(2026)
    assert not official_schedule_loaded(2027)
    assert not official_schedule_loaded(2003)


def test_2027_falls_back_to_the_rule_based_holidays():
    info = day_info(date(2027, 10, 1))  # a Friday
    assert info.is_holiday
    assert info.rule_weekday == 6
    assert not info.official
    assert info.name == "National Day"


def test_2027_ordinary_weekday_and_no_makeup_days_without_the_decree():
    info = day_info(date(2027, 10, 6))  # a Wednesday after the rule's National Day days
    assert not info.is_holiday and not info.is_makeup_workday
    assert info.rule_weekday == 2
    assert not info.official
    saturday = day_info(date(2027, 10, 9))
    assert not saturday.is_makeup_workday and saturday.rule_weekday == 5


def test_no_library_error_escapes_from_2000_to_2100():
    # Whole years where the source changes (2003→2004, 2026→2027), and a day a month elsewhere.
    days = [
        date(year, 1, 1) + timedelta(days=n)
        for year in (2000, 2003, 2004, 2026, 2027, 2100)
        for n in range(365)
    ]
    days += [date(year, month, 1) for year in range(2000, 2101) for month in range(1, 13)]
    for day in days:
        info = day_info(day)
        assert info.official == (2004 <= day.year <= 2026)
        assert 0 <= info.rule_weekday <= 6


# --- windows_on -----------------------------------------------------------------------------


def test_holiday_thursday_has_the_weekend_windows():
    assert windows_on(NATIONAL_DAY_2026, PLAYGROUND, []) == [MORNING, AFTERNOON]


def test_makeup_saturday_has_the_weekday_window():
    assert windows_on(MAKEUP_SATURDAY_2026, PLAYGROUND, []) == [EVENING]


def test_ordinary_days_follow_their_own_weekday():
    assert windows_on(ORDINARY_SATURDAY_2026, PLAYGROUND, []) == [MORNING, AFTERNOON]
    assert windows_on(ORDINARY_THURSDAY_2026, PLAYGROUND, []) == [EVENING]


def test_2027_national_day_has_the_weekend_windows():
    assert windows_on(date(2027, 10, 1), PLAYGROUND, []) == [MORNING, AFTERNOON]


def test_a_weekday_without_a_rule_has_no_windows():
    assert windows_on(ORDINARY_THURSDAY_2026, {5: [MORNING]}, []) == []


def test_a_closure_closes_the_whole_day_even_with_an_extra_opening():
    closed = DayException(day=ORDINARY_THURSDAY_2026, closed=True, opens=None, closes=None)
    extra = DayException(ORDINARY_THURSDAY_2026, False, time(9, 0), time(10, 0))
    assert windows_on(ORDINARY_THURSDAY_2026, PLAYGROUND, [closed]) == []
    assert windows_on(ORDINARY_THURSDAY_2026, PLAYGROUND, [extra, closed]) == []


def test_an_exception_on_another_day_changes_nothing():
    closed = DayException(ORDINARY_SATURDAY_2026, True, None, None)
    assert windows_on(ORDINARY_THURSDAY_2026, PLAYGROUND, [closed]) == [EVENING]


def test_extra_openings_are_added_sorted_and_merged():
    day = ORDINARY_THURSDAY_2026
    extras = [
        DayException(day, False, time(16, 0), time(18, 0)),  # overlaps the evening
        DayException(day, False, time(20, 30), time(21, 0)),  # touches its end
        DayException(day, False, time(9, 0), time(10, 0)),  # separate, earlier
    ]
    assert windows_on(day, PLAYGROUND, extras) == [
        (time(9, 0), time(10, 0)),
        (time(16, 0), time(21, 0)),
    ]


def test_overlapping_weekly_windows_are_merged():
    weekly = {3: [(time(10, 0), time(12, 0)), (time(8, 0), time(11, 0))]}
    assert windows_on(ORDINARY_THURSDAY_2026, weekly, []) == [(time(8, 0), time(12, 0))]


@pytest.mark.parametrize(
    ("opens", "closes"),
    [(None, time(10, 0)), (time(9, 0), None), (time(10, 0), time(10, 0)), (time(11, 0), time(9))],
)
def test_an_extra_opening_needs_opens_before_closes(opens, closes):
    with pytest.raises(ValueError):
        DayException(ORDINARY_THURSDAY_2026, False, opens, closes)


# --- is_open_at -----------------------------------------------------------------------------


def test_open_from_opens_until_just_before_closes():
    day = ORDINARY_THURSDAY_2026
    assert not is_open_at(at(day, 17, 29, 59), PLAYGROUND, [])
    assert is_open_at(at(day, 17, 30), PLAYGROUND, [])
    assert is_open_at(at(day, 20, 29, 59), PLAYGROUND, [])
    assert not is_open_at(at(day, 20, 30), PLAYGROUND, [])


def test_holiday_is_open_in_the_weekend_windows_only():
    assert is_open_at(at(NATIONAL_DAY_2026, 8), PLAYGROUND, [])
    assert not is_open_at(at(NATIONAL_DAY_2026, 12), PLAYGROUND, [])
    assert is_open_at(at(NATIONAL_DAY_2026, 18, 30), PLAYGROUND, [])
    assert not is_open_at(at(NATIONAL_DAY_2026, 19), PLAYGROUND, [])


def test_makeup_saturday_is_closed_in_the_morning_and_open_in_the_evening():
    assert not is_open_at(at(MAKEUP_SATURDAY_2026, 8), PLAYGROUND, [])
    assert is_open_at(at(MAKEUP_SATURDAY_2026, 18), PLAYGROUND, [])


def test_closed_all_day_by_exception():
    closed = DayException(ORDINARY_THURSDAY_2026, True, None, None)
    assert not is_open_at(at(ORDINARY_THURSDAY_2026, 18), PLAYGROUND, [closed])


def test_a_naive_moment_is_refused():
    with pytest.raises(ValueError):
        is_open_at(datetime(2026, 10, 8, 18, 0), PLAYGROUND, [])
    with pytest.raises(ValueError):
        next_opening(datetime(2026, 10, 8, 18, 0), PLAYGROUND, [])


# --- next_opening ---------------------------------------------------------------------------


def test_when_open_the_current_window_is_returned():
    day = ORDINARY_THURSDAY_2026
    assert next_opening(at(day, 18), PLAYGROUND, []) == (day, EVENING)
    assert next_opening(at(day, 17, 30), PLAYGROUND, []) == (day, EVENING)


def test_before_opening_the_same_days_window_is_returned():
    day = ORDINARY_THURSDAY_2026
    assert next_opening(at(day, 10), PLAYGROUND, []) == (day, EVENING)


def test_between_windows_the_next_window_that_day():
    assert next_opening(at(NATIONAL_DAY_2026, 12), PLAYGROUND, []) == (NATIONAL_DAY_2026, AFTERNOON)


def test_at_closing_time_the_next_days_first_window():
    day = ORDINARY_THURSDAY_2026
    assert next_opening(at(day, 20, 30), PLAYGROUND, []) == (date(2026, 10, 9), EVENING)


def test_after_friday_evening_the_makeup_saturday_opens_on_the_weekday_rule():
    friday = date(2026, 10, 9)
    assert next_opening(at(friday, 21), PLAYGROUND, []) == (MAKEUP_SATURDAY_2026, EVENING)


def test_a_closure_is_skipped():
    closed = DayException(date(2026, 10, 9), True, None, None)
    found = next_opening(at(ORDINARY_THURSDAY_2026, 21), PLAYGROUND, [closed])
    assert found == (MAKEUP_SATURDAY_2026, EVENING)


def test_nothing_within_days_is_none():
    day = ORDINARY_THURSDAY_2026
    assert next_opening(at(day, 21), PLAYGROUND, [], days=1) is None
    assert next_opening(at(day, 21), PLAYGROUND, [], days=2) == (date(2026, 10, 9), EVENING)
    assert next_opening(at(day, 9), {}, []) is None
    closures = [DayException(day + timedelta(days=n), True, None, None) for n in range(14)]
    assert next_opening(at(day, 9), PLAYGROUND, closures) is None
    assert next_opening(at(day, 9), PLAYGROUND, closures, days=15) == (
        day + timedelta(days=14),
        EVENING,
    )
