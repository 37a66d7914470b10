"""What a title is (issue #14, "link text and titles"): a text cleaned of marks, numbering,
citations and authors, and never a generic word ("link", "pdf", "논문"), an address or a
phrase of a sentence. `linktitles` finds where a note writes the title of each link; this
module says whether a text is one, and what it is called.

Also the spans of a note that name nothing: the generic texts of local links, italic author
lists and reference labels.

Pure: text in, titles and spans out.
"""

from __future__ import annotations

import re
from functools import lru_cache

from readlist.hosts import is_known_suffix
from readlist.wordshape import looks_like_a_name

# Link texts that say what kind of link it is, not what it links to. Compared after
# `generic_key` (case, spaces, brackets and punctuation folded).
GENERIC_LINK_TEXTS = frozenset(
    {
        *"""link links here this there click url web website site homepage home webpage page
        paper papers pdf abs abstract arxiv openreview preprint article fulltext
        code codes github gitlab repo repository source official implementation project
        demo colab notebook slides slide ppt poster video videos youtube talk blog post
        presentation presentations recording lecture review summary transcript
        medium tweet twitter thread docs documentation doc data dataset download model
        weights huggingface hf leaderboard results supplementary supp appendix bibtex bib
        cite citation reference ref more details
        논문 원문 링크 여기 이곳 코드 깃허브 깃헙 영상 동영상 강의 강의영상 슬라이드 발표자료 발표
        자료 블로그 공식 구현 구현체 출처 참고 참고자료 바로가기 보기 클릭 다운로드 홈페이지 사이트
        페이지 데모 데이터 데이터셋 리더보드 논문링크 원문보기 자세히 더보기
        리뷰 요약 발표영상 저장소 레포 리포 리포지토리 레포지토리""".split(),
        "full text",
        "home page",
        "project page",
        "blog post",
        "source code",
        "official code",
        "official implementation",
        "read more",
        "see also",
        "paper link",
        "code link",
        "pdf link",
        "link here",
        "arxiv paper",
        "github repo",
        "github repository",
        "깃허브 저장소",
        "깃헙 저장소",
        "논문 링크",
        "논문 pdf",
        "공식 코드",
        "공식 구현",
        "원문 링크",
        "코드 링크",
        "영상 링크",
        "발표 자료",
        "참고 자료",
        "자세히 보기",
    }
)


# Generic link words that also end names: a trailing one is kept ("KorNLU Dataset", "Yelp
# Reviews Data", "KoBERT Model", "Open LLM Leaderboard").
_NAME_NOUNS = frozenset(
    "data dataset model weights leaderboard results demo project docs documentation "
    "notebook site page home blog post thread talk article lecture review summary".split()
)

_MAX_TITLE = 250
_NUMBERING = re.compile(r"^(?:\[\d{1,3}\]|\(\d{1,3}\)|\d{1,3}[.)]|\d{1,3}\s*[:：])\s+")
_HTML_TAG = re.compile(r"</?[A-Za-z][^<>\n]*>")
# Marks before a title: emoji, stars, arrows (not 🤗, which is part of "🤗 Transformers").
_LEADING_MARKS = re.compile(r"^(?:(?!🤗)[^\w\s\[(\"'“‘「『<#@~*_])+\s*")
# A year a list item opens with, alone or after its venue: "2018 Title", "[2018] Title",
# "(2018) - Title", "[NeurIPS 2020] Title", "(ICLR 2021) Title", "[CVPR'19] Title".
_LEADING_YEAR = re.compile(
    r"^(?:[(\[](?:[A-Z][\w&.-]{1,15}[ \t]*)?(?:'\d{2}|(?:19|20)\d\d)[)\]]"
    r"|(?:19|20)\d\d(?=\s+[A-Z]))[\s:.\-–—|]*"
)
# A tag in brackets that a paper list's item opens with, the title after it: "[GAN] Progressive
# Growing of GANs …", "[Object Detection] Focal Loss …" (one to four words; a number is
# numbering, a link is no tag).
_LEADING_TAG = re.compile(r"^\[[^\W\d_][^\[\]\n]{0,30}\](?![(\[:])\s+(?=\S+\s+\S)")
EMPHASIS = re.compile(r"(\*\*|__)(?P<inner>.+?)\1")
CITATION = re.compile(
    r"\s*[(\[]\s*(?:[^()\[\]]*?\bet al\.?|[^()\[\]]*?(?:&| and )[^()\[\]]*?)?[,\s]*"
    r"(?:19|20)\d{2}[a-z]?\s*[)\]]\s*$"
)
# ", He et al." or ", Kingma and Ba" after a title (not ", VGG": a list of names).
_TRAILING_AUTHORS = re.compile(
    r",\s*[A-Z][\w'-]+(?:\s+et\s+al\.?|\s+(?:and|&)\s+[A-Z][\w'-]+(?:\s+et\s+al\.?)?)$"
)
# ". Dao, Fu, Saab, et al. 2023" or ". He et al., 2016" after a title: who wrote it, and when.
_AUTHORS_AND_YEAR = re.compile(
    r"[.,]\s+[A-Z][\w'-]+(?:,\s*[A-Z][\w'-]+)*,?\s+et\s+al\.?,?\s*(?:(?:19|20)\d{2}[a-z]?)?$"
)
# "(2014), Yoav Goldberg, Omer Levy" after a title: its year in brackets, then who wrote it.
_YEAR_THEN_AUTHORS = re.compile(r"\s*\((?:19|20)\d{2}[a-z]?\)\s*,\s*[A-Z][^()]*$")
# "(ArXiv 2020)", "(NeurIPS 2019)", "[CVPR'19]" after a title: where and when it appeared.
_VENUE_AND_YEAR = re.compile(r"\s*[(\[][A-Z][\w&.-]{1,15},?[ \t]*(?:'\d{2}|(?:19|20)\d{2})[)\]]$")
# The particles of people's names in author lists ("van Hasselt", "Betty van Aken"): one
# list for the author patterns below.
NAME_PARTICLES = "van|von|de|der|da|di|le|la"
# A citation as scholar sites format it: authors, then the title in quotes, then the venue.
_AUTHORS_FIRST = re.compile(r"\s*[A-Z][\w'’-]+,\s+[A-Z]")
# Authors as IEEE-style references write them before a quoted title: "T. Schaul et al.,",
# "van Hasselt et al.,", "R. S. Sutton,", "A. Quill and B. Tern,"; a speaker before a
# talk's: "Tom Goldstein:".
_AUTHORS_THEN_COMMA = re.compile(
    rf"\s*(?:(?:[A-Z][\w'’-]*\.?|{NAME_PARTICLES}|et|al\.?|and|&)[ \t,]*){{1,30}}?"
    r"[,:]\s*"
)
# An arXiv id of the new form with its version ("2101.00001v2"): one spelling for the
# patterns below that take it in a link's text or after a title.
_ARXIV_ID = r"\d{4}\.\d{4,5}(?:v\d+)?"
_ARXIV_REFERENCE = re.compile(rf"(?:[Aa]r[Xx]iv)?[\s:.]*{_ARXIV_ID}")
_QUOTED_TITLE = re.compile(r"[\"“](?P<title>[^\"“”]{8,300}?)[.,]?[\"”]")
_INLINE_LINK = re.compile(r"!?\[(?P<text>[^\]\n]*)\]\([^)\n]*\)")
REFERENCE_USE = re.compile(r"(?<!!)\[(?P<text>[^\]\n]+)\]\[(?P<label>[^\]\n]*)\]")
_HAS_LETTER = re.compile(r"[^\W\d_]")
# Words a sentence, not a title, ends on before a link: "see the [paper]", "자세한 건 [여기]".
LEADS_INTO_LINK = re.compile(
    r"(?:\b(?:see|the|a|an|this|that|in|at|on|from|by|of|to|and|or|with|via|read|check|"
    r"out|our|their|its|his|her|here|is|are|was|were|as|for)"
    r"|[은는이가을를의에와과도로]|에서|으로|에게|참고|보면|보세요|있다|있음|했다|함|다)\s*$",
    re.IGNORECASE,
)


@lru_cache(maxsize=8192)  # link texts and labels repeat across notes
def clean_title(raw: str, *, gloss: bool = True) -> str | None:
    """`raw` as a title (markup, numbering, quotes and trailing separators removed), or None
    when it is generic, an address, a number or too long to be one. `gloss`: the text may
    be a link list's "Name, what it is" (not a reference's title sentence)."""
    quoted = _QUOTED_TITLE.search(raw)
    if quoted is not None and (
        _AUTHORS_FIRST.match(raw) or _AUTHORS_THEN_COMMA.fullmatch(raw, 0, quoted.start())
    ):
        # 'Tsochantaridis, Ioannis, et al. "Large margin …" ICML', 'T. Schaul et al.,
        # "Prioritized Experience Replay." arXiv preprint …, 2015.'
        raw = quoted.group("title")
    text = _INLINE_LINK.sub(lambda m: m.group("text"), raw)
    text = EMPHASIS.sub(lambda m: m.group("inner"), text)
    text = _HTML_TAG.sub(" ", text)  # "Title <br> [paper](…)"
    text = " ".join(text.replace("`", "").split())
    text = _NUMBERING.sub("", text)
    text = _LEADING_MARKS.sub("", text)  # "📄 Title", "★ Title"
    text = _LEADING_YEAR.sub("", text)  # "2018 Title", "[NeurIPS 2020] Title"
    untagged = _LEADING_TAG.sub("", text)  # "[GAN] Progressive Growing of GANs"
    if len(untagged.split()) > 1:
        text = untagged
    for _ in range(2):  # quotes inside a trailing separator, and the other way round
        text = text.strip(" \t*_~\"'“”‘’「」『』<>")
        # and the bracket a list of links opens: "Title ([paper](…), [code](…))"
        text = re.sub(r"[\s:：\-–—|,;/(\[]+$", "", text).strip()
    if text[:1] + text[-1:] in ("[]", "()"):
        text = text[1:-1].strip()
    text = CITATION.sub("", text)  # "Title (He et al., 2016)" names the title
    text = _AUTHORS_AND_YEAR.sub("", text)  # "Title. Dao, Fu, Saab, et al. 2023" too
    text = _TRAILING_AUTHORS.sub("", text)  # "Title, He et al." too
    text = _YEAR_THEN_AUTHORS.sub("", text)  # "Title (2014), Yoav Goldberg, Omer Levy" too
    text = _VENUE_AND_YEAR.sub("", text)  # "Title (ArXiv 2020)", "Title [CVPR'19]" too
    if gloss:
        text = _name_before_gloss(text)  # "FairScale, PyTorch extensions for …": FairScale
    text = _TRAILING_ARXIV_ID.sub("", text)  # "Title (2006.11239)", "Title (2017.06)"
    text = _without_its_acronym(text)  # "Graph Attention Networks (GAT)": the long form
    text = _without_its_gloss_word(text)  # "COCO (Microsoft)": the name
    unstripped = text
    text = _strip_generic_edges(text)
    stripped = text != unstripped
    if not text or len(text) > _MAX_TITLE or not _HAS_LETTER.search(text):
        return None
    if generic_key(text) in GENERIC_LINK_TEXTS or is_address(text):
        return None
    if is_an_arxiv_id(text):
        return None  # "arxiv 2101.00001", "arXiv2103.14030v2": an id, as "arXiv:…" is
    if _PHRASE_START.match(text):
        return None  # "on this page", "add your model", "this notebook": a phrase, no title
    if stripped and generic_key(text) in _LANGUAGES:
        return None  # "[Python Reference](…)", "[PyTorch code](…)": how it is written
    return text


# What an implementation is written in or with: "[Python Reference](…)" names no work.
_LANGUAGES = frozenset(
    "python pytorch tensorflow keras jax matlab java julia javascript typescript go rust c "
    "c++ cpp r scala numpy tf tf2 torch 파이토치 텐서플로 텐서플로우 케라스 파이썬".split()
)

# A link text that starts as a phrase in a sentence does: a small word in lower case.
# (Titles start with a capital; a name in lower case, "pytorch-fid", "fastText", is no such
# word.)
_PHRASE_START = re.compile(
    r"(?:on|in|at|to|for|of|with|by|from|about|into|this|that|these|those|the|a|an|our|"
    r"your|my|his|her|their|its|see|add|check|read|click|go|here|there|and|or)\b(?!-)"
)


def _name_before_gloss(text: str) -> str:
    """ "FairScale, PyTorch extensions for large scale training" and "AutoGluon - automated
    feature, model and hyperparameter selection": a name, then what it is, in a link list.
    The name is the title; a paper title's subtitle after a colon is not such a gloss."""
    match = _GLOSS.match(text)
    if match is None:
        return text
    name, gloss = match.group("name"), match.group("gloss").split()
    if len(gloss) < 3 or _LISTED.match(match.group("gloss")):
        return text  # "ResNet, DenseNet and EfficientNet compared": a list, not a gloss
    # words in letters that have case ("🤗 Transformers" is one, a Korean word none)
    cased = [word for word in gloss if word[0].isupper() or word[0].islower()]
    capitalised = sum(1 for word in cased if word[0].isupper())
    lower_gloss = len(cased) * 2 >= len(gloss) and capitalised * 2 <= len(cased)
    # a coined name needs no lower-case gloss: "LoRA, Low-Rank Adaptation of Large …"
    coined = any(looks_like_a_name(word) for word in name.split())
    return name if coined or lower_gloss else text


# A name of up to four words, then a comma or a spaced dash, then the gloss.
_GLOSS = re.compile(r"(?P<name>[^\s,]+(?: [^\s,]+){0,3})(?:,| [-–—]) (?P<gloss>.+)")
# A gloss that goes on listing names: "DenseNet, …", "DenseNet and …" (not "fast and
# hackable …").
_LISTED = re.compile(r"[A-Z][^\s,]*(?:,|\s+(?:and|or|&)\s)")


def _without_its_acronym(text: str) -> str:
    """A long form with its acronym after it ("Vision Transformer (ViT)", "Mosaic
    Pretrained Transformers (MPT)") is called by its long form; the acronym starts with
    the long form's first letter."""
    match = _TRAILING_ACRONYM.search(text)
    if match is None or len(text[: match.start()].split()) < 2:
        return text
    if match.group("acronym")[0].lower() != text[0].lower():
        return text
    return text[: match.start()]


def _without_its_gloss_word(text: str) -> str:
    """A short name with one word in brackets after it, who made it or what it is
    ("COCO (Microsoft)", "Quill LM (Quillco)", "KoBERT (SKT)"), is called by the name; a
    long title keeps its brackets ("… Learning (Part)")."""
    match = _TRAILING_WORD.search(text)
    if match is None or not 1 <= len(text[: match.start()].split()) <= 3:
        return text
    return text[: match.start()]


_TRAILING_WORD = re.compile(r"\s+\((?P<word>[^\W\d_][\w&.'’-]*)\)$")
# "Title (2006.11239)", "Title [arXiv:2006.11239]", "Title (2017.06)", "Title (2020-03-14)":
# the link's id, or when it came out
_TRAILING_ARXIV_ID = re.compile(
    rf"\s*[(\[](?:(?:arXiv:?\s*)?{_ARXIV_ID}|(?:19|20)\d\d(?:[.\-/]\d{{1,2}}){{1,2}})[)\]]$",
    re.IGNORECASE,
)
_TRAILING_ACRONYM = re.compile(r"\s*\((?P<acronym>[A-Z][A-Za-z0-9-]{1,9})\)$")


# Words that say which page of a thing a link goes to: "[PyTorch documentation](…)",
# "[Streamlit 공식 문서](…)", "[YOLOv8 Docs](…)" link the thing itself, not a work titled so.
_PAGE_WORDS = frozenset(
    "docs documentation doc tutorial tutorials guide guides quickstart quick start api "
    "reference examples example homepage website site page official manual handbook "
    "getting started installation install card readme faq wiki changelog "
    "공식 문서 도큐먼트 튜토리얼 가이드 사용법 설치 예제 "
    "홈페이지 페이지 레퍼런스 매뉴얼".split()
)


def names_a_page_of(text: str, name_start: int, name_end: int) -> bool:
    """Is `text` a name and words that only say which of its pages the link is ("PyTorch
    documentation"), so that the name is the link's thing rather than part of a title?"""
    rest = generic_key(text[:name_start] + " " + text[name_end:]).split()
    return bool(rest) and all(
        word in _PAGE_WORDS or word in GENERIC_LINK_TEXTS or word in _NAME_NOUNS for word in rest
    )


def _strip_generic_edges(text: str) -> str:
    """ "StyleGAN 공식 코드" → "StyleGAN", "BERT paper" → "BERT", "Paper: Title" → "Title":
    words that say what kind of link it is, at either end, are not part of the name."""
    head, colon, rest = text.partition(":")
    if colon and rest.strip() and generic_key(head) in GENERIC_LINK_TEXTS:
        text = rest.strip()
    elif colon and rest.strip():
        return text  # "TaBERT: … Textual and Tabular Data": a subtitle's last word is its own
    words = text.split()
    while len(words) > 1:
        for size in (2, 1):
            tail = words[-size:]
            remainder = words[:-size]
            key = generic_key(" ".join(tail))
            if (
                len(tail) == size
                and remainder
                and key in GENERIC_LINK_TEXTS
                # a noun that may be the name's own ("KorNLU Dataset", "… a Transformer
                # Language Model") stays; only words that say what kind of link it is go
                and key not in _NAME_NOUNS
                and not LEADS_INTO_LINK.search(" ".join(remainder))
            ):
                words = remainder
                break
        else:
            break
    return " ".join(words)


def is_an_arxiv_id(text: str) -> bool:
    """Is the text an arXiv id and nothing else, with or without its host's name and its
    markup ("`[arxiv 2101.00001]`", "arXiv:2101.00001v2")? It stands for the paper."""
    return _ARXIV_REFERENCE.fullmatch(text.strip(" \t`[]()*_")) is not None


def generic_key(text: str) -> str:
    return " ".join(re.sub(r"[\W_]+", " ", text.casefold()).split())


def is_address(text: str) -> bool:
    """The URL itself, or a bare domain or path: an address, not a title. An `owner/name`
    ("dslim/distilbert-NER", "beomi/KoAlpaca") names a model or repository."""
    if " " in text.strip():
        return False
    bare = text.strip().lower()
    if bare.startswith(("http://", "https://", "www.")):
        return True
    if "/" in bare:
        return _OWNER_NAME.fullmatch(bare) is None or _FILE_NAME.search(bare) is not None
    # a domain ends on a public suffix: "distill.pub" is one, "KoGPT-1.3B" a model's size
    return re.fullmatch(r"[\w-]+(?:\.[\w-]+)+", bare) is not None and is_known_suffix(
        bare.rsplit(".", 1)[1]
    )


_OWNER_NAME = re.compile(r"[\w-]+/[\w.-]+")
_FILE_NAME = re.compile(r"\.[a-z]{1,5}$")  # "docs/x.md" is a path


# The separator before the site a page's title names last, as pages title themselves:
# "Understanding LSTM Networks - colah's blog", "글 제목 | 테디노트", "Post :: Site".
_LAST_SEPARATOR = re.compile(r"[ \t]+(?:[-–—|·]|::)[ \t]+(?!.*[ \t](?:[-–—|·]|::)[ \t])")
_MOST_SITE_WORDS = 4


def site_after_title(text: str, common_words: frozenset[str]) -> tuple[int, int] | None:
    """Where a link text ends on the name of its site after a separator ("Post title -
    colah's blog", "RAG 정리 | 테디노트"), as offsets in `text`."""
    separator = _LAST_SEPARATOR.search(text)
    if separator is None or not text[: separator.start()].strip(" *_"):
        return None
    return _site_name(text, separator.end(), len(text), common_words)


def _site_name(
    text: str, start: int, end: int, common_words: frozenset[str]
) -> tuple[int, int] | None:
    """Where text[start:end], marks aside, is a site's name: a short one, not an ordinary
    word ("Part 1 - Introduction"), a number or a date."""
    raw = text[start:end]
    name = raw.strip(" \t*_")
    words = name.split()
    if not 1 <= len(words) <= _MOST_SITE_WORDS or len(name) > 40 or not _HAS_LETTER.search(name):
        return None
    if generic_key(name) in GENERIC_LINK_TEXTS:
        return None
    # a number is an ordinary word here: "Part 2", "2019", "Week 3"; not "KorQuAD 1.0"
    ordinary = [
        w for w in words if w.lower().strip(".,:;'’()") in common_words or not _HAS_LETTER.search(w)
    ]
    if len(ordinary) == len(words) and (len(words) == 1 or not all(w[0].isupper() for w in words)):
        return None  # "Introduction", "개요", "more details"; not "Towards Data Science"
    first = start + raw.index(name)
    return first, first + len(name)


# The text of a Markdown link to a file or an anchor of the note's own site, not a URL:
# `[GitHub](01_dqn.py)`, `[code](#code)`.
# (It starts with its bracket and looks back after it: scanned for at C speed.)
_LOCAL_LINK_TEXT = re.compile(
    r"\[(?<!!\[)(?P<text>[^\[\]\n]{1,40})\]\((?!\s*<?(?:[a-zA-Z][a-zA-Z0-9+.-]*:|www\.))"
)


def generic_link_texts(body: str) -> list[tuple[int, int]]:
    """The spans of the texts of local links (to a file, an anchor) that only say what
    kind of link it is (`[GitHub](01_dqn.py)`, `[code](./src)`, `[링크](#a)`): no name is read
    in them. (A URL's link text is judged with its URL: `[GitHub](https://github.com/…)`.)"""
    if "](" not in body:
        return []
    return [
        match.span("text")
        for match in _LOCAL_LINK_TEXT.finditer(body)
        if generic_key(match.group("text")) in GENERIC_LINK_TEXTS
    ]


# An italic span: `*…*` or `_…_`, on one line, not bold. (Each starts with its mark and
# looks back after it: scanned for at C speed.)
_ITALICS = (
    re.compile(r"\*(?<![*\w]\*)(?![*\s])(?P<inner>[^*\n]+?)(?<!\s)\*(?![*\w])"),
    re.compile(r"_(?<![_\w]_)(?![_\s])(?P<inner>[^_\n]+?)(?<!\s)_(?![_\w])"),
)
# A person's name as author lists write it: "Matthew E. Peters", "Betty van Aken", "W Xiao".
_PARTICLE = rf"(?:{NAME_PARTICLES}|den|del|du)"
_PERSON = re.compile(
    rf"(?:[A-Z][\w'’.-]*|{_PARTICLE})(?:[ \t]+(?:[A-Z][\w'’.-]*|{_PARTICLE})){{1,4}}"
    r"(?:[ \t]+et[ \t]+al\.?)?"
)
_AUTHOR_SEPARATOR = re.compile(r"\s*(?:,\s*(?:and\s+)?|\s+and\s+|&)\s*")


def find_author_lists(body: str) -> list[tuple[int, int]]:
    """The spans of italic author lists in references ("*Xu Han, Zhengyan Zhang and Ning
    Ding*", "*Clara Meister et al., EMNLP 2020*"): people, whose names are no resources
    ("Sebastian Ruder" writes a name the gazetteer files as his blog)."""
    spans = []
    for mark, italic in zip("*_", _ITALICS, strict=True):
        if mark in body:
            spans += _author_lists(body, italic)
    spans.sort()
    return spans


def _author_lists(body: str, italic: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = []
    for match in italic.finditer(body):
        if _BY_AFTER.match(body, match.end()):
            continue  # "*Pattern Recognition and Machine Learning* by Bishop": a title
        inner = match.group("inner").strip().rstrip(".,")
        parts = [part for part in _AUTHOR_SEPARATOR.split(inner) if part]
        people = [part for part in parts if _PERSON.fullmatch(part)]
        if not people or not _PERSON.fullmatch(parts[0]):
            continue
        if len(people) >= 2 or re.search(r"\bet\s+al\b", parts[0]):
            spans.append(match.span())
    return spans


_BY_AFTER = re.compile(r",?[ \t]+by[ \t]")
_LABEL_DEFINITION = re.compile(r"^[ \t]{0,3}\[(?P<label>[^\]\n]+)\]:", re.MULTILINE)
# `][` or `]:`, without which a note has no reference links (one search for both,
# starting with its `]`: five times faster than two `in` tests of two characters).
REFERENCE_MARK = re.compile(r"\][\[:]")


def find_reference_labels(body: str) -> list[tuple[int, int]]:
    """The spans of reference labels: `label` in `[text][label]` and `[label]: url`.
    A label is an identifier ("[alammar-seq2seq]"), not prose that names things."""
    if REFERENCE_MARK.search(body) is None:
        return []
    spans = [m.span("label") for m in REFERENCE_USE.finditer(body) if m.group("label")]
    spans += [m.span("label") for m in _LABEL_DEFINITION.finditer(body)]
    return spans
