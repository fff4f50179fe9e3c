"""one name per feature: the proposals flows and the "new X" flows renamed

Revision ID: 0015_names
Revises: 0014_push
Create Date: 2026-12-02 16:30:00

A user in the middle of one of these flows stays where they are: the flow's name is
rewritten in their conversation state (with the data key naming the proposal, `idea` →
`proposal`, in the data and in each 返回 snapshot) and in the buttons a typed number presses.
Answer buttons already sent in chats keep the old names; pressed, they are refused as
stale and the current screen is shown again. Menu buttons (`go|ideas`, and the WeChat
menu installed on WeChat's servers) still open the renamed flows: each feature lists its
flows' former names.
"""

from __future__ import annotations

import json

import sqlalchemy as sa
from alembic import op

revision = "0015_names"
down_revision = "0014_push"
branch_labels = None
depends_on = None

RENAMED = {"ideas": "proposals", "idea_new": "proposal_new", "notice": "notice_new"}
# The proposal a proposals flow is about, in its data and in each 返回 snapshot.
KEYS = {"idea": "proposal"}


def _payload(payload: str, names: dict[str, str]) -> str:
    # `c|flow|step|value|tag` answers a step; `go|flow|…` starts a flow.
    parts = payload.split("|")
    if len(parts) > 1 and parts[0] in ("c", "go") and parts[1] in names:
        parts[1] = names[parts[1]]
    return "|".join(parts)


def _keys(data, keys: dict[str, str]):
    if not isinstance(data, dict):
        return data
    return {keys.get(key, key): value for key, value in data.items()}


def _rename(names: dict[str, str], keys: dict[str, str]) -> None:
    bind = op.get_bind()
    table = sa.table(
        "conversation_states",
        sa.column("user_id", sa.Integer),
        sa.column("flow", sa.String),
        sa.column("options", sa.JSON),
        sa.column("data", sa.JSON),
        sa.column("history", sa.JSON),
    )
    rows = bind.execute(
        sa.select(table.c.user_id, table.c.flow, table.c.options, table.c.data, table.c.history)
    ).all()
    for user_id, flow, options, data, history in rows:
        # SQLite may hand back the JSON text
        options, data, history = (
            json.loads(v) if isinstance(v, str) else v for v in (options, data, history)
        )
        new_options = [_payload(o, names) if isinstance(o, str) else o for o in options or []]
        new_flow = names.get(flow, flow)
        new_data = _keys(data or {}, keys)
        new_history = [
            [entry[0], _keys(entry[1], keys)]
            if isinstance(entry, list) and len(entry) == 2
            else entry
            for entry in history or []
        ]
        if (new_flow, new_options, new_data, new_history) != (
            flow,
            options or [],
            data or {},
            history or [],
        ):
            bind.execute(
                table.update()
                .where(table.c.user_id == user_id)
                .values(flow=new_flow, options=new_options, data=new_data, history=new_history)
            )


def upgrade() -> None:
    _rename(RENAMED, KEYS)


def downgrade() -> None:
    _rename({new: old for old, new in RENAMED.items()}, {new: old for old, new in KEYS.items()})
