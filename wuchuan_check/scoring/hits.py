"""Step 1 of scoring: where each keyword occurs in a report — one automaton pass over the
sentences for every literal; a loose or wildcard keyword is tried only on the sentences that hold
all of its parts."""

from __future__ import annotations

from bisect import bisect_right

from wuchuan_check.reading.document import Sentence
from wuchuan_check.scoring.keywords import SENTENCE_BREAK, CompiledChecklist, Keyword, fold


class Haystack:
    """A report's sentences in compact form, with the sentences each literal keyword occurs in
    (one automaton pass) and, on demand, each pattern keyword."""

    def __init__(self, sentences: tuple[Sentence, ...], cc: CompiledChecklist) -> None:
        self.pieces = [fold(s.text) for s in sentences]  # the reading layer normalised them
        self._literal = {k: frozenset(h) for k, h in cc.literal_hits(self.pieces).items()}
        self.present = frozenset(self._literal)  # literals the report holds
        self._cache: dict[str, frozenset[int]] = {}

    def sentences_with(self, kw: Keyword) -> frozenset[int]:
        if kw.literal is not None:
            return self._literal.get(kw.ids[0], _NONE)
        key = kw.source or ""  # one pattern serves several items: searched once per report
        hit = self._cache.get(key)
        if hit is None:
            hit = self._cache[key] = self._pattern_hits(kw)
        return hit

    def _pattern_hits(self, kw: Keyword) -> frozenset[int]:
        sets = [self._literal.get(i, _NONE) for i in kw.ids]
        if _NONE in sets:  # most patterns: a part is missing from the whole report
            return _NONE
        sets.sort(key=len)
        found = kw.found_in
        return frozenset(i for i in sorted(sets[0].intersection(*sets[1:])) if found(self.pieces[i]))


_NONE: frozenset[int] = frozenset()


class ScanHaystack:
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
        self.text = SENTENCE_BREAK.join(pieces)
        self._cache: dict[str, frozenset[int]] = {}

    def sentences_with(self, kw: Keyword) -> frozenset[int]:
        key = kw.literal if kw.literal is not None else kw.source or ""
        hit = self._cache.get(key)
        if hit is None:
            hit = frozenset(bisect_right(self.starts, pos) - 1 for pos in self._positions(kw))
            self._cache[key] = hit
        return hit

    def _positions(self, kw: Keyword):
        if kw.literal is not None:
            start = self.text.find(kw.literal)
            while start != -1:
                yield start
                start = self.text.find(kw.literal, start + 1)
        else:
            for m in kw.pattern.finditer(self.text):  # type: ignore[union-attr]
                yield m.start()
