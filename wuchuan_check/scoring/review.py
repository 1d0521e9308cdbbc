"""Reviewer decisions: a layer on top of the machine's scorecard, never mixed into it.

The machine decides each item's status (scorecard.py). A reviewer fills in the gap list the tool
wrote (CSV or XLSX: 复核结论 / 复核说明 / 责任单位 / 整改措施 / 完成时限) or a small YAML file::

    decisions:
      M21.4: {结论: 已完成, 说明: "见档案 2023-17 号", 责任单位: 司法局}
      M05.2: 确认

and `score --review FILE` reads it back. Each item is then

- 确认 (confirmed): the reviewer agrees with the machine (writing 确认, or the status the machine gave);
- 改判 (overridden): 已完成 / 基本完成 / 未完成 / 不涉及 differing from the machine, with a reason
  in 复核说明;
- 未复核 (left to the machine): 复核结论 empty.

Decisions are matched by item id, so they survive re-running on a revised report; a decision whose
item the checklist no longer has is reported, not dropped. The reviewed status counts in the
"after review" rates (基本完成 counts as not done, like 待完善); the machine's rates stay as they are.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Sequence
from dataclasses import dataclass, field
from enum import Enum
from pathlib import Path
from typing import Any

from wuchuan_check import regexes
from wuchuan_check.errors import InputError, read_input_bytes
from wuchuan_check.scoring.scorecard import ItemResult, Scorecard, Status, Tally

REVIEW_COLUMNS = ["复核结论", "复核说明", "责任单位", "整改措施", "完成时限"]
REVIEWED_COLUMN = "复核后状态"
ID_COLUMN = "支项编号"
MACHINE_COLUMN = "状态"
MAX_REVIEW_BYTES = 20 * 1024 * 1024


class Verdict(str, Enum):
    CONFIRM = "确认"
    DONE = "已完成"
    BASIC = "基本完成"
    OPEN = "未完成"
    NA = "不涉及"


VERDICT_STATUS: dict[Verdict, Status] = {
    Verdict.DONE: Status.DONE,
    Verdict.BASIC: Status.PARTIAL,
    Verdict.OPEN: Status.MISSING,
    Verdict.NA: Status.NA,
}
# What a reviewer may write for each verdict (the machine's own labels included, so copying the
# 状态 column means agreeing with it).
_WORDS: dict[str, Verdict] = {v.value: v for v in Verdict} | {
    "同意": Verdict.CONFIRM, "待完善": Verdict.BASIC, "部分完成": Verdict.BASIC,
    "未体现": Verdict.OPEN, "不适用": Verdict.NA,
}
ALLOWED = "确认/已完成/基本完成/未完成/不涉及(或留空)"
# YAML keys, short and long, for each review column.
_YAML_KEYS: dict[str, str] = {"结论": "复核结论", "说明": "复核说明"} | {c: c for c in REVIEW_COLUMNS}
_ITEM_ID = regexes.compile(r"^[A-Za-z]{1,4}\d{1,3}\.\d{1,3}$")

STATE_CONFIRMED, STATE_OVERRIDDEN, STATE_OPEN = "确认", "改判", "未复核"


@dataclass(frozen=True)
class Decision:
    """One row of a review file."""

    item: str
    verdict: Verdict | None  # None: left to the machine
    note: str = ""
    owner: str = ""  # 责任单位
    action: str = ""  # 整改措施
    deadline: str = ""  # 完成时限
    where: str = ""  # "file:第N行" for messages
    machine_then: Status | None = None  # the machine's status when the file was written (CSV/XLSX)

    def cells(self) -> list[str]:
        """The review columns as written back on the next export."""
        return [self.verdict.value if self.verdict else "", self.note, self.owner, self.action, self.deadline]


class ReviewError(InputError):
    """A review file with problems; `problems` holds one line per problem, each naming file and row."""

    def __init__(self, path: str | Path, problems: list[str]) -> None:
        self.problems = list(problems)
        super().__init__(None, "\n".join(self.problems))


@dataclass(frozen=True)
class Decisions:
    source: str
    by_item: dict[str, Decision]
    problems: tuple[str, ...] = ()  # rows that could not be used; apply_review raises them with its own


# --- reading ------------------------------------------------------------------------------------


def load_decisions(path: str | Path) -> Decisions:
    """Read a review file (the tool's CSV or XLSX, or YAML); ReviewError lists every problem."""
    p = Path(path)
    data = read_input_bytes(p, MAX_REVIEW_BYTES, what="复核文件")
    ext = p.suffix.lower()
    if ext == ".csv":
        rows = [_csv_rows(p, data)]
    elif ext == ".xlsx":
        rows = _xlsx_rows(p, data)
    elif ext in (".yaml", ".yml"):
        return _from_yaml(p, data)
    else:
        raise InputError(p, "不是复核文件:应为本工具写出的 .csv / .xlsx 差距清单或 .yaml / not a review file (.csv, .xlsx or .yaml)")
    return _from_tables(p, rows)


def _not_review(p: Path, why: str) -> ReviewError:
    return ReviewError(p, [f"{p}: 不是复核文件({why}) / not a review file"])


def _csv_rows(p: Path, data: bytes) -> tuple[str, list[list[str]]]:
    """(sheet label, rows) of a CSV; Excel on a Chinese Windows saves CSV as GBK."""
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise _not_review(p, "无法按 UTF-8 或 GBK 解码")
    try:
        return "", list(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise _not_review(p, f"CSV 格式有误:{exc}") from None


def _xlsx_rows(p: Path, data: bytes) -> list[tuple[str, list[list[str]]]]:
    """Every sheet that holds a review table (差距清单, 全部支项 …), as text rows."""
    from openpyxl import load_workbook

    try:
        wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as exc:  # any damage: not a workbook we can read
        raise _not_review(p, f"无法作为 Excel 工作簿打开:{type(exc).__name__}") from None
    sheets = []
    for ws in wb.worksheets:
        rows = [["" if v is None else _cell_text(v) for v in row] for row in ws.iter_rows(values_only=True)]
        if rows and ID_COLUMN in rows[0] and REVIEW_COLUMNS[0] in rows[0]:
            sheets.append((ws.title, rows))
    wb.close()
    if not sheets:
        raise _not_review(p, f"没有含“{ID_COLUMN}”和“{REVIEW_COLUMNS[0]}”列的工作表")
    return sheets


def _cell_text(value: object) -> str:
    if hasattr(value, "strftime"):  # a date typed into 完成时限
        return value.strftime("%Y-%m-%d")  # type: ignore[attr-defined]
    return str(value)


def _unquote(value: str) -> str:
    """Undo the apostrophe export.safe_cell puts before a formula-like cell."""
    return value[1:] if value.startswith("'") else value


def _from_tables(p: Path, sheets: Sequence[tuple[str, list[list[str]]]]) -> Decisions:
    problems: list[str] = []
    found: dict[str, Decision] = {}
    for sheet, rows in sheets:
        if not rows or ID_COLUMN not in rows[0] or REVIEW_COLUMNS[0] not in rows[0]:
            raise _not_review(p, f"表头没有“{ID_COLUMN}”和“{REVIEW_COLUMNS[0]}”列")
        header = [h.strip() for h in rows[0]]
        col = {name: header.index(name) for name in [ID_COLUMN, MACHINE_COLUMN, *REVIEW_COLUMNS] if name in header}
        seen: dict[str, str] = {}
        for n, row in enumerate(rows[1:], 2):
            where = f"{p}:{sheet + ' ' if sheet else ''}第{n}行 / row {n}"

            def cell(name: str, row: list[str] = row) -> str:
                i = col.get(name)
                return _unquote(row[i].strip()) if i is not None and i < len(row) else ""

            item = cell(ID_COLUMN)
            values = [cell(c) for c in REVIEW_COLUMNS]
            if not any(values):  # a row the reviewer left alone
                continue
            machine = _STATUS_BY_LABEL.get(cell(MACHINE_COLUMN))
            decision = _decision(item, values, where, machine, problems)
            if decision is None:
                continue
            if item in seen:
                problems.append(f"{where}: 支项 {item} 重复(已见于第{seen[item]}行) / duplicate item")
                continue
            seen[item] = str(n)
            _merge(found, decision, problems)
    return Decisions(str(p), found, tuple(problems))


_STATUS_BY_LABEL = {s.label: s for s in Status}


def _decision(item: str, values: list[str], where: str, machine: Status | None, problems: list[str]) -> Decision | None:
    """One decision from its cells, or None (with a problem line) when a cell is unusable."""
    if not _ITEM_ID.match(item):
        problems.append(f"{where}: 支项编号 {item!r} 无效(应如 M21.4) / bad item id")
        return None
    word = values[0].replace(" ", "")
    verdict = _WORDS.get(word) if word else None
    if word and verdict is None:
        problems.append(f"{where}: {item} 的复核结论 {values[0]!r} 无效,应为 {ALLOWED} / bad 复核结论")
        return None
    return _make(item, verdict, values[1:], where, machine)


def _make(item: str, verdict: Verdict | None, rest: Sequence[str], where: str, machine: Status | None) -> Decision:
    """A decision from 复核说明, 责任单位, 整改措施, 完成时限 in column order."""
    note, owner, action, deadline = rest
    return Decision(item, verdict, note, owner, action, deadline, where, machine)


def _merge(found: dict[str, Decision], d: Decision, problems: list[str]) -> None:
    """The same item on two sheets (差距清单 and 全部支项): filled cells combine, conflicts are errors."""
    old = found.get(d.item)
    if old is None:
        found[d.item] = d
        return
    merged = []
    for a, b, name in zip(old.cells(), d.cells(), REVIEW_COLUMNS):
        if a and b and a != b:
            problems.append(f"{d.where}: {d.item} 的{name}与 {old.where} 不一致 / conflicting decision")
            return
        merged.append(a or b)
    verdict = _WORDS.get(merged[0]) if merged[0] else None
    found[d.item] = _make(d.item, verdict, merged[1:], old.where if old.verdict else d.where,
                          old.machine_then or d.machine_then)


def _from_yaml(p: Path, data: bytes) -> Decisions:
    import yaml

    try:
        loader = yaml.SafeLoader(data.decode("utf-8-sig"))
        try:
            root = loader.get_single_node()
        finally:
            loader.dispose()
    except (UnicodeDecodeError, yaml.YAMLError) as exc:
        raise _not_review(p, f"YAML 无法解析:{str(exc).splitlines()[0]}") from None
    block = _mapping_value(root, "decisions")
    if block is None:
        raise _not_review(p, "应有顶层 decisions: 映射,每个支项编号一项")
    problems: list[str] = []
    found: dict[str, Decision] = {}
    for key_node, value_node in block.value:
        line = key_node.start_mark.line + 1
        item = str(key_node.value).strip()
        where = f"{p}:第{line}行 / line {line}"
        value = _construct(value_node)
        if isinstance(value, str) or value is None:
            fields = {"复核结论": value or ""}
        elif isinstance(value, dict):
            fields = {}
            for k, v in value.items():
                name = _YAML_KEYS.get(str(k).strip())
                if name is None:
                    problems.append(f"{where}: {item} 的键 {k!r} 未知,应为 结论/说明/责任单位/整改措施/完成时限 / unknown key")
                    continue
                fields[name] = "" if v is None else _cell_text(v).strip()
        else:
            problems.append(f"{where}: {item} 应为复核结论或映射 / expected a verdict or a mapping")
            continue
        if item in found:
            problems.append(f"{where}: 支项 {item} 重复 / duplicate item")
            continue
        d = _decision(item, [fields.get(c, "") for c in REVIEW_COLUMNS], where, None, problems)
        if d is not None:
            found[item] = d
    return Decisions(str(p), found, tuple(problems))


def _mapping_value(root: Any, key: str) -> Any:
    import yaml

    if not isinstance(root, yaml.MappingNode):
        return None
    for k, v in root.value:
        if k.value == key and isinstance(v, yaml.MappingNode):
            return v
    return None


def _construct(node: Any) -> Any:
    import yaml

    loader = yaml.SafeLoader("")
    try:
        return loader.construct_object(node, deep=True)
    finally:
        loader.dispose()


# --- applying -----------------------------------------------------------------------------------


@dataclass(frozen=True)
class ReviewedItem:
    item: ItemResult
    decision: Decision | None

    @property
    def overridden(self) -> bool:
        d = self.decision
        return d is not None and d.verdict not in (None, Verdict.CONFIRM) and VERDICT_STATUS[d.verdict] is not self.item.status

    @property
    def status(self) -> Status:
        """The status after review: the reviewer's where they overrode, else the machine's."""
        return VERDICT_STATUS[self.decision.verdict] if self.overridden else self.item.status  # type: ignore[index,union-attr]

    @property
    def label(self) -> str:
        return self.decision.verdict.value if self.overridden else self.item.status.label  # type: ignore[union-attr]

    @property
    def state(self) -> str:
        if self.overridden:
            return STATE_OVERRIDDEN
        if self.decision is not None and self.decision.verdict is not None:
            return STATE_CONFIRMED
        return STATE_OPEN


@dataclass(frozen=True)
class Review:
    source: str
    items: tuple[ReviewedItem, ...]  # in the scorecard's item order
    orphans: tuple[Decision, ...] = ()  # decisions whose item this checklist does not have
    changed: tuple[str, ...] = ()  # items whose machine status changed since the review
    _by_id: dict[str, ReviewedItem] = field(default_factory=dict, repr=False, compare=False)

    def __post_init__(self) -> None:
        self._by_id.update({r.item.id: r for r in self.items})

    def of(self, item_id: str) -> ReviewedItem | None:
        return self._by_id.get(item_id)

    @property
    def tally(self) -> Tally:
        return Tally.of([r.status for r in self.items])

    def count(self, state: str) -> int:
        return sum(r.state == state for r in self.items)


def apply_review(card: Scorecard, decisions: Decisions) -> Review:
    """Lay the reviewer's decisions over the machine's items. An override needs a reason unless the
    reviewer made it when the machine agreed (the machine has changed since: noted in `changed`)."""
    problems = list(decisions.problems)
    reviewed, changed = [], []
    for it in card.items:
        d = decisions.by_item.get(it.id)
        r = ReviewedItem(it, d)
        if d is not None and d.machine_then is not None and d.machine_then is not it.status:
            changed.append(f"{it.id}(复核时机器判定为{d.machine_then.label},本次为{it.status.label})")
        if r.overridden and not d.note and (d.machine_then is None or d.machine_then is it.status):  # type: ignore[union-attr]
            problems.append(f"{d.where}: {it.id} 改判为{d.verdict.value}(机器判定{it.status.label}),"  # type: ignore[union-attr]
                            f"须在复核说明中写明理由 / an override needs a reason in 复核说明")
        reviewed.append(r)
    if problems:
        raise ReviewError(decisions.source, problems)
    ids = {it.id for it in card.items}
    orphans = tuple(d for i, d in decisions.by_item.items() if i not in ids)
    return Review(decisions.source, tuple(reviewed), orphans, tuple(changed))


def load_review(card: Scorecard, path: str | Path) -> Review:
    return apply_review(card, load_decisions(path))
