"""Tailoring: which items do not apply to a particular government, and why.

Two layers decide an item's applicability:
1. the level profile built into the checklist (each item's `levels`: legislation is not a
   county's business, reconsideration not a township's);
2. a user's tailoring file on top, the way Wuchuan marked 11 of 144 items 不涉及:

    schema: wuchuan-check/tailoring/v1
    outline: "2015-2020"            # optional: the checklist it was written for
    name: 武川县自查口径             # optional: shown on the scorecard
    not_applicable:                 # items (or whole measures) marked 不涉及, each with its reason
      - {id: M05.5, reason: 市场监管体制改革由市级统筹}
      - {id: M34, reason: 本县未设仲裁机构}
    required:                       # items the level profile would drop but this place must do
      - {id: M39.2, reason: 本县承担公务员招录考试命题}
"""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

from wuchuan_check.checklist.model import Checklist, ItemRef, load_yaml, read_utf8_file
from wuchuan_check.errors import ChecklistError
from wuchuan_check.reading.document import Level

TAILORING_SCHEMA = "wuchuan-check/tailoring/v1"


@lru_cache(maxsize=1)
def _schema() -> Any:
    """The file's pydantic schema, built when a tailoring file is read: scoring without one
    (every batch, most runs) never builds it."""
    from pydantic import BaseModel, ConfigDict, Field

    class _Entry(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        id: str = Field(min_length=2)  # an item id (M05.5) or a measure id (M34) for all its items
        reason: str = Field(min_length=2)

    class _TailoringDoc(BaseModel):
        model_config = ConfigDict(extra="forbid", frozen=True)
        schema_: Literal["wuchuan-check/tailoring/v1"] = Field(alias="schema")
        outline: str | None = None
        name: str | None = None
        not_applicable: tuple[_Entry, ...] = ()
        required: tuple[_Entry, ...] = ()

    return _TailoringDoc


@dataclass(frozen=True)
class Tailoring:
    """Resolved against one checklist: item id → reason, for each kind of override."""

    name: str
    source: str
    not_applicable: dict[str, str] = field(default_factory=dict)
    required: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Applicability:
    applies: bool
    reason: str  # for an item that does not apply: why (shown in the scorecard's N/A list)


def applicability(ref: ItemRef, level: Level, tailoring: Tailoring | None = None) -> Applicability:
    """Whether an item is scored for this government: the tailoring file wins over the profile."""
    if tailoring is not None:
        if ref.id in tailoring.not_applicable:
            return Applicability(False, f"{tailoring.name}:{tailoring.not_applicable[ref.id]}")
        if ref.id in tailoring.required:
            return Applicability(True, "")
    if level in ref.levels:
        return Applicability(True, "")
    return Applicability(False, f"层级口径:不适用于{level.label}政府")


def load_tailoring(path: str | Path, checklist: Checklist) -> Tailoring:
    """Read a tailoring file and resolve its ids against the checklist; every problem at once."""
    path = Path(path)
    data = load_yaml(read_utf8_file(path), str(path))
    from pydantic import ValidationError

    try:
        doc = _schema().model_validate(data)
    except ValidationError as exc:
        problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
        raise ChecklistError(path, problems) from None

    problems = []
    if doc.outline and doc.outline != checklist.id:
        problems.append(f"outline: 裁剪文件针对 {doc.outline},当前清单是 {checklist.id} / written for another outline")
    items_of_measure: dict[str, list[str]] = {}
    for ref in checklist.items:
        items_of_measure.setdefault(ref.measure.id, []).append(ref.id)
    item_ids = {ref.id for ref in checklist.items}

    def resolve(kind: str, entries: tuple[Any, ...]) -> dict[str, str]:
        out: dict[str, str] = {}
        for n, entry in enumerate(entries):
            ids = [entry.id] if entry.id in item_ids else items_of_measure.get(entry.id)
            if not ids:
                problems.append(f"{kind}.{n}: 清单 {checklist.id} 中没有 {entry.id!r} / unknown item or measure id")
                continue
            for item_id in ids:
                out[item_id] = entry.reason
        return out

    na = resolve("not_applicable", doc.not_applicable)
    required = resolve("required", doc.required)
    both = sorted(set(na) & set(required))
    if both:
        problems.append(f"同时标为不涉及和必须 / both not_applicable and required: {', '.join(both)}")
    if problems:
        raise ChecklistError(path, problems)
    return Tailoring(doc.name or path.stem, str(path), na, required)
