"""False names per 10,000 words of prose that names no paper, model or dataset (issue #15).

    python bench/false_names.py [--show] [--gazetteer-data DIR] [--prose DIR]

Every `name` mention readlist finds in such prose, with the full shipped gazetteer
(hand-checked YAML and the harvested JSONL), is a false name unless a reader of the prose
would say it names that thing (JUDGED_TRUE below, with the reason). Guessed names
(`candidate` mentions, which enrich checks before they become resources) are counted
apart. The figure per language must stay at most 1 per 10,000 words
(tests/test_names_prose.py asserts it).

The prose (gzip, one paragraph or review a line; README.md beside it says where it comes
from, at which commit, under which licence):
  - ko-nsmc-reviews.txt.gz: the first 32,816 distinct Naver movie reviews of e9t/nsmc
    (commit cc0670e872d4ac27bfe36c87456783004b39ef6c) raw/*.json, files in numeric order,
    250,619 words; CC0 1.0. Reviews name films, actors and directors ("트랜스포머",
    "타이타닉"): a realistic trap.
  - en-gutenberg-books.txt.gz: six public-domain Project Gutenberg books from
    RU-ECE/ECE451-Parallel (commit c58dca3a6abedd8041057571c247e9a393cc3b4d) data/books/:
    Great Astronomers, From Newton to Einstein, The Time Machine, The War of the Worlds,
    Korean Tales, A Treatise on Electricity, between the Gutenberg START and END markers,
    262,600 words.
It is read from --prose, else $READLIST_PROSE, else tests/fixtures/prose/, else
../shared/prose/ beside the repository.
"""

from __future__ import annotations

import argparse
import gzip
import os
import sys
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.extract import find_mentions
from readlist.names import Gazetteer
from readlist.notes import Note

REPO = Path(__file__).resolve().parents[1]
CORPORA = {"ko": "ko-nsmc-reviews.txt.gz", "en": "en-gutenberg-books.txt.gz"}
# (surface, resolved name) pairs a reader of this prose would take as naming that thing.
JUDGED_TRUE: dict[tuple[str, str], str] = {
    ("네이버", "Naver"): "reviews quote Naver's ratings and pages: the site",
    ("naver", "Naver"): "the site, as above",
    ("유튜브", "YouTube"): "the site",
    ("애플", "Apple"): "the company",
    ("Apple", "Apple"): "the company (a review of a film about it)",
    # The standard library's docstrings:
    ("Microsoft", "Microsoft"): "the company (Microsoft Windows, Microsoft's C runtime)",
    ("IBM", "IBM"): "the company (IBM code pages, IBM's mainframes)",
    ("Intel", "Intel"): "the company (Intel processors)",
    ("Google", "Google"): "the company",
    ("CPython", "cpython"): 'the interpreter ("CPython implementation detail"): the tool',
    ("OpenSSL", "OpenSSL"): 'the library ("as implemented by OpenSSL"): the tool',
    ("OpenSSL's", "OpenSSL"): "the library, as above",
    ("PyPy", "PyPy"): "the interpreter (\"'PyPy' (Python implementation of Python)\")",
    ("PyPI", "PyPI"): 'the package index ("a PyPI HTTP response")',
    ("O'Reilly", "O'Reilly"): 'the publisher ("the Python Cookbook, published by O\'Reilly")',
    # Generated Korean: words of the frequency list that are the names of companies,
    # sites and universities, which a Korean reader takes as those names.
    **{
        (surface, name): "a company, site or university: the word is its name"
        for surface, name in (
            ("카카오", "Kakao"),
            ("스탠퍼드", "Stanford University"),
            ("스탠포드", "Stanford University"),
            ("넷플릭스", "Netflix"),
            ("고려대", "Korea University"),
            ("서울대", "Seoul National University"),
            ("버클리", "UC Berkeley"),
            ("바이두", "Baidu"),
            ("쿠팡", "Coupang"),
            ("티스토리", "Tistory"),
            ("위키백과", "Wikipedia"),
            ("트위터", "Twitter"),
            ("페이스북", "Meta Platforms"),
            ("레딧", "Reddit"),
            ("아마존", "Amazon"),
            ("알리바바", "Alibaba"),
            ("삼성", "Samsung"),
            ("삼성전자", "Samsung"),
            ("인텔", "Intel"),
            ("구글", "Google"),
        )
    },
}
# A note per this many lines: the extract path sees note-sized texts.
_LINES_PER_NOTE = 200


@dataclass
class Count:
    words: int = 0
    false_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    true_names: Counter[tuple[str, str]] = field(default_factory=Counter)
    candidates: Counter[str] = field(default_factory=Counter)

    @property
    def per_10k(self) -> float:
        return sum(self.false_names.values()) * 10_000 / self.words if self.words else 0.0


def prose_dir(explicit: Path | None = None) -> Path | None:
    """Where the prose corpus is, or None when it is nowhere to be found."""
    choices = [explicit] if explicit else []
    if os.environ.get("READLIST_PROSE"):
        choices.append(Path(os.environ["READLIST_PROSE"]))
    choices += [REPO / "tests" / "fixtures" / "prose", REPO.parent / "shared" / "prose"]
    for folder in choices:
        if folder is not None and all((folder / name).is_file() for name in CORPORA.values()):
            return folder
    return None


# -- the corpus the suite runs on: nothing fetched is committed ---------------------------
#
# The repository may not carry text taken from fetched snapshots (the reviews and books
# above stay outside it, for local runs), so the test reads prose it can build anywhere:
#   - en: the docstrings of Python's own standard library and pydoc's topics, read from the
#     interpreter running the test (real English technical prose; PSF licence, not copied);
#   - ko: text generated, deterministically, from data/common-words-ko.txt (wordfreq's most
#     frequent Korean words, CC BY-SA): words drawn at random, nouns given particles, in
#     sentences of 4 to 12 words. It names nothing by construction, and puts every common
#     word in front of the matcher several times: what it measures is that an ordinary
#     Korean word is never taken for a name.
_PARTICLES = ("은", "는", "이", "가", "을", "를", "의", "에", "에서", "로", "와", "과", "도", "만")
_WORDS_WANTED = 250_000


def stdlib_lines(words: int = _WORDS_WANTED) -> list[str]:
    """Paragraphs of the standard library's docstrings and pydoc topics, up to `words`."""
    import ast
    import pydoc_data.topics
    import sysconfig

    lines: list[str] = []
    total = 0

    def add(text: str) -> bool:
        nonlocal total
        for paragraph in text.split("\n\n"):
            flat = " ".join(paragraph.split())
            if flat:
                lines.append(flat)
                total += len(flat.split())
        return total >= words

    for topic in sorted(pydoc_data.topics.topics):
        if add(pydoc_data.topics.topics[topic]):
            return lines
    stdlib = Path(sysconfig.get_paths()["stdlib"])
    for path in sorted(stdlib.glob("*.py")) + sorted(stdlib.glob("*/*.py")):
        if "test" in path.parts[-2:-1] or path.name.startswith("test"):
            continue
        try:
            tree = ast.parse(path.read_text(encoding="utf-8"))
        except (SyntaxError, UnicodeDecodeError, OSError):
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef):
                doc = ast.get_docstring(node)
                if doc and add(doc):
                    return lines
    return lines


def generated_korean_lines(words: int = _WORDS_WANTED, seed: int = 15) -> list[str]:
    """Sentences of common Korean words with particles, `words` words in all."""
    import random

    raw = (data_dir() / "common-words-ko.txt").read_text(encoding="utf-8").splitlines()
    vocabulary = [w.strip() for w in raw if w.strip() and not w.startswith("#")]
    chance = random.Random(seed)
    lines: list[str] = []
    total = 0
    while total < words:
        sentence = []
        for _ in range(chance.randint(4, 12)):
            word = chance.choice(vocabulary)
            if chance.random() < 0.4:
                word += chance.choice(_PARTICLES)
            sentence.append(word)
        lines.append(" ".join(sentence) + chance.choice((".", ".", "?", "!")))
        total += len(sentence)
    return lines


def suite_corpora() -> dict[str, list[str]]:
    return {"en": stdlib_lines(), "ko": generated_korean_lines()}


def read_lines(path: Path) -> list[str]:
    with gzip.open(path, "rt", encoding="utf-8") as handle:
        return handle.read().splitlines()


def count_false_names(lines: list[str], gazetteer: Gazetteer, name: str = "prose") -> Count:
    """Words, and the names and guessed names found in `lines` (none names a paper)."""
    count = Count(words=sum(len(line.split()) for line in lines))
    for first in range(0, len(lines), _LINES_PER_NOTE):
        text = "\n".join(lines[first : first + _LINES_PER_NOTE]) + "\n"
        note = Note(path=f"{name}-{first}.md", root="", text=text)
        for mention in find_mentions(note, gazetteer=gazetteer):
            key = (mention.surface, mention.target.name)
            if mention.source == "candidate":
                count.candidates[mention.surface] += 1
            elif mention.source != "name":
                continue
            elif key in JUDGED_TRUE:
                count.true_names[key] += 1
            else:
                count.false_names[key] += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--prose", type=Path, help="folder with the two .txt.gz files")
    parser.add_argument("--gazetteer-data", type=Path, help="a data/ folder (default: shipped)")
    parser.add_argument("--show", action="store_true", help="list every false name")
    args = parser.parse_args()
    folder = prose_dir(args.prose)
    data = args.gazetteer_data or data_dir()
    gazetteer = build_gazetteer(data / "gazetteer", REPO / "no-user-names.yaml").prepare()
    corpora = {f"{k} (suite)": v for k, v in suite_corpora().items()}
    if folder is not None:
        corpora |= {f"{k} ({name})": read_lines(folder / name) for k, name in CORPORA.items()}
    print(f"gazetteer: {len(gazetteer.entries)} entries; fetched prose: {folder or 'none'}")
    for language, lines in corpora.items():
        count = count_false_names(lines, gazetteer, language.split()[0])
        total = sum(count.false_names.values())
        print(
            f"{language}: {count.words} words, {total} false names "
            f"({count.per_10k:.2f} per 10,000 words), {sum(count.true_names.values())} "
            f"judged true, {sum(count.candidates.values())} guessed names"
        )
        if args.show:
            for (surface, resolved), times in count.false_names.most_common():
                print(f"  {times:4d}  {surface!r} -> {resolved}")
            for surface, times in count.candidates.most_common(15):
                print(f"  {times:4d}  guessed {surface!r}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
