"""Step 1 of scoring: where each keyword occurs in a report — one automaton pass over the
sentences for every literal; a loose or wildcard keyword is tried only on the sentences that hold
all of its parts. Each search unit (compiled.units: a literal, or one pattern's regex source) is
searched once per report, whichever items share it."""

from __future__ import annotations

from bisect import bisect_right

from wuchuan_check.reading.document import Sentence
from wuchuan_check.scoring.keywords import _PART_ONLY, SENTENCE_BREAK, CompiledChecklist, Keyword, fold


class Haystack:
    """A report's sentences in compact form and `found[u]`, the sentences each unit u occurs in
    (empty when it occurs nowhere): every literal by one automaton pass, then the patterns whose
    parts the report all holds."""

    def __init__(self, sentences: tuple[Sentence, ...], cc: CompiledChecklist) -> None:
        self.pieces = [fold(s.text) for s in sentences]  # the reading layer normalised them
        units = cc.units
        found: list[frozenset[int]] = [_NONE] * len(units)
        present = cc.literal_hits(self.pieces)
        for k, h in present.items():
            found[k] = frozenset(h)
        self.found = found
        # the patterns anchored on a literal the report holds, whose other parts it holds too:
        # the sentences holding every part, then the pattern itself (inline: ~370 per report)
        held, anchors, pieces = set(present), cc.pattern_anchors, self.pieces
        for k in present:
            for u, others in anchors.get(k, ()):
                if not others <= held:
                    continue
                kw = units[u]
                ids = kw.ids
                if len(ids) == 2:
                    candidates = found[ids[0]] & found[ids[1]]
                else:
                    candidates = frozenset.intersection(*(found[i] for i in ids))
                if len(candidates) == 1:  # most patterns with a candidate: one sentence
                    if kw.found_in(pieces[next(iter(candidates))]):
                        found[u] = candidates
                elif candidates:
                    test = kw.found_in
                    found[u] = frozenset(i for i in sorted(candidates) if test(pieces[i]))


_NONE: frozenset[int] = frozenset()


class ScanHaystack:
    """The previous search (one str.find walk per keyword over the joined text), kept only so that
    a test can require the automaton's evidence to be identical to it. Every unit is searched."""

    def __init__(self, sentences: tuple[Sentence, ...], cc: CompiledChecklist) -> None:
        pieces = [fold(s.text) for s in sentences]  # the reading layer normalised them
        self.starts: list[int] = []
        pos = 0
        for piece in pieces:
            self.starts.append(pos)
            pos += len(piece) + 1
        self.text = SENTENCE_BREAK.join(pieces)
        self.found = [_NONE if kw is _PART_ONLY else self._search(kw) for kw in cc.units]

    def _search(self, kw: Keyword) -> frozenset[int]:
        return frozenset(bisect_right(self.starts, pos) - 1 for pos in self._positions(kw))

    def _positions(self, kw: Keyword):
        if kw.literal is not None:
            start = self.text.find(kw.literal)
            while start != -1:
                yield start
                start = self.text.find(kw.literal, start + 1)
        else:
            for m in kw.pattern.finditer(self.text):  # type: ignore[union-attr]
                yield m.start()
