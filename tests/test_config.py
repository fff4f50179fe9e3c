"""Settings: LINLI_ variables and .env, sensible defaults, one clear line per bad value."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from linli.bot.config import SettingsError, load_settings


@pytest.fixture(autouse=True)
def _clean_env(monkeypatch, tmp_path):
    for name in list(os.environ):
        if name.startswith("LINLI_"):
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)  # no stray .env, and var/ is made here


def test_defaults(tmp_path):
    settings = load_settings()
    assert settings.database.url.get_secret_value() == "sqlite+aiosqlite:///var/linli.db"
    assert (settings.timezone, settings.default_language) == ("Asia/Shanghai", "zh-CN")
    assert (tmp_path / "var").is_dir()  # the SQLite folder is created


def test_env_file_and_environment(tmp_path, monkeypatch):
    (tmp_path / ".env").write_text("LINLI_DEFAULT_LANGUAGE=en\nLINLI_TIMEZONE=Asia/Urumqi\n")
    monkeypatch.setenv("LINLI_TIMEZONE", "Asia/Hong_Kong")
    settings = load_settings()
    assert settings.default_language == "en"
    assert settings.timezone == "Asia/Hong_Kong"  # the environment wins over .env


@pytest.mark.parametrize(
    ("name", "value", "words"),
    [
        ("LINLI_TIMEZONE", "Mars/Olympus", "IANA time zone"),
        ("LINLI_DEFAULT_LANGUAGE", "fr", "zh-CN"),
        ("LINLI_DATABASE_URL", "mysql://x", "sqlite+aiosqlite://"),
        ("LINLI_OUTBOX_POLL_SECONDS", "-1", "greater than 0"),
    ],
)
def test_a_bad_value_names_the_variable_and_what_is_allowed(monkeypatch, name, value, words):
    monkeypatch.setenv(name, value)
    with pytest.raises(SettingsError) as error:
        load_settings()
    (line,) = str(error.value).splitlines()
    assert line.startswith(name + ":") and words in line


def test_the_database_url_is_never_echoed(monkeypatch):
    monkeypatch.setenv("LINLI_DATABASE_URL", "mysql://user:hunter2@db/x")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert "hunter2" not in str(error.value)


def test_start_up_stops_with_one_line(tmp_path):
    env = {k: v for k, v in os.environ.items() if not k.startswith("LINLI_")}
    env["LINLI_TIMEZONE"] = "Nowhere/Town"
    done = subprocess.run(
        [sys.executable, "-m", "linli.bot", "db", "upgrade"],
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "LINLI_TIMEZONE: must be an IANA time zone such as Asia/Shanghai (got 'Nowhere/Town')"
    ]


def test_booking_rules_come_from_settings(monkeypatch):
    import datetime as dt

    from linli.bot.app import core_config

    monkeypatch.setenv("LINLI_BOOKING_WEEK_LIMIT", "3")
    monkeypatch.setenv("LINLI_BOOKING_EVENING_REMINDER", "19:30")
    monkeypatch.setenv("LINLI_BOOKING_HOLD_MINUTES", "45")
    rules = core_config(load_settings()).booking
    assert (rules.week_limit, rules.evening_reminder, rules.hold) == (
        3,
        dt.time(19, 30),
        dt.timedelta(minutes=45),
    )


def test_a_webhook_needs_a_secret_of_allowed_characters(monkeypatch):
    monkeypatch.setenv("LINLI_TELEGRAM_WEBHOOK_URL", "https://example.org/telegram")
    with pytest.raises(SettingsError) as missing:
        load_settings()
    assert "LINLI_TELEGRAM_WEBHOOK_SECRET" in str(missing.value)
    monkeypatch.setenv("LINLI_TELEGRAM_WEBHOOK_SECRET", "has spaces!")
    with pytest.raises(SettingsError) as bad:
        load_settings()
    assert "A-Z a-z 0-9 _ -" in str(bad.value) and "has spaces" not in str(bad.value)
    monkeypatch.setenv("LINLI_TELEGRAM_WEBHOOK_SECRET", "good_secret-1")
    assert load_settings().telegram.webhook_secret.get_secret_value() == "good_secret-1"


def test_the_telegram_library_is_one_of_two(monkeypatch):
    monkeypatch.setenv("LINLI_TELEGRAM_LIBRARY", "telethon")
    with pytest.raises(SettingsError) as error:
        load_settings()
    assert str(error.value).startswith("LINLI_TELEGRAM_LIBRARY:") and "aiogram" in str(error.value)


def test_every_setting_is_a_linli_variable_in_the_example(monkeypatch):
    """Settings are grouped by area in code, named LINLI_<AREA>_<FIELD> outside; the
    example lists each one, and each variable it lists is read."""
    from pathlib import Path

    from pydantic import BaseModel

    from linli.bot.config import Settings

    names = set()
    for name, info in Settings.model_fields.items():
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel):
            names |= {f"LINLI_{name}_{field}".upper() for field in info.annotation.model_fields}
        else:
            names.add(f"LINLI_{name}".upper())
    example = (Path(__file__).parent.parent / ".env.example").read_text(encoding="utf-8")
    listed = {line.lstrip("# ").split("=")[0] for line in example.splitlines() if "=" in line}
    assert names == {name for name in listed if name.startswith("LINLI_")}
    assert {"LINLI_TELEGRAM_TOKEN", "LINLI_BOOKING_WEEK_LIMIT", "LINLI_DATABASE_URL"} <= names
    monkeypatch.setenv("LINLI_TELEGRAM_WEBHOOK_URL", "https://example.org/telegram")
    monkeypatch.setenv("LINLI_TELEGRAM_WEBHOOK_SECRET", "s")
    monkeypatch.setenv("LINLI_MARKET_BAR_DAYS", "30")
    settings = load_settings()
    assert (settings.telegram.webhook_url, settings.market.bar.days) == (
        "https://example.org/telegram",
        30,
    )
