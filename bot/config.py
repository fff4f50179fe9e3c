"""Settings from the environment and `.env`, all prefixed `LINLI_`."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any, Literal, get_origin
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from pydantic import BaseModel, Field, SecretStr, ValidationError, field_validator, model_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from pydantic_settings import SettingsError as PydanticSettingsError

from linli.handlers.kit.config import BookingRules, MarketRules

SUPPORTED_LANGUAGES = ("zh-CN", "en")


class SettingsError(Exception):
    """A setting has a value we cannot run with; the message is one line per problem."""


class DatabaseSettings(BaseModel):
    # A secret: a PostgreSQL URL carries its password.
    url: SecretStr = SecretStr("sqlite+aiosqlite:///var/linli.db")

    @field_validator("url")
    @classmethod
    def _async_driver(cls, value: SecretStr) -> SecretStr:
        if not value.get_secret_value().startswith(
            ("sqlite+aiosqlite://", "postgresql+asyncpg://")
        ):
            raise ValueError("must start with sqlite+aiosqlite:// or postgresql+asyncpg://")
        return value


class LogSettings(BaseModel):
    level: Literal["DEBUG", "INFO", "WARNING", "ERROR"] = "WARNING"
    # "json": one JSON object per line, for a log collector; "text" for people.
    format: Literal["text", "json"] = "text"


class ConversationSettings(BaseModel):
    # A user who wanders off mid-flow finds it again within this many hours.
    ttl_hours: int = Field(default=168, ge=1, le=24 * 90)


class OutboxSettings(BaseModel):
    poll_seconds: float = Field(default=2.0, gt=0, le=300)
    batch_size: int = Field(default=100, ge=1, le=10_000)
    # A claim on an outbox row by a worker that died is taken again after this; a live
    # worker renews its claims every third of it. Not shorter: on SQLite the renewal waits
    # for the write lock like any writer (10 s busy timeout), and with 6 s three busy
    # processes let leases run out and sent a broadcast's push twice.
    lease_seconds: int = Field(default=30, ge=3, le=3600)
    max_attempts: int = Field(default=5, ge=1, le=50)
    # Pushes in flight at once; each channel's own rate limits still hold.
    concurrency: int = Field(default=16, ge=1, le=256)


class RetentionSettings(BaseModel):
    # What personal data is kept, and how long, once it has served its purpose.
    # An abandoned flow's answers (a phone typed and left) are wiped this long after the
    # user's last message; a flow still within LINLI_CONVERSATION_TTL_HOURS is never wiped.
    conversation_days: int = Field(default=7, ge=1, le=365)
    # The text of a push that was sent, failed, dropped or cancelled; the row stays (counts
    # for notice reports, and its dedupe key so it is never pushed twice).
    push_days: int = Field(default=30, ge=1, le=3650)
    # Staff actions in the audit log. The fund ledger is never pruned.
    audit_years: int = Field(default=3, ge=1, le=50)


class PrivacySettings(BaseModel):
    # The privacy notice residents agree to before anything about them is kept. A new
    # version asks everyone again (LINLI_PRIVACY_NOTICE_VERSION).
    notice_version: str = Field(default="2026-12", min_length=1, max_length=32)
    # Where the full text is published (docs/privacy.md); unset: the short notice only.
    notice_url: str | None = None
    # Who runs the service, named in the notice (e.g. 新华社社区居民委员会).
    operator: str | None = Field(default=None, max_length=60)


class TelegramSettings(BaseModel):
    # Set the token to run the Telegram channel instead of the terminal.
    token: SecretStr | None = None
    library: Literal["aiogram", "ptb"] = "aiogram"
    api_url: str = "https://api.telegram.org"
    # The bot's @username (without @): `linli residents qr` prints t.me links with it.
    bot_username: str | None = None
    # Set both to receive updates by webhook instead of long polling.
    webhook_url: str | None = None
    webhook_secret: SecretStr | None = None
    # Telegram's limits (Bots FAQ): about 30 messages a second in all, 1 a second per chat.
    rate_overall: float = Field(default=30.0, gt=0, le=1000)
    rate_per_chat: float = Field(default=1.0, gt=0, le=100)

    @model_validator(mode="after")
    def _webhook_needs_secret(self) -> TelegramSettings:
        if self.webhook_url and not self.webhook_secret:
            raise ValueError(
                "LINLI_TELEGRAM_WEBHOOK_SECRET must be set with "
                "LINLI_TELEGRAM_WEBHOOK_URL (1-256 characters A-Z a-z 0-9 _ -)"
            )
        secret = self.webhook_secret
        if secret is not None and not re.fullmatch(
            r"[A-Za-z0-9_-]{1,256}", secret.get_secret_value()
        ):
            raise ValueError(
                "LINLI_TELEGRAM_WEBHOOK_SECRET may hold only A-Z a-z 0-9 _ - (1-256 characters)"
            )
        return self


class RedisSettings(BaseModel):
    # With several `linli run` processes of one bot: Redis holds Telegram's limits for all
    # of them (without it each process keeps its own). The prefix names the bot there.
    url: SecretStr | None = None
    prefix: str = Field(default="linli", pattern=r"^[A-Za-z0-9_.:-]{1,64}$")


class WeChatSettings(BaseModel):
    # Official Account: token, appid and secret run the WeChat channel at /wechat.
    token: SecretStr | None = None
    appid: str | None = None
    secret: SecretStr | None = None
    aes_key: SecretStr | None = None  # 安全模式 (AES): set to accept encrypted messages
    api_url: str = "https://api.weixin.qq.com"
    # Templates by push kind (booking-reminder, waitlist-offer, notice, …), as JSON: each
    # {"id": TEMPLATE_ID, "fields": {keyword field: source}} or a bare TEMPLATE_ID.
    templates: dict[str, Any] = Field(default_factory=dict)
    reply_seconds: float = Field(default=4.0, gt=0, le=4.5)
    # The account's original id (gh_…): messages to another account are refused. Unset,
    # the id of the first valid message is kept and held to.
    account_id: str | None = None
    # With an AES key, plaintext posts are refused unless this is on (兼容模式, while
    # switching the account's 消息加解密方式).
    allow_plaintext: bool = False
    # A signed callback older or newer than this is refused; its nonce is kept as long.
    replay_window_seconds: int = Field(default=300, ge=30, le=3600)
    # Each WeChat API call gives up after this; at most so many run at once.
    api_timeout_seconds: float = Field(default=10.0, gt=0, le=120)
    api_concurrency: int = Field(default=8, ge=1, le=64)
    # The web server's public https address (https://bot.example.org): set, residents on
    # WeChat get a one-time link to download their data (/export/TOKEN) — WeChat cannot
    # send them a file. Unset: text pages only.
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s?#]+$")

    @field_validator("templates")
    @classmethod
    def _template_fields(cls, value: dict[str, Any]) -> dict[str, Any]:
        from linli.bot.channels.wechat.templates import parse_templates

        parse_templates(value)  # raises ValueError naming the kind
        return value

    @field_validator("aes_key")
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

    @property
    def enabled(self) -> bool:
        return bool(self.token and self.appid and self.secret)


class ListenSettings(BaseModel):
    # The web server for webhooks (Telegram, WeChat).
    host: str = "127.0.0.1"
    port: int = Field(default=8080, ge=1, le=65535)


class ConsoleSettings(BaseModel):
    # The staff web console (/console) and the public 公示 board (/board), on the listen
    # address of `linli run` (with Telegram or WeChat) and of `linli console`.
    enabled: bool = True
    # The address staff open the console at (https://desk.example.org). Unset: the WeChat
    # public address, else http://<listen host>:<port>.
    public_url: str | None = Field(default=None, pattern=r"^https?://[^\s?#]+$")
    # A sign-in link sent in chat works once, for this long.
    link_minutes: int = Field(default=10, ge=1, le=60)
    # A signed-in browser stays signed in this long (then a new link from chat).
    session_hours: int = Field(default=12, ge=1, le=168)
    # Each morning staff are told in chat what has waited this many days or more (0: never).
    digest_days: int = Field(default=3, ge=0, le=60)


class Settings(BaseSettings):
    """One model per area; each variable is LINLI_<AREA>_<FIELD> (LINLI_TELEGRAM_TOKEN is
    `telegram.token`), a few that belong to no area are LINLI_<FIELD>."""

    model_config = SettingsConfigDict(
        env_prefix="LINLI_",
        env_file=".env",
        env_file_encoding="utf-8",
        extra="ignore",
        # Only the first "_" after the area splits: LINLI_TELEGRAM_WEBHOOK_URL is
        # telegram.webhook_url.
        env_nested_delimiter="_",
        env_nested_max_split=1,
    )

    database: DatabaseSettings = Field(default_factory=DatabaseSettings)
    log: LogSettings = Field(default_factory=LogSettings)
    conversation: ConversationSettings = Field(default_factory=ConversationSettings)
    outbox: OutboxSettings = Field(default_factory=OutboxSettings)
    booking: BookingRules = Field(default_factory=BookingRules)
    market: MarketRules = Field(default_factory=MarketRules)
    retention: RetentionSettings = Field(default_factory=RetentionSettings)
    privacy: PrivacySettings = Field(default_factory=PrivacySettings)
    telegram: TelegramSettings = Field(default_factory=TelegramSettings)
    redis: RedisSettings = Field(default_factory=RedisSettings)
    wechat: WeChatSettings = Field(default_factory=WeChatSettings)
    listen: ListenSettings = Field(default_factory=ListenSettings)
    console: ConsoleSettings = Field(default_factory=ConsoleSettings)
    timezone: str = "Asia/Shanghai"
    default_language: Literal["zh-CN", "en"] = "zh-CN"
    # How long an SQLite writer waits for another's lock before the request is tried again.
    sqlite_busy_timeout_ms: int = Field(default=10_000, ge=100, le=120_000)
    invite_ttl_days: int = Field(default=14, ge=1, le=365)
    # Delivered update ids (Telegram, WeChat MsgId) are remembered this long to refuse
    # redeliveries; platforms stop redelivering within a day, and reuse ids after a week.
    processed_updates_keep_days: int = Field(default=3, ge=1, le=30)
    proposal_report_limit: int = Field(default=3, ge=1, le=100)
    # A resident may move to another 社区 once in this many days (LINLI_RESIDENCY_CHANGE_DAYS).
    residency_change_days: int = Field(default=30, ge=0, le=3650)
    console_user: str = "local"
    # Where the terminal channel saves files it cannot show (a booking's .ics).
    attachments_dir: Path = Path("var/attachments")
    # /healthz and /metrics on the listen address, also when Telegram polls (no webhooks).
    health_routes: bool = True

    @model_validator(mode="before")
    @classmethod
    def _flat_names(cls, values: Any) -> Any:
        """`Settings(telegram_token=…)` is `telegram.token`, as its variable says; given so
        it wins over the environment, like any argument."""
        if not isinstance(values, dict):
            return values
        values = dict(values)
        for name in [name for name in values if name not in cls.model_fields]:
            area, _, rest = name.partition("_")
            if rest and area in cls.model_fields:
                group = values.get(area)
                group = dict(group) if isinstance(group, dict) else {}
                group[rest] = values.pop(name)
                values[area] = group
        return values

    @field_validator("timezone")
    @classmethod
    def _known_zone(cls, value: str) -> str:
        try:
            ZoneInfo(value)
        except (ZoneInfoNotFoundError, ValueError) as exc:
            raise ValueError("must be an IANA time zone such as Asia/Shanghai") from exc
        return value

    @property
    def zone(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    @property
    def console_url(self) -> str | None:
        """Where staff open the web console; None when it is switched off."""
        if not self.console.enabled:
            return None
        return (
            self.console.public_url
            or self.wechat.public_url
            or f"http://{self.listen.host}:{self.listen.port}"
        ).rstrip("/")

    def sqlite_path(self) -> Path | None:
        """The SQLite file this URL names, or None for PostgreSQL and in-memory SQLite."""
        prefix = "sqlite+aiosqlite:///"
        url = self.database.url.get_secret_value()
        if not url.startswith(prefix):
            return None
        rest = url[len(prefix) :].split("?", 1)[0]
        if rest in ("", ":memory:"):
            return None
        return Path(rest)


# Never echo these: a database URL may hold a password.
_SECRETS = {
    "database_url",
    "telegram_token",
    "telegram_webhook_secret",
    "redis_url",
    "wechat_token",
    "wechat_secret",
    "wechat_aes_key",
}


def _areas() -> set[str]:
    return {
        name
        for name, info in Settings.model_fields.items()
        if isinstance(info.annotation, type) and issubclass(info.annotation, BaseModel)
    }


def _describe(error: dict) -> str:
    where = [str(part) for part in error.get("loc", ())]
    message = error.get("msg", "invalid value").removeprefix("Value error, ")
    if where and where[0] in _areas():
        if len(where) == 1:  # a rule across an area's settings: its message names them
            return message
        where = where[:2]  # LINLI_<AREA>_<FIELD>; a dict's keys are in the value
    if not where:  # a rule across settings: its message names them
        return message
    field = "_".join(where)
    given = error.get("input")
    plain = isinstance(given, str | int | float) and field not in _SECRETS
    shown = f" (got {given!r})" if plain else ""
    return f"LINLI_{field.upper()}: {message}{shown}"


def _describe_unparsed(error: PydanticSettingsError) -> str:
    found = re.search(r'field "(\w+)"', str(error))
    if found is None:
        return f"settings: {error}"
    name = found[1]
    if name in _areas():  # the area's one setting that is JSON
        model = Settings.model_fields[name].annotation
        json = [f for f, info in model.model_fields.items() if get_origin(info.annotation) is dict]
        if len(json) == 1:
            name = f"{name}_{json[0]}"
    return f"LINLI_{name.upper()}: must be valid JSON (see .env.example)"


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
