"""The parsed report: the contract between the reading layer and the matcher.

Data flows one way: a file is read and cleaned into a `Report` (sections and sentences with
their roles and original line numbers); the matcher only ever sees a `Report`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import Enum


class Role(str, Enum):
    """What a part of a report is: only achievements count as work done."""

    ACHIEVEMENT = "achievement"  # 工作情况 / 主要做法 / 成效
    PROBLEM = "problem"  # 存在的问题 / 不足
    PLAN = "plan"  # 下一步 / 工作打算 / 计划
    OTHER = "other"  # preamble, addressee, signature, date

    @property
    def label(self) -> str:
        return ROLE_LABELS[self]


ROLE_LABELS: dict[Role, str] = {
    Role.ACHIEVEMENT: "工作成效",
    Role.PROBLEM: "存在问题",
    Role.PLAN: "下一步计划",
    Role.OTHER: "其他",
}


class Level(str, Enum):
    """Government level a report speaks for; checklist items say which levels they apply to."""

    PROVINCE = "province"
    CITY = "city"
    COUNTY = "county"
    TOWNSHIP = "township"
    DEPARTMENT = "department"

    @property
    def label(self) -> str:
        return LEVEL_LABELS[self]


LEVEL_LABELS: dict[Level, str] = {
    Level.PROVINCE: "省级",
    Level.CITY: "市级",
    Level.COUNTY: "县级",
    Level.TOWNSHIP: "乡镇",
    Level.DEPARTMENT: "部门",
}


@dataclass(frozen=True)
class Sentence:
    """One sentence or clause of the cleaned body, with where it came from."""

    text: str  # normalised text
    line: int  # 1-based line number in the decoded source text
    section: int  # index into Report.sections
    role: Role  # the role of its section, or a sentence-level override (e.g. "下一步…")


@dataclass(frozen=True)
class Section:
    heading: str  # normalised heading text; "" for the untitled preamble
    depth: int  # 0 = preamble, 1 = 一、, 2 = (一), 3 = 1. / 1、, 4 = 一是…
    role: Role
    line: int  # 1-based line of the heading in the decoded source text
    parent: int | None = None  # index of the enclosing section


@dataclass(frozen=True)
class ReportMeta:
    title: str | None = None
    issuer: str | None = None  # e.g. 武川县人民政府
    year: int | None = None  # the year reported on (last year of a period)
    period: tuple[int, int] | None = None  # e.g. (2015, 2020) for a five-year self-check
    date: str | None = None  # ISO date the report was written or published, when stated
    outlines_cited: tuple[str, ...] = ()  # outline ids the text cites, e.g. ("2015-2020",)
    level: Level | None = None  # inferred from the issuer / title, None when unclear
    level_reason: str | None = None  # the words the level was inferred from
    level_confidence: float | None = None  # 0-1: the winning level's share of the weighed cues
    level_reasons: tuple[str, ...] = ()  # every cue, supporting ones first


@dataclass(frozen=True)
class SourceInfo:
    path: str | None
    format: str  # txt, docx, pdf, html
    encoding: str | None  # for text formats: utf-8, utf-8-sig, utf-16, gb18030 …
    lines_total: int = 0  # lines in the decoded source
    lines_dropped: int = 0  # boilerplate and navigation lines removed
    duplicate_lines: int = 0  # lines removed because a block was repeated


@dataclass(frozen=True)
class Report:
    source: SourceInfo
    meta: ReportMeta
    sections: tuple[Section, ...]
    sentences: tuple[Sentence, ...]
    lines: tuple[str, ...] = field(default=(), repr=False)  # decoded source lines, for evidence
    # What the reader did that a user should know, e.g. Word tracked changes accepted; shown on
    # the scorecard so a reading that differs from the file's face value is never silent.
    notes: tuple[str, ...] = ()

    def sentences_in(self, role: Role) -> list[Sentence]:
        return [s for s in self.sentences if s.role is role]
