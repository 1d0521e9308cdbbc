"""Why each evidence sentence scored as it did, and which rule decided the item's status.

Everything here is recomputed from the scorecard (its checklist, settings and report), so the
explanation always describes the decision actually made: the keywords hit and in which variant
(exact, loose = words with short insertions, wildcard = a `*` keyword), their strengths and the
shared-keyword penalty, the concreteness and its source, the section role and heading match.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from wuchuan_check.checklist.model import Checklist
from wuchuan_check.scoring.concreteness import paragraph_concreteness
from wuchuan_check.scoring.keywords import compact, compiled, fold
from wuchuan_check.scoring.matching import Evidence
from wuchuan_check.scoring.scorecard import RULES, ItemResult, Scorecard, effective_score, heading_for
from wuchuan_check.settings import Settings


@dataclass(frozen=True)
class KeywordHit:
    keyword: str  # as written in the checklist
    variant: str  # exact, loose or wildcard
    strength: float  # after the length, shared and measure-level factors
    shared_by: int  # items listing this keyword
    shared_factor: float  # 1 / (1 + penalty × (shared_by − 1))
    measure_level: bool  # a term of the whole measure, at measure_kw_factor


@lru_cache(maxsize=8)
def _shared_counts(checklist: Checklist) -> Counter[str]:
    return Counter(compact(k) for ref in checklist.items for k in set(ref.item.keywords))


def keyword_hits(card: Scorecard, item: ItemResult, ev: Evidence) -> list[KeywordHit]:
    """The item's keywords found in the sentence, one per keyword (exact preferred over loose)."""
    cc = compiled(card.checklist, card.settings)
    text = fold(ev.text)
    shared = _shared_counts(card.checklist)
    hits: dict[str, KeywordHit] = {}
    for kw in cc.item_keywords[item.id]:
        found = kw.literal in text if kw.literal is not None else bool(kw.pattern and kw.pattern.search(text))
        if not found or kw.label in hits:
            continue
        variant = "exact" if kw.literal is not None else ("wildcard" if "*" in kw.label else "loose")
        n = 1 if kw.measure_level else shared[compact(kw.label)] or 1
        factor = 1 / (1 + card.settings.kw_shared_penalty * (n - 1))
        hits[kw.label] = KeywordHit(kw.label, variant, round(kw.strength, 4), n, round(factor, 4), kw.measure_level)
    return list(hits.values())


def concreteness_sources(card: Scorecard) -> dict[int, str]:
    sents = card.report.sentences
    return {id(s): src for s, (_, src) in zip(sents, paragraph_concreteness(sents, card.settings))}


def meets_done(card: Scorecard, item: ItemResult, ev: Evidence) -> bool:
    s: Settings = card.settings
    return (ev.role.value == "achievement" and effective_score(ev, item.ref, card.headings, s) >= s.done_score
            and ev.concreteness >= s.done_concreteness)


def evidence_explanation(card: Scorecard, item: ItemResult, ev: Evidence, sources: dict[int, str] | None = None) -> dict[str, Any]:
    """The additive JSON fields explaining one evidence sentence."""
    sources = concreteness_sources(card) if sources is None else sources
    h = heading_for(ev, card.headings)
    section = card.report.sections[ev.sentence.section] if 0 <= ev.sentence.section < len(card.report.sections) else None
    return {
        "keyword_hits": [hit.__dict__ for hit in keyword_hits(card, item, ev)],
        "effective_score": round(effective_score(ev, item.ref, card.headings, card.settings), 4),
        "concreteness_source": sources.get(id(ev.sentence), "own"),
        "section_heading": section.heading if section else "",
        "heading_match": (
            {"heading": h.heading, "area": h.area[0] if h.area else None,
             "measures": [{"id": m, "ratio": round(r, 1)} for m, r in h.measures],
             "matches_item_measure": bool(h.ratio_for(item.ref.measure.id))}
            if h else None
        ),
        "meets_done": meets_done(card, item, ev),
    }


def item_explanation(card: Scorecard, item: ItemResult, sources: dict[int, str] | None = None) -> dict[str, Any]:
    """The rule and each evidence sentence's explanation; pass `concreteness_sources(card)` when
    explaining many items of one card."""
    sources = concreteness_sources(card) if sources is None else sources
    return {
        "rule": item.rule,
        "rule_text": RULES.get(item.rule, ""),
        "evidence": [evidence_explanation(card, item, e, sources) for e in item.evidence],
    }


def find_target(card: Scorecard, target: str) -> list[ItemResult]:
    """The items an --explain target names: an item id (M21.4) or a measure id (M21)."""
    t = target.strip().upper()
    return [i for i in card.items if i.id.upper() == t or i.ref.measure.id.upper() == t]
