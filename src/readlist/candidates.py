"""Names the gazetteer does not know, detected from how notes talk about papers and models.

Cues: the name column of a results table (tables.py), CamelCase model names (FooNet,
RoFormer, KoBERT, StyleGAN, MiniGPT, KcELECTRA, KoAlpaca, LongT5), "X 논문",
"X 이라는 논문", "X 모델", "the X paper", "X et al.", quoted titles, and compounds and
versions that hold a known name without being it ("RT-DETR", "YOLOv8"). Each becomes
a `paper` or `model` resource (a compound: of its known name's kind) with a confidence
below 1, for `enrich` to resolve by
title search, and for the user to promote (`add-name`), rename (`alias`) or silence
(`ignore`). Pure: text in, hits out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections.abc import Sequence
from dataclasses import dataclass

from readlist.citations import Citation, find_citations
from readlist.entries import normalise_name
from readlist.ids import Target
from readlist.listedtitles import ListedTitle
from readlist.names import CompoundHit, name_key
from readlist.orgnames import find_org_names
from readlist.ranks import NameRank
from readlist.spans import SpanSet, cue_matches, matches_on_lines_with
from readlist.tables import find_table_names
from readlist.wordshape import (
    NOT_NAMES,
    SMALL_WORDS,
    TITLE_CHARACTERS,
    is_a_word,
    looks_like_a_name,
    looks_like_a_title,
)

# The capital comes first and the look-behind after it (two characters back): a
# pattern that starts with a character class is scanned for at C speed. The look-ahead
# (implied by the rest) turns a word without a family's name down in one pass over it
# instead of one per lazy step (a third faster).
_MODEL_FAMILIES = (
    r"(?:Net|Former|former|BERT|GAN|GPT|Mixer|ViT|ELECTRA|Electra|BART|T5|LLaMA|LLaMa|Llama"
    r"|Alpaca|Bird|CLIP|DETR|YOLO|NeRF|LSTM|RNN|VAE|Mamba|Diffusion|LM)"
)
_CAMEL_MODEL = re.compile(
    rf"[A-Z](?<![A-Za-z0-9_./-].)(?=[A-Za-z0-9]*{_MODEL_FAMILIES})[A-Za-z0-9]*?[a-z0-9]"
    rf"[A-Za-z0-9]*?{_MODEL_FAMILIES}(?:-?v?\d+)?(?![A-Za-z0-9_])"
)
_WORD = r"(?:[A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)"
_SMALL = SMALL_WORDS
_PHRASE = rf"{_WORD}(?:[ \t]+(?:{_WORD}|{_SMALL}))*"
# Each pattern below starts with the capital it needs and looks back after it (the char
# before the capital, two back): a pattern that starts with a character class is scanned
# for at C speed, one that starts with a look-behind is tried at every position.
_PHRASE_FROM_ITS_CAPITAL = (
    rf"[A-Z](?<![A-Za-z0-9_].)[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*(?:[ \t]+(?:{_WORD}|{_SMALL}))*"
)
# What each Korean cue word after a name says it names (one list: the two patterns below
# are made from it).
_CUE_KINDS = {
    "논문": ("paper", 0.6),
    "모델": ("model", 0.5),
    "책": ("book", 0.6),
    "교재": ("book", 0.6),
    **dict.fromkeys(
        ("블로그", "사이트", "웹사이트", "홈페이지", "강의", "강좌", "채널"), ("site", 0.5)
    ),
    **dict.fromkeys(("연구소", "연구실"), ("org", 0.5)),
    **dict.fromkeys(
        ("데이터셋", "데이터 셋", "데이터세트", "벤치마크", "말뭉치", "코퍼스"),
        ("dataset", 0.5),
    ),
    **dict.fromkeys(("라이브러리", "프레임워크", "패키지"), ("tool", 0.5)),
}
_KOREAN_CUE = re.compile(
    rf"(?P<name>{_PHRASE_FROM_ITS_CAPITAL})[ \t]*(?:이라는|라는|란)?[ \t]*"
    + "(?P<cue>"
    + "|".join(cue.replace(" ", "[ \t]") for cue in _CUE_KINDS)
    + ")"
)
_THE_PAPER = re.compile(
    rf"[Tt](?<!\w.)he[ \t]+(?P<name>{_PHRASE})[ \t]+"
    r"(?P<cue>paper|book|textbook|blog|website|course|channel|newsletter|podcast|lab)\b"
)
# A link to a section of the note whose text is a title and its reference's number.
_CITED_CONTENTS_ENTRY = re.compile(r"\[(?P<title>[^\[\]\n]{8,250}?)[ \t]*\[\d{1,3}\]\]\(#")
# A list item that is a package and its version, as requirements lists write them:
# "- tensorflow==1.15", "* numpy 1.17.0", "- PyTorch >= 1.8", "- gym (0.21.0)".
_REQUIREMENT = re.compile(
    r"\n[ \t]*(?:[-*+]|\d{1,3}[.)])[ \t]+`?(?P<name>[A-Za-z][\w.-]*[A-Za-z0-9])`?[ \t]*"
    r"(?:[=<>~!]=?|\(|:)?[ \t]*v?\d+\.\d+(?:\.\d+)*\)?`?[ \t]*$",
    re.MULTILINE,
)
# Packages' versions that name no library to read: the languages and systems they run on.
_NOT_LIBRARIES = frozenset(
    normalise_name(word)
    for word in "Python Python3 CUDA cuDNN Ubuntu macOS Windows Linux Java Node npm pip conda "
    "gcc g++ R Go Rust Scala Julia Ruby PHP Perl Version".split()
)


# A university course's code: a department's letters, then its number ("CS 156", "CS885",
# "EE 364a", "STAT 110"; two digits run on: "CS50", "CS20si").
# (It starts with its letters, scanned for at C speed; the character before is checked after.)
_COURSE_CODE = re.compile(
    r"(?:CS|CSE|CMSC|COMP|COS|CSC|EE|ECE|STAT|STATS|MATH|DS)(?:[ \t]?\d{3,4}|\d\d)[a-zA-Z]{0,2}"
    r"(?![\w.-])"
)
# "r/LocalLLaMA", "r/MachineLearning": a subreddit, a community (a site) by Reddit's own
# shorthand (not a path: "data/r/x", "./r/x").
_SUBREDDIT = re.compile(r"r/(?P<name>[A-Za-z0-9][A-Za-z0-9_]{1,20})(?![A-Za-z0-9_/-]|\.\w)")
# "Lilian Weng's blog", "Andrej Karpathy's blog", "David Silver's RL Course": the blog or
# the course is the name (a few capitalised words may say what it is about).
_OWNED_BLOG = re.compile(
    rf"(?P<name>{_PHRASE}['’]s[ \t]+(?:[A-Z][\w-]*[ \t]+){{0,3}}"
    r"(?:[Bb]log|[Cc]ourse|[Ll]ectures?|[Cc]lass|[Cc]hannel|[Nn]ewsletter|[Pp]odcast))\b"
)
# Words without which the cue patterns cannot match: they run only on lines that hold one
# (all their matches lie within a line), not over the whole note. Literal alternations:
# their first characters are few, so a scan skips the rest at C speed.
_KOREAN_CUE_WORD = re.compile("|".join(_CUE_KINDS))
# "trained on the Yelp dataset", "the Penn Treebank corpus", "the Hugging Face Accelerate
# library": a proper name before the word that says what it is.
_WHAT_IT_IS = re.compile(
    rf"(?P<name>{_PHRASE})[ \t]+(?P<cue>datasets?|benchmarks?|corpus|corpora"
    r"|library|libraries|framework|toolkit|package)\b"
)
# "Quillify is a Python library for …", "Folioscope, an open-source tool for …": a library's
# name, then what it is (a few words may say which kind).
_IS_A = re.compile(
    rf"(?P<name>{_WORD}(?:[ \t]+{_WORD}){{0,2}})(?:[ \t]+is|[ \t]*,)[ \t]+an?[ \t]+"
    r"(?:[\w-]+[ \t]+){0,3}?(?:librar(?:y|ies)|framework|toolkit|package|tool)\b"
)
_IS_A_WORD = (re.compile(r" is an? "), re.compile(r", an? "))
# A paper's title as papers write them: a coined name, a colon, and a Title Case subtitle
# ("PRIMERA: Pyramid-based Masked Sentence Pre-training for Multi-document Summarization").
_NAMED_TITLE = re.compile(
    r"(?P<title>(?P<name>[A-Z](?<![\w-].)[\w-]*?(?:[A-Z0-9][\w-]*|-[\w-]+))[ \t]*:[ \t]+"
    rf"(?P<subtitle>[A-Z][\w'’-]*(?:[ \t]+(?:[A-Z][\w'’-]*|{_SMALL}|[a-z][\w-]*-[\w-]+)){{2,20}}))"
)
_COLON_WORD = re.compile(":[ \t]+[A-Z]")
# A bold name in brackets, last on its line: "(**UDify**)", "(**KnowBert**)".
_BOLD_NICKNAME = re.compile(r"\(\*\*(?P<name>[^*\n]{2,40}?)\*\*\)[ \t]*$", re.MULTILINE)
# Words before a colon that announce a notice, not a title.
_NOTICES = frozenset(
    "TODO NOTE FIXME WARNING TIP TIPS FAQ UPDATE NEW EDIT PS NB IMPORTANT CAUTION INFO HINT "
    "DONE WIP TBD Q A TL;DR TLDR".split()
)
# A name with a footnote or a numbered reference right after it, "Orca[^7]의 저자들",
# "TIES-Merging(TrIm, Elect Sign & Merge)[^4]", "Hyena [12]": the note cites its work.
_FOOTNOTED = re.compile(
    rf"(?P<name>{_WORD}(?:[ \t]+(?:{_WORD}|{_SMALL})){{0,5}})(?:[ \t]*\([^()\n]{{1,60}}\))?"
    r"(?:(?P<footnote>\[\^[\w-]{1,20}\])|[ \t]?\[\d{1,3}(?:[,–-][ \t]?\d{1,3})*\])"
)
_FOOTNOTE_WORD = re.compile(r"\[(?:\^|\d)")
_LIST_SEPARATOR = re.compile(r"[ \t]*,[ \t]*(?:(?:and|or)[ \t]+)?|[ \t]+(?:and|or|&)[ \t]+")
_WHAT_IT_IS_WORDS = ("dataset", "benchmark", "corp", "librar", "framework", "toolkit", "package")
_WHAT_IT_IS_WORD = re.compile("|".join(_WHAT_IT_IS_WORDS))
# Words that open a sentence or a phrase rather than a name: "The", "Our", "This".
_LEADING_WORDS = re.compile(
    r"^(?:(?:The|This|That|These|Those|Our|Their|Its|A|An|Each|Every|Any|Some|Another|Other"
    r"|New|Same|Such|Both|Many|Most|Several|Popular|Standard|Public|Custom|Large|Small)[ \t]+)+"
)
_PAPER_WORD = tuple(  # by first letter (spans.Cue)
    map(
        re.compile,
        ("p(?:aper|odcast)", "b(?:ook|log)", "website", "c(?:ourse|hannel)", "newsletter", "lab"),
    )
)
# Titles in the brackets Korean writing gives them: 『books』 and 《books》, 「articles」
# and 〈articles〉 (chapters, papers, essays).
_TITLE_BRACKETS = re.compile(
    r"『(?P<book>[^』\n]{2,80})』|《(?P<book2>[^》\n]{2,80})》"
    r"|「(?P<paper>[^」\n]{2,80})」|〈(?P<paper2>[^〉\n]{2,80})〉"
)
# An acronym defined after its long form, "Stanford Question Answering Dataset (SQuAD)",
# "Facebook AI Research (FAIR)": a name when the long form's last word says what it is.
_DEFINED = re.compile(
    r"(?P<long>[A-Z][\w-]*(?:[ \t]+(?:(?:of|for|and|the|in|on|to|&)[ \t]+)?[A-Z][\w-]*){1,7})"
    r"[ \t]*\((?P<short>[A-Z][A-Za-z0-9]{1,8})\)"
)
_DEFINED_KINDS = {
    **dict.fromkeys(
        ("dataset", "corpus", "benchmark", "challenge", "treebank", "database"), "dataset"
    ),
    **dict.fromkeys(
        (
            "institute",
            "laboratory",
            "lab",
            "research",
            "university",
            "group",
            "center",
            "centre",
            "foundation",
            "corporation",
            "agency",
        ),
        "org",
    ),
    **dict.fromkeys(("blog", "journal", "magazine", "course", "podcast", "newsletter"), "site"),
    **dict.fromkeys(("book", "textbook", "handbook"), "book"),
    **dict.fromkeys(("network", "networks"), "model"),
    **dict.fromkeys(("library", "framework", "toolkit"), "tool"),
}
# one pattern per opening quote (spans.Cue)
_QUOTED = tuple(re.compile(q + r"(?P<name>[A-Z][^\"“”\n]{8,150}?)[\"”]") for q in '"“')
# A link's address and the space before its title attribute: '](url ', ']: url '.
_LINK_TITLE_BEFORE = re.compile(r"(?:\]\([ \t]*|\]:[ \t]*)<?[^\s()<>]+>?[ \t]+$")


@dataclass(frozen=True)
class CandidateHit:
    start: int
    end: int
    surface: str
    name: str
    kind: str
    confidence: float
    # A citation's guess is named by a label ("He et al. 2016"), not a name: any title
    # enrich finds for it replaces the label.
    rank: int = NameRank.DETECTED
    # The title a paper note gives the paper it is about: when the note links that one
    # paper, the title names the link rather than a second, guessed paper.
    titles_note: bool = False
    # A note's first heading shaped like a title, with no sign that the note is about a
    # paper: the title of the one paper the note links, else nothing.
    only_if_linked: bool = False


def find_candidates(
    text: str,
    skip: Sequence[tuple[int, int]] = (),
    ignored: frozenset[str] = frozenset(),
    lines_with_papers: frozenset[int] = frozenset(),
    line_starts: Sequence[int] = (),
    citations: Sequence[Citation] | None = None,
    note_stem: str | None = None,
    named_titles: Sequence[tuple[int, int]] | None = None,
    common_words: frozenset[str] = frozenset(),
    listed_titles: Sequence[ListedTitle] = (),
) -> list[CandidateHit]:
    """Likely names of papers and models in `text`, outside `skip` (known names, URLs, code);
    `citations`: find_citations(text), when the caller has them; `note_stem`: the note's
    file name without its extension, for a paper note's title (see _paper_note_title);
    `named_titles`: find_named_titles(text), when the caller has them (with the spans of
    `listed_titles`, find_listed_titles(text), which name papers or books)."""
    hits: list[CandidateHit] = []
    taken = SpanSet(skip)

    def free(start: int, end: int) -> bool:
        return not taken.overlaps(start, end)

    def add(
        start: int,
        end: int,
        name: str,
        kind: str,
        confidence: float,
        rank: int = NameRank.DETECTED,
        titles_note: bool = False,
        only_if_linked: bool = False,
    ) -> None:
        name = name.strip(" \t-:,")
        key = normalise_name(name)
        too_short = len(key) < 2 or (len(key) < 3 and not any(c.isdigit() for c in key))
        if too_short or key in NOT_NAMES or key in ignored:
            return
        if free(start, end):
            hits.append(
                CandidateHit(
                    start,
                    end,
                    text[start:end],
                    name,
                    kind,
                    confidence,
                    rank,
                    titles_note,
                    only_if_linked,
                )
            )
            taken.add(start, end)

    # "# Kafka: a Distributed Messaging System …" over a note that says Kafka throughout:
    # the note's subject, named again wherever the note writes it (as a guess)
    subject = _note_subject(text, common_words) if common_words else None
    if subject is not None:
        start, end = subject
        word = text[start:end]
        add(start, end, word, "model" if looks_like_a_name(word) else "tool", 0.5)
    # A paper note's first heading is the paper's title; so is the line under "## Title".
    titled = _paper_note_title(text, note_stem)
    if titled is not None:
        start, end, title, sure = titled
        add(start, end, title, "paper", 0.6, titles_note=True, only_if_linked=not sure)
    if "itle" in text or "제목" in text:
        for match in _TITLE_SECTION.finditer(text):
            title = _VENUE_AFTER.sub("", match.group("title")).strip(" \t*_")
            if "](" not in title and looks_like_a_title(title):
                start = match.start("title") + match.group("title").index(title)
                add(start, start + len(title), title, "paper", 0.6, titles_note=True)
    # "Seoul National Univ.", "Naver AI Lab", "국립국어원": organisations by their shape.
    for org in find_org_names(text):
        add(org.start, org.end, org.name, "org", 0.5)
    # A results table's name column: each cell names its row's model, dataset or paper.
    for cell in find_table_names(text):
        if _table_cell_is_a_name(cell.name, cell.kind, common_words):
            add(cell.start, cell.end, cell.name, cell.kind, 0.6)
    listed_kinds = {(t.start, t.end): t.kind for t in listed_titles}
    if named_titles is None:
        named_titles = sorted(find_named_titles(text) + find_quoted_titles(text))
    for start, end in named_titles:
        add(start, end, text[start:end], listed_kinds.get((start, end), "paper"), 0.6)
    # "… [[pdf](…)] (**B2T2**)": a reference list's nickname for its paper's model
    if "(**" in text:
        for match in _BOLD_NICKNAME.finditer(text):
            name = match.group("name")
            words = name.split()
            # a nickname is a word or three, not a note ("Due: 2019.01.23(Wed) 22:00")
            if len(words) <= 3 and ":" not in name and any(looks_like_a_name(w) for w in words):
                add(match.start("name"), match.end("name"), name, "model", 0.6)
    # "- tensorflow==1.15", "- numpy 1.17.0": a requirement names a library
    if "." in text:
        # (each item found from its line's newline, at C speed: "\n" + the text)
        for match in _REQUIREMENT.finditer("\n" + text):
            name = match.group("name")
            if normalise_name(name) not in _NOT_LIBRARIES:
                add(match.start("name") - 1, match.end("name") - 1, name, "tool", 0.6)
    # "CS 8803 - Reinforcement Learning", "CS885", "EE 364a": a university course
    for match in _COURSE_CODE.finditer(text):
        before = text[match.start() - 1 : match.start()]
        if not (before.isalnum() or before in ("_", ".", "-")):
            add(match.start(), match.end(), match.group(0), "site", 0.5)
    if "r/" in text:
        for match in _SUBREDDIT.finditer(text):
            before = text[match.start() - 1 : match.start()]
            if not (before.isalnum() or before in ("_", ".", "/", "-")):
                add(match.start(), match.end(), match.group(0), "site", 0.6)
    for match in _CAMEL_MODEL.finditer(text):
        add(match.start(), match.end(), match.group(0), "model", 0.7)
    for match in matches_on_lines_with(_KOREAN_CUE_WORD, _KOREAN_CUE, text):
        name = _drop_trailing_small_words(match.group("name"))
        kind, confidence = _CUE_KINDS[" ".join(match.group("cue").split())]
        # a library's name needs no capital inside: "Vellumdb 라이브러리" (but
        # "Autoencoder 모델" is a kind of model, whatever dictionaries leave out)
        coined = looks_like_a_name(name) or (kind == "tool" and _not_a_word(name, common_words))
        if " " not in name and not coined:
            continue  # "Classification 모델" is a kind of model, not a name
        if match.group("cue") == "모델" and _BARE_ACRONYM.fullmatch(name):
            continue  # "SSM 모델", "LTI 모델": a family's abbreviation, not one model
        add(match.start("name"), match.start("name") + len(name), name, kind, confidence)
    # (a search for each word is faster than one for the alternation, when none is there)
    what_it_is = any(word in text for word in _WHAT_IT_IS_WORDS)
    for match in matches_on_lines_with(_WHAT_IT_IS_WORD, _WHAT_IT_IS, text) if what_it_is else ():
        phrase = match.group("name")
        name = _LEADING_WORDS.sub("", _drop_trailing_small_words(phrase) + " ").strip()
        kind = _WHAT_IT_IS_KINDS[match.group("cue")]
        words = common_words if kind == "tool" else frozenset()
        if not name or not _names_what_it_is(text, match.start("name"), phrase, name, words):
            continue
        offset = match.start("name") + phrase.index(name)
        # "the SST-2 and IMDb datasets": two names
        for part in _LIST_SEPARATOR.split(name):
            if part and not _LEADING_WORDS.fullmatch(part + " "):
                start = offset + name.index(part)
                add(start, start + len(part), part, kind, 0.5)
    for match in matches_on_lines_with(_IS_A_WORD, _IS_A, text) if common_words else ():
        # the name starts at its first coined word: "Run Folioscope, an open-source tool"
        words = match.group("name").split()
        first = next(
            (
                i
                for i, w in enumerate(words)
                if looks_like_a_name(w) or _not_a_word(w, common_words)
            ),
            None,
        )
        if first is not None:
            name = " ".join(words[first:])
            start = match.end("name") - len(name)
            if text[start : match.end("name")] == name:
                add(start, match.end("name"), name, "tool", 0.5)
    if "[" in text:
        for match in matches_on_lines_with(_FOOTNOTE_WORD, _FOOTNOTED, text):
            phrase = match.group("name")
            name = _LEADING_WORDS.sub("", _drop_trailing_small_words(phrase) + " ").strip()
            coined = any(looks_like_a_name(word) for word in name.split())
            if not name or not (coined or (match.group("footnote") and name[0].isupper())):
                continue  # "[12]" after an ordinary word cites a claim, not a named work
            start = match.start("name") + phrase.index(name)
            add(start, start + len(name), name, "paper", 0.5)
    for match in matches_on_lines_with(_PAPER_WORD, _THE_PAPER, text):
        name = _drop_trailing_small_words(match.group("name"))
        kind = _THE_CUE_KINDS.get(match.group("cue"), "site")
        add(match.start("name"), match.start("name") + len(name), name, kind, 0.6)
    for match in matches_on_lines_with(_BLOG_WORD, _OWNED_BLOG, text):
        add(match.start("name"), match.end("name"), match.group("name"), "site", 0.6)
    # "- [Thinking Fast And Slow in AI [4]](#4)": a contents entry that cites its paper
    if "]](#" in text:
        for match in _CITED_CONTENTS_ENTRY.finditer(text):
            title = match.group("title").strip()
            if looks_like_a_title(title) or ": " in title:
                add(match.start("title"), match.start("title") + len(title), title, "paper", 0.6)
    if "『" in text or "《" in text or "「" in text or "〈" in text:
        for match in _TITLE_BRACKETS.finditer(text):
            group = next(g for g in ("book", "book2", "paper", "paper2") if match.group(g))
            name = match.group(group).strip()
            kind = "book" if group.startswith("book") else "paper"
            start = match.start(group) + match.group(group).index(name)
            add(start, start + len(name), name, kind, 0.6)
    for match in matches_on_lines_with(_ACRONYM_IN_PARENS, _DEFINED, text):
        long, short = match.group("long"), match.group("short")
        defined = _defined_kind(long)
        if (
            defined is not None
            and _abbreviates(short, long)
            and normalise_name(short) not in NOT_NAMES
        ):
            add(match.start("long"), match.end("long"), long, defined, 0.6)
            # the acronym names the same thing, here and wherever the note writes it again
            add(match.start("short"), match.end("short"), long, defined, 0.6)
    # "DJL (Deep Java Library)": the acronym first, its long form in brackets; both name it
    for match in matches_on_lines_with(_LONG_FORM_IN_PARENS, _DEFINED_AFTER, text):
        long, short = match.group("long"), match.group("short")
        defined = _defined_kind(long)
        if (
            defined is not None
            and not text[match.start() - 1 : match.start()].isalnum()
            and _abbreviates(short, long)
            and normalise_name(short) not in NOT_NAMES
        ):
            add(match.start("short"), match.end("short"), long, defined, 0.6)
            add(match.start("long"), match.end("long"), long, defined, 0.6)
    if line_starts:
        # a title found here is a work on its line too: "Title (Kim et al., 2022)"
        lines_with_papers = lines_with_papers | frozenset(
            bisect_right(line_starts, hit.start) for hit in hits if hit.kind in ("paper", "book")
        )
    for citation in find_citations(text) if citations is None else citations:
        line = bisect_right(line_starts, citation.start) if line_starts else 0
        if line in lines_with_papers:
            continue  # "(Vaswani et al., 2017)" cites what the line links or names
        # Standing alone, a citation is at most a guess, carrying its author and year.
        add(citation.start, citation.end, citation.name, "paper", 0.3, NameRank.ADDRESS)
    hits.sort(key=lambda h: h.start)
    return hits


def find_named_titles(text: str) -> list[tuple[int, int]]:
    """Spans of paper titles written the way papers title themselves: a coined name, a
    colon and a Title Case subtitle ("PRIMERA: Pyramid-based Masked Sentence Pre-training
    for Multi-document Summarization"). A known name inside one names the titled work."""
    spans = []
    for match in matches_on_lines_with(_COLON_WORD, _NAMED_TITLE, text):
        subtitle = _drop_trailing_small_words(match.group("subtitle"))
        name = match.group("name")
        if name in _NOTICES or not looks_like_a_name(name) or not looks_like_a_title(subtitle):
            continue  # "TODO: Fix The Build" is a notice, not a paper
        spans.append((match.start("title"), match.start("subtitle") + len(subtitle)))
    return spans


def find_quoted_titles(text: str) -> list[tuple[int, int]]:
    """Spans of titles written in quotes, as reference lists write them ('Chorowski et al.,
    "Attention-Based Models for Speech Recognition." NeurIPS 2015'): a known name inside
    one names the titled work, as inside any title (issue #14)."""
    spans = []
    for match in cue_matches(_QUOTED, text):
        line_start = text.rfind("\n", 0, match.start()) + 1
        if _LINK_TITLE_BEFORE.search(text, line_start, match.start()):
            continue  # '[Text](url "Title")', '[1]: url "Title"': the link's, as its text
        # the full stop or comma a citation style puts inside the quotes is not the title's
        name = match.group("name").strip().rstrip(".,").rstrip()
        if looks_like_a_title(name) and not _is_a_list_of_names(name):
            spans.append((match.start("name"), match.start("name") + len(name)))
    return spans


def _is_a_list_of_names(text: str) -> bool:
    """ "PyTorch, Docker, Kubernetes": names listed, not a title ("Attention, Learn to Solve
    Routing Problems!" is one)."""
    parts = text.split(",")
    return len(parts) > 1 and all(len(part.split()) <= 2 for part in parts)


def compound_candidates(
    compounds: Sequence[CompoundHit],
    skip: Sequence[tuple[int, int]] = (),
    ignored: frozenset[str] = frozenset(),
) -> list[CandidateHit]:
    """Compounds that hold a known name without being it ("RT-DETR", "YOLOv8",
    "pytorch-fid"), as guessed names of their head's kind, outside `skip`."""
    if not compounds:
        return []  # (most notes, and nearly every title: no spans to gather)
    taken = SpanSet(skip)
    return [
        CandidateHit(hit.start, hit.end, hit.surface, hit.surface, _kind_of(hit), 0.6)
        for hit in compounds
        if not taken.overlaps(hit.start, hit.end) and normalise_name(hit.surface) not in ignored
    ]


def _kind_of(compound: CompoundHit) -> str:
    """The kind of the known name at the compound's head; a model when that is a
    generic concept ("BiLSTM-CRF" is a model, BiLSTM a technique)."""
    return "model" if compound.entry.kind == "concept" else compound.entry.kind


_WHAT_IT_IS_KINDS = {
    **dict.fromkeys(("dataset", "datasets", "benchmark", "benchmarks"), "dataset"),
    **dict.fromkeys(("corpus", "corpora"), "dataset"),
    **dict.fromkeys(("library", "libraries", "framework", "toolkit", "package"), "tool"),
}
_THE_CUE_KINDS = {"paper": "paper", "book": "book", "textbook": "book", "lab": "org"}
_BLOG_WORD = (re.compile(r"'s[ \t]"), re.compile(r"’s[ \t]"))  # as _OWNED_BLOG has it
_BARE_ACRONYM = re.compile(r"[A-Z]{2,4}s?")
_ACRONYM_IN_PARENS = re.compile(r"\([A-Z][A-Za-z0-9]{1,8}\)")
_LONG_FORM_IN_PARENS = re.compile(r"\([A-Z][\w-]*[ \t]+[A-Za-z]")
# "DJL (Deep Java Library)" (its letters first: scanned for at C speed)
_DEFINED_AFTER = re.compile(
    r"(?P<short>[A-Z][A-Za-z0-9]{1,8})[ \t]*\((?P<long>[A-Z][\w-]*"
    r"(?:[ \t]+(?:(?:of|for|and|the|in|on|to|&)[ \t]+)?[A-Z][\w-]*){1,7})\)"
)


def _abbreviates(short: str, long: str) -> bool:
    """SQuAD for Stanford Question Answering Dataset, FAIR for Facebook AI Research, AI2 for
    Allen Institute for AI: the short form's capitals are, in order, initials of the long
    form's words (all of an acronym's letters count)."""
    initials = "".join(
        word if word.isupper() else word[0].upper()
        for word in re.split(r"[ \t-]+", long)
        if word and word[0].isupper()
    )
    capitals = [c for c in short if c.isupper()]
    position = 0
    for capital in capitals:
        position = initials.find(capital, position) + 1
        if position == 0:
            return False
    return len(capitals) >= 2


def _defined_kind(long: str) -> str | None:
    """What a long form names, by its head: the last word before any "of", "for", "on"…
    (Corpus of Linguistic Acceptability: a dataset; Allen Institute for AI: an
    organisation; Foundation Model: neither, whatever "Foundation" says elsewhere)."""
    head = _HEAD_ENDS.split(long, maxsplit=1)[0].split()
    return _DEFINED_KINDS.get(head[-1].lower()) if head else None


# The words after which a long form's head is over: "Institute | for AI".
_HEAD_ENDS = re.compile(r"[ \t]+(?:of|for|and|the|in|on|to|&)[ \t]+")


def _names_what_it_is(
    text: str, start: int, phrase: str, name: str, common_words: frozenset[str]
) -> bool:
    """Is `name`, written before "dataset", "corpus", "library"…, a proper name? A coined
    word (CelebA, SNLI, spaCy) is, and so is a capitalised word that is no English word
    (Glyphon); so are capitalised words in the middle of a sentence ("on the Yelp
    dataset", "the Penn Treebank corpus"), where English capitalises only names; a
    capital that opens the sentence or line says nothing ("Training dataset")."""
    words = name.split()
    if any(looks_like_a_name(word) for word in words):
        return True
    capitalised = all(word[0].isupper() for word in words)
    if capitalised and any(_not_a_word(word, common_words) for word in words):
        return True  # "The Glyphon toolkit", "Vellum Notes dataset"
    if not all(w[0].isupper() or re.fullmatch(_SMALL, w) for w in words):
        return False
    if phrase != name:  # "the" or "our" came first, inside the matched phrase
        return not phrase[0].isupper() or _mid_sentence(text, start)
    return _mid_sentence(text, start)


def _not_a_word(word: str, common_words: frozenset[str]) -> bool:
    """Is `word` a capitalised Latin word that no English dictionary holds ("Glyphon",
    "Vellumdb"), a name wherever it stands? Unknown without the common words."""
    return (
        bool(common_words)
        and len(word) >= 3
        and word[0].isupper()
        and word.isascii()
        and word.isalpha()
        and not is_a_word(word, common_words)
        and normalise_name(word) not in _NOT_LIBRARIES
    )


_ID_PARTS = re.compile(r"[a-z0-9]+(?:[-_][a-z0-9]+)+")


def _is_a_checkpoint_id(name: str, common_words: frozenset[str]) -> bool:
    """A model's id as hubs write it, lower case with hyphens ("bert-base-uncased",
    "all-mpnet-base-v2"): a part of three letters or more that no dictionary holds, not
    a phrase of words ("zero-shot", "majority-class")."""
    if not common_words or not _ID_PARTS.fullmatch(name):
        return False
    parts = re.split(r"[-_]", name)
    return any(len(p) >= 3 and p.isalpha() and p not in common_words for p in parts)


_SENTENCE_OPENING = re.compile(r"(?:^|[.!?:;]|^[ \t]*(?:[-*+]|\d+[.)]|#+|>|\|))[ \t\"'(*_]*$")


def _mid_sentence(text: str, start: int) -> bool:
    """Does a sentence run before `start` on its line (a word, not a list marker or a full
    stop)?"""
    line_start = text.rfind("\n", 0, start) + 1
    before = text[line_start:start]
    return bool(before.strip()) and not _SENTENCE_OPENING.search(before)


def _table_cell_is_a_name(name: str, kind: str, common_words: frozenset[str] = frozenset()) -> bool:
    """A coined word anywhere in it (ALUM, MT-DNN, T5-11B, XLNet); for models, datasets and
    libraries also a capitalised word no dictionary holds (Quillnet) or a checkpoint's id
    in lower case (bert-base-uncased); for datasets and papers also Title Case of two words
    or more ("Yelp Review Polarity"); for organisations and libraries any capitalised words;
    never an ordinary capitalised word alone ("Transformer", "Linear") or a phrase
    ("logistic regression", "zero-shot")."""
    words = name.split()
    if any(looks_like_a_name(word) for word in words):
        return True
    if kind in ("model", "dataset", "tool") and (
        any(_not_a_word(word, common_words) for word in words)
        or (len(words) == 1 and _is_a_checkpoint_id(name, common_words))
    ):
        return True
    if kind == "paper":
        # a title column holds titles in sentence case too ("Large language models are
        # zero-shot reasoners")
        sentence = len(words) >= 4 and name[0].isupper()
        return looks_like_a_title(name) or (sentence and bool(TITLE_CHARACTERS.fullmatch(name)))
    small = {"of", "for", "and", "the", "to", "in", "on", "with", "a", "an"}
    if kind in ("org", "tool"):
        # a publisher's or a library's column holds proper names ("Cerebras", "Replit")
        return all(w[0].isupper() or w.lower() in small for w in words if w[0].isalpha())
    return (
        kind == "dataset"
        and len(words) >= 2
        and all(w[0].isupper() or w.lower() in small for w in words if w[0].isalpha())
    )


# The note's first line, when it is a heading; a marker that says it reviews a paper.
_FIRST_HEADING = re.compile(r"\A\s*#{1,3}[ \t]+(?P<text>[^\n]*?)[ \t#]*$", re.MULTILINE)
_PAPER_MARKER = re.compile(
    r"(?:\[(?:paper(?:[ \t]+review)?|논문(?:[ \t]*리뷰)?|논문[ \t]*정리|review)\]"
    r"|(?:paper(?:[ \t]+review)?|논문(?:[ \t]*리뷰)?|논문[ \t]*정리)[ \t]*[:：|-])[ \t]*",
    re.IGNORECASE,
)
# A paper-note template's "## Title" section: its first line is the paper's title.
_TITLE_SECTION = re.compile(
    r"^#{1,4}[ \t]+(?:[Tt]itle|TITLE|[Pp]aper [Tt]itle|제목|논문 제목)[ \t]*:?[ \t]*\n"
    r"(?:[ \t]*\n)*[ \t]*(?:[-*][ \t]+)?(?P<title>[^\n#|>].*)$",
    re.MULTILINE,
)
# "(ACL 2020)", "(NeurIPS'19)", "[CVPR 2016]" after a title: where it appeared.
_VENUE_AFTER = re.compile(r"[ \t]*[(\[][^()\[\]\n]*(?:\d{4}|'\d\d)[^()\[\]\n]*[)\]][ \t]*$")
_YEAR_AFTER = re.compile(r"[ \t]*[(\[](?:19|20)\d\d[)\]][ \t]*$")


def _paper_note_title(text: str, note_stem: str | None) -> tuple[int, int, str, bool] | None:
    """The paper a paper note is about, when its first line is a heading that says so:
    "# [Paper Review] Deep Residual Learning …", "# 논문 리뷰: …", or a title-shaped heading
    that is also the file's name ("Constrained_Policy_Optimization.md" headed "# Constrained
    Policy Optimization"). A blog post's own title is neither: a title-shaped heading of
    four words or more comes back unsure, to be the title of the one paper the note links.
    (start, end, title, sure)."""
    heading = _FIRST_HEADING.match(text)
    if heading is None or "](" in heading.group("text"):
        return None  # no heading first, or a linked title (the link names it)
    start, words = heading.start("text"), heading.group("text")
    marker = _PAPER_MARKER.match(words)
    if marker is not None:
        start, words = start + marker.end(), words[marker.end() :]
    words = _YEAR_AFTER.sub("", words).strip()
    sure = marker is not None or (note_stem is not None and _letters(words) == _letters(note_stem))
    if not sure and len(words.split()) < 4:
        return None
    if not (marker is not None and len(words.split()) >= 2) and not looks_like_a_title(words):
        return None
    return start, start + len(words), words, sure


# The first heading of a note, wherever it stands.
_A_HEADING = re.compile(r"^#{1,3}[ \t]+(?P<text>[^\n]*?)[ \t#]*$", re.MULTILINE)
# Its head: a word or two before a colon, a dash or a bracket, or the whole of a short one.
_SUBJECT = re.compile(r"(?P<head>[^\s:(]+(?:[ \t][^\s:(]+)?)(?:[ \t]*(?::|[-–—][ \t]|\()|$)")
_MOST_SUBJECT_MENTIONS = 3


def _note_subject(text: str, common_words: frozenset[str]) -> tuple[int, int] | None:
    """Where the note's first heading names what the note is about: a proper name ("Kafka",
    "TAO", not "The", "Introduction" or a Korean word) that opens the heading and that the
    note writes at least three more times. (start, end) of it in the heading."""
    heading = _A_HEADING.search(text)
    if heading is None:
        return None
    head = _SUBJECT.match(heading.group("text"))
    if head is None:
        return None
    word = head.group("head").split()[0].strip("*_`")
    if (
        len(word) < 3
        or not word[0].isupper()
        or not word.replace("-", "").isalnum()
        or word.lower() in common_words
        or normalise_name(word) in NOT_NAMES
    ):
        return None
    if len(re.findall(rf"(?<![\w-]){re.escape(word)}(?![\w-])", text)) <= _MOST_SUBJECT_MENTIONS:
        return None
    start = text.index(word, heading.start("text"))
    return start, start + len(word)


def _letters(text: str) -> str:
    """Letters and digits only, lower case: a title as a file name writes it."""
    return re.sub(r"[\W_]+", "", text).lower()


_TRAILING_SMALL = re.compile(rf"(?:[ \t]+{_SMALL})+$")


def _drop_trailing_small_words(phrase: str) -> str:
    """ "Pay Attention to" → "Pay Attention" would be wrong, but "ResNet of" → "ResNet"."""
    return _TRAILING_SMALL.sub("", phrase)


def candidate_target(hit: CandidateHit) -> Target:
    return Target(
        key=name_key(hit.name),
        kind=hit.kind,
        name=hit.name,
        url=None,
        confidence=hit.confidence,
        rank=hit.rank,
    )
