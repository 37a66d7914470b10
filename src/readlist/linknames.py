"""A known name written inside a link's text: a mention of its own, or part of the link.

One home for the rules of where a name stands in the `[text]` of a link (issue #14):

- the link's own name: "[ResNet](arxiv.org/abs/1512.03385)" is one mention, the link's;
- the host the link goes to: "[arXiv](https://arxiv.org/abs/…)", "[BERT 깃허브 저장소](https://
  github.com/…)" say where the link goes, unless the site is set apart as the page's site
  ("[Khan Academy - Statistics](…)", which is also remembered: the text opens on its site);
- the paper itself: "[YOLOv3: An Incremental Improvement](…/YOLOv3.pdf)" makes the link
  that paper (the link's target is replaced in `found`);
- a gloss after a title: "[COCO (Microsoft)](…)" says who made the linked thing;
- a title that holds the name names the titled work, not the name ("[The Annotated
  Transformer](…)"), unless the text is Korean prose, ends on a site, or names a page of it
  ("[PyTorch documentation](…)"); a book's or a course's title that is the whole title of
  a link names the page linked ("[Intro to Machine Learning](https://www.kaggle.com/…)");
- one thing named twice in one link ("[Vision Transformer (ViT)](…)") is one mention.

Pure: the note's body and what extract found so far in, verdicts out.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass, field

from readlist.entries import TITLED_KINDS
from readlist.ids import Target
from readlist.names import NameHit
from readlist.spans import SpanSet
from readlist.titles import names_a_page_of
from readlist.wordshape import HANGUL
from readlist.works import link_is_the_paper, same_site

# What extract has found: start, end, surface, source, target.
Found = tuple[int, int, str, str, Target]

# One word in brackets after a title: a gloss ("(Microsoft)"), not a name of its own.
_WORD_IN_BRACKETS = re.compile(r"\s*\([^()\s]+\)\s*")
# What sets a site's name apart from the rest of a link's text.
_APART = frozenset("-–—|:(),·/")
# "Kaggle - Intro …", "Site: Title": a site's name and then the page's title.
_SITE_SEPARATOR = re.compile(r"[ \t]*(?:[-–—|:·]|::)[ \t]")


@dataclass
class LinkTexts:
    """The note's link texts, to ask of each known name whether it is a mention where it
    stands. `texts`: (start, end, the link's key, the link's place in `found`) in text
    order; `titled`: for the texts that title their link, where the title stands in them;
    `sites`: the spans of sites that link texts end on ("… - colah's blog")."""

    body: str
    texts: list[tuple[int, int, str, int]]
    titled: dict[tuple[int, int], tuple[int, int]]
    sites: SpanSet
    found: list[Found]
    # link texts that open on their site's name ("[Kaggle - Intro …](…)")
    sited: list[tuple[int, int]] = field(default_factory=list)
    _starts: list[int] = field(default_factory=list)
    _named: set[tuple[int, str]] = field(default_factory=set)  # (a link's place, a key)

    def __post_init__(self) -> None:
        self._starts = [a for a, _, _, _ in self.texts]

    def is_a_mention(self, name: NameHit, target: Target) -> bool:
        """Is the known name `name` (of `target`) a mention of its own where it stands?
        Always so outside link texts. May retarget its link to the paper it names and
        remember a text that opens on its site (`sited`)."""
        body = self.body
        index = bisect_right(self._starts, name.start) - 1
        if index < 0:
            return True
        a, b, key, link = self.texts[index]
        if name.end <= b and key == target.key:
            return False  # "[ResNet](arxiv.org/abs/1512.03385)" is one mention, not two
        inside = a <= name.start and name.end <= b
        # a site or organisation named in the text of a link to its own home
        at_home = inside and same_site(target, self.found[link][2], name.entry.aliases)
        if at_home and (
            body[a:b].strip() == name.surface
            or (target.kind == "site" and not _set_apart(body, a, b, name))
        ):
            # "[arXiv](https://arxiv.org/abs/…)", "[BERT 깃허브 저장소](https://github.
            # com/…)": the host says where its link goes; the link is the mention
            # (not so "[Khan Academy - Statistics](…)", a page that names its site)
            return False
        title_span = self.titled.get((a, b))
        if inside and link_is_the_paper(body, a, b, name, self.found[link][4], target, title_span):
            # "[YOLOv3: An Incremental Improvement](…/YOLOv3.pdf)": the link is that
            # paper, not a page beside it; its text stays a mention of what the
            # note calls it (the title), its address one of where it links.
            self.found[link] = (*self.found[link][:4], target)
        opens_on_its_site = (
            at_home
            and target.kind == "site"
            and not body[a : name.start].strip()
            and _SITE_SEPARATOR.match(body, name.end, b) is not None
        )
        if opens_on_its_site:
            # "[Kaggle - Intro to Machine Learning](https://www.kaggle.com/…)": the
            # page names its site first; the site is not the title's last words
            self.sited.append((a, b))
        # "[The Annotated Transformer](…)": a title that holds a name names the
        # titled work, not the name (issue #14, compounds).
        # A Korean link text is a phrase about what it links ("Huggingface의
        # Transformers 라이브러리 도큐먼트"), not a title: its names are mentions.
        if (
            title_span is not None
            and title_span[1] <= name.start
            and _WORD_IN_BRACKETS.fullmatch(body, title_span[1], b)
        ):
            return False  # "[COCO (Microsoft)](…)": who made the linked thing, a gloss
        if target.kind in TITLED_KINDS and self._titles_the_page(a, b, name, title_span):
            # "[Intro to Machine Learning](https://www.kaggle.com/learn/…)": a book's or a
            # course's title as a link's title names the page linked (which takes the
            # title as its name), not a second thing of that title elsewhere
            return False
        if (
            title_span is not None
            and title_span[0] <= name.start
            and name.end <= title_span[1]
            and body[a:b].strip() != name.surface
            and (name.start, name.end) != title_span
            and not HANGUL.search(body, a, b)
            and not self.sites.covers(name.start, name.end)
            and not opens_on_its_site
            and not names_a_page_of(body[a:b], name.start - a, name.end - a)
        ):
            return False
        if inside:
            # "[Vision Transformer (ViT)](…)": one thing, named once in its link
            if (link, target.key) in self._named:
                return False
            self._named.add((link, target.key))
        return True

    def _titles_the_page(
        self, a: int, b: int, name: NameHit, title_span: tuple[int, int] | None
    ) -> bool:
        """Is the name the title of the page its link text at [a, b) names: the whole
        title, or all of the text but its site ("Kaggle - Intro to Machine Learning",
        "Intro to Machine Learning - Kaggle")?"""
        if title_span == (name.start, name.end):
            return True
        rest = self.body[name.end : b]
        if (a, b) in self.sited and not rest.strip():
            return True  # the text opened on its site: the rest is the page's title
        if self.body[a : name.start].strip() or (a, b) in self.sited:
            return False
        separator = _SITE_SEPARATOR.match(self.body, name.end, b)
        end = a + len(self.body[a:b].rstrip())
        return separator is not None and self.sites.covers(separator.end(), end)

    def linked_url(self, name: NameHit) -> str | None:
        """The URL of the link whose text the name is written in, if any."""
        index = bisect_right(self._starts, name.start) - 1
        if index < 0:
            return None
        a, b, _, link = self.texts[index]
        return self.found[link][2] if a <= name.start and name.end <= b else None


def _set_apart(body: str, start: int, end: int, name: NameHit) -> bool:
    """Is the name set apart in the link text at [start, end) by separators, as a page's
    title names its site ("Khan Academy - Statistics", "(Kaggle, 로그인 필요)"), rather
    than written into a phrase ("BERT 깃허브 저장소", "arXiv 판")?"""
    before = body[start : name.start].rstrip()
    after = body[name.end : end]
    if HANGUL.match(after):
        return True  # "[ChatGPT나 GPT-4](…)": a particle, and the name is the subject
    after = after.lstrip()
    return (not before or before[-1] in _APART) and (not after or after[0] in _APART)


def title_span(body: str, start: int, end: int, title: str) -> tuple[int, int]:
    """Where `title` is written in the link text at [start, end): the whole text when the
    title was cleaned of marks on its way (no span writes it as it is)."""
    where = body.find(title, start, end)
    return (where, where + len(title)) if where >= 0 else (start, end)
