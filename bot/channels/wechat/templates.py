"""LINLI_WECHAT_TEMPLATES: per push kind, a template id and which of the template's own
keyword fields shows what (no wechatpy here: the settings check it at start-up)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

OLD_FORM_FIELDS = {"keyword1": "text", "thing1": "text"}
# Characters a keyword field shows, by its kind (the field's name without its number).
FIELD_LIMITS = {
    "thing": 20,
    "character_string": 32,
    "number": 32,
    "letter": 32,
    "symbol": 5,
    "phone_number": 17,
    "car_number": 8,
    "name": 10,
    "phrase": 5,
    "time": 32,
    "date": 32,
    "amount": 32,
    "keyword": 200,
}
FIELD_NAME = re.compile(r"[a-z_]{1,32}[0-9]{0,3}")


@dataclass(frozen=True)
class Template:
    id: str
    fields: dict[str, str]


def parse_templates(raw: dict[str, Any]) -> dict[str, Template]:
    """LINLI_WECHAT_TEMPLATES, each kind as {"id", "fields"} or the old bare template id."""
    templates = {}
    for kind, spec in raw.items():
        if isinstance(spec, Template):
            templates[kind] = spec
            continue
        if isinstance(spec, str) and spec.strip():
            templates[kind] = Template(spec.strip(), dict(OLD_FORM_FIELDS))
            continue
        if not isinstance(spec, dict) or not isinstance(spec.get("id"), str) or not spec["id"]:
            raise ValueError(f'{kind}: give a template id or {{"id": …, "fields": {{…}}}}')
        fields = spec.get("fields", OLD_FORM_FIELDS)
        if (
            not isinstance(fields, dict)
            or not fields
            or not all(
                isinstance(k, str) and FIELD_NAME.fullmatch(k) and isinstance(v, str) and v
                for k, v in fields.items()
            )
        ):
            raise ValueError(f"{kind}: fields must map keyword names (thing1…) to sources")
        if set(fields) <= {"first", "remark"}:
            raise ValueError(f"{kind}: WeChat no longer shows first/remark; map keyword fields")
        templates[kind] = Template(spec["id"], dict(fields))
    return templates


def field_limit(field: str) -> int:
    return FIELD_LIMITS.get(field.rstrip("0123456789"), 20)


def fit(value: str, limit: int) -> str:
    value = " ".join(value.split())  # one line: a field shows no line breaks
    return value if len(value) <= limit else value[: max(limit - 1, 0)] + "…"
