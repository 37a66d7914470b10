"""Rank a day's arXiv listing against the reading list, as arxiv-sanity-lite does.

arxiv-sanity-lite (github.com/karpathy/arxiv-sanity-lite, `serve.py` and `compute.py`):
TF-IDF over title and abstract with word and bigram features, then a linear SVM per
user, trained with the user's tagged papers as positives and every other paper as a
negative, whose decision function orders the rest. Here the positives are the papers
of the reading list (done and reading weigh twice as much as todo), the negatives the
papers marked skip and the day's listing itself. A registered keyword found in a
paper's title or abstract adds a fixed boost.

With fewer than MIN_LIBRARY papers there is nothing to learn from, and the listing is
ordered by keyword and category matches instead (`Ranking.method` says which).

scikit-learn is imported by the functions that use it, so that no other command pays
for loading it (`import readlist.cli` does not import it; a test checks).
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from readlist.enrich.arxiv import ArxivPaper
from readlist.watch.store import LIBRARY_WEIGHTS, NEGATIVE_STATUS, LibraryPaper, Suggestion

# scipy's sparse matrices (scikit-learn ships no type hints)
Matrix = Any

MIN_LIBRARY = 5  # papers with an abstract before the SVM is trained
# A keyword hit lifts a paper by about the gap between the SVM's tenth-best and its
# median paper on the labelled listing of tests/watch_papers.py (-0.06 and -0.60): a
# middling paper that holds a keyword reaches the top ten.
KEYWORD_BOOST = 0.5
# The fallback's weights: a keyword is worth more than a category, which every paper of
# a category-filtered listing shares anyway.
FALLBACK_KEYWORD = 1.0
FALLBACK_PRIMARY = 0.5
FALLBACK_CROSS = 0.25
SIMILAR_SHOWN = 3  # library papers named in a suggestion's "like …"
# arxiv-sanity-lite's settings: C small (a smooth margin over few positives), balanced
# classes, sublinear term frequency, English stop words, tokens starting with a letter.
SVM_C = 0.1
_TOKEN = r"(?u)\b[a-zA-Z_][a-zA-Z0-9_]+\b"


@dataclass(frozen=True)
class Ranking:
    """The listing in order, best first, with how it was ranked."""

    suggestions: list[Suggestion]
    method: str  # "svm" or "keywords and categories"
    trained_on: int  # library papers used as positives


def rank(
    listing: Sequence[ArxivPaper],
    library: Sequence[LibraryPaper],
    keywords: Sequence[str] = (),
    categories: Sequence[str] = (),
) -> Ranking:
    """Order `listing` by how well each paper fits `library` (and `keywords`)."""
    positives = [p for p in library if p.status != NEGATIVE_STATUS]
    if not listing:
        return Ranking([], "svm" if len(positives) >= MIN_LIBRARY else _FALLBACK, len(positives))
    hits = [find_keywords(_text(paper), keywords) for paper in listing]
    features = _features([_text(p) for p in listing], [p.text for p in library])
    listing_x = features[: len(listing)]
    library_x = features[len(listing) :]
    positive_rows = [i for i, p in enumerate(library) if p.status != NEGATIVE_STATUS]
    like = _nearest(listing_x, library_x[positive_rows], [p.name for p in positives])
    if len(positives) >= MIN_LIBRARY:
        scores = _svm_scores(listing_x, library_x, library)
        scores = [s + KEYWORD_BOOST * len(h) for s, h in zip(scores, hits, strict=True)]
        method = "svm"
    else:
        scores = [
            _fallback_score(paper, h, categories) for paper, h in zip(listing, hits, strict=True)
        ]
        method = _FALLBACK
    ranked = sorted(
        (
            Suggestion(
                paper, score, describe_why(like[i], hits[i], paper, categories, method), hits[i]
            )
            for i, (paper, score) in enumerate(zip(listing, scores, strict=True))
        ),
        key=lambda s: (-s.score, s.paper.arxiv_id),
    )
    if method == _FALLBACK:
        ranked = [s for s in ranked if s.score > 0]  # nothing matched: no reason to suggest it
    return Ranking(ranked, method, len(positives))


_FALLBACK = "keywords and categories"


def find_keywords(text: str, keywords: Sequence[str]) -> tuple[str, ...]:
    """The keywords `text` holds as words ("domain adaptation" in "Domain-Adaptation",
    "efficient"; a plural counts, a longer word does not: "net" is not in "network")."""
    found = []
    for keyword in keywords:
        words = [re.escape(w) for w in re.findall(r"\w+", keyword)]
        if not words:
            continue
        pattern = r"\b" + r"[\s\-]+".join(words) + r"(?:s|es)?\b"
        if re.search(pattern, text, re.IGNORECASE):
            found.append(keyword)
    return tuple(found)


def describe_why(
    like: Sequence[str],
    keywords: Sequence[str],
    paper: ArxivPaper,
    categories: Sequence[str],
    method: str,
) -> str:
    """ "like ResNet, DenseNet; keyword: efficient" (issue #18)."""
    parts = []
    if like:
        parts.append("like " + ", ".join(short_name(name) for name in like))
    if keywords:
        parts.append(("keyword: " if len(keywords) == 1 else "keywords: ") + ", ".join(keywords))
    if method == _FALLBACK and paper.primary_category in categories:
        parts.append(f"category {paper.primary_category}")
    return "; ".join(parts)


def short_name(name: str, limit: int = 40) -> str:
    """A paper's name as a reason shows it: the part before a title's colon ("SiamRPN++"
    for "SiamRPN++: Evolution of Siamese Visual Tracking…"), else the name cut at `limit`."""
    head = name.split(": ", 1)[0].strip()
    if len(head) <= limit:
        return head
    return head[: limit - 1].rsplit(" ", 1)[0] + "…"


def _text(paper: ArxivPaper) -> str:
    return f"{paper.title}. {paper.abstract}"


def _features(listing: list[str], library: list[str]) -> Matrix:
    """TF-IDF rows for the listing, then the library, in one vocabulary."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(
        strip_accents="unicode",
        lowercase=True,
        stop_words="english",
        token_pattern=_TOKEN,
        ngram_range=(1, 2),
        sublinear_tf=True,
        max_features=50_000,
    )
    return vectorizer.fit_transform(listing + library).tocsr()


def _svm_scores(
    listing_x: Matrix, library_x: Matrix, library: Sequence[LibraryPaper]
) -> list[float]:
    """Decision values of a linear SVM: the library's papers (weighted by status) against
    the skipped ones and the listing."""
    from scipy.sparse import vstack
    from sklearn.svm import LinearSVC

    labels = [0 if p.status == NEGATIVE_STATUS else 1 for p in library] + [0] * listing_x.shape[0]
    weights = [LIBRARY_WEIGHTS.get(p.status, 1.0) for p in library] + [1.0] * listing_x.shape[0]
    classifier = LinearSVC(class_weight="balanced", C=SVM_C, max_iter=10_000, tol=1e-6)
    classifier.fit(vstack([library_x, listing_x]), labels, sample_weight=weights)
    return [float(v) for v in classifier.decision_function(listing_x)]


def _nearest(listing_x: Matrix, library_x: Matrix, names: Sequence[str]) -> list[list[str]]:
    """For each listed paper, the names of the library papers closest to it (cosine of
    the TF-IDF rows, which are unit length), best first; none that share no term."""
    if library_x.shape[0] == 0:
        return [[] for _ in range(listing_x.shape[0])]
    similarity = (listing_x @ library_x.T).toarray()
    nearest = []
    for row in similarity:
        order = sorted(range(len(row)), key=lambda j: -row[j])[:SIMILAR_SHOWN]
        nearest.append(list(dict.fromkeys(names[j] for j in order if row[j] > 0)))
    return nearest


def _fallback_score(paper: ArxivPaper, hits: Sequence[str], categories: Sequence[str]) -> float:
    score = FALLBACK_KEYWORD * len(hits)
    if paper.primary_category in categories:
        score += FALLBACK_PRIMARY
    elif any(c in categories for c in paper.categories):
        score += FALLBACK_CROSS
    return score
