"""The checklist model: an outline as areas (大项) → measures (分项) → items (支项).

Checklists are data (`outline/*.yaml`, installed as `wuchuan_check.outline`); this module holds
their schema and a loader that reports every problem in a broken file at once, each with the
file, the line and the path inside the document.
"""

from __future__ import annotations

import errno
import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any, Iterator, Literal

from wuchuan_check import regexes
from wuchuan_check.errors import ChecklistError, read_input_bytes
from wuchuan_check.reading.document import Level

if TYPE_CHECKING:
    from importlib.resources.abc import Traversable

    import yaml

SCHEMA_ID = "wuchuan-check/checklist/v1"


# PyYAML is imported inside the functions that parse: a cached checklist and the cached indicators
# need no YAML, and importing it (with the regexes its pure-Python reader compiles) was ~8% of a
# cold `score`.
def _loader() -> Any:
    """libyaml's parser when PyYAML was built with it (its wheels are): ~20x faster at start-up."""
    import yaml

    return getattr(yaml, "CSafeLoader", yaml.SafeLoader)


ALL_LEVELS: tuple[Level, ...] = tuple(Level)
_ID_AREA = regexes.compile(r"^[A-Z][A-Za-z]*\d+$")  # A1, A10
_ID_MEASURE = regexes.compile(r"^[A-Z][A-Za-z]*\d+$")  # M01, P12
_ID_ITEM = regexes.compile(r"^(?P<measure>[A-Z][A-Za-z]*\d+)\.\d+$")  # M01.1


# The runtime types are plain frozen dataclasses; their pydantic schema (field constraints, `all`
# levels, bare-string examples) is in checklist/schema.py, imported only when a file is validated,
# so that scoring with a cached checklist never builds pydantic models.
ExampleRole = Literal["achievement", "problem", "plan"]
Numbering = Literal["arabic", "chinese"]  # measures published as "1." or as "(一)"


@dataclass(frozen=True)
class Example:
    """A sentence written for an item, and the part of a report it stands in."""

    text: str
    role: ExampleRole = "achievement"


@dataclass(frozen=True)
class Examples:
    """Sentences that must make the item done, and near-misses that must not."""

    done: tuple[Example, ...] = ()
    not_done: tuple[Example, ...] = ()

    def __add__(self, other: "Examples") -> "Examples":
        return Examples(done=self.done + other.done, not_done=self.not_done + other.not_done)


@dataclass(frozen=True)
class Item:
    """One concrete requirement (支项)."""

    id: str
    text: str
    keywords: tuple[str, ...]  # official terms and report phrasings
    related: tuple[str, ...] = ()  # weaker context words: support evidence, never prove it
    levels: tuple[Level, ...] | None = None  # None: inherit from the measure
    examples: Examples | None = None  # inline; built-ins keep theirs in <id>.examples.yaml
    # keyword → why `outline lint`'s warning about it is accepted
    lint_ok: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)  # keyword-only: fields in the file's order, defaults anywhere
class Measure:
    """A measure (分项), e.g. M01 深化行政审批制度改革."""

    id: str
    number: int | None = None  # the outline's own number, where it has one
    title: str
    keywords: tuple[str, ...] = ()  # terms for the measure as a whole
    levels: tuple[Level, ...] | None = None  # default for its items
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class Area:
    """An area (大项): one task chapter of the outline."""

    id: str
    number: str | None = None  # the chapter's numeral as published, e.g. 二
    title: str
    goal: str | None = None  # the chapter's 目标, in our own words
    standard: str | None = None  # its clause of the outline's 衡量标准, in our own words
    numbering: Numbering | None = None  # how its measures are numbered; default: the outline's
    measures: tuple[Measure, ...]


@dataclass(frozen=True)
class OutlineMeta:
    id: str
    title: str
    short_title: str | None = None
    issuer: str | None = None
    date: str | None = None
    version: str = "1"  # the checklist's own version, not the outline's
    period: tuple[int, int] | None = None  # years the outline covers
    based_on: str | None = None  # a plan that extends this built-in outline (see inherit)
    numbering: Numbering = "arabic"
    cite_patterns: tuple[str, ...] = ()  # regexes: text that shows a report cites this outline
    note: str | None = None


@dataclass(frozen=True)
class ChecklistDoc:
    schema_: str
    outline: OutlineMeta
    areas: tuple[Area, ...]


@dataclass(frozen=True)
class ItemRef:
    """An item with its place in the tree and its resolved levels."""

    item: Item
    measure: Measure
    area: Area
    levels: tuple[Level, ...]

    @property
    def id(self) -> str:
        return self.item.id


@dataclass(frozen=True, eq=False)  # identity equality: cheap to hash as a cache key
class Checklist:
    doc: ChecklistDoc
    source: str  # path or "builtin:<id>"
    base: "Checklist | None" = None  # the built-in outline this plan extends (`based_on`)
    own_item_ids: frozenset[str] = frozenset()  # with a base: the items this file itself states
    examples_file: Traversable | Path | None = None  # sibling <name>.examples.yaml, if any

    @property
    def meta(self) -> OutlineMeta:
        return self.doc.outline

    @property
    def id(self) -> str:
        return self.doc.outline.id

    @property
    def title(self) -> str:
        return self.doc.outline.title

    @property
    def areas(self) -> tuple[Area, ...]:
        return self.doc.areas

    def measures(self) -> Iterator[tuple[Area, Measure]]:
        for area in self.doc.areas:
            for measure in area.measures:
                yield area, measure

    @cached_property
    def items(self) -> tuple[ItemRef, ...]:
        refs = []
        for area, measure in self.measures():
            for item in measure.items:
                levels = item.levels or measure.levels or ALL_LEVELS
                refs.append(ItemRef(item=item, measure=measure, area=area, levels=tuple(levels)))
        return tuple(refs)

    @cached_property
    def examples(self) -> dict[str, Examples]:
        """Each item's examples: inline, from the sibling examples file, and (for a plan with a
        base) the base's examples of the items it inherits unchanged. Read on first use, so that
        scoring never pays for them; a broken examples file raises ChecklistError here."""
        out: dict[str, Examples] = {}
        if self.base is not None:
            out = {i: ex for i, ex in self.base.examples.items() if i not in self.own_item_ids}
        for ref in self.items:
            if ref.item.examples is not None and (self.base is None or ref.id in self.own_item_ids):
                out[ref.id] = out.get(ref.id, Examples()) + ref.item.examples
        if self.examples_file is not None:
            ids = {ref.id for ref in self.items}
            for item_id, ex in load_examples_file(self.examples_file, ids).items():
                out[item_id] = out.get(item_id, Examples()) + ex
        return out

    def counts(self, level: Level | None = None) -> dict[str, int]:
        """Areas, measures and items; with a level, also how many items apply to it."""
        out = {
            "areas": len(self.doc.areas),
            "measures": sum(len(a.measures) for a in self.doc.areas),
            "items": len(self.items),
        }
        if level is not None:
            out["applicable"] = sum(1 for ref in self.items if level in ref.levels)
        return out


# --- loading ---------------------------------------------------------------------------------


def outline_folder() -> Path:
    """Where the built-in checklists are: the installed wuchuan_check.outline package, or the
    repository's outline/ folder when running from a source checkout that was not installed.
    The package's own path, not importlib.resources: its readers cost ~1% of a cold `score`, and
    pip installs the package as files (never zipped)."""
    try:
        import wuchuan_check.outline as folder

        return Path(next(iter(folder.__path__)))
    except ModuleNotFoundError:
        return Path(__file__).resolve().parents[2] / "outline"  # the checkout: wuchuan_check/checklist/ → root


_SCHEMA_LINE = regexes.compile(r"^schema:\s*[\"']?wuchuan-check/checklist/v1\b", re.M)


def builtin_outline_ids() -> list[str]:
    return list(_builtin_ids())


@lru_cache(maxsize=1)  # the installed folder does not change while running
def _builtin_ids() -> tuple[str, ...]:
    """Ids of the checklists shipped inside the package (file stem = outline id). The outline
    folder also holds mappings, indicator definitions and example files: a checklist is a
    `<id>.yaml` that declares the checklist schema."""
    ids = []
    for res in outline_folder().iterdir():
        name = res.name
        if name.endswith(".yaml") and name.count(".") == 1 and _SCHEMA_LINE.search(res.read_text(encoding="utf-8")[:4000]):
            ids.append(name[: -len(".yaml")])
    return tuple(sorted(ids))


def load_outline(ref: str | Path) -> Checklist:
    """Load a built-in outline by id (e.g. "2015-2020") or a checklist file by path."""
    ref_str = str(ref)
    if ref_str in builtin_outline_ids():
        return _load_builtin(ref_str)
    path = Path(ref_str)
    if path.suffix.lower() in {".yaml", ".yml"} or "/" in ref_str or _something_at(path):
        return load_checklist_file(path)
    known = ", ".join(builtin_outline_ids())
    raise ChecklistError(ref_str, [f"没有这个纲要,也不是文件 / unknown outline (built-in: {known})"])


def builtin_source(outline_id: str) -> tuple[str, str, Traversable | None]:
    """A built-in checklist's YAML text, source name and examples file (what its cache key is of)."""
    examples = outline_folder() / f"{outline_id}.examples.yaml"
    return ((outline_folder() / f"{outline_id}.yaml").read_text(encoding="utf-8"), f"builtin:{outline_id}",
            examples if examples.is_file() else None)


@lru_cache(maxsize=None)  # parsed once per process: the installed files do not change while running
def _load_builtin(outline_id: str) -> Checklist:
    text, source, ex = builtin_source(outline_id)
    from wuchuan_check.checklist.cache import cached_checklist  # parsed and compiled once per content, not per run

    return cached_checklist(text, source, ex, lambda: parse_checklist(text, source=source, examples_file=ex))


# A checklist is ~80 KB (the 2015-2020 outline with every keyword); 5 MB leaves room for a
# provincial plan many times larger while keeping a mistaken multi-GB file from being read.
MAX_YAML_BYTES = 5 * 1024 * 1024
# Limits on the YAML node graph: real checklists nest 8 levels and have ~15,000 nodes; aliases
# may share data, but not multiply it (a "billion laughs" file expands exponentially).
MAX_YAML_DEPTH = 64
MAX_YAML_NODES = 500_000
MAX_YAML_ALIASES = 1_000
MAX_INT_DIGITS = 30  # a year or a number; Python refuses to parse ints of > 4,300 digits


def _something_at(path: Path) -> bool:
    """A file, folder, device or dangling/looping link is there (its problem is then reported
    by reading it); Path.exists() says False for a symlink loop and raises on a too-long name."""
    try:
        os.lstat(path)
        return True
    except OSError as exc:
        return exc.errno not in (errno.ENOENT, errno.ENOTDIR)
    except ValueError:  # NUL in the name
        return True


def read_utf8_file(path: str | Path) -> str:
    """A YAML data file's text (checklist, tailoring, mapping); ChecklistError if unreadable."""
    data = read_input_bytes(path, MAX_YAML_BYTES, ChecklistError, "清单文件")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ChecklistError(path, [f"不是 UTF-8 文本 / not UTF-8 text (byte {exc.start})"]) from None


def compose_yaml(text: str, source: str) -> yaml.Node | None:
    """The YAML node tree, after checking the event stream (depth, aliases) and the composed
    graph (no cycles, bounded size once aliases are expanded, no huge integers).

    libyaml's parser is a state machine (no recursion), so the depth check runs before the
    recursive composer ever sees a deep document."""
    import yaml

    if len(text) > MAX_YAML_BYTES:
        raise ChecklistError(source, [f"清单文件太大(超过 {MAX_YAML_BYTES // 1048576} MB) / file too large"])
    try:
        depth = aliases = 0
        for event in yaml.parse(text, Loader=_loader()):
            if isinstance(event, (yaml.MappingStartEvent, yaml.SequenceStartEvent)):
                depth += 1
                if depth > MAX_YAML_DEPTH:
                    raise ChecklistError(source, [_at_mark(event, f"嵌套超过 {MAX_YAML_DEPTH} 层 / nesting too deep")])
            elif isinstance(event, (yaml.MappingEndEvent, yaml.SequenceEndEvent)):
                depth -= 1
            elif isinstance(event, yaml.AliasEvent):
                aliases += 1
                if aliases > MAX_YAML_ALIASES:
                    raise ChecklistError(source, [_at_mark(event, f"别名(*引用)超过 {MAX_YAML_ALIASES} 个 / too many aliases")])
        root = yaml.compose(text, Loader=_loader())
    except yaml.YAMLError as exc:
        raise ChecklistError(source, [_yaml_problem(exc)]) from None
    if root is not None:
        _check_graph(root, source)
    return root


def _at_mark(node: Any, message: str) -> str:
    mark = getattr(node, "start_mark", None)
    return (f"第{mark.line + 1}行 " if mark is not None else "") + message


def _check_graph(root: yaml.Node, source: str) -> None:
    """Refuse recursive aliases, alias bombs and huge integers; iterative (no recursion)."""
    import yaml

    int_tag = "tag:yaml.org,2002:int"
    expanded: dict[int, int] = {}  # node id -> node count with aliases expanded
    on_path: set[int] = set()
    stack: list[tuple[yaml.Node, bool]] = [(root, False)]
    while stack:
        node, done = stack.pop()
        key = id(node)
        if done:
            on_path.discard(key)
            size = 1 + sum(expanded[id(c)] for c in _node_children(node))
            if size > MAX_YAML_NODES:
                raise ChecklistError(source, [_at_mark(
                    node, f"别名展开后超过 {MAX_YAML_NODES} 个节点(别名炸弹?) / aliases expand too far")])
            expanded[key] = size
            continue
        if key in expanded:
            continue
        if key in on_path:
            raise ChecklistError(source, [_at_mark(node, "别名引用了自身(递归别名) / recursive alias")])
        if isinstance(node, yaml.ScalarNode):
            if node.tag == int_tag and len(node.value) > MAX_INT_DIGITS:
                raise ChecklistError(source, [_at_mark(
                    node, f"数字太长({len(node.value)} 位) / integer too long")])
            expanded[key] = 1
            continue
        on_path.add(key)
        stack.append((node, True))
        stack.extend((c, False) for c in _node_children(node) if id(c) not in expanded)


def _node_children(node: yaml.Node) -> list[yaml.Node]:
    import yaml

    if isinstance(node, yaml.MappingNode):
        return [n for pair in node.value for n in pair]
    if isinstance(node, yaml.SequenceNode):
        return list(node.value)
    return []


def construct_yaml(root: yaml.Node | None, source: str) -> Any:
    """Python data of a node tree checked by compose_yaml."""
    import yaml

    if root is None:
        return None
    try:
        return _loader()("").construct_document(root)
    except yaml.YAMLError as exc:
        raise ChecklistError(source, [_yaml_problem(exc)]) from None
    except (ValueError, TypeError, OverflowError) as exc:  # e.g. a timestamp with month 13
        raise ChecklistError(source, [f"YAML 内容无法解析 / bad YAML value ({exc})"]) from None


def load_yaml(text: str, source: str) -> Any:
    """Parse YAML safely (see compose_yaml); any problem becomes a ChecklistError with its line."""
    return construct_yaml(compose_yaml(text, source), source)


def _yaml_problem(exc: yaml.YAMLError) -> str:
    mark = getattr(exc, "problem_mark", None)
    where = f"第{mark.line + 1}行 " if mark is not None else ""
    reason = getattr(exc, "problem", None) or str(exc).splitlines()[0]
    return f"{where}YAML 语法错误 / bad YAML: {reason}"


def sibling_examples_file(path: str | Path) -> Path:
    """Where a checklist file's examples may live: plan.yaml → plan.examples.yaml."""
    p = Path(path)
    return p.with_name(p.stem + ".examples.yaml")


def load_checklist_file(path: str | Path) -> Checklist:
    return parse_checklist_file(read_utf8_file(path), path)


def parse_checklist_file(text: str, path: str | Path) -> Checklist:
    """A checklist file's text (read by read_utf8_file) parsed, with its examples file beside it."""
    sibling = sibling_examples_file(path)
    return parse_checklist(text, source=str(path), examples_file=sibling if sibling.is_file() else None)


def read_mapping_doc(text: str, source: str, not_mapping: str) -> tuple[yaml.Node, dict[str, Any], list[str]]:
    """A YAML data file whose top level must be a mapping: its node tree (which gives each problem
    its line), its data (which the schema validates) and its duplicate-key problems."""
    root = compose_yaml(text, source)
    data = construct_yaml(root, source)
    if root is None or not isinstance(data, dict):
        raise ChecklistError(source, [not_mapping])
    return root, data, [_at(root, loc, msg) for loc, msg in _duplicate_keys(root)]


def parse_checklist(text: str, source: str = "<string>", examples_file: Traversable | Path | None = None) -> Checklist:
    """Parse and validate a checklist; raise ChecklistError listing every problem found.

    A checklist whose `outline.based_on` names a built-in outline extends it: its areas,
    measures and items add to the base's or, with the same id, override them (fields it leaves
    out are the base's), and everything else is inherited."""
    root, data, problems = read_mapping_doc(text, source, "不是清单文件:顶层应为映射 / not a checklist: top level must be a mapping")
    problems += [_at(root, loc, msg) for loc, msg in _id_problems(data)]
    base: Checklist | None = None
    based_on = data["outline"].get("based_on") if isinstance(data.get("outline"), dict) else None
    if based_on is not None:
        if str(based_on) not in builtin_outline_ids():
            known = ", ".join(builtin_outline_ids())
            problems.append(_at(root, ("outline", "based_on"),
                                f"没有这个内置纲要 {based_on!r} / unknown base outline (built-in: {known})"))
        else:
            base = load_outline(str(based_on))
            problems += [_at(root, loc, msg) for loc, msg in _fill_from_base(data, base)]
    from wuchuan_check.checklist import schema  # pydantic: only when a file is validated

    doc: ChecklistDoc | None
    try:
        doc = schema.checklist_doc(data)
    except schema.ValidationError as exc:
        problems += [
            _at(root, err["loc"], _reason(err))
            for err in exc.errors()
            if not _is_cascade(err, data)
        ]
        doc = None
    if problems or doc is None:
        raise ChecklistError(source, problems)
    if base is None:
        return Checklist(doc=doc, source=source, examples_file=examples_file)
    own = frozenset(i.id for a in doc.areas for m in a.measures for i in m.items)
    return Checklist(doc=_extend(base.doc, doc), source=source, base=base, own_item_ids=own,
                     examples_file=examples_file)


# --- plans that extend a built-in outline ------------------------------------------------------

_INHERITED = {"area": ("number", "title", "goal", "standard", "numbering"),
              "measure": ("number", "title", "keywords", "levels"),
              "item": ("text", "keywords", "related", "levels", "lint_ok")}


def _fill_from_base(data: dict[str, Any], base: Checklist) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Give areas, measures and items that share an id with the base the fields they leave out
    (in place, so that problems still point into the user's file); refuse a base measure filed
    under another area."""
    areas = {a.id: a for a in base.areas}
    measures = {m.id: (a.id, m) for a, m in base.measures()}
    items = {ref.id: ref.item for ref in base.items}

    def fill(node: dict[str, Any], model: Any, kind: str) -> None:
        for key in _INHERITED[kind]:
            value = getattr(model, key)
            if key not in node and value not in (None, (), {}):
                node[key] = list(value) if isinstance(value, tuple) else value

    for ai, area in _children(data, "areas"):
        if area.get("id") in areas:
            fill(area, areas[area["id"]], "area")
        for mi, measure in _children(area, "measures"):
            where = measures.get(str(measure.get("id")))
            if where is not None:
                if where[0] != area.get("id"):
                    yield (("areas", ai, "measures", mi, "id"),
                           f"分项 {measure['id']} 在基础纲要中属于大项 {where[0]} / the base files this measure under {where[0]}")
                fill(measure, where[1], "measure")
            for item in (v for _, v in _children(measure, "items")):
                if item.get("id") in items:
                    fill(item, items[item["id"]], "item")


def _extend(base: ChecklistDoc, plan: ChecklistDoc) -> ChecklistDoc:
    """The base's tree with the plan's areas, measures and items put in by id."""

    def merged(old: tuple[Any, ...], new: tuple[Any, ...], inner: Any) -> tuple[Any, ...]:
        mine = {n.id: n for n in new}
        out = [inner(o, mine.pop(o.id)) if o.id in mine else o for o in old]
        return tuple(out + [n for n in new if n.id in mine])

    def measure(old: Measure, new: Measure) -> Measure:
        return replace(new, items=merged(old.items, new.items, lambda o, n: n))

    def area(old: Area, new: Area) -> Area:
        return replace(new, measures=merged(old.measures, new.measures, measure))

    meta = plan.outline
    if meta.period is None and base.outline.period is not None:
        meta = replace(meta, period=base.outline.period)
    return replace(plan, outline=meta, areas=merged(base.areas, plan.areas, area))


# --- examples files ------------------------------------------------------------------------------

EXAMPLES_SCHEMA = "wuchuan-check/examples/v1"


def load_examples_file(file: Traversable | Path, item_ids: set[str]) -> dict[str, Examples]:
    """A sibling examples file (`items: {M01.1: {done: [...], not_done: [...]}}`), checked against
    the checklist's item ids; every problem at once."""
    source = str(file)
    text = file.read_text(encoding="utf-8") if not isinstance(file, Path) else read_utf8_file(file)
    root, data, problems = read_mapping_doc(text, source, "不是示例文件:顶层应为映射 / not an examples file: top level must be a mapping")
    items = data.get("items")
    if isinstance(items, dict):
        problems += [_at(root, ("items", k), f"清单中没有支项 {k!r} / no such item")
                     for k in items if k not in item_ids]
    from wuchuan_check.checklist import schema  # pydantic: only when a file is validated

    found: dict[str, Examples] | None
    try:
        found = schema.examples_doc(data)
    except schema.ValidationError as exc:
        problems += [_at(root, err["loc"], _reason(err)) for err in exc.errors()]
        found = None
    if problems or found is None:
        raise ChecklistError(source, problems)
    return found


def _is_cascade(err: Mapping[str, Any], data: Any) -> bool:
    """Pydantic counts a tuple's length after dropping invalid elements, so one bad item makes
    its measure, area and the file look empty; only a list that is empty in the file is."""
    if err.get("type") != "too_short":
        return False
    value = data
    for part in err["loc"]:
        try:
            value = value[part]
        except (KeyError, IndexError, TypeError):
            return False
    return isinstance(value, list) and len(value) > 0


def _reason(err: Mapping[str, Any]) -> str:
    kind = err.get("type", "")
    if kind == "missing":
        return "缺少必填字段 / missing field"
    if kind == "extra_forbidden":
        return "未知字段 / unknown field"
    if kind == "enum":
        allowed = ", ".join(level.value for level in Level)
        return f"未知层级 {err.get('input')!r} / unknown level (allowed: {allowed}, all)"
    if kind == "too_short":
        return "不能为空 / must not be empty"
    if kind == "value_error":  # our own validators' messages, without pydantic's prefix
        return str(err.get("ctx", {}).get("error") or err.get("msg", kind))
    if kind == "literal_error":
        return f"schema 应为 {SCHEMA_ID} / schema must be {SCHEMA_ID}"
    return err.get("msg", kind)


def _children(node: Any, key: str) -> list[tuple[int, dict[str, Any]]]:
    value = node.get(key) if isinstance(node, dict) else None
    if not isinstance(value, list):
        return []
    return [(i, v) for i, v in enumerate(value) if isinstance(v, dict)]


def _id_problems(data: dict[str, Any]) -> Iterator[tuple[tuple[Any, ...], str]]:
    """Checks pydantic cannot express — unique ids, id shapes, items filed under their measure —
    run on the raw data so they are reported together with schema errors."""
    seen: set[str] = set()

    def check(loc: tuple[Any, ...], node_id: Any, pattern: re.Pattern[str], kind: str):
        if not isinstance(node_id, str):
            return
        if not pattern.match(node_id):
            yield loc + ("id",), f"{kind}编号格式不对 {node_id!r} / bad {kind} id"
        if node_id in seen:
            yield loc + ("id",), f"编号重复 {node_id!r} / duplicate id"
        seen.add(node_id)

    for ai, area in _children(data, "areas"):
        loc_a = ("areas", ai)
        yield from check(loc_a, area.get("id"), _ID_AREA, "大项")
        for mi, measure in _children(area, "measures"):
            loc_m = loc_a + ("measures", mi)
            m_id = measure.get("id")
            yield from check(loc_m, m_id, _ID_MEASURE, "分项")
            for ii, item in _children(measure, "items"):
                loc_i = loc_m + ("items", ii)
                i_id = item.get("id")
                yield from check(loc_i, i_id, _ID_ITEM, "支项")
                parent = _ID_ITEM.match(i_id) if isinstance(i_id, str) else None
                if parent and parent["measure"] != m_id:
                    yield loc_i + ("id",), f"支项 {i_id!r} 不属于分项 {m_id!r} / item filed under the wrong measure"


def _duplicate_keys(node: yaml.Node, loc: tuple[Any, ...] = ()) -> Iterator[tuple[tuple[Any, ...], str]]:
    """PyYAML silently keeps the last of two equal keys; a checklist author wants to know."""
    import yaml

    if isinstance(node, yaml.MappingNode):
        keys: set[str] = set()
        for key_node, value_node in node.value:
            key = key_node.value
            if key in keys:
                yield loc + (key,), f"键重复 {key!r} / duplicate key"
            keys.add(key)
            yield from _duplicate_keys(value_node, loc + (key,))
    elif isinstance(node, yaml.SequenceNode):
        for i, child in enumerate(node.value):
            yield from _duplicate_keys(child, loc + (i,))


def _at(root: yaml.Node, loc: tuple[Any, ...], message: str) -> str:
    """Prefix a problem with the line of the deepest node its path reaches, and the path."""
    import yaml

    node, line = root, root.start_mark.line + 1
    for part in loc:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(part):
                    child, line = value_node, key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(part, int) and part < len(node.value):
            child = node.value[part]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    path = ".".join(str(p) for p in loc) or "(root)"
    return f"第{line}行 {path}: {message}"


# --- display helpers -----------------------------------------------------------------------------

_DIGITS = "零一二三四五六七八九"


def chinese_numeral(n: int) -> str:
    """1 → 一, 10 → 十, 35 → 三十五 (measure numbers stay below 100)."""
    if n < 10:
        return _DIGITS[n]
    tens, ones = divmod(n, 10)
    return ("" if tens == 1 else _DIGITS[tens]) + "十" + (_DIGITS[ones] if ones else "")


def measure_number_label(checklist: Checklist, area: Area, measure: Measure) -> str:
    """A measure's number as the outline prints it: "12." or "(十二)"; "" when it has none."""
    if measure.number is None:
        return ""
    style = area.numbering or checklist.meta.numbering
    return f"({chinese_numeral(measure.number)})" if style == "chinese" else f"{measure.number}."
