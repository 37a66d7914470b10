"""NLP-progress (sebastianruder/NLP-progress, <language>/<task>.md): each task page has a
section per dataset or benchmark, most with a results table whose rows name a model and link
its paper.

A section is a dataset when it is a leaf (no sub-sections), its heading looks like a name (a
word with an inner capital, a digit, two capitals, or a word datasets are called by: "SQuAD",
"Penn Treebank", "CoNLL 2003"; not "Multi-document summarization"), names no models, results
or methods, and it has a results table or calls itself a dataset, corpus, benchmark, treebank
or challenge. Papers come from the tables' paper column, named by the coined name the title
opens with ("BERT: Pre-training …"), else by the title (then only with an arXiv id or DOI);
the model column is prose ("BERT + DAE (Smith et al., 2019)"), so no name is taken from it."""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from typing import Any

from .records import (
    Record,
    arxiv_url,
    clean_name,
    common_words,
    find_arxiv,
    find_doi,
    fold,
    is_junk,
    iter_links,
    name_from_title,
    tags_for,
)

_HEADING = re.compile(r"^(#{1,6})\s+(.*?)\s*#*\s*$")
# A name has a word with an inner capital, a digit or two capitals (CoNLL, SQuAD, QALD-9, MSR),
# or a word that datasets are called by (Penn Treebank, Natural Questions, Story Cloze Test).
_NAMELIKE = re.compile(
    r"\b\w+[A-Z]\w*|\d|\b[A-Z]{2,}\b|"
    r"Treebank|(?i:corpus)|Dataset|Questions|Test\b|Bank\b|Benchmark|(?i:challenge)"
)
# One capitalised word that is no English word ("Yelp", "Gigaword", "Newsela"), heading a
# section with a results table, is a dataset's name too ("Supervised" is not).
_ONE_WORD = re.compile(r"[A-Z][a-z]+")
_NOT_NAMES = re.compile(
    r"\b(models?|results?|sota|other|methods?|approach(es)?|systems?|datasets|conversion)\b", re.I
)
_DATASET_WORDS = re.compile(r"\b(dataset|corpus|corpora|benchmark|treebank|challenge)", re.I)
_NOT_DATASETS = re.compile(
    r"^(table of contents|resources?|results?|evaluation|other|further reading|leaderboards?|"
    r"metrics?|notes?|references?|introduction|overview|data)$",
    re.IGNORECASE,
)
_RESULTS_HEADER = re.compile(r"^\|\s*(model|models|system|method|approach|paper)\b", re.I)
_AUTHORS = re.compile(r"\(([^()]*?(?:et al\.?|and|&)[^()]*?),?\s*(\d{4})\)|\((\d{4})\)")


@dataclass
class _Section:
    level: int
    heading: str
    lines: list[str] = field(default_factory=list)
    leaf: bool = True


def _sections(text: str) -> list[_Section]:
    sections: list[_Section] = []
    in_code = False
    for line in text.splitlines():
        if line.lstrip().startswith("```"):
            in_code = not in_code
        match = None if in_code else _HEADING.match(line)
        if match:
            level = len(match.group(1))
            for earlier in reversed(sections):
                if earlier.level < level:
                    earlier.leaf = False
                    break
                if earlier.level == level:
                    break
            sections.append(_Section(level, clean_name(match.group(2))))
        elif sections:
            sections[-1].lines.append(line)
    return sections


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    topic = path.rsplit(".", 1)[0].replace("_", " ").replace("/", " ")
    tags = ("nlp", *(t for t in tags_for(topic) if t != "nlp"))
    sections = _sections(text)
    for index, section in enumerate(sections):
        body = "\n".join(section.lines)
        # A dataset's results may sit in its sub-sections (MultiWOZ: belief tracking, ...).
        subtree = [section]
        for later in sections[index + 1 :]:
            if later.level <= section.level:
                break
            subtree.append(later)
        has_table = any(
            _RESULTS_HEADER.match(line.strip()) for part in subtree for line in part.lines
        )
        if (
            section.level >= 2
            and (section.leaf or section.level >= 3)
            and _is_dataset(section.heading, body, has_table)
        ):
            yield _dataset(path, section.heading, body, tags)
        yield from _table_papers(path, section.lines, tags)


def _is_dataset(heading: str, body: str, has_table: bool) -> bool:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", heading)
    if _NOT_DATASETS.match(name) or _NOT_NAMES.search(name) or is_junk(name):
        return False
    if not _NAMELIKE.search(name):
        one_word = _ONE_WORD.fullmatch(name) is not None and name.lower() not in common_words()
        return has_table and one_word
    return has_table or bool(_DATASET_WORDS.search(body))


def _dataset(path: str, heading: str, body: str, tags: tuple[str, ...]) -> Record:
    name = re.sub(r"\s*\([^)]*\)\s*$", "", heading) or heading
    first_paragraph = body.strip().split("\n\n", 1)[0]
    arxiv = doi = url = None
    for text, link in iter_links(first_paragraph):
        text_key, name_key = fold(clean_name(text)), fold(name)
        if link.startswith("http") and (name_key in text_key or text_key in name_key):
            arxiv, doi, url = find_arxiv(link), find_doi(link), link
            break
    return Record(
        name=name,
        kind="dataset",
        path=path,
        arxiv=arxiv,
        doi=None if arxiv else doi,
        url=arxiv_url(arxiv) if arxiv else url,
        tags=tags,
    )


def _table_papers(path: str, lines: list[str], tags: tuple[str, ...]) -> Iterator[Record]:
    header: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped.startswith("|"):
            header = []
            continue
        cells = [c.strip() for c in stripped.strip("|").split("|")]
        if not header:
            header = [clean_name(c).casefold() for c in cells]
            continue
        if re.match(r"^:?-{2,}", cells[0] if cells else ""):
            continue
        paper_col = next((i for i, h in enumerate(header) if "paper" in h), None)
        if paper_col is None or paper_col >= len(cells) or not cells:
            continue
        links = [(t, u) for t, u in iter_links(cells[paper_col]) if u.startswith("http")]
        if not links:
            continue
        title = clean_name(links[0][0])
        url = links[0][1]
        if is_junk(title, is_title=True) or len(title.split()) < 3:
            continue
        arxiv = find_arxiv(url)
        doi = None if arxiv else find_doi(url)
        year_match = _AUTHORS.search(cells[0])
        year = year_match.group(2) or year_match.group(3) if year_match else None
        coined = name_from_title(title)  # "BERT: Pre-training …"; the model column is prose
        if coined is None and not (arxiv or doi):
            continue
        name = coined or title
        yield Record(
            name=name,
            kind="paper",
            path=path,
            title=title,
            arxiv=arxiv,
            doi=doi,
            year=int(year) if year else None,
            url=arxiv_url(arxiv) if arxiv else url,
            tags=tags,
            named=coined is not None,
        )
