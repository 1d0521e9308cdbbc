"""Scoring: a `Report` and a `Checklist` in, a `Scorecard` out. The only place a status is decided.

The steps, in order (every weight and threshold is a field of `wuchuan_check.settings.Settings`):

1. keyword hits — `keywords` compiles each item's keywords once per checklist (strength by
   length, lowered for keywords several items share; loose and wildcard variants, with the word
   splits `segment` stores; one automaton), `hits` finds them in one pass over the sentences;
2. keyword score — `matching`: distinct hits combined (noisy-or), measure-level terms at most
   their strongest;
3. related words — `matching`: an item's related words count only beside one of its keywords;
4. concreteness — `concreteness`: numbers, named documents and completed actions in the sentence
   (or its paragraph's lead sentence) make evidence concrete;
5. evidence selection — `scorecard`: the report's headings (`headings`) and the sentence's role
   adjust each sentence's score; the best sentences are kept, ranked;
6. item decision — `scorecard.decide_item`: done, partial, missing or not applicable (level,
   tailoring, document kind);
7. roll-up — `scorecard`: measure and area statuses and the two completion rates.

The item travels as three types: `checklist.model.ItemRef` (the requirement and its keywords) →
`matching.ItemMatch` (its `Evidence` sentences with their scores) → `scorecard.ItemResult` (the
decided status, the reason and the evidence kept). `explain` records why; `indicators` pulls the
key figures (主要数据) from the same sentences.
"""
