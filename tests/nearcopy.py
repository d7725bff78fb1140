"""Near-copies: a stretch of text that follows a source word for word, with small changes.

A near-copy is a chain of at least MIN_WORDS words that the text and the source have in the
same order, where between two words of the chain at most MAX_GAP other words stand, in the text
and in the source alike (a word left out, added or swapped). An exact copy of 8 words is the
chain without gaps.

The search is a local alignment over word tokens (any hashable: words, or hashes of words):
for every pair (text position i, source position j) with the same token, the longest chain
ending there is one more than the longest chain ending at a matching pair (i', j') with
i - 1 - MAX_GAP <= i' < i and j - 1 - MAX_GAP <= j' < j. Only the positions where a text
token occurs in the source are visited, so the work is about (matching pairs) x (gap window)².
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Hashable, Sequence

MIN_WORDS = 8
MAX_GAP = 2


def near_copies(text: Sequence[Hashable], source: Sequence[Hashable],
                min_words: int = MIN_WORDS, max_gap: int = MAX_GAP) -> list[tuple[int, int]]:
    """The stretches of `text` (start, end: a slice) that near-copy `source`, overlapping ones merged."""
    positions: dict[Hashable, list[int]] = defaultdict(list)
    for j, token in enumerate(source):
        positions[token].append(j)
    # chain[(i, j)] = (length of the longest chain ending at text i / source j, its first text index)
    chain: dict[tuple[int, int], tuple[int, int]] = {}
    spans: list[tuple[int, int]] = []
    for i, token in enumerate(text):
        for j in positions.get(token, ()):
            best = (1, i)
            for back_i in range(max(0, i - 1 - max_gap), i):
                for back_j in range(max(0, j - 1 - max_gap), j):
                    before = chain.get((back_i, back_j))
                    if before and before[0] + 1 > best[0]:
                        best = (before[0] + 1, before[1])
            chain[(i, j)] = best
            if best[0] >= min_words:
                spans.append((best[1], i + 1))
    return merge(spans)


def merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged
