"""Users in logs: a salted tag in place of the channel id. Light on purpose: the logging
set-up imports it before anything else (`linli --help` loads no database library)."""

from __future__ import annotations

import hashlib

from linli.handlers.kit.request import Request

_tag_salt = b""


def salt_user_tags(salt: str) -> None:
    """Key the tags with a secret of the deployment: channel ids are few enough (a Telegram
    id is a number) that an unsalted hash is undone by hashing them all."""
    global _tag_salt
    _tag_salt = salt.encode()


def user_tag(request: Request) -> str:
    """A short stable tag for a user in logs, in place of their channel id."""
    who = f"{request.channel}:{request.external_id}".encode()
    return hashlib.sha256(_tag_salt + who).hexdigest()[:10]
