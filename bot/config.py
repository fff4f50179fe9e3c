"""Settings from the environment and `.env`, all prefixed `LINLI_`."""

from __future__ import annotations

import base64
import datetime as dt
import re
from pathlib import Path
from typing import Any, Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError

SUPPORTED_LANGUAGES = ("zh-CN", "en")


class SettingsError(Exception):
    """A setting has a value we cannot run with; the message is one line per problem."""


class Settings(BaseSettings):
    model_config = SettingsConfigDict(
        env_prefix="LINLI_", env_file=".env", env_file_encoding="utf-8", extra="ignore"
    )

    # A secret: a PostgreSQL URL carries its password.
    database_url: SecretStr = SecretStr("sqlite+aiosqlite:///var/linli.db")
    timezone: str = "Asia/Shanghai"
    default_language: Literal["zh-CN", "en"] = "zh-CN"
    log_level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    # "json": one JSON object per line, for a log collector; "text" for people.
    log_format: Literal["text", "json"] = "text"
    # How long an SQLite writer waits for another's lock before the request is tried again.
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=100, le=120_000)
    # A user who wanders off mid-flow finds it again within this many hours.
    conversation_ttl_hours: int = Field(default=168, ge=1, le=24 * 90)
    outbox_poll_seconds: float = Field(default=2.0, gt=0, le=300)
    outbox_batch_size: int = Field(default=100, ge=1, le=10_000)
    # A claim on an outbox row by a worker that died is taken again after this; a live
    # worker renews its claims every third of it, so it can be short.
    outbox_lease_seconds: int = Field(default=6, ge=3, le=3600)
    outbox_max_attempts: int = Field(default=5, ge=1, le=50)
    # Pushes in flight at once; each channel's own rate limits still hold.
    outbox_concurrency: int = Field(default=16, ge=1, le=256)
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    # Delivered update ids (Telegram, WeChat MsgId) are remembered this long to refuse
    # redeliveries; platforms stop redelivering within a day, and reuse ids after a week.
    processed_updates_keep_days: int = Field(default=3, ge=1, le=30)
    # Booking rules that hold for every facility (per-facility ones are in the directory).
    booking_week_limit: int = Field(default=5, ge=1, le=100)
    booking_no_show_limit: int = Field(default=3, ge=1, le=50)
    booking_no_show_window_days: int = Field(default=30, ge=1, le=365)
    booking_suspension_days: int = Field(default=14, ge=1, le=365)
    market_no_show_limit: int = Field(default=2, ge=1, le=50)
    market_no_show_window_days: int = Field(default=90, ge=1, le=730)
    market_bar_days: int = Field(default=60, ge=1, le=730)
    booking_hold_minutes: int = Field(default=30, ge=5, le=24 * 60)
    booking_evening_reminder: dt.time = dt.time(20, 0)
    booking_reminder_before_minutes: int = Field(default=60, ge=5, le=24 * 60)
    console_user: str = "local"
    # Where the terminal channel saves files it cannot show (a booking's .ics).
    attachments_dir: Path = Path("var/attachments")
    # Telegram: set the token to run the Telegram channel instead of the terminal.
    telegram_token: SecretStr | None = None
    telegram_library: Literal["aiogram", "ptb"] = "aiogram"
    telegram_api_url: str = "https://api.telegram.org"
    # Set both to receive updates by webhook instead of long polling.
    telegram_webhook_url: str | None = None
    telegram_webhook_secret: SecretStr | None = None
    # Telegram's limits (Bots FAQ): about 30 messages a second in all, 1 a second per chat.
    telegram_rate_overall: float = Field(default=30.0, gt=0, le=1000)
    telegram_rate_per_chat: float = Field(default=1.0, gt=0, le=100)
    # With several `linli run` processes of one bot: Redis holds Telegram's limits for all
    # of them (without it each process keeps its own). The prefix names the bot there.
    redis_url: SecretStr | None = None
    redis_prefix: str = Field(default="linli", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")
    # WeChat Official Account: token, appid and secret run the WeChat channel at /wechat.
    wechat_token: SecretStr | None = None
    wechat_appid: str | None = None
    wechat_secret: SecretStr | None = None
    wechat_aes_key: SecretStr | None = None  # 安全模式 (AES): set to accept encrypted messages
    wechat_api_url: str = "https://api.weixin.qq.com"
    # Templates by push kind (booking-reminder, waitlist-offer, notice, …), as JSON: each
    # {"id": TEMPLATE_ID, "fields": {keyword field: source}} or a bare TEMPLATE_ID.
    wechat_templates: dict[str, Any] = Field(default_factory=dict)
    wechat_reply_seconds: float = Field(default=4.0, gt=0, le=4.5)
    # The account's original id (gh_…): messages to another account are refused. Unset,
    # the id of the first valid message is kept and held to.
    wechat_account_id: str | None = None
    # With an AES key, plaintext posts are refused unless this is on (兼容模式, while
    # switching the account's 消息加解密方式).
    wechat_allow_plaintext: bool = False
    # A signed callback older or newer than this is refused; its nonce is kept as long.
    wechat_replay_window_seconds: int = Field(default=300, ge=30, le=3600)
    # Each WeChat API call gives up after this; at most so many run at once.
    wechat_api_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    wechat_api_concurrency: int = Field(default=8, ge=1, le=64)
    proposal_report_limit: int = Field(default=3, ge=1, le=100)
    # The web server for webhooks (Telegram, WeChat).
    listen_host: str = "127.0.0.1"
    listen_port: int = Field(default=8080, ge=1, le=65535)
    # /healthz and /metrics on the listen address, also when Telegram polls (no webhooks).
    health_routes: bool = True

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from exc
        return value

    @field_validator("wechat_templates")
    @classmethod
    def _template_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        from linli.bot.channels.wechat.templates import parse_templates

        parse_templates(value)  # raises ValueError naming the kind
        return value

    @field_validator("database_url")
    @classmethod
    def _async_driver(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(
            ("sqlite+aiosqlite://", "postgresql+asyncpg://")
        ):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value

    @field_validator("wechat_aes_key")
    @classmethod
    def _aes_key(cls, value: SecretStr | None) -> SecretStr | None:
        if value is None:
            return None
        key = value.get_secret_value()
        try:
            ok = len(key) == 43 and len(base64.b64decode(key + "=", validate=True)) == 32
        except ValueError:
            ok = False
        if not ok:
            raise ValueError("must be the 43-character EncodingAESKey from the WeChat console")
        return value

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> Settings:
        if self.telegram_webhook_url and not self.telegram_webhook_secret:
            raise ValueError(
                "LINLI_TELEGRAM_WEBHOOK_SECRET must be set with "
                "LINLI_TELEGRAM_WEBHOOK_URL (1-256 characters A-Z a-z 0-9 _ -)"
            )
        secret = self.telegram_webhook_secret
        if secret is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", secret.get_secret_value()
        ):
            raise ValueError(
                "LINLI_TELEGRAM_WEBHOOK_SECRET may hold only A-Z a-z 0-9 _ - (1-256 characters)"
            )
        return self

    @property
    def wechat_enabled(self) -> bool:
        return bool(self.wechat_token and self.wechat_appid and self.wechat_secret)

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def sqlite_path(self) -> Path | None:
        """The SQLite file this URL names, or None for PostgreSQL and in-memory SQLite."""
        prefix = "sqlite+aiosqlite:///"
        url = self.database_url.get_secret_value()
        if not url.startswith(prefix):
            return None
        rest = url[len(prefix) :].split("?", 1)[0]
        if rest in ("", ":memory:"):
            return None
        return Path(rest)


def _describe(error: dict) -> str:
    if not error.get("loc"):  # a rule across settings: its message names them
        return error.get("msg", "invalid settings").removeprefix("Value error, ")
    field = str(error["loc"][0])
    message = error.get("msg", "invalid value").removeprefix("Value error, ")
    given = error.get("input")
    # Never echo the database URL: it may hold a password.
    secret = field in (
        "database_url",
        "telegram_token",
        "telegram_webhook_secret",
        "wechat_token",
        "wechat_secret",
        "wechat_aes_key",
    )
    shown = f" (got {given!r})" if isinstance(given, str | int | float) and not secret else ""
    return f"LINLI_{field.upper()}: {message}{shown}"


def _describe_unparsed(error: PydanticSettingsError) -> str:
    found = re.search(r'field "(\w+)"', str(error))
    if found is None:
        return f"settings: {error}"
    return f"LINLI_{found[1].upper()}: must be valid JSON (see .env.example)"


def load_settings(**overrides) -> Settings:
    """Read settings; on a bad value raise SettingsError naming each variable."""
    try:
        settings = Settings(**overrides)
    except ValidationError as exc:
        raise SettingsError("\n".join(_describe(e) for e in exc.errors())) from None
    except PydanticSettingsError as exc:  # a value that should be JSON and is not
        raise SettingsError(_describe_unparsed(exc)) from None
    path = settings.sqlite_path()
    if path is not None:
        path.parent.mkdir(parents=True, exist_ok=True)
    return settings
