"""The shape of a word that says it is a coined name (one home for the test)."""

from __future__ import annotations


def looks_like_a_name(word: str) -> bool:
    """UTOPIAN, FooNet, T5, word2vec-like coinages; not an ordinary capitalised word."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])
