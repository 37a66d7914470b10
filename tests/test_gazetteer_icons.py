"""simple-icons in the harvested gazetteer (issue #14, gazetteer; gazbuild.icons): the parser
on a short `simple-icons.json` written here in the project's format with a reviewed list
written here, the shipped list's decisions, and services the shipped gazetteer now knows,
found in a note written here."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import icons

PATH = "data/simple-icons.json"
# Brands as data/simple-icons.json lists them: a title, a colour, where the logo came from,
# sometimes a guidelines link, a licence and aliases (aka, old, loc, dup).
ICONS = [
    {"title": "Quillstack", "hex": "0F6FFF", "source": "https://quillstack.example/brand"},
    {
        "title": "Zorbit Cloud",
        "hex": "231F20",
        "source": "https://zorbit.example/press",
        "guidelines": "https://zorbit.example/brand",
        "aliases": {"aka": ["Zorbit Platform", "ZC"], "old": ["Zorbitly"]},
    },
    {"title": "Plinthcast", "hex": "FF0000", "source": "https://plinthcast.example/"},
    {"title": "Glimmer Air", "hex": "003366", "source": "https://glimmer-air.example/"},
    {"title": "Perplexa", "hex": "222222", "source": "https://perplexa.example/"},
    {"title": "Vellum Labs", "hex": "444444", "source": "https://vellum.example/"},
    {
        "title": "D9",
        "hex": "F9A03C",
        "source": "https://github.com/example/d9-logo",
        "aliases": {"aka": ["D9.js"]},
    },
    {"title": "Celery", "hex": "37814A", "source": "https://github.com/celery/celery"},
    {"title": ".RC", "hex": "ECD53F", "source": "https://github.com/example/rc"},
    {
        "title": "Forkly",
        "hex": "7B42BC",
        "source": "https://github.com/forkly/brand",
        "aliases": {"aka": ["OpenForkly", "Terraform"]},
    },
    {
        "title": "Kotlet",
        "hex": "7F52FF",
        "source": "https://kotlet.example/brand",
        "license": {"type": "CC0-1.0"},
        "aliases": {"loc": {"ko-KR": "코틀렛", "ja-JP": "コトレット"}},
    },
    {
        "title": "Stacklet",
        "hex": "E34F26",
        "source": "https://stacklet.example/",
        "aliases": {"dup": [{"title": "Stacklet Native", "source": "https://native.example/"}]},
    },
]
DECISIONS = """\
# a reviewed list in the shipped form
site\tPlinthcast
drop\tGlimmer Air
word\tPerplexa
org\tVellum Labs
not-alias\tForkly\tTerraform
"""


def _records() -> list[tuple[str, str, tuple[str, ...]]]:
    decisions = icons.read_decisions(DECISIONS)
    text = json.dumps(ICONS, indent="\t", ensure_ascii=False)
    records = list(icons.parse_file(PATH, text, {"kind": "tool"}, decisions))
    assert all(r.defers and r.url is None for r in records)  # `source` is not a home
    return [(r.name, r.kind, r.aliases) for r in records]


def test_brands_become_tools_sites_and_organisations() -> None:
    assert _records() == [
        ("Quillstack", "tool", ()),
        # other and earlier names; "ZC" is two letters
        ("Zorbit Cloud", "tool", ("Zorbit Platform", "Zorbitly")),
        ("Plinthcast", "site", ()),
        ("Vellum Labs", "org", ()),
        # a title of two characters goes by its other name
        ("D9.js", "tool", ()),
        # the list says Terraform is not Forkly's name
        ("Forkly", "tool", ("OpenForkly",)),
        # the Korean name, not the others; not the other logos (dup)
        ("Kotlet", "tool", ("코틀렛",)),
        ("Stacklet", "tool", ()),
    ]  # Glimmer Air is dropped, Perplexa reads as a word, Celery is one, ".RC" is junk


def test_why_a_brand_is_left_out() -> None:
    decisions = icons.read_decisions(DECISIONS)
    why = {
        icon["title"]: icons.classify(PATH, icon, {"kind": "tool"}, decisions)[1] for icon in ICONS
    }
    assert why["Glimmer Air"] == "drop"
    assert why["Perplexa"] == "word"
    assert why["Celery"] == why[".RC"] == "short or a word"
    assert why["Quillstack"] == "tool" and why["Plinthcast"] == "site"


def test_a_malformed_decision_is_an_error() -> None:
    with pytest.raises(ValueError, match=r"icons\.tsv:1"):
        icons.read_decisions("keep\tQuillstack\n")


def test_the_shipped_list() -> None:
    decisions = icons.shipped_decisions()
    for title in ("Lufthansa", "Adidas", "Coca-Cola", "Dogecoin", "League of Legends"):
        assert decisions.kinds.get(title, "drop") == "drop", title
    assert decisions.kinds["Stack Overflow"] == "site"
    assert decisions.kinds["Accenture"] == "org"
    assert decisions.kinds["Bootstrap"] == "word"  # bootstrapping, in any ML note
    assert "Apache Kafka" not in decisions.kinds  # a tool
    assert ("OpenTofu", "Terraform") in decisions.not_aliases


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def test_services_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# 배포 회고\n\n"
        "프론트엔드는 Vercel 에 배포했고, 이벤트는 Apache Kafka 로 흘려 ClickHouse 에 쌓았다.\n"
        "The mock-ups live in Figma; the docs site is on Netlify.\n"
    )
    mentions = mentions_in(tmp_path, "retro.md", text, gazetteer)
    found = [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]
    assert found == [
        ("Vercel", "Vercel", "tool"),
        ("Apache Kafka", "Apache Kafka", "tool"),
        ("ClickHouse", "ClickHouse", "tool"),
        ("Figma", "Figma", "tool"),
        ("Netlify", "Netlify", "tool"),
    ]


def test_dropped_brands_are_not_entries(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "Flew Lufthansa to the conference, paid with Revolut, and watched Crunchyroll.\n"
        "Bootstrap the sample to estimate the variance; Perplexity measures the model.\n"
        # languages and operating systems are not things to read (the guide)
        "The scripts are written in Kotlin and Perl and run on Debian or NetBSD.\n"
    )
    mentions = mentions_in(tmp_path, "trip.md", text, gazetteer)
    assert [m.surface for m in mentions if m.source == "name"] == []


def test_an_ordinary_words_title_needs_a_cue(gazetteer: Gazetteer, tmp_path: Path) -> None:
    # "Change Detection" (changedetection.io) is a tool of ordinary words: prose about
    # detecting change in images does not name it
    text = (
        "## Change Detection\n\n"
        "Change Detection in satellite images compares two dates of one place.\n"
    )
    mentions = mentions_in(tmp_path, "remote-sensing.md", text, gazetteer)
    assert [m.surface for m in mentions if m.source == "name"] == []
    # with a cue after it, it is the tool
    text = "We self-host the Change Detection library to watch the vendors' pages.\n"
    mentions = mentions_in(tmp_path, "watch.md", text, gazetteer)
    found = [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]
    assert found == [("Change Detection", "Change Detection", "tool")]
