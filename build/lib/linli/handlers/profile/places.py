"""Load the place tree (街道 → 社区 → 小区 → 楼栋) from YAML, adding or renaming by code."""

from __future__ import annotations

import asyncio
from pathlib import Path

import yaml

from linli.storage.models import Community
from linli.storage.uow import UnitOfWork

KINDS = ("street", "community", "compound", "building")


class PlacesFileError(ValueError):
    """The places file is not a tree of {code, name, kind, children}."""


async def import_places(uow: UnitOfWork, path: Path) -> int:
    """Create missing places and rename changed ones; returns how many were created."""
    document = yaml.safe_load(await asyncio.to_thread(path.read_text, encoding="utf-8")) or {}
    created = 0

    async def walk(nodes, parent: Community | None) -> None:
        nonlocal created
        for node in nodes or []:
            if (
                not isinstance(node, dict)
                or node.get("kind") not in KINDS
                or not node.get("code")
                or not node.get("name")
            ):
                raise PlacesFileError(f"bad place entry: {node!r}")
            place = await uow.communities.by_code(str(node["code"]))
            if place is None:
                place = Community(
                    code=str(node["code"]),
                    name=str(node["name"]),
                    kind=node["kind"],
                    parent_id=parent.id if parent else None,
                )
                uow.communities.add(place)
                await uow.flush()
                created += 1
            else:
                place.name = str(node["name"])
            await walk(node.get("children"), place)

    await walk(document.get("places"), None)
    return created
