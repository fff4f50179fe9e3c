"""one name per feature: the proposals flows and the "new X" flows renamed

Revision ID: 0015_names
Revises: 0014_push
Create Date: 2026-12-02 16:30:00

A user in the middle of one of these flows stays where they are: the flow's name is
rewritten in their conversation state and in the buttons a typed number presses.
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


def _payload(payload: str, names: dict[str, str]) -> str:
    # `c|flow|step|value|tag` answers a step; `go|flow|…` starts a flow.
    parts = payload.split("|")
    if len(parts) > 1 and parts[0] in ("c", "go") and parts[1] in names:
        parts[1] = names[parts[1]]
    return "|".join(parts)


def _rename(names: dict[str, str]) -> None:
    bind = op.get_bind()
    table = sa.table(
        "conversation_states",
        sa.column("user_id", sa.Integer),
        sa.column("flow", sa.String),
        sa.column("options", sa.JSON),
    )
    rows = bind.execute(sa.select(table.c.user_id, table.c.flow, table.c.options)).all()
    for user_id, flow, options in rows:
        if isinstance(options, str):  # SQLite may hand back the JSON text
            options = json.loads(options)
        new_options = [_payload(o, names) if isinstance(o, str) else o for o in options or []]
        new_flow = names.get(flow, flow)
        if new_flow != flow or new_options != (options or []):
            bind.execute(
                table.update()
                .where(table.c.user_id == user_id)
                .values(flow=new_flow, options=new_options)
            )


def upgrade() -> None:
    _rename(RENAMED)


def downgrade() -> None:
    _rename({new: old for old, new in RENAMED.items()})
