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
        self._literal = [frozenset(h) if h else _NONE for h in cc.literal_hits(self.pieces)]
        self.present = frozenset(i for i, h in enumerate(self._literal) if h)  # literals the report holds
        self._cache: dict[str, frozenset[int]] = {}

    def sentences_with(self, kw: Keyword) -> frozenset[int]:
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
