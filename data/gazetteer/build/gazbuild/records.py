"""What a parser yields (a Record: one thing one file names) and the text helpers parsers share:
paper ids from links, markdown clean-up, the junk-name filter, the comparison form of a name,
and topic tags from section headings."""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from pathlib import Path

KINDS = frozenset({"paper", "model", "dataset", "book", "site", "org", "tool", "concept"})


@dataclass(frozen=True)
class Record:
    """One thing as one source file gives it; `source` is filled in by the builder."""

    name: str
    kind: str
    path: str  # the file inside the source repository
    title: str | None = None
    arxiv: str | None = None
    doi: str | None = None
    year: int | None = None
    url: str | None = None
    tags: tuple[str, ...] = ()
    aliases: tuple[str, ...] = ()
    source: str = ""  # "owner/repo@commit:path"
    priority: int = 0  # the source's place in sources.yaml: lower wins a conflict
    named: bool = True  # False when the name is only the paper's title
    defers: bool = False  # True: a name another source gives is not this record's to join

    def with_source(self, source: str, priority: int) -> Record:
        return replace(self, source=source, priority=priority)


# --- paper ids ----------------------------------------------------------------------------

_ARXIV_NEW = r"\d{4}\.\d{4,5}"
_ARXIV_OLD = r"(?:[a-z]+(?:-[a-z]+)*(?:\.[A-Z]{2})?)/\d{7}"
# Links that carry an arXiv id: arxiv.org (abs, pdf, html, ...), Hugging Face paper pages.
_ARXIV_LINK = re.compile(
    rf"(?:arxiv\.org/(?:abs|pdf|html|ps|format)/|huggingface\.co/papers/)"
    rf"(?P<id>{_ARXIV_NEW}|{_ARXIV_OLD})(?:v\d+)?",
    re.IGNORECASE,
)
# "arXiv:1512.03385" written in text or in a BibTeX eprint field.
_ARXIV_CUED = re.compile(rf"\barxiv[:\s]+(?P<id>{_ARXIV_NEW})(?:v\d+)?(?![\d.])", re.IGNORECASE)
_EPRINT = re.compile(rf"\beprint\s*=\s*[{{\"](?P<id>{_ARXIV_NEW})(?:v\d+)?[}}\"]", re.IGNORECASE)
# DOIs from doi.org links and publisher pages that put the DOI in the path.
_DOI_LINK = re.compile(
    r"(?:doi\.org/|dl\.acm\.org/doi/(?:abs/|pdf/|full/|fullHtml/)?|"
    r"onlinelibrary\.wiley\.com/doi/(?:abs/|pdf/|full/)?|link\.springer\.com/(?:article|chapter)/)"
    r"(?P<doi>10\.\d{4,9}/[^\s\"'<>\])},|]+)",
    re.IGNORECASE,
)
_BIB_DOI = re.compile(r"\bdoi\s*=\s*[{\"](?P<doi>10\.\d{4,9}/[^}\"\s]+)[}\"]", re.IGNORECASE)
_YEAR = re.compile(r"(?<!\d)(19[5-9]\d|20[0-4]\d)(?!\d)")


def find_arxiv(text: str) -> str | None:
    """The first arXiv id that a link, an `arXiv:` cue or a BibTeX eprint gives."""
    for pattern in (_ARXIV_LINK, _EPRINT, _ARXIV_CUED):
        match = pattern.search(text)
        if match:
            return match.group("id")
    return None


def find_doi(text: str) -> str | None:
    """The first DOI in a doi.org (or publisher) link or a BibTeX doi field, lower-cased."""
    for pattern in (_DOI_LINK, _BIB_DOI):
        match = pattern.search(text)
        if match:
            doi = match.group("doi").rstrip(".;:")
            doi = re.sub(r"\.pdf$|/(?:abstract|full|pdf)$", "", doi, flags=re.IGNORECASE)
            return doi.lower()
    return None


def find_year(text: str) -> int | None:
    match = _YEAR.search(text)
    return int(match.group(1)) if match else None


def arxiv_year(arxiv: str) -> int | None:
    """The year an arXiv id was issued (new-style ids begin with YYMM)."""
    if re.fullmatch(_ARXIV_NEW, arxiv):
        return 2000 + int(arxiv[:2])
    return None


def arxiv_url(arxiv: str) -> str:
    return f"https://arxiv.org/abs/{arxiv}"


# --- markdown -----------------------------------------------------------------------------

_MD_LINK = re.compile(r"!?\[(?P<text>[^\]]*)\]\((?P<url>[^)\s]*)(?:\s+\"[^\"]*\")?\)")
_HTML_TAG = re.compile(r"<[^>]+>")
_EMPHASIS = re.compile(r"(\*\*|__|\*|`)")
_SPACES = re.compile(r"\s+")


def iter_links(text: str) -> Iterable[tuple[str, str]]:
    """(text, url) of each markdown link, and of each HTML <a href>."""
    for match in _MD_LINK.finditer(text):
        yield match.group("text"), match.group("url")
    for match in re.finditer(r"<a\s[^>]*href=\"([^\"]+)\"[^>]*>(.*?)</a>", text, re.I | re.S):
        yield match.group(2), match.group(1)


def strip_markdown(text: str) -> str:
    """Plain text: links become their text, emphasis, tags and entities go, spaces collapse."""
    text = _MD_LINK.sub(lambda m: m.group("text"), text)
    text = _HTML_TAG.sub(" ", text)
    text = _EMPHASIS.sub("", text)
    text = text.replace("&amp;", "&").replace("&nbsp;", " ").replace("\\", "")
    return _SPACES.sub(" ", text).strip()


def clean_name(text: str) -> str:
    """A name as a list writes it, without the punctuation around it."""
    text = strip_markdown(text)
    text = re.sub(r"^#+\s+", "", text)  # a heading's marks ("## Paper")
    return text.strip(" \t:;,.-–—|•·\"'“”‘’").strip()


# --- names --------------------------------------------------------------------------------

_SEPARATORS = re.compile(r"[\s\-_./·]+")  # as readlist.names.normalise_name folds them


def fold(name: str) -> str:
    """The comparison form of a name: width-folded, lower case, no separators; spellings
    that fold alike are one name (the loader compares names the same way)."""
    return _SEPARATORS.sub("", unicodedata.normalize("NFKC", name)).casefold()


# Link texts and words that are never the name of a thing.
_GENERIC = frozenset(
    "paper papers code pdf link links project page website site github arxiv blog video "
    "slides here homepage demo dataset data model models official unofficial readme tweet "
    "abstract html bibtex doi openreview supplementary poster talk".split()
)
_RESIDUE = re.compile(r"[\[\]()*`|<>{}]|\]\(|https?:|www\.|\.(?:com|org|io|html?)\b")
MAX_NAME_WORDS = 12


def is_junk(name: str, *, is_title: bool = False) -> bool:
    """Names the builder never writes: empty, one character, numbers and punctuation only,
    URLs and markdown residue, generic link words, and over 12 words unless it is a title."""
    if len(name) < 2 or not re.search(r"[^\W\d_]", name):
        return True
    if _RESIDUE.search(name) or name.casefold() in _GENERIC:
        return True
    if not is_title and len(name.split()) > MAX_NAME_WORDS:
        return True
    return len(name) > 300


# A title that begins with a coined name and a colon ("DreamBooth: Fine Tuning ...") names
# the thing: one word with a capital after its first letter or a digit (BERT, GLIDE, ViTAR,
# YOLOv3), never a plain word ("Diffusion: ..."), nor "Survey"/"Review".
_COINED = re.compile(
    r"^(?P<name>(?=[^\s:]*(?:[A-Z][^\s:]*[A-Z0-9]|\d|[a-z][A-Z]))[A-Za-z][\w+\-.²]{1,30})"
    r"\s*:\s+\S"
)
_NOT_NAMES = frozenset({"survey", "review", "tutorial", "position", "perspective"})


def name_from_title(title: str) -> str | None:
    """The coined name a title opens with, or None."""
    match = _COINED.match(title)
    if not match or match.group("name").casefold() in _NOT_NAMES:
        return None
    return match.group("name")


# --- tags ---------------------------------------------------------------------------------

# Section headings → the tag vocabulary of the hand-checked gazetteer (tests/test_gazetteer.py).
_TAG_WORDS: tuple[tuple[str, str], ...] = (
    (r"\bgans?\b|adversarial net|generative adversarial", "gan"),
    (r"diffusion|score-based", "diffusion"),
    (r"\bvae\b|variational auto", "vae"),
    (r"detect", "detection"),
    (r"segment", "segmentation"),
    (r"\bgraph|\bgnn|knowledge graph", "graph"),
    (r"reinforcement|\brl\b|offline rl|policy|bandit", "reinforcement-learning"),
    (r"recommend|\bctr\b|collaborative filtering", "recommendation"),
    (r"language model|\bllms?\b|\bplms?\b|instruction|chatgpt|\bgpt", "language-model"),
    (
        r"multimodal|multi-modal|vision-language|vision language|visual question|\bmllm",
        "multimodal",
    ),
    (r"(?<!part of )speech|audio|\basr\b|\btts\b", "speech"),
    (r"transformer|attention", "transformer"),
    (r"self-supervised|contrastive|unsupervised representation", "self-supervised"),
    (r"efficient|compression|quantiz|pruning|distill|lightweight", "efficient"),
    (r"interpretab|explainab|explanation", "interpretability"),
    (r"fairness|bias|toxic|offensive|hate", "fairness"),
    (r"domain adaptation|domain generali", "domain-adaptation"),
    (r"benchmark|leaderboard|evaluation", "benchmark"),
    (r"embedding|word vector|representation learning", "embedding"),
    (r"korean|한국|\bko\b", "korean"),
    (
        r"image|vision|visual(?!i[sz])|video|\b3d\b|point cloud|\bpose\b|ocr|face|classification",
        "vision",
    ),
    (
        r"\bnlp\b|language|text|translation|question answering|summari|dialog|parsing|"
        r"sentiment|entity|reading comprehension",
        "nlp",
    ),
)
_TAG_PATTERNS = tuple((re.compile(p, re.IGNORECASE), tag) for p, tag in _TAG_WORDS)


def tags_for(*texts: str) -> tuple[str, ...]:
    """Topic tags that section headings (or a file path) name, in vocabulary order."""
    joined = " ".join(texts)
    return tuple(tag for pattern, tag in _TAG_PATTERNS if pattern.search(joined))


def merge_tags(*groups: Iterable[str]) -> tuple[str, ...]:
    seen: dict[str, None] = {}
    for group in groups:
        for tag in group:
            seen.setdefault(tag, None)
    return tuple(seen)


@dataclass
class Headings:
    """The chain of markdown headings above the current line."""

    levels: list[str] = field(default_factory=list)

    def see(self, line: str) -> bool:
        match = re.match(r"^(#{1,6})\s+(.*?)\s*#*\s*$", line)
        if not match:
            return False
        depth = len(match.group(1))
        del self.levels[depth - 1 :]
        self.levels.extend([""] * (depth - 1 - len(self.levels)))
        self.levels.append(clean_name(match.group(2)))
        return True

    @property
    def text(self) -> str:
        return " / ".join(h for h in self.levels if h)


@functools.cache
def common_words() -> frozenset[str]:
    """readlist's list of ordinary English words (data/common-words.txt)."""
    path = Path(__file__).resolve().parents[3] / "common-words.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


@functools.cache
def common_korean_words() -> frozenset[str]:
    """readlist's list of frequent Korean words (data/common-words-ko.txt)."""
    path = Path(__file__).resolve().parents[3] / "common-words-ko.txt"
    lines = path.read_text(encoding="utf-8").splitlines()
    return frozenset(w.strip() for w in lines if w.strip() and not w.startswith("#"))


# --- cloud services -------------------------------------------------------------------------

# A vendor's prefix on a service's name: "Amazon S3", "AWS Lambda", "Google BigQuery".
VENDOR_PREFIX = re.compile(r"^(?:Amazon|AWS|Google Cloud|Google)\s+")


def is_distinctive(name: str) -> bool:
    """Whether a service's name without its vendor prefix is still a name, not a word: it
    holds a digit or a capital after a small letter (S3, EC2, DynamoDB, SageMaker,
    BigQuery, reCAPTCHA). "Lambda", "Glue", "Storage", "Batch", acronyms in capitals
    (SQS, EMR, IAM) and three letters or fewer without a digit (IoT) are not: notes write
    those as words or as abbreviations of words."""
    if len(re.sub(r"\W", "", name)) <= 3 and not re.search(r"\d", name):
        return False
    return bool(re.search(r"\d|[a-z][A-Z]", name)) and not name.islower()


def unshare_urls(records: list[Record]) -> list[Record]:
    """Records without a URL that records of another name also give: a page several
    products share is their family's (cloud.google.com/bigquery/ for BigQuery, its
    Reservation and its Migration), and readlist makes entries of one URL one resource
    (a trailing slash and the scheme aside, as readlist compares pages)."""
    names: dict[str, set[str]] = {}
    for record in records:
        if record.url:
            names.setdefault(_page(record.url), set()).add(fold(record.name))
    return [replace(r, url=None) if r.url and len(names[_page(r.url)]) > 1 else r for r in records]


def _page(url: str) -> str:
    return re.sub(r"^https?://(?:www\.)?", "", url).rstrip("/").casefold()
