"""Property-based tests of the extractor over generated Markdown and arbitrary Unicode."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from readlist.curation import build_gazetteer
from readlist.entries import _FULL_WIDTH, fold_full_width
from readlist.extract import find_mentions
from readlist.notes import Note, parse_note_text

from .conftest import REPO

GAZETTEER = build_gazetteer(REPO / "data" / "gazetteer", Path("/nonexistent/names.yaml"))

PIECES = st.sampled_from(
    [
        "https://arxiv.org/abs/1512.03385",
        "arxiv.org/pdf/1810.04805v2.pdf",
        "arXiv:1706.03762",
        "https://github.com/pytorch/vision/blob/main/x.py",
        "www.fast.ai",
        "ruder.io",
        "에서",
        "를",
        "Res-Net",
        "BERT는",
        "MLP Mixer",
        "(",
        ")",
        "[",
        "]",
        "](",
        "![",
        "<",
        ">",
        "`",
        "```",
        "\n",
        " ",
        "-",
        "*",
        "#",
        ".",
        ",",
        "{{ site.url }}",
        "doi:10.1038/nature14539",
        "e.g.",
        "model.py",
        "https://ko.wikipedia.org/wiki/딥_러닝",
        "\u3000",
        "Ｒｅｓ",
        "\ufeff",
        "---",
        "title: x",
        "https://",
        "www.",
        "10.1109/",
        "cs/0112017",
        "😀",
    ]
)
MARKDOWN = st.lists(st.one_of(PIECES, st.text(max_size=8)), max_size=60).map("".join)
ANY_TEXT = st.text(max_size=400)


def _note(text: str) -> Note:
    return parse_note_text(Note(path="n.md", root="/"), text)


def _check(text: str) -> None:
    note = _note(text)
    mentions = find_mentions(note, site_url="https://me.github.io", gazetteer=GAZETTEER)
    lines = text.split("\n")
    for mention in mentions:
        # every mention is written, as recorded, on its recorded line
        assert 1 <= mention.line <= len(lines)
        assert mention.surface, mention
        assert mention.surface in lines[mention.line - 1], (mention.surface, mention.line)
    # extraction is deterministic
    again = find_mentions(_note(text), site_url="https://me.github.io", gazetteer=GAZETTEER)
    assert again == mentions


SETTINGS = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@SETTINGS
@given(MARKDOWN)
def test_generated_markdown(text: str) -> None:
    _check(text)


@SETTINGS
@given(ANY_TEXT)
def test_arbitrary_unicode(text: str) -> None:
    _check(text)


@SETTINGS
@given(st.binary(max_size=300))
def test_arbitrary_bytes_never_raise(data: bytes) -> None:
    from readlist.notes import decode_bytes

    decoded = decode_bytes(data)
    if isinstance(decoded, tuple):
        _check(decoded[0])


@settings(max_examples=500, deadline=None)
@given(
    st.text(
        alphabet=st.sampled_from(
            "aZ 가힣ㅋ「」。\u3000\uff01\uff21\uff5e\uff5f\uef00\ud800\U0001f600"
        )
    )
)
def test_full_width_folding_skips_only_text_without_any(text: str) -> None:
    """The byte test that lets most notes skip folding (issue #22) never skips one that
    holds a full-width character or an ideographic space."""
    assert fold_full_width(text) == text.translate(_FULL_WIDTH)
