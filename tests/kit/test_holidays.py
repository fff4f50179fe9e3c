"""The one place features ask what a day is (handlers/kit/holidays.py): staff-loaded dates
first, then chinese-calendar, then an estimate; and the reader of the file staff load.

2026's dates are the State Council's as chinese-calendar 1.11 has them (fixed facts, not
"today"); the uncovered year is found from the package, not written down.
"""

from __future__ import annotations

import datetime as dt

import pytest

from linli.handlers.facilities.calendar import day_info, windows_on
from linli.handlers.kit import holidays

NATIONAL_DAY_2026 = dt.date(2026, 10, 1)  # Thursday
SWAP_SATURDAY_2026 = dt.date(2026, 10, 10)


@pytest.fixture(autouse=True)
def forget_loaded_holidays():
    yield
    holidays.use_loaded([])


def first_uncovered_year() -> int:
    year = 2026
    while holidays.packaged_official(year):
        year += 1
    return year


def test_the_package_then_an_estimate():
    kind = holidays.day_kind(NATIONAL_DAY_2026)
    assert (kind.holiday, kind.name, kind.source) == (True, "National Day", holidays.OFFICIAL)
    swap = holidays.day_kind(SWAP_SATURDAY_2026)
    assert swap.workday and not swap.holiday and not swap.estimated
    assert not holidays.is_holiday(dt.date(2026, 10, 17))  # a plain Saturday
    year = first_uncovered_year()
    new_year = holidays.day_kind(dt.date(year, 1, 1))
    assert new_year.holiday and new_year.estimated
    assert holidays.estimate_notes([dt.date(year - 1, 12, 31), dt.date(year, 1, 1)])[0].args == {
        "year": str(year)
    }
    assert holidays.estimate_notes([dt.date(2026, 6, 1)]) == []


def test_a_loaded_year_replaces_the_package_and_reaches_opening_hours():
    holidays.use_loaded(
        [
            (NATIONAL_DAY_2026, holidays.HOLIDAY, "National Day"),
            (dt.date(2026, 10, 11), "workday", ""),
        ]
    )
    kind = holidays.day_kind(NATIONAL_DAY_2026)
    assert kind.holiday and kind.source == holidays.LOADED and not kind.estimated
    # The whole year is the loaded one: the package's other days of 2026 no longer count.
    assert not holidays.is_holiday(dt.date(2026, 10, 2))
    assert not holidays.day_kind(SWAP_SATURDAY_2026).workday
    assert holidays.day_kind(dt.date(2026, 10, 11)).workday
    # Facilities' hours follow: a weekday holiday opens on Sunday hours, a swap on Monday's.
    weekly = {0: [(dt.time(9), dt.time(10))], 3: [(dt.time(18), dt.time(20))], 6: []}
    assert windows_on(NATIONAL_DAY_2026, weekly, []) == []
    assert windows_on(dt.date(2026, 10, 11), weekly, []) == [(dt.time(9), dt.time(10))]
    assert day_info(NATIONAL_DAY_2026).official


@pytest.mark.parametrize(
    ("name", "canonical"),
    [
        ("Chinese New Year (Spring Festival) (observed)", "Spring Festival"),
        ("Chinese New Year's Eve", "Spring Festival"),
        ("Labor Day", "Labour Day"),
        ("Tomb-Sweeping Day", "Tomb-sweeping Day"),
        ("国庆节", "National Day"),
        ("五一", "Labour Day"),
        ("圣诞", None),
    ],
)
def test_holiday_names_from_every_source(name, canonical):
    assert holidays.canonical_name(name) == canonical


def test_the_loaded_file_is_read_or_refused_with_reasons():
    year = first_uncovered_year()
    found = holidays.read_schedule(
        {
            "year": str(year),
            "holidays": {"国庆": f"{year}-10-01 ~ {year}-10-07", "元旦": [f"{year}-01-01"]},
            "workdays": {"国庆": [f"{year}-09-26", f"{year}-10-09"]},
        }
    )
    assert isinstance(found, holidays.LoadedYear)
    assert len(found.holidays) == 8 and found.holidays[dt.date(year, 10, 7)] == "National Day"
    assert sorted(found.workdays) == [dt.date(year, 9, 26), dt.date(year, 10, 9)]

    wrong = holidays.read_schedule(
        {
            "year": str(year),
            "holidays": {"国庆": f"{year}-10-01 ~ {year}-10-07", "春节": f"{year}-02-30"},
            "workdays": {"国庆": [f"{year}-10-07", f"{year + 1}-01-02"]},
        }
    )
    assert [p.key for p in wrong] == [
        "days-load-bad-days",
        "days-load-wrong-year",
        "days-load-both",
    ]
    assert [p.key for p in holidays.read_schedule({"holidays": {}})] == ["days-load-no-year"]
    assert [p.key for p in holidays.read_schedule({"year": str(year)})] == ["days-load-no-holidays"]
