"""Find, for every checklist item, the report sentences that evidence it, and score them.

All literal keywords of a checklist are found in one pass per report by an Aho–Corasick
automaton; a loose or wildcard keyword's regex runs only on the sentences holding all of its
parts. Keyword words come from the stored splits (segment.keyword_splits), so scoring never
loads jieba's dictionary. A sentence's score for an item combines its distinct keyword hits (noisy-or of
their strengths, weaker for short or shared keywords) with `related` words; how concrete the
sentence is (figures, named documents, completed actions) is scored separately so that the
scorecard can tell work done from a slogan.
"""

from __future__ import annotations

import re
import weakref
from bisect import bisect_right
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import ahocorasick_rs

from wuchuan_check.checklist.cache import register_companion
from wuchuan_check.checklist.model import Checklist, ItemRef
from wuchuan_check.reading.document import Report, Role, Sentence
from wuchuan_check.reading.textnorm import normalize_text
from wuchuan_check.scoring.segment import keyword_splits
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings

# Punctuation and brackets that reports insert or drop inside official terms
# ("双随机、一公开" / "双随机一公开" / “双随机 一公开”): removed on both sides before matching.
_COMPACT_DROP = re.compile(r"[\s、，,“”‘’\"'《》〈〉<>「」『』·•・()（）\[\]【】]")
_SENTENCE_BREAK = "\n"

# Concreteness: figures, named documents and completed actions show work done; slogans
# ("建立健全…机制", "坚持…", "严格落实…") do not, however official their vocabulary.
_CITATION = re.compile(r"《[^》]*》|\d{4}-\d{4}年?|十[一二三四五]五")  # outline titles, plan periods
_NUMBER = re.compile(r"\d")
_DOCUMENT = re.compile(r"《[^》]{2,}》")
_ACTION = re.compile(
    "制定|出台|印发|修订|废止|设立|成立|组建|聘请|聘任|配备|举办|召开|完成|办结|审结|清理出|"
    "公布了|发布|编制|签订|受理|化解了|调解成功|评查|上线|开通|建成|下放|取消了|承接|进驻|录入|"
    "认领|组织开展|开展了|参加|参训|列席|出庭|旁听|印制|发放|建立了|实现了|落实了|纳入了|"
    "(?:初步|基本|已经?|全面)形成"
)


@dataclass(frozen=True)
class Evidence:
    """One sentence offered as evidence for an item."""

    sentence: Sentence
    score: float  # how strongly the sentence is about the item, 0–1
    concreteness: float  # how concrete the work it describes is, 0–1
    keywords: tuple[str, ...]  # the keywords it hit, as written in the checklist

    @property
    def text(self) -> str:
        return self.sentence.text

    @property
    def role(self) -> Role:
        return self.sentence.role

    @property
    def line(self) -> int:
        return self.sentence.line


@dataclass(frozen=True)
class ItemMatch:
    """All evidence found for one item, best first."""

    ref: ItemRef
    evidence: tuple[Evidence, ...]

    def best(self, roles: frozenset[Role] | None = None) -> Evidence | None:
        for ev in self.evidence:
            if roles is None or ev.role in roles:
                return ev
        return None


@dataclass(frozen=True)
class _Keyword:
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
        return _in_order(text, self.parts, 0, 0, self.gap, True)


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
        if (anywhere or _SENTENCE_BREAK not in text[pos:j]) and _in_order(text, parts, k + 1, j + len(part), gap, False):
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


def concreteness(text: str, settings: Settings = DEFAULT_SETTINGS) -> float:
    """How concrete a sentence is: figures and named documents beat completed actions beat words."""
    return concreteness_with_source(text, settings)[0]


# A clause naming systems or tools that were put in place ("推行权责清单制度", "运行执法监督平台"):
# a slogan on its own, concrete inside a paragraph that reports figures for that work.
_SYSTEM = re.compile(r"(?:推行|实行|实施|建立|落实|推广|运行|启用|应用|全面推开|覆盖)[^,;。]{0,16}(?:制度|机制|清单|平台|系统|目录|标准|规则|办法)")


# A figure that reports work (a count, a share, an amount), not a year or a date.
_COUNT = re.compile(r"\d+(?:\.\d+)?\s*(?:件|次|人|名|项|个|家|份|场|台|条|户|批|期|万|亿|%|％)")


def concreteness_with_source(text: str, settings: Settings = DEFAULT_SETTINGS) -> tuple[float, str]:
    """(concreteness, where it comes from: number, document, action or vague)."""
    if _NUMBER.search(_CITATION.sub("", text)):
        return settings.conc_number, "number"
    if _DOCUMENT.search(text):
        return settings.conc_document, "document"
    if _ACTION.search(text):
        return settings.conc_action, "action"
    return settings.conc_vague, "vague"


@lru_cache(maxsize=None)
def _regex(source: str) -> re.Pattern[str]:
    return re.compile(source)


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


def _compile_keyword(label: str, shared_by: int, s: Settings, words_of: Callable[[str], tuple[str, ...]]) -> list[_Keyword]:
    """A keyword as written, plus a loose variant allowing short gaps between its words."""
    parts = _parts(label)
    if not parts:
        return []
    strength = _base_strength(sum(len(p) for p in parts), s) / (1 + s.kw_shared_penalty * (shared_by - 1))
    key = "".join(parts)
    if len(parts) > 1:
        gap = f"[^{_SENTENCE_BREAK}]{{0,{s.wildcard_gap}}}?"
        return [_Keyword(label, key, gap.join(re.escape(p) for p in parts), None, strength, parts=tuple(parts),
                         gap=s.wildcard_gap)]
    exact = _Keyword(label, key, None, parts[0], strength)
    words = words_of(parts[0])
    if len(words) < 2 or min(len(w) for w in words) < 2:
        return [exact]  # single words and stray characters get no loose variant
    gap = f"[^{_SENTENCE_BREAK}]{{0,{s.loose_gap}}}?"
    loose = gap.join(re.escape(w) for w in words)
    return [exact, _Keyword(label, key, loose, None, strength * s.loose_factor, parts=tuple(words), gap=s.loose_gap)]


@dataclass(frozen=True)
class CompiledChecklist:
    """Keywords of every item compiled once per checklist and settings, reused across reports."""

    checklist: Checklist
    settings: Settings
    item_keywords: dict[str, tuple[_Keyword, ...]]
    item_related: dict[str, tuple[_Keyword, ...]]
    # literal -> its index in the automaton; the automaton itself is rebuilt after unpickling
    literal_index: dict[str, int] = field(default_factory=dict)
    item_literals: dict[str, frozenset[int]] = field(default_factory=dict)
    _automaton: Any = field(default=None, compare=False, repr=False)

    def __post_init__(self) -> None:
        if not self.literal_index:
            literals: dict[str, int] = {}

            def indexed(kws: tuple[_Keyword, ...]) -> tuple[_Keyword, ...]:
                lits = [(kw, (kw.literal,) if kw.literal is not None else kw.parts) for kw in kws]
                return tuple(replace(kw, ids=tuple(literals.setdefault(x, len(literals)) for x in xs)) for kw, xs in lits)

            for table in (self.item_keywords, self.item_related):
                table.update((item_id, indexed(kws)) for item_id, kws in table.items())
            object.__setattr__(self, "literal_index", literals)
            # an item none of whose literals occur in a report has no evidence: skipped at once
            object.__setattr__(self, "item_literals", {
                item_id: frozenset(i for kw in kws for i in kw.ids) for item_id, kws in self.item_keywords.items()})
        if self._automaton is None:
            object.__setattr__(self, "_automaton", _build_automaton(self.literal_index))

    def __getstate__(self) -> dict[str, Any]:
        return {k: v for k, v in self.__dict__.items() if k != "_automaton"}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.__dict__.update(state, _automaton=_build_automaton(state["literal_index"]))

    def literal_hits(self, pieces: list[str]) -> list[list[int]]:
        """For each literal (by index), the sentences holding it, in sentence order: one pass."""
        hits: list[list[int]] = [[] for _ in self.literal_index]
        find = self._automaton.find_matches_as_indexes
        for i, piece in enumerate(pieces):
            for k in {m[0] for m in find(piece, overlapping=True)}:
                hits[k].append(i)
        return hits

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
        item_kw: dict[str, tuple[_Keyword, ...]] = {}
        item_rel: dict[str, tuple[_Keyword, ...]] = {}
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
    """Register a checklist's compiled form read from the on-disk cache (checklist.cache), under
    its content key computed when it was stored."""
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


def preload(cc: CompiledChecklist) -> None:
    """Register a compiled checklist received from elsewhere (a batch worker's parent)."""
    _COMPILED.setdefault((content_key(cc.checklist), cc.settings), cc)


class _Haystack:
    """A report's sentences in compact form, with the sentences each literal keyword occurs in
    (one automaton pass) and, on demand, each pattern keyword."""

    def __init__(self, sentences: tuple[Sentence, ...], cc: CompiledChecklist) -> None:
        self.pieces = [fold(s.text) for s in sentences]  # the reading layer normalised them
        self._literal = [frozenset(h) if h else _NONE for h in cc.literal_hits(self.pieces)]
        self.present = frozenset(i for i, h in enumerate(self._literal) if h)  # literals the report holds
        self._cache: dict[str, frozenset[int]] = {}

    def sentences_with(self, kw: _Keyword) -> frozenset[int]:
        if kw.literal is not None:
            return self._literal[kw.ids[0]]
        sets = [self._literal[i] for i in kw.ids]
        if _NONE in sets:  # most patterns: a part is missing from the whole report
            return _NONE
        key = kw.source or ""
        hit = self._cache.get(key)
        if hit is None:
            sets.sort(key=len)
            found = kw.found_in
            hit = self._cache[key] = frozenset(i for i in sorted(sets[0].intersection(*sets[1:])) if found(self.pieces[i]))
        return hit


_NONE: frozenset[int] = frozenset()


class _ScanHaystack:
    """The previous search (one str.find walk per keyword over the joined text), kept only so that
    a test can require the automaton's evidence to be identical to it."""

    def __init__(self, sentences: tuple[Sentence, ...], cc: CompiledChecklist) -> None:
        pieces = [fold(s.text) for s in sentences]  # the reading layer normalised them
        self.present = frozenset(range(len(cc.literal_index)))  # no shortcut: every item is searched
        self.starts: list[int] = []
        pos = 0
        for piece in pieces:
            self.starts.append(pos)
            pos += len(piece) + 1
        self.text = _SENTENCE_BREAK.join(pieces)
        self._cache: dict[str, frozenset[int]] = {}

    def sentences_with(self, kw: _Keyword) -> frozenset[int]:
        key = kw.literal if kw.literal is not None else kw.source or ""
        hit = self._cache.get(key)
        if hit is None:
            hit = frozenset(bisect_right(self.starts, pos) - 1 for pos in self._positions(kw))
            self._cache[key] = hit
        return hit

    def _positions(self, kw: _Keyword):
        if kw.literal is not None:
            start = self.text.find(kw.literal)
            while start != -1:
                yield start
                start = self.text.find(kw.literal, start + 1)
        else:
            for m in kw.pattern.finditer(self.text):  # type: ignore[union-attr]
                yield m.start()


def _paragraph_concreteness(sentences: tuple[Sentence, ...], s: Settings) -> list[float]:
    return [c for c, _ in paragraph_concreteness(sentences, s)]


def paragraph_concreteness(sentences: tuple[Sentence, ...], s: Settings = DEFAULT_SETTINGS) -> list[tuple[float, str]]:
    """Each sentence's concreteness judged in its paragraph (same line and section), with its source.
    A short lead sentence naming a measure is often followed by its figures: it borrows the next
    sentence's concreteness, discounted ("borrowed"). A clause naming systems rolled out, in a
    paragraph that reports figures, is concrete at a discount ("paragraph")."""
    own = [concreteness_with_source(x.text, s) for x in sentences]
    out = list(own)
    figures: set[tuple[int, int]] = {(x.line, x.section) for x in sentences if _COUNT.search(x.text)}
    for i, sent in enumerate(sentences):
        nxt = sentences[i + 1] if i + 1 < len(sentences) else None
        if (nxt is not None and len(sent.text) <= s.conc_borrow_max_chars and nxt.line == sent.line
                and nxt.section == sent.section and own[i + 1][0] * s.conc_neighbour > out[i][0]):
            out[i] = (own[i + 1][0] * s.conc_neighbour, "borrowed")
        if ((sent.line, sent.section) in figures and len(sent.text) <= s.conc_paragraph_max_chars
                and _SYSTEM.search(sent.text) and s.conc_paragraph > out[i][0]):
            out[i] = (s.conc_paragraph, "paragraph")
    return out


def match_report(
    report: Report, checklist: Checklist, settings: Settings = DEFAULT_SETTINGS
) -> list[ItemMatch]:
    """Evidence for every item of the checklist, in checklist order (applicability is decided later)."""
    cc = compiled(checklist, settings)
    sentences = report.sentences
    hay = _Haystack(sentences, cc)
    conc = _paragraph_concreteness(sentences, settings)
    results = []
    for ref in checklist.items:
        if hay.present.isdisjoint(cc.item_literals[ref.id]):
            results.append(ItemMatch(ref, ()))
            continue
        hits: dict[int, list[_Keyword]] = defaultdict(list)
        for kw in cc.item_keywords[ref.id]:
            for idx in hay.sentences_with(kw):
                hits[idx].append(kw)
        # each related word's sentences looked up once per item, not once per hit sentence
        related_in = [(r.key, found) for r in cc.item_related[ref.id] if (found := hay.sentences_with(r))]
        evidence = []
        for idx, kws in hits.items():
            score = _keyword_score(kws)
            related = len({key for key, found in related_in if idx in found})
            bonus = min(settings.related_cap, settings.related_step * related)
            score = 1 - (1 - score) * (1 - bonus)
            labels = tuple(dict.fromkeys(k.label for k in kws))
            evidence.append(Evidence(sentences[idx], round(score, 4), conc[idx], labels))
        evidence.sort(key=lambda e: (-_rank(e), e.sentence.line))
        results.append(ItemMatch(ref, tuple(evidence)))
    return results


def _keyword_score(kws: list[_Keyword]) -> float:
    """Noisy-or over distinct item keywords: two different official terms beat one term twice.
    Measure-level terms add only their strongest, so that on their own they never reach the
    strength of an item's own term."""
    miss = 1.0
    seen: set[str] = set()
    best_measure_term = 0.0
    for kw in sorted(kws, key=lambda k: -k.strength):
        # a keyword's loose variant, or a keyword inside another hit one (法律顾问 inside
        # 政府法律顾问), adds nothing
        if any(kw.key in other for other in seen):
            continue
        seen.add(kw.key)
        if kw.measure_level:
            best_measure_term = max(best_measure_term, kw.strength)
        else:
            miss *= 1 - kw.strength
    return 1 - miss * (1 - best_measure_term)


def _rank(ev: Evidence, s: Settings = DEFAULT_SETTINGS) -> float:
    return rank_of(ev.role, ev.score, ev.concreteness, s)


def rank_of(role: Role, score: float, concreteness: float, s: Settings = DEFAULT_SETTINGS) -> float:
    """`_rank` of an evidence sentence with this role, score and concreteness (no Evidence built)."""
    # Achievement evidence first, then by score weighted towards concrete sentences (weights in Settings).
    role_weight = 1.0 if role is Role.ACHIEVEMENT else s.rank_other_role_weight
    return role_weight * score * (1 - s.rank_conc_weight + s.rank_conc_weight * concreteness)
