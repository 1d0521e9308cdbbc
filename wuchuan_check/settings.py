"""Named thresholds and weights for matching and status decisions, in one place.

Every cut-off the scorer applies is here, so it can be documented, tuned with the evaluation
harness (`wuchuan-check eval`) and overridden by callers, instead of living as literals in code.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Settings:
    # --- keyword evidence -------------------------------------------------------------------
    # Strength of one keyword hit by its length in characters (wildcards not counted): short
    # terms such as 信访 are common in unrelated sentences, long ones such as 重大执法决定法制审核
    # are nearly unambiguous.
    kw_strength_2: float = 0.45
    kw_strength_3: float = 0.6
    kw_strength_4: float = 0.75
    kw_strength_5plus: float = 0.85
    # A keyword that several items list is weaker evidence for each of them.
    kw_shared_penalty: float = 0.35
    # A keyword of several words also matches with other words between them ("旁听庭审" in
    # "旁听一起行政诉讼案件庭审"): at most `loose_gap` characters per gap, at this discount.
    loose_gap: int = 6
    loose_factor: float = 0.8
    # Largest gap a `*` in a keyword may span, in characters, within one sentence.
    wildcard_gap: int = 12
    # A measure-level keyword (e.g. 三项制度 for M21) speaks for the measure as a whole, so it is
    # evidence for each of its items at this discount: enough for `partial`, never `done` alone.
    measure_kw_factor: float = 0.5
    # Each distinct `related` word adds this much, up to the cap, and only next to a keyword.
    related_step: float = 0.12
    related_cap: float = 0.3

    # --- concreteness (done needs concrete work, not a slogan) -------------------------------
    conc_number: float = 1.0  # figures, dates, counts
    conc_document: float = 1.0  # a named document in 《》
    conc_action: float = 0.7  # a completed action: 制定, 印发, 聘请, 开展 …
    conc_vague: float = 0.3  # nothing concrete
    conc_neighbour: float = 0.8  # concreteness borrowed from the next sentence, discounted
    # Only a short lead sentence ("一是深化行政审批制度改革。") borrows its follower's figures; a
    # long sentence stands on its own, or whole-paragraph reports would lend every sentence the
    # figures of its neighbours.
    conc_borrow_max_chars: int = 60
    # A clause naming systems rolled out (推行…清单制度, 运行…平台) in a paragraph that reports
    # figures is concrete at this discount: the figures are that work's results.
    conc_paragraph: float = 0.6
    # … a clause, not a long summary sentence ("在…推行…制度…等领域采取了一系列新举措") that
    # happens to share a paragraph with a count.
    conc_paragraph_max_chars: int = 80

    # --- evidence order (which sentence is shown first) ----------------------------------------
    rank_other_role_weight: float = 0.6  # evidence outside the achievement part ranks lower …
    rank_conc_weight: float = 0.3  # … and the score is weighted (1 − w) + w × concreteness

    # --- the report's own headings as context (headings.py) -----------------------------------
    heading_min_ratio: float = 80.0  # rapidfuzz partial_ratio of a heading to a measure or area title
    heading_bonus: float = 0.1  # added to weak evidence under a heading naming the item's measure

    # --- item status ---------------------------------------------------------------------------
    done_score: float = 0.6  # evidence score an achievement sentence needs for `done`
    done_concreteness: float = 0.5  # … and how concrete it (or its paragraph) must be
    partial_score: float = 0.35  # weaker evidence anywhere makes the item `partial`
    evidence_per_item: int = 3  # sentences kept as evidence for each item

    # --- document kind (dockind.py): only a report on work done can show items as done ---------
    kind_news_cues: int = 2  # distinct news (记者, 本报讯 …) or academic (摘要, 关键词 …) cues
    kind_vocab_min: float = 4.0  # rule-of-law terms per 1,000 characters below which a document
    # whose title does not name rule of law is about other work
    kind_plan_title_share: float = 0.3  # a plan title counts when this share of sentences is future
    kind_plan_share: float = 0.75  # without a plan title, this share of future/obligation sentences …
    kind_plan_min_sentences: int = 6  # … over at least this many of them, makes a plan

    # --- measure roll-up -------------------------------------------------------------------------
    # A measure is `done` when at least this share of its applicable items are done, `partial`
    # when any item has evidence, `missing` otherwise, `na` when no item applies.
    measure_done_share: float = 0.01


DEFAULT_SETTINGS = Settings()
