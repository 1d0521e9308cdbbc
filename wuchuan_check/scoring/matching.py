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

from collections.abc import Sequence
from dataclasses import dataclass

from wuchuan_check.checklist.model import Checklist, ItemRef
from wuchuan_check.reading.document import Report, Role, Sentence
from wuchuan_check.scoring.concreteness import concreteness_scores
from wuchuan_check.scoring.hits import Haystack
from wuchuan_check.scoring.keywords import Keyword, compiled
from wuchuan_check.settings import DEFAULT_SETTINGS, Settings


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


def match_report(
    report: Report, checklist: Checklist, settings: Settings = DEFAULT_SETTINGS,
    refs: Sequence[ItemRef] | None = None,
) -> list[ItemMatch]:
    """Evidence for every item of the checklist, in checklist order (applicability is decided later);
    with `refs` (items of `checklist`), for those items only, in their order. An item's evidence
    depends on no other item, so it is the same either way."""
    cc = compiled(checklist, settings)
    sentences = report.sentences
    found = Haystack(sentences, cc).found
    conc = concreteness_scores(sentences, settings)
    # Evidence order: rank at the default weights (rank_of's factors, taken once per sentence
    # and multiplied in rank_of's order, so the floats are the same), then line.
    role_w = [1.0 if x.role is Role.ACHIEVEMENT else _ORDER.rank_other_role_weight for x in sentences]
    cw = _ORDER.rank_conc_weight
    conc_f = [1 - cw + cw * c for c in conc]
    cap, step = settings.related_cap, settings.related_step
    plans = cc.plan
    results = []
    for ref in checklist.items if refs is None else refs:
        plan = plans[ref.id]
        wheres = [found[u] for u in plan.units]
        if not any(wheres):  # most items: none of their keywords in the report
            results.append(ItemMatch(ref, ()))
            continue
        # sentence → positions (in checklist order) of the item's keywords it holds
        hits: dict[int, list[int]] = {}
        for pos, where in enumerate(wheres):
            for idx in where:
                at = hits.get(idx)
                if at is None:
                    hits[idx] = [pos]
                else:
                    at.append(pos)
        # each related word's sentences looked up once per item, not once per hit sentence
        related_in = [(key, found[u]) for key, u in plan.related if found[u]]
        combos, kws = plan.combos, plan.keywords
        keyed: list[tuple[float, int, int, Evidence]] = []
        for idx, at in hits.items():
            combo = combos.get(tuple(at))
            if combo is None:
                hit = [kws[p] for p in at]
                combo = (_keyword_score(hit), tuple(dict.fromkeys(k.label for k in hit)))
                if len(combos) < _MAX_COMBOS:
                    combos[tuple(at)] = combo
            score, labels = combo
            related = len({key for key, where in related_in if idx in where}) if related_in else 0
            bonus = min(cap, step * related)
            score = round(1 - (1 - score) * (1 - bonus), 4)
            sentence = sentences[idx]
            # (order, arrival, evidence): sorting the tuples is a stable sort by the order
            keyed.append((-(role_w[idx] * score * conc_f[idx]), sentence.line, len(keyed),
                          Evidence(sentence, score, conc[idx], labels)))
        if len(keyed) > 1:
            keyed.sort()
        results.append(ItemMatch(ref, tuple([k[3] for k in keyed])))
    return results


_ORDER = DEFAULT_SETTINGS  # evidence is ordered at the default weights, whatever the scoring settings


# Per item, the keyword combinations a sentence hit whose score is remembered across reports:
# ~60% of evidence sentences repeat a combination met before.
_MAX_COMBOS = 512


def _keyword_score(kws: list[Keyword]) -> float:
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


def rank_of(role: Role, score: float, concreteness: float, s: Settings = DEFAULT_SETTINGS) -> float:
    """The rank of an evidence sentence with this role, score and concreteness."""
    # Achievement evidence first, then by score weighted towards concrete sentences (weights in Settings).
    role_weight = 1.0 if role is Role.ACHIEVEMENT else s.rank_other_role_weight
    return role_weight * score * (1 - s.rank_conc_weight + s.rank_conc_weight * concreteness)
