"""Hugging Face dataset cards (datasets/<id>/README.md of a `huggingface/datasets` release
before the scripts moved to the Hub): one dataset a card. The YAML header's `pretty_name`
names it, the folder its id (`ag_news`), the card's "Homepage:" its home, the "Paper:" link
(else a citation of exactly one BibTeX entry) its paper's arXiv id or DOI, title and year.

What is left out, because a note that writes it means something else:

- a pretty name that is only the id again ("php", "tanzil") or a placeholder ("More
  Information Needed"); the id then names the dataset only when it is coined ("ag_news",
  "squad_v2"), not when it is one word ("newsgroup", "emotion") or ordinary words
  ("common_voice");
- one ordinary English word ("Emotion", "Break"), short abbreviations of three letters or
  fewer, and the all-caps abbreviations of techniques and fields (`TECHNIQUES`: NER, POS,
  NLI): the cues that let a harvested name count ("dataset", "model", "task") follow those
  words in any ML note ("NER model", "Emotion dataset");
- a citation block of several entries (GLUE's cites CoLA first): only a card's own paper
  may give the id, since records with one arXiv id become one entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import replace
from typing import Any

import yaml

from .records import (
    Record,
    arxiv_year,
    clean_name,
    common_words,
    find_arxiv,
    find_doi,
    is_junk,
    iter_links,
    merge_tags,
)

_HEADER = re.compile(r"\A---\s*\n(?P<yaml>.*?)\n---\s*\n", re.DOTALL)
_FIELD = r"^\s*[-*]\s+\*\*{label}:?\*\*:?\s*(?P<value>.*)$"
_HOMEPAGE = re.compile(_FIELD.format(label="Homepage"), re.MULTILINE | re.IGNORECASE)
_PAPER = re.compile(_FIELD.format(label="Paper"), re.MULTILINE | re.IGNORECASE)
_BARE_URL = re.compile(r"https?://[^\s)\]>\"']+")
_CITATION = re.compile(r"^#+\s*Citation Information\s*$(?P<body>.*?)(?=^#+\s|\Z)", re.M | re.S)
_BIB_ENTRY = re.compile(r"^\s*@\w+\s*[{(]", re.MULTILINE)
_BIB_TITLE = re.compile(r"\btitle\s*=\s*(?P<open>[{\"])", re.IGNORECASE)
_BIB_YEAR = re.compile(r"\byear\s*=\s*[{\"]?(?P<year>(?:19|20)\d\d)\b", re.IGNORECASE)
_PLACEHOLDER = re.compile(r"more information needed|needs? more information|\bn/?a\b", re.I)
# Links that are no dataset's home: the card template's own, and the library's repository.
_NOT_HOME = re.compile(r"github\.com/huggingface/datasets|huggingface\.co/datasets/?$", re.I)
_TRAILING_ABBREVIATION = re.compile(r"^(?P<name>.+?)\s*\((?P<short>[^()]+)\)$")
_WORDS = re.compile(r"[^\W_]+")
_THE = re.compile(r"^the\s+")
_DATASET_WORD = re.compile(r"\s+(?:dataset|datasets|data set)$", re.IGNORECASE)
HUB = "https://huggingface.co/datasets/"
# Words that make a phrase of ordinary words the name of a task, which notes write as a
# heading or in passing ("Few-Shot Relation Classification", "Question Answering in Context",
# "Hate Speech"), however a card names its dataset with it.
TASK_WORDS = frozenset(
    "classification detection recognition analysis answering inference identification "
    "resolution prediction search summarization summarisation translation generation "
    "extraction evaluation compression simplification understanding parsing tagging "
    "sentiment sarcasm hate toxicity offensive".split()
)
# Folders of the library's own loaders (json, csv, imagefolder …): formats, not datasets.
LOADERS = frozenset(
    "json csv text pandas parquet imagefolder audiofolder folder_based_builder generator sql "
    "arrow webdataset".split()
)
# Task categories of the cards → the tag vocabulary (tests/test_gazetteer.py).
_TASK_TAGS: tuple[tuple[re.Pattern[str], str], ...] = tuple(
    (re.compile(pattern), tag)
    for pattern, tag in (
        (r"image|video|object-detection|depth-estimation|visual|vision", "vision"),
        (r"audio|(?<!hate-)speech", "speech"),
        (
            r"text|token|question|translation|summari|fill-mask|conversational|sentence|"
            r"multiple-choice|table|named-entity|language-modeling|natural-language",
            "nlp",
        ),
    )
)

# All-caps abbreviations that name a technique, a task or a field, not one dataset: a pretty
# name or id spelt so is dropped (the link-list sources showed what SVM and NLP cost).
TECHNIQUES = frozenset(
    "ai asr cnn crf dl gan lm llm ml mt nlg nli nlp nlu ner pos qa rc rl rnn sts svm tts "
    "wsd srl ocr cv ir".split()
)


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The dataset one card describes, or nothing when the card names none a note can use."""
    parts = path.split("/")
    if len(parts) < 2:
        return
    ident = parts[-2]
    if ident in LOADERS:
        return
    header = _header(text)
    name, aliases = _names(header.get("pretty_name"), ident)
    if name is None:
        return
    arxiv, doi, title, year = _paper(text)
    homepage = _homepage(text)
    yield Record(
        name=name,
        kind=str(options.get("kind", "dataset")),
        path=path,
        title=title if title and title.casefold() != name.casefold() else None,
        arxiv=arxiv,
        doi=doi,
        year=year or (arxiv_year(arxiv) if arxiv else None),
        url=homepage or HUB + ident,
        tags=merge_tags(options.get("tags") or (), _tags(header)),
        aliases=tuple(a for a in aliases if a.casefold() != name.casefold()),
    )


def _header(text: str) -> dict[str, Any]:
    match = _HEADER.match(text)
    if not match:
        return {}
    try:
        data = yaml.safe_load(match.group("yaml"))
    except yaml.YAMLError:
        return {}
    return data if isinstance(data, dict) else {}


def _names(pretty: object, ident: str) -> tuple[str | None, list[str]]:
    """The dataset's name and the other spellings it goes by: the pretty name, its short form
    in brackets or before a colon, and the id when it is coined."""
    id_name = ident if is_coined_id(ident) else None
    aliases: list[str] = []
    name = clean_name(pretty) if isinstance(pretty, str) else ""
    # "the EUR-Lex dataset" → EUR-Lex (the whole stays an alias); "Curiosity Dataset" stays
    bare = _DATASET_WORD.sub("", _THE.sub("", name))
    if bare != name and bare and not is_generic(bare):
        if _THE.match(name) is None:
            aliases.append(name)
        name = bare
    if not name or _PLACEHOLDER.search(name) or (name.islower() and _fold(name) == _fold(ident)):
        name = ""  # no pretty name but the id again ("php"): the id, if coined, is the name
    else:
        short, long = _short_form(name)
        if short:
            aliases.append(long)
            name = short
        elif _TRAILING_ABBREVIATION.match(name):  # "… Dataset (270K)": a note, not a name
            name = _DATASET_WORD.sub("", clean_name(_TRAILING_ABBREVIATION.sub(r"\g<name>", name)))
    if not name or is_generic(name) or is_task_phrase(name):
        if id_name is None:
            return None, []
        name, id_name = id_name, None
    aliases = [a for a in aliases if not is_generic(a) and not is_task_phrase(a)]
    if id_name is not None and _fold(id_name) != _fold(name) and not is_task_phrase(id_name):
        aliases.append(id_name)
    if is_junk(name):
        return None, []
    return name, aliases


def _short_form(name: str) -> tuple[str | None, str]:
    """The short form and the long one: "NorNE: Norwegian Named Entities" → NorNE and the
    whole; "Persian News Summary (PnSummary)" → PnSummary and "Persian News Summary", when
    the short form is coined (a capital inside, a digit, all caps)."""
    colon = name.split(":", 1)[0] if ":" in name else ""
    bracket = _TRAILING_ABBREVIATION.match(name)
    for candidate, long in (
        (colon, name),
        (bracket.group("short") if bracket else "", bracket.group("name") if bracket else ""),
    ):
        candidate = clean_name(candidate)
        letters = len(re.findall(r"[^\W\d_]", candidate))  # not "270K"
        if letters >= 2 and len(candidate.split()) <= 2 and _is_coined(candidate):
            return candidate, clean_name(long)
    return None, name


def _is_coined(name: str) -> bool:
    """A word of it has a capital after its first letter or a digit (PnSummary, NorNE,
    AESLC, C3): not "Physical Interaction", "Reading Comprehension"."""
    coined = any(re.search(r"^.+[A-Z]|\d", word) for word in name.split())
    return coined and not is_generic(name)


def unshare_papers(records: list[Record]) -> list[Record]:
    """Cards of different datasets that give one paper (the Yelp, Amazon and Sogou sets cite
    the character-level CNN paper; the CodeXGLUE tasks CodeSearchNet's) give no dataset's
    paper: records with one arXiv id or DOI are one entry, so the id is dropped from them,
    except from the one whose name begins every other's (SQuAD beside SQuAD2.0, SquadV1Pt)."""
    names: dict[str, set[str]] = {}
    for record in records:
        for key in (record.arxiv, record.doi):
            if key:
                names.setdefault(key, set()).add(_fold(record.name))
    owner: dict[str, str | None] = {}
    for key, folded in names.items():
        if len(folded) > 1:
            first = min(folded, key=len)
            owner[key] = first if all(f.startswith(first) for f in folded) else None
    kept = []
    for record in records:
        key = record.arxiv or record.doi
        if key in owner and owner[key] != _fold(record.name):
            record = replace(record, arxiv=None, doi=None, title=None)
        kept.append(record)
    return kept


def is_coined_id(ident: str) -> bool:
    """An id that a note can write to mean this dataset: words run together with a separator
    or a digit (ag_news, squad_v2, sst2), not ordinary words only ("common_voice",
    "poem_sentiment"); one word of letters is a word ("newsgroup", "emotion", "quora")."""
    words = [w for w in re.split(r"[_\-.\s]+", ident) if w]
    if len(words) < 2 and not re.search(r"\d", ident):
        return False
    if not words or is_generic(" ".join(words)):
        return False
    return not all(w.isalpha() and w.casefold() in common_words() for w in words)


def is_generic(name: str) -> bool:
    """One ordinary English word, an abbreviation of three letters or fewer, or the all-caps
    name of a technique (NER, NLI): not a dataset a note can be trusted to mean."""
    words = _WORDS.findall(name)
    if not words:
        return True
    letters = re.sub(r"[\W_]", "", name)
    if len(words) == 1 and len(letters) <= 3 and not re.search(r"\d", letters):
        return True
    if all(w.casefold() in TECHNIQUES for w in words):
        return True
    if len(words) == 1 and re.search(r"^.+[A-Z]", name) and not name.isupper():
        return False  # a capital inside a word (BoolQ, WikiHow) makes a name
    return len(words) == 1 and words[0].casefold() in common_words()


def is_task_phrase(name: str) -> bool:
    """Ordinary words only, one of which names a task (`TASK_WORDS`)."""
    words = [w for w in re.split(r"[\s\-_./·]+", name) if w]
    ordinary = all(w.isalpha() and (len(w) <= 2 or w.casefold() in common_words()) for w in words)
    return bool(words) and ordinary and any(w.casefold() in TASK_WORDS for w in words)


def _paper(text: str) -> tuple[str | None, str | None, str | None, int | None]:
    """arXiv id, DOI, title and year of the card's own paper."""
    arxiv = doi = title = None
    year = None
    paper = _PAPER.search(text)
    if paper and not _PLACEHOLDER.search(paper.group("value")):
        value = paper.group("value")
        arxiv = find_arxiv(value)
        doi = None if arxiv else find_doi(value)
        for link_text, _url in iter_links(value):
            candidate = clean_name(link_text)
            if len(candidate.split()) >= 4 and not _BARE_URL.match(candidate):
                title = candidate
                break
    citation = _CITATION.search(text)
    body = citation.group("body") if citation else ""
    if len(_BIB_ENTRY.findall(body)) == 1:
        if not arxiv and not doi:
            arxiv = find_arxiv(body)
            doi = None if arxiv else find_doi(body)
        bib_title = _bib_title(body)
        if title is None and bib_title:
            title = clean_name(bib_title)
        bib_year = _BIB_YEAR.search(body)
        year = int(bib_year.group("year")) if bib_year else None
    if title and is_junk(title, is_title=True):
        title = None
    return arxiv, doi, title, year


def _bib_title(body: str) -> str | None:
    """The BibTeX title field's value, its inner braces ("{GLUE}: A …") dropped."""
    match = _BIB_TITLE.search(body)
    if not match:
        return None
    if match.group("open") == '"':
        end = body.find('"', match.end())
        value = body[match.end() : end] if end > 0 else None
    else:
        depth, position = 1, match.end()
        while position < len(body) and depth:
            depth += {"{": 1, "}": -1}.get(body[position], 0)
            position += 1
        value = None if depth else body[match.end() : position - 1]
    return value.replace("{", "").replace("}", "") if value else None


def _homepage(text: str) -> str | None:
    match = _HOMEPAGE.search(text)
    if not match or _PLACEHOLDER.search(match.group("value")):
        return None
    value = match.group("value")
    urls: list[str] = [url for _text, url in iter_links(value)]
    for url in [*urls, *_BARE_URL.findall(value)]:
        url = str(url).rstrip(".,;")
        if url.startswith(("http://", "https://")) and not _NOT_HOME.search(url):
            return url
    return None


def _tags(header: Mapping[str, Any]) -> tuple[str, ...]:
    """Topics from the card's task categories and ids; `korean` for Korean data."""
    tasks = [str(t) for key in ("task_categories", "task_ids") for t in _as_list(header.get(key))]
    languages = {str(lang).casefold() for lang in _as_list(header.get("language"))}
    languages |= {str(lang).casefold() for lang in _as_list(header.get("languages"))}
    found = [tag for pattern, tag in _TASK_TAGS if any(pattern.search(t) for t in tasks)]
    if "vision" in found and "nlp" in found:
        found.append("multimodal")
    return merge_tags(found, ("korean",) if "ko" in languages else ())


def _as_list(value: object) -> list[object]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):  # per-config lists in older cards
        return [item for group in value.values() for item in _as_list(group)]
    return [value] if value else []


def _fold(text: str) -> str:
    return re.sub(r"[\W_]+", "", text).casefold()
