"""Organisations named by their shape (issue #14). Examples written here."""

from __future__ import annotations

import pytest

from readlist.candidates import find_candidates
from readlist.orgnames import find_org_names


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Co-organizers: Quokka AI Labs, NYU", ["Quokka AI Labs"]),
        ("Quill National Univ., Tern Univ.", ["Quill National Univ.", "Tern Univ."]),
        ("The Quokka Institute for AI released it.", ["Quokka Institute for AI"]),
        (
            "University of Quillshire and Tern University",
            ["University of Quillshire", "Tern University"],
        ),
        ("Apache Software Foundation", ["Apache Software Foundation"]),
        # descriptions: fields and generic words only
        ("Our Machine Learning Lab is great", []),
        ("We used Research Institute data", []),
        ("the Deep Learning Lab of a university", []),
        # Korean: the kind of body at the end of one word; a researcher's title is not one
        ("쿼카국어원과 한국쿼카통신연구원(QTRI)", ["쿼카국어원", "한국쿼카통신연구원"]),
        ("수석연구원 김 박사", []),
        ("쿼카대학교에서 발표", ["쿼카대학교"]),
    ],
)
def test_organisations_are_named_by_the_word_that_says_what_they_are(
    text: str, names: list[str]
) -> None:
    found = list(find_org_names(text))
    assert [org.name for org in found] == names
    assert all(text[org.start : org.end] == org.name for org in found)


def test_an_organisation_by_its_shape_is_a_guessed_org() -> None:
    hits = find_candidates("Thanks to Quokka AI Labs and 쿼카대학교 for the GPUs.")
    assert [(h.name, h.kind) for h in hits] == [("Quokka AI Labs", "org"), ("쿼카대학교", "org")]
    assert all(h.confidence < 1 for h in hits)
