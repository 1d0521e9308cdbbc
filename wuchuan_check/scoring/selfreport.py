"""The figures a report declares about itself: its own tally of tasks and its completion rate, as a
self-check writes them ("共N项任务,完成或基本完成N项,不涉及N项,未完成N项,完成率N%").

Shown beside the tool's rates with why the two differ: the report counts its own list of tasks
(the checklist has its own number of items), it may count not-applicable tasks as done, and it
judges itself ("基本完成" counts) where the tool needs concrete evidence in the achievement part.
A rate with no tally is taken only from a sentence about tasks or the self-check, so a rate of
some other work ("事项认领…审核…完成率N%") is not read as the report's own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from wuchuan_check import regexes
from wuchuan_check.labels import FORMULA_APPLICABLE, FORMULA_WITH_NA, RATE_APPLICABLE, RATE_WITH_NA
from wuchuan_check.reading.document import Report, Role, Sentence
from wuchuan_check.scoring.scorecard import Tally

_N = r"(\d{1,5})\s*(?:项|条|个)"
_TOTAL = regexes.compile(r"(?:共|合计|总计|全部)[^,,。;;\d]{0,6}?" + _N + r"|" + _N + r"(?:重点|具体)?(?:任务|工作任务|要求|指标)")
_DONE = regexes.compile(r"(?<![未没尚有])(完成或基本完成|基本完成或完成|已全部完成|全部完成|已完成|已经完成|完成)(?:了|的)?\s*" + _N)
_NA = regexes.compile(r"不涉及(?:的|项目|事项|任务)?\s*" + _N)
_OPEN = regexes.compile(r"(?:未完成|尚未完成|没有完成|正在推进|持续推进|推进中)(?:的)?(?:任务)?\s*" + _N)
_RATE = regexes.compile(r"完成率(?:达到|达|为|是)?\s*(\d{1,3}(?:\.\d+)?)\s*[%%]")
_ABOUT_TASKS = regexes.compile(r"任务|自查|自评")
_TOLERANCE = 0.0015  # a stated rate rounded to 0.1 %


@dataclass(frozen=True)
class Declared:
    """What the report says of its own progress; None where it does not say."""

    total: int | None
    done: int | None  # 完成 / 完成或基本完成, as the report counts it
    na: int | None
    open: int | None  # 未完成 / 正在推进
    rate: float | None  # the stated rate, 0–1
    text: str
    line: int
    done_word: str = "完成"  # the report's own word: 完成或基本完成, 已完成 …

    @property
    def convention(self) -> str | None:
        """Which formula the stated rate follows: "with_na" ((done+na)/total), "applicable"
        (done/(total−na)), "plain" (done/total); None when it cannot be told."""
        if self.total is None or self.done is None or not self.total:
            return None
        na = self.na or 0
        rate = self.rate if self.rate is not None else (self.done + na) / self.total
        candidates = [("plain", self.done / self.total)]  # no not-applicable tasks: all three agree
        if na and self.total - na:
            candidates = [("with_na", (self.done + na) / self.total), ("applicable", self.done / (self.total - na)),
                          *candidates]
        return next((name for name, value in candidates if abs(value - rate) <= _TOLERANCE), None)

    @property
    def shown_rate(self) -> float | None:
        """The stated rate, or the one its own tally gives by the not-applicable-as-done rule."""
        if self.rate is not None:
            return self.rate
        if self.total and self.done is not None:
            return (self.done + (self.na or 0)) / self.total
        return None


def _count(pattern: re.Pattern[str], text: str) -> int | None:
    m = pattern.search(text)
    return None if m is None else int(next(g for g in m.groups() if g is not None and g.isdigit()))


def declared_in(sentence: str, line: int = 0, following: str = "") -> Declared | None:
    """The tally or rate one sentence declares, or None. `following`: the next sentence, read for
    the count still open when the tally goes on there ("…完成率N%。未完成N项正在推进")."""
    rate_m = _RATE.search(sentence)
    done_m = _DONE.search(sentence)
    done = _count(_DONE, sentence)
    total = _count(_TOTAL, sentence)
    if done is None and rate_m is None:
        return None
    if done is None and not _ABOUT_TASKS.search(sentence[: rate_m.start()] if rate_m else sentence):
        return None  # a rate of some other work, not of the report's tasks
    if done is not None and total is None and rate_m is None:
        return None  # "完成N项" alone is a piece of work done, not a tally
    open_ = _count(_OPEN, sentence)
    if open_ is None and following and _TOTAL.search(following) is None:
        open_ = _count(_OPEN, following)
    rate = float(rate_m.group(1)) / 100 if rate_m else None
    if rate is not None and rate > 1:
        return None
    word = done_m.group(1) if done_m else "完成"
    return Declared(total, done, _count(_NA, sentence), open_, rate, sentence, line, word)


def find_declared(report: Report) -> Declared | None:
    """The report's own tally: the first sentence stating one (a plan's targets are not a tally);
    among several, the fullest (total and done counts before a bare rate)."""
    sentences: list[Sentence] = [s for s in report.sentences if s.role is not Role.PLAN]
    found = []
    for i, s in enumerate(sentences):
        nxt = sentences[i + 1].text if i + 1 < len(sentences) else ""
        d = declared_in(s.text, s.line, nxt)
        if d is not None:
            found.append(d)
    if not found:
        return None
    return max(found, key=lambda d: (d.total is not None and d.done is not None, -found.index(d)))


def pct(r: float | None) -> str:
    return "—" if r is None else f"{r * 100:.1f}%"


def declared_text(d: Declared) -> str:
    """报告自述:共144项,完成115项,不涉及11项,未完成18项,完成率87.5%(第20行)."""
    bits = [f"共{d.total}项" if d.total is not None else "", f"{d.done_word}{d.done}项" if d.done is not None else "",
            f"不涉及{d.na}项" if d.na is not None else "", f"未完成{d.open}项" if d.open is not None else ""]
    rate = f"完成率{pct(d.rate)}" if d.rate is not None else (
        f"按其所列数字计完成率{pct(d.shown_rate)}" if d.shown_rate is not None else "")
    return "报告自述:" + ",".join(b for b in (*bits, rate) if b) + f"(第{d.line}行)"


def comparable(d: Declared, t: Tally) -> tuple[str, float | None]:
    """The tool's rate to set beside the report's: the one counting not-applicable items the same way."""
    if d.convention in ("applicable", "plain"):
        return RATE_APPLICABLE, t.rate_applicable
    return RATE_WITH_NA, t.rate_with_na


def reasons(d: Declared, t: Tally) -> list[str]:
    """Why the report's figure and the tool's differ, one reason a line."""
    if d.total is not None:
        same = "相同" if d.total == t.total else "不同"
        out = [f"分母{same}:报告按自列的{d.total}项计,本工具按清单{t.total}个支项计"]
    else:
        out = [f"分母:报告未说明按多少项计,本工具按清单{t.total}个支项计"]
    if d.convention == "with_na":
        out.append(f"不涉及项:报告计为完成,即{FORMULA_WITH_NA},与本工具{RATE_WITH_NA}算法相同")
    elif d.convention == "applicable":
        out.append(f"不涉及项:报告不计入分母,即{FORMULA_APPLICABLE},与本工具{RATE_APPLICABLE}算法相同")
    elif d.convention == "plain":
        out.append("不涉及项:报告既不计为完成也不剔除,即已完成/总数" if d.na else
                   f"不涉及项:报告未列不涉及项,即已完成/总数;本工具有不涉及{t.na}项")
    elif d.total is None or d.done is None:
        out.append("不涉及项:报告只写了完成率,未说明如何计算")
    else:
        out.append("不涉及项:报告的完成率与其所列数字的几种算法都对不上,无法判断")
    out.append(f"证据要求:报告自评,“基本完成”也计入;本工具只计工作成效部分有具体举措的支项"
               f"(待完善{t.partial}项不计)")
    return out


MARKS = "①②③"


def comparison_lines(d: Declared | None, t: Tally) -> list[str]:
    """The lines shown under the headline: what the report says, the tool's figure beside it, why."""
    if d is None:
        return []
    label, tool_rate = comparable(d, t)
    return [declared_text(d),
            f"本工具{label} {pct(tool_rate)},报告自述 {pct(d.shown_rate)},差异原因:",
            *(f"{mark}{r}" for mark, r in zip(MARKS, reasons(d, t)))]


def declared_dict(d: Declared | None, t: Tally) -> dict[str, Any] | None:
    """The JSON `self_declared` object (additive contract), or None when the report states none."""
    if d is None:
        return None
    label, tool_rate = comparable(d, t)
    return {
        "total": d.total, "done": d.done, "na": d.na, "open": d.open,
        "rate": None if d.rate is None else round(d.rate, 4),
        "rate_shown": None if d.shown_rate is None else round(d.shown_rate, 4),
        "convention": d.convention, "text": d.text, "line": d.line,
        "tool_rate_label": label, "tool_rate": None if tool_rate is None else round(tool_rate, 4),
        "reasons": reasons(d, t),
    }
