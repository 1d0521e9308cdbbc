"""Correspondence between two outlines' measures (e.g. 2015–2020 → 2021–2025), for comparing a
2020 report with a 2023 report of the same place. Data in outline/mapping-FROM_TO.yaml."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from wuchuan_check.checklist.model import Checklist, load_outline, load_yaml, outline_folder
from wuchuan_check.errors import ChecklistError


class _Pair(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    from_: str = Field(alias="from")
    to: tuple[str, ...] = ()
    note: str | None = None


class _MappingDoc(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)
    schema_: str = Field(alias="schema", pattern=r"^wuchuan-check/mapping/v1$")
    from_: str = Field(alias="from")
    to: str
    pairs: tuple[_Pair, ...]


@dataclass(frozen=True)
class MeasureMapping:
    source: str  # outline id mapped from
    target: str  # outline id mapped to
    pairs: dict[str, tuple[str, ...]]  # source measure id → target measure ids
    notes: dict[str, str]

    def reverse(self) -> "MeasureMapping":
        back: dict[str, list[str]] = {}
        for src, targets in self.pairs.items():
            for t in targets:
                back.setdefault(t, []).append(src)
        return MeasureMapping(self.target, self.source, {k: tuple(v) for k, v in back.items()}, {})


def load_mapping(source: str, target: str) -> MeasureMapping:
    """The built-in mapping between two outlines, in either direction."""
    for a, b, flip in ((source, target, False), (target, source, True)):
        res = outline_folder() / f"mapping-{a}_{b}.yaml"
        if res.is_file():
            mapping = parse_mapping(res.read_text(encoding="utf-8"), str(res), load_outline(a), load_outline(b))
            return mapping.reverse() if flip else mapping
    raise ChecklistError(None, [f"没有 {source} 与 {target} 之间的对应关系 / no mapping between these outlines"])


def parse_mapping(text: str, source: str, old: Checklist, new: Checklist) -> MeasureMapping:
    """Parse a mapping file and check every measure id exists in its outline."""
    data = load_yaml(text, source)
    try:
        doc = _MappingDoc.model_validate(data)
    except ValidationError as exc:
        raise ChecklistError(source, [f"对应关系文件无效 / invalid mapping file: {str(exc).splitlines()[0]}"]) from None
    old_ids = {m.id for _, m in old.measures()}
    new_ids = {m.id for _, m in new.measures()}
    problems = [f"pairs.{n}: {p.from_} 不在 {old.id} 中" for n, p in enumerate(doc.pairs) if p.from_ not in old_ids]
    problems += [
        f"pairs.{n}: {t} 不在 {new.id} 中" for n, p in enumerate(doc.pairs) for t in p.to if t not in new_ids
    ]
    if (doc.from_, doc.to) != (old.id, new.id):
        problems.append(f"from/to 应为 {old.id}/{new.id}")
    if problems:
        raise ChecklistError(source, problems)
    return MeasureMapping(
        doc.from_, doc.to, {p.from_: p.to for p in doc.pairs}, {p.from_: p.note or "" for p in doc.pairs}
    )
