"""Logging for the process: one line per event, as text for people or JSON for a collector."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import re
from collections.abc import Iterable
from urllib.parse import urlsplit

from linli.handlers.kit.tags import salt_user_tags

MASK = "***"
# What must never reach a log whoever writes the line (httpx prints the Bot API URL with the
# token in it, aiohttp and our own lines print callback URLs): a token in a Bot API path,
# the signing and user fields of a WeChat callback's query and the access token in a WeChat
# API URL, a mainland mobile number.
_PATTERNS = (
    r"(?P<bot>/bot)\d+:[A-Za-z0-9_-]+",
    r"(?P<query>[?&](?:signature|msg_signature|openid|nonce|access_token)=)[^&\s'\"]+",
    r"(?<![0-9])1[3-9]\d{9}(?![0-9])",
)


# Libraries whose DEBUG lines carry payloads; kept at INFO whatever the level.
PAYLOAD_LOGGERS = ("aiosqlite", "telegram.ext.Application", "telegram.ext.ExtBot", "telegram.Bot")


class JsonLines(logging.Formatter):
    """Each record as one JSON object on one line; a traceback stays inside it as a field."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "time": dt.datetime.fromtimestamp(record.created, dt.UTC).isoformat(
                timespec="milliseconds"
            ),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if record.exc_text or record.exc_info:
            # The text the Redactor left, when it ran.
            entry["error"] = record.exc_text or self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False)


class Redactor(logging.Filter):
    """Masks the configured secrets and the patterns above in every record a handler writes,
    the traceback included. On the handler, not a logger: a library's own loggers propagate
    to the root's handlers without passing the root logger's filters."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        super().__init__()
        # Longest first: a secret that contains another is masked whole.
        literal = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)
        self.pattern = re.compile("|".join([*map(re.escape, literal), *_PATTERNS]))

    def redact(self, text: str) -> str:
        # What names the masked part (the "/bot" of a path, a query's "&openid=") stays.
        return self.pattern.sub(lambda m: (m["bot"] or m["query"] or "") + MASK, text)

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        clean = self.redact(message)
        if clean != message or record.args:
            record.msg, record.args = clean, None
        if record.exc_info and not record.exc_text:
            # Formatted once here, so the formatter prints the masked text it finds cached.
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = self.redact(record.exc_text)
        if record.stack_info:
            record.stack_info = self.redact(record.stack_info)
        return True


def secrets_of(settings) -> list[str]:
    """The values in the settings that are secrets, and the passwords inside the URLs."""
    found = []
    for value in (
        settings.telegram.token,
        settings.telegram.webhook_secret,
        settings.wechat.token,
        settings.wechat.secret,
        settings.wechat.aes_key,
    ):
        if value is not None:
            found.append(value.get_secret_value())
    for url in (settings.database.url, settings.redis.url):
        if url is not None:
            password = urlsplit(url.get_secret_value()).password
            if password:
                found.append(password)
    return found


def configure(level: str, form: str = "text", secrets: Iterable[str] = (), stream=None) -> None:
    handler = logging.StreamHandler(stream)
    secrets = list(secrets)
    handler.addFilter(Redactor(secrets))
    if secrets:
        # Tags stay the same from one start to the next while the secrets do.
        salt_user_tags(hashlib.sha256("\n".join(sorted(secrets)).encode()).hexdigest())
    if form == "json":
        handler.setFormatter(JsonLines())
    else:
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
    root = logging.getLogger()
    # Once per process: a second command run in the same process (tests) replaces it.
    for old in [h for h in root.handlers if getattr(h, "linli", False)]:
        root.removeHandler(old)
    handler.linli = True
    root.addHandler(handler)
    root.setLevel(level)
    for name in PAYLOAD_LOGGERS:
        # At DEBUG they print whole updates, API answers and query parameters: what people
        # typed, their ids and phones. Their INFO and above still come through.
        logging.getLogger(name).setLevel(logging.INFO)
    if level != "DEBUG":
        # A wake-up that finds the outbox job already running is skipped by design (the
        # running round sends it); APScheduler's warning would only worry the terminal.
        logging.getLogger("apscheduler").setLevel(logging.ERROR)
