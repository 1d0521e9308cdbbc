"""Steps 1–2 of scoring, prepared once per checklist: each keyword compiled with its strength (by
length, lowered when several items share it), its loose variant (other words between its words)
and its wildcard pattern, all literals in one Aho–Corasick automaton. Keywords and sentences are
compared in one compact form (法制/法治 folded, punctuation dropped). The compiled form is cached
by content, in process and (through checklist.cache) on disk."""

from __future__ import annotations

import re
import weakref
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from typing import Any

import ahocorasick_rs

from wuchuan_check import regexes
from wuchuan_check.checklist.cache import register_companion
from wuchuan_check.checklist.model import Checklist
from wuchuan_check.reading.textnorm import normalize_text
from wuchuan_check.scoring.segment import keyword_splits
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

# Punctuation and brackets that reports insert or drop inside official terms
# ("双随机、一公开" / "双随机一公开" / “双随机 一公开”): removed on both sides before matching.
_COMPACT_DROP = regexes.compile(r"[\s、，,“”‘’\"'《》〈〉<>「」『』·•・()（）\[\]【】]")


SENTENCE_BREAK = "\n"


@dataclass(frozen=True)
class Keyword:
    label: str  # as written in the checklist
    key: str  # the keyword's text without wildcards: variants of one keyword share it
    source: str | None  # regex source for wildcard and loose keywords, compiled on first use
    literal: str | None  # compact literal for plain keywords
    strength: float
    measure_level: bool = False  # a term of the whole measure, not of this item
    parts: tuple[str, ...] = ()  # for patterns: literals a sentence must hold for it to match
    ids: tuple[int, ...] = ()  # automaton indices of the literal, or of the pattern's parts
    gap: int = 0  # for patterns: at most this many characters (no line break) between two parts

    @property
    def pattern(self) -> re.Pattern[str] | None:
        # most patterns never run (a part is absent from the report): compiling ~1,400 of them
        # up front cost more than scoring a report
        return None if self.source is None else _regex(self.source)

    def found_in(self, text: str) -> bool:
        """`pattern.search(text)` for a pattern keyword, without compiling the regex: a batch
        worker met ~10 new patterns per report, and compiling them cost more than the search."""
        parts = self.parts
        if len(parts) == 2 and SENTENCE_BREAK not in text:  # most patterns, on one sentence
            first, second = parts
            n, window = len(first), self.gap + len(second)
            j = text.find(first)
            while j != -1:
                if text.find(second, j + n, j + n + window) != -1:
                    return True
                j = text.find(first, j + 1)
            return False
        return _in_order(text, parts, 0, 0, self.gap, True)


def _in_order(text: str, parts: tuple[str, ...], k: int, pos: int, gap: int, anywhere: bool) -> bool:
    """Whether parts[k:] occur in `text` in order, parts[k] starting anywhere from `pos` (k = 0)
    or within `gap` characters of `pos`, each next part within `gap` characters of the end of
    the one before and no line break in a gap: the regex p0[^\n]{0,gap}?p1… searched, with the
    same backtracking over every occurrence."""
    if k == len(parts):
        return True
    part = parts[k]
    end = len(text) if anywhere else pos + gap + len(part)
    j = text.find(part, pos, end)
    while j != -1:
        if (anywhere or SENTENCE_BREAK not in text[pos:j]) and _in_order(text, parts, k + 1, j + len(part), gap, False):
            return True
        j = text.find(part, j + 1, end)
    return False


@lru_cache(maxsize=16384)  # checklist keywords: each is compacted several times while compiling
def compact(text: str) -> str:
    """The form both keywords and sentences are compared in."""
    return fold(normalize_text(text))


def fold(normalized: str) -> str:
    """`compact` for text already normalised (report sentences are). Reports write 法制 and 法治
    interchangeably in these terms (法制宣传 / 法治宣传, 法制讲座 / 法治讲座), so they are folded."""
    return _COMPACT_DROP.sub("", normalized).replace("法制", "法治")


@lru_cache(maxsize=None)
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source)  # built from checklist keywords (a user's too): not stored


def _base_strength(n_chars: int, s: Settings) -> float:
    if n_chars <= 2:
        return s.kw_strength_2
    if n_chars == 3:
        return s.kw_strength_3
    if n_chars == 4:
        return s.kw_strength_4
    return s.kw_strength_5plus


def _parts(label: str) -> list[str]:
    return [p for p in (compact(p) for p in label.split("*")) if p]


def split_terms(checklist: Checklist) -> set[str]:
    """The compact keywords whose words the loose variant needs (single-part keywords)."""
    out = set()
    for ref in checklist.items:
        for label in (*ref.item.keywords, *ref.item.related, *ref.measure.keywords):
            parts = _parts(label)
            if len(parts) == 1:
                out.add(parts[0])
    return out


def _compile_keyword(label: str, shared_by: int, s: Settings, words_of: Callable[[str], tuple[str, ...]]) -> list[Keyword]:
    """A keyword as written, plus a loose variant allowing short gaps between its words."""
    parts = _parts(label)
    if not parts:
        return []
    strength = _base_strength(sum(len(p) for p in parts), s) / (1 + s.kw_shared_penalty * (shared_by - 1))
    key = "".join(parts)
    if len(parts) > 1:
        gap = f"[^{SENTENCE_BREAK}]{{0,{s.wildcard_gap}}}?"
        return [Keyword(label, key, gap.join(re.escape(p) for p in parts), None, strength, parts=tuple(parts),
                         gap=s.wildcard_gap)]
    exact = Keyword(label, key, None, parts[0], strength)
    words = words_of(parts[0])
    if len(words) < 2 or min(len(w) for w in words) < 2:
        return [exact]  # single words and stray characters get no loose variant
    gap = f"[^{SENTENCE_BREAK}]{{0,{s.loose_gap}}}?"
    loose = gap.join(re.escape(w) for w in words)
    return [exact, Keyword(label, key, loose, None, strength * s.loose_factor, parts=tuple(words), gap=s.loose_gap)]


@dataclass(frozen=True)
class CompiledChecklist:
    """Keywords of every item compiled once per checklist and settings, reused across reports."""

    checklist: Checklist
    settings: Settings
    item_keywords: dict[str, tuple[Keyword, ...]]
    item_related: dict[str, tuple[Keyword, ...]]
    # literal -> its index in the automaton; the automaton itself is rebuilt after unpickling
    literal_index: dict[str, int] = field(default_factory=dict)
    _automaton: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.literal_index:
            literals: dict[str, int] = {}

            def indexed(kws: tuple[Keyword, ...]) -> tuple[Keyword, ...]:
                lits = [(kw, (kw.literal,) if kw.literal is not None else kw.parts) for kw in kws]
                return tuple(replace(kw, ids=tuple(literals.setdefault(x, len(literals)) for x in xs)) for kw, xs in lits)

            for table in (self.item_keywords, self.item_related):
                table.update((item_id, indexed(kws)) for item_id, kws in table.items())
            object.__setattr__(self, "literal_index", literals)
        if self._automaton is None:
            object.__setattr__(self, "_automaton", _build_automaton(self.literal_index))

    def __getstate__(self) -> dict[str, Any]:
        # The automaton (a Rust object) is rebuilt on load. The derived tables are stored with the
        # rest: building them cost ~5 ms in every process (a cold `score`, each batch worker),
        # loading them ~0.3 ms. Each item's remembered keyword combinations start empty.
        for name in _DERIVED:
            getattr(self, name)
        state = {k: v for k, v in self.__dict__.items() if k != "_automaton"}
        state["plan"] = {item_id: replace(p, combos={}) for item_id, p in state["plan"].items()}
        return state

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _automaton=_build_automaton(state["literal_index"]))

    def literal_hits(self, pieces: list[str]) -> dict[int, list[int]]:
        """Each literal (by index) the pieces hold → the pieces holding it, in order: one pass.
        Literals found nowhere are left out (a report holds ~10% of them)."""
        # one call over the pieces joined by line breaks, which no literal holds (compact drops
        # them): a call per piece cost more than the matches; a match's start says its piece
        owner: list[int] = []
        for i, piece in enumerate(pieces):
            owner += [i] * (len(piece) + 1)
        hits: dict[int, list[int]] = {}
        for k, start, _ in self._automaton.find_matches_as_indexes(SENTENCE_BREAK.join(pieces), overlapping=True):
            i = owner[start]
            found = hits.get(k)
            if found is None:
                hits[k] = [i]
            elif found[-1] != i:  # matches come in order of position: a piece's repeats are adjacent
                found.append(i)
        return hits

    @cached_property
    def _pattern_units(self) -> dict[str, int]:
        """Regex source → its unit: one per source, numbered after the literals."""
        out: dict[str, int] = {}
        for table in (self.item_keywords, self.item_related):
            for kws in table.values():
                for kw in kws:
                    if kw.literal is None:
                        out.setdefault(kw.source or "", len(self.literal_index) + len(out))
        return out

    def unit_of(self, kw: Keyword) -> int:
        return kw.ids[0] if kw.literal is not None else self._pattern_units[kw.source or ""]

    @cached_property
    def units(self) -> tuple[Keyword, ...]:
        """What a report is searched for, each once, whichever items share it: unit u below
        len(literal_index) is the literal with that automaton index, a later one a pattern. Each
        unit's first keyword stands for it (patterns are searched through it)."""
        out: list[Keyword | None] = [None] * (len(self.literal_index) + len(self._pattern_units))
        for table in (self.item_keywords, self.item_related):
            for kws in table.values():
                for kw in kws:
                    u = self.unit_of(kw)
                    out[u] = out[u] or kw
        # a literal that is only a pattern's part is searched for the pattern, never as a keyword
        return tuple(kw or _PART_ONLY for kw in out)

    @cached_property
    def pattern_anchors(self) -> dict[int, tuple[tuple[int, frozenset[int]], ...]]:
        """Literal index → (unit, its other parts) of the patterns anchored on it (on their longest
        part, the likeliest to be absent): a report tries only the patterns whose anchor it holds,
        and searches those whose other parts it holds too (~a third of them)."""
        out: dict[int, list[tuple[int, frozenset[int]]]] = defaultdict(list)
        units = self.units
        for u in range(len(self.literal_index), len(units)):
            kw = units[u]
            anchor = max(range(len(kw.parts)), key=lambda j: len(kw.parts[j]))
            out[kw.ids[anchor]].append((u, frozenset(kw.ids) - {kw.ids[anchor]}))
        return {k: tuple(v) for k, v in out.items()}

    @cached_property
    def plan(self) -> dict[str, ItemPlan]:
        """Per item, the keyword-centric tables a report's search is distributed through."""
        return {
            item_id: ItemPlan(
                kws, tuple(self.unit_of(kw) for kw in kws),
                tuple(dict.fromkeys((r.key, self.unit_of(r)) for r in self.item_related[item_id])), {})
            for item_id, kws in self.item_keywords.items()
        }

    @classmethod
    def build(
        cls, checklist: Checklist, settings: Settings = DEFAULT_SETTINGS,
        words_of: Callable[[str], tuple[str, ...]] | None = None,
    ) -> "CompiledChecklist":
        if words_of is None:
            words_of = keyword_splits(checklist, split_terms(checklist)).__getitem__
        shared: dict[str, set[str]] = defaultdict(set)
        for ref in checklist.items:
            for kw in ref.item.keywords:
                shared[compact(kw)].add(ref.id)
        item_kw: dict[str, tuple[Keyword, ...]] = {}
        item_rel: dict[str, tuple[Keyword, ...]] = {}
        for ref in checklist.items:
            kws = [v for k in ref.item.keywords for v in _compile_keyword(k, len(shared[compact(k)]), settings, words_of)]
            for k in ref.measure.keywords:
                if compact(k) not in shared:  # an item listing the term itself wins
                    kws += [
                        replace(v, strength=v.strength * settings.measure_kw_factor, measure_level=True)
                        for v in _compile_keyword(k, 1, settings, words_of)
                    ]
            item_kw[ref.id] = tuple(kws)
            item_rel[ref.id] = tuple(v for k in ref.item.related for v in _compile_keyword(k, 1, settings, words_of))
        return cls(checklist, settings, item_kw, item_rel)


_PART_ONLY = Keyword("", "", None, None, 0.0)


@dataclass(frozen=True)
class ItemPlan:
    """One item's keywords in checklist order with the unit each is searched as, its related words
    as (key, unit), and the scores of keyword combinations met so far (by positions hit)."""

    keywords: tuple[Keyword, ...]
    units: tuple[int, ...]
    related: tuple[tuple[str, int], ...]
    combos: dict[tuple[int, ...], tuple[float, tuple[str, ...]]]


_DERIVED = ("units", "_pattern_units", "pattern_anchors", "plan")  # cached properties, stored when pickled


def _build_automaton(literals: dict[str, int]) -> Any:
    """ahocorasick-rs over pyahocorasick: measured 1.2-1.3x faster on this workload, builds 3x
    faster, wheels for Linux, Windows and macOS. Pattern i is the literal with index i."""
    return ahocorasick_rs.AhoCorasick(list(literals))  # dict order = index order


def content_key(checklist: Checklist) -> tuple[Any, ...]:
    """What compiling a checklist depends on: each item's id, keywords, related words and its
    measure's keywords, in order. Two loads of one file share one compiled form."""
    return tuple((ref.id, ref.item.keywords, ref.item.related, ref.measure.keywords) for ref in checklist.items)


_COMPILED: dict[tuple[Any, ...], CompiledChecklist] = {}


_KEYS: "weakref.WeakKeyDictionary[Checklist, tuple[Any, ...]]" = weakref.WeakKeyDictionary()


_MAX_COMPILED = 16


def compiled(checklist: Checklist, settings: Settings = DEFAULT_SETTINGS) -> CompiledChecklist:
    """The checklist's compiled keywords, cached by content and settings (not by identity)."""
    key = _KEYS.get(checklist)
    if key is None:
        key = _KEYS[checklist] = content_key(checklist)
    full = (key, settings)
    cc = _COMPILED.get(full)
    if cc is None:
        if len(_COMPILED) >= _MAX_COMPILED:
            _COMPILED.pop(next(iter(_COMPILED)))
        cc = _COMPILED[full] = CompiledChecklist.build(checklist, settings)
    return cc


def register(checklist: Checklist, key: tuple[Any, ...], cc: CompiledChecklist) -> None:
    """Register a checklist's compiled form made elsewhere — read from the on-disk cache
    (checklist.cache) or received by a spawned batch worker — under its content key."""
    _KEYS[checklist] = key
    _COMPILED.setdefault((key, cc.settings), cc)


def _store_with_checklist(checklist: Checklist) -> tuple[CompiledChecklist, tuple[Any, ...]]:
    """The compiled form the on-disk checklist cache keeps beside a checklist."""
    cc = compiled(checklist)
    if cc.checklist is not checklist:  # same content compiled earlier in this process: share its work
        cc = replace(cc, checklist=checklist)
    return cc, content_key(checklist)


def _restore_from_cache(checklist: Checklist, stored: Any) -> bool:
    if not (isinstance(stored, tuple) and len(stored) == 2 and isinstance(stored[0], CompiledChecklist)
            and stored[0].checklist is checklist):
        return False
    register(checklist, stored[1], stored[0])
    return True


register_companion(_store_with_checklist, _restore_from_cache)
