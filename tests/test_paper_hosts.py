"""Links to paper hosts are papers with keys of their own, abstract page and PDF one resource,
and enrich fills each from its host's metadata (issue #14, "paper hosts").

The local server answers in each source's real format: ACL Anthology's BibTeX, OpenReview's
API 2 and API 1 notes, and abstract pages with Highwire `citation_*` meta tags.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlite_utils import Database
from typer.testing import CliRunner

from readlist import identity
from readlist.cli import app
from readlist.db import open_db, pending
from readlist.enrich import EnrichOptions, Services, enrich
from readlist.enrich.arxiv import ArxivClient
from readlist.enrich.papers import bibtex_fields, parse_citation_meta
from readlist.ids import classify_url
from readlist.net import Fetcher, Guard, make_client
from readlist.schemes import SCHEMES, landing_url, paper_host_table

from .conftest import REPO, write_note
from .http_server import LocalServer

LOOPBACK = Guard(allow=("127.0.0.0/8",))


@pytest.mark.parametrize(
    ("forms", "key"),
    [
        (
            [
                "https://aclanthology.org/N19-1423/",
                "https://aclanthology.org/N19-1423.pdf",
                "https://www.aclweb.org/anthology/N19-1423",
                "http://aclweb.org/anthology/N/N19/N19-1423.pdf",
            ],
            "acl:N19-1423",
        ),
        (
            [
                "https://aclanthology.org/2020.acl-main.463/",
                "https://aclanthology.org/2020.acl-main.463v2.pdf",
            ],
            "acl:2020.acl-main.463",
        ),
        (
            [
                "https://openreview.net/forum?id=YicbFdNTTy",
                "https://openreview.net/pdf?id=YicbFdNTTy",
            ],
            "openreview:YicbFdNTTy",
        ),
        (
            [
                "https://proceedings.neurips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
                "https://proceedings.neurips.cc/paper_files/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf",
                "https://papers.nips.cc/paper/2017/hash/3f5ee243547dee91fbd053c1c4a845aa-Abstract.html",
            ],
            "neurips:2017/3f5ee243547dee91fbd053c1c4a845aa",
        ),
        (
            [
                "http://proceedings.mlr.press/v37/ioffe15.html",
                "https://proceedings.mlr.press/v37/ioffe15.pdf",
            ],
            "pmlr:v37/ioffe15",
        ),
        (
            [
                "https://openaccess.thecvf.com/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
                "https://openaccess.thecvf.com/content_cvpr_2016/papers/He_Deep_Residual_Learning_CVPR_2016_paper.pdf",
                "http://www.cv-foundation.org/openaccess/content_cvpr_2016/html/He_Deep_Residual_Learning_CVPR_2016_paper.html",
            ],
            "cvf:content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016",
        ),
        (
            [
                "https://jmlr.org/papers/v15/srivastava14a.html",
                "https://www.jmlr.org/papers/volume15/srivastava14a/srivastava14a.pdf",
            ],
            "jmlr:v15/srivastava14a",
        ),
        (
            [
                "https://ojs.aaai.org/index.php/AAAI/article/view/16826",
                "https://ojs.aaai.org/index.php/AAAI/article/view/16826/16633",
            ],
            "aaai:16826",
        ),
        (
            [
                "https://www.ijcai.org/proceedings/2019/260",
                "https://www.ijcai.org/Proceedings/2019/0260.pdf",
            ],
            "ijcai:2019/260",
        ),
        (
            [
                "https://ieeexplore.ieee.org/document/7780459",
                "https://ieeexplore.ieee.org/abstract/document/7780459/",
            ],
            "ieee:7780459",
        ),
        (
            [
                "https://www.semanticscholar.org/paper/Deep-Residual-Learning-for-Image-Recognition-He-Zhang/2c03df8b48bf3fa39054345bafabfeff15bfd11d",
                "https://www.semanticscholar.org/paper/2c03df8b48bf3fa39054345bafabfeff15bfd11d",
            ],
            "s2:2c03df8b48bf3fa39054345bafabfeff15bfd11d",
        ),
        (
            ["https://paperswithcode.com/paper/deep-residual-learning-for-image"],
            "pwc:deep-residual-learning-for-image",
        ),
    ],
)
def test_every_form_of_a_paper_link_is_one_paper(forms: list[str], key: str) -> None:
    targets = [classify_url(url) for url in forms]
    assert {t.key for t in targets if t} == {key}
    assert {t.kind for t in targets if t} == {"paper"}
    assert {t.url for t in targets if t} == {landing_url(key)}


@pytest.mark.parametrize(
    "url",
    [
        "https://aclanthology.org/events/acl-2019/",
        "https://aclanthology.org/volumes/N19-1/",
        "https://openreview.net/group?id=ICLR.cc/2021/Conference",
        "https://proceedings.neurips.cc/paper/2017",
        "https://proceedings.mlr.press/v37/",
        "https://openaccess.thecvf.com/CVPR2021",
        "https://paperswithcode.com/sota/image-classification-on-imagenet",
        "https://www.semanticscholar.org/author/Kaiming-He/39353098",
    ],
)
def test_pages_of_paper_hosts_that_are_not_one_paper_keep_their_address(url: str) -> None:
    target = classify_url(url)
    assert target is not None and target.key.startswith("url:")


def test_every_scheme_has_a_stage_or_says_it_has_none_and_the_readme_lists_the_paper_hosts() -> (
    None
):
    stages = {"arxiv", "names", "papers", "pages"}
    for scheme in SCHEMES.values():
        assert scheme.stage in stages, scheme
        assert scheme.example.startswith(scheme.prefix + ":")
    readme = (REPO / "README.md").read_text(encoding="utf-8")
    for label, example, landing in paper_host_table():
        assert f"| {label} | `{example}` | {landing} |" in readme


def test_mark_accepts_every_key_and_every_form(tmp_path: Path, small_data: Path) -> None:
    notes = tmp_path / "notes"
    write_note(notes, "a.md", "- [BERT](https://aclanthology.org/N19-1423.pdf)\n")
    db_path = tmp_path / "r.db"
    runner = CliRunner()
    assert runner.invoke(app, ["extract", str(notes), "--db", str(db_path), "-q"]).exit_code == 0
    for what in (
        "acl:N19-1423",
        "https://www.aclweb.org/anthology/N19-1423",
        "aclanthology.org/N19-1423/",
    ):
        result = runner.invoke(app, ["mark", what, "reading", "--db", str(db_path)])
        assert result.exit_code == 0, result.output
    row = Database(db_path)["resources"].get("acl:N19-1423")
    assert (row["status"], row["kind"]) == ("reading", "paper")


# -- enrich from each host's metadata -----------------------------------------------------

ACL_BIB = """@inproceedings{devlin-etal-2019-bert,
    title = "{BERT}: Pre-training of Deep Bidirectional Transformers for Language Understanding",
    author = "Devlin, Jacob  and
      Chang, Ming-Wei  and
      Lee, Kenton  and
      Toutanova, Kristina",
    booktitle = "Proceedings of the 2019 Conference of the North {A}merican Chapter of the Association for Computational Linguistics",
    month = jun,
    year = "2019",
    address = "Minneapolis, Minnesota",
    publisher = "Association for Computational Linguistics",
    url = "https://aclanthology.org/N19-1423/",
    doi = "10.18653/v1/N19-1423",
    pages = "4171--4186",
    abstract = "We introduce a new language representation model called {BERT}.",
}
"""

NEURIPS_PAGE = """<!doctype html><html><head>
<title>Attention is All you Need</title>
<meta name="citation_title" content="Attention is All you Need">
<meta name="citation_author" content="Vaswani, Ashish">
<meta name="citation_author" content="Shazeer, Noam">
<meta name="citation_journal_title" content="Advances in Neural Information Processing Systems">
<meta name="citation_volume" content="30">
<meta name="citation_publication_date" content="2017">
<meta name="citation_pdf_url" content="https://proceedings.neurips.cc/paper/2017/file/3f5ee243547dee91fbd053c1c4a845aa-Paper.pdf">
</head><body><h4>Attention is All you Need</h4></body></html>"""

PWC_PAGE = """<html><head><meta property="og:title" content="Papers with Code - Deep Residual Learning for Image Recognition">
<title>Papers with Code</title></head><body>
<a href="https://arxiv.org/abs/1512.03385v1">Paper</a> <a href="https://arxiv.org/pdf/1512.03385v1.pdf">PDF</a>
</body></html>"""


def _openreview_v2(note_id: str) -> bytes:
    return json.dumps(
        {
            "notes": [
                {
                    "id": note_id,
                    "forum": note_id,
                    "cdate": 1601308800000,
                    "pdate": 1610409600000,
                    "content": {
                        "title": {
                            "value": "An Image is Worth 16x16 Words: Transformers for Image Recognition at Scale"
                        },
                        "authors": {"value": ["Alexey Dosovitskiy", "Lucas Beyer"]},
                        "abstract": {"value": "While the Transformer architecture ..."},
                        "venue": {"value": "ICLR 2021 Oral"},
                        "pdf": {"value": "/pdf/abc123.pdf"},
                    },
                }
            ],
            "count": 1,
        }
    ).encode()


@pytest.fixture
def database(tmp_path: Path) -> Iterator[Database]:
    database = open_db(tmp_path / "readlist.db")
    yield database
    database.close()


def _services(server: LocalServer, client: object) -> Services:
    fetcher = Fetcher(client, guard=LOOPBACK, deadline=5.0, backoff=0.01)  # type: ignore[arg-type]
    return Services(
        arxiv=ArxivClient(fetcher, server.arxiv_api, min_interval=0),
        pages=fetcher,
        openreview_apis=(f"{server.url}/or2", f"{server.url}/or1"),
    )


def test_enrich_fills_papers_from_their_hosts(database: Database, server: LocalServer) -> None:
    server.add_page("/acl/N19-1423.bib", ACL_BIB, content_type="text/plain; charset=utf-8")
    server.add_page("/or2/notes", _openreview_v2("YicbFdNTTy"), content_type="application/json")
    server.add_page("/neurips/abs.html", NEURIPS_PAGE)
    server.add_page("/pwc/deep-residual", PWC_PAGE)
    rows = [
        ("acl:N19-1423", f"{server.url}/acl/N19-1423/"),
        ("openreview:YicbFdNTTy", "https://openreview.net/forum?id=YicbFdNTTy"),
        ("neurips:2017/3f5ee243547dee91fbd053c1c4a845aa", f"{server.url}/neurips/abs.html"),
        ("pwc:deep-residual-learning-for-image", f"{server.url}/pwc/deep-residual"),
        ("pmlr:v37/gone15", f"{server.url}/pmlr/v37/gone15.html"),
    ]
    for key, url in rows:
        database["resources"].insert({"id": key, "kind": "paper", "name": key, "url": url})
    database.conn.commit()
    assert {r.id for r in pending(database, "papers")} == {key for key, _ in rows}
    with make_client(timeout=2.0) as client:
        summary = enrich(
            database, _services(server, client), EnrichOptions(only=frozenset({"papers"}))
        )
    acl = database["resources"].get("acl:N19-1423")
    assert (
        acl["title"]
        == "BERT: Pre-training of Deep Bidirectional Transformers for Language Understanding"
    )
    assert json.loads(acl["authors"]) == [
        "Jacob Devlin",
        "Ming-Wei Chang",
        "Kenton Lee",
        "Kristina Toutanova",
    ]
    assert (acl["year"], acl["doi"], acl["enrich_source"]) == (
        2019,
        "10.18653/v1/n19-1423",
        "ACL Anthology BibTeX",
    )
    assert acl["name"] == acl["title"]  # the fetched title names an address
    review = database["resources"].get("openreview:YicbFdNTTy")
    assert review["title"].startswith("An Image is Worth 16x16 Words")
    assert (review["year"], review["venue"]) == (2021, "ICLR 2021 Oral")
    neurips = database["resources"].get("neurips:2017/3f5ee243547dee91fbd053c1c4a845aa")
    assert (neurips["title"], neurips["year"]) == ("Attention is All you Need", 2017)
    assert json.loads(neurips["authors"]) == ["Ashish Vaswani", "Noam Shazeer"]
    assert neurips["venue"] == "Advances in Neural Information Processing Systems"
    # The page links to one arXiv paper: the row is that paper's, under its arXiv key.
    pwc = database["resources"].get("arxiv:1512.03385")
    assert (pwc["arxiv_id"], pwc["url"]) == ("1512.03385", f"{server.url}/pwc/deep-residual")
    assert not database["resources"].count_where("id = ?", ["pwc:deep-residual-learning-for-image"])
    assert identity.alias_map(database) == {
        "pwc:deep-residual-learning-for-image": "arxiv:1512.03385",
        "doi:10.18653/v1/n19-1423": "acl:N19-1423",  # a DOI learned is remembered
    }
    gone = database["resources"].get("pmlr:v37/gone15")
    assert (gone["enrich_status"], gone["enrich_error"]) == ("gone", "gone")
    assert summary.filled == 4 and summary.failed == 1


def test_openreview_falls_back_to_api_1(database: Database, server: LocalServer) -> None:
    server.add_page("/or2/notes", b'{"notes": [], "count": 0}', content_type="application/json")
    v1 = {
        "notes": [
            {
                "id": "r1Ue8Hcxg",
                "cdate": 1486000000000,
                "content": {
                    "title": "Understanding deep learning requires rethinking generalization",
                    "authors": ["Chiyuan Zhang"],
                },
            }
        ]
    }
    server.add_page("/or1/notes", json.dumps(v1), content_type="application/json")
    database["resources"].insert(
        {
            "id": "openreview:r1Ue8Hcxg",
            "kind": "paper",
            "name": "x",
            "url": "https://openreview.net/forum?id=r1Ue8Hcxg",
        }
    )
    database.conn.commit()
    with make_client(timeout=2.0) as client:
        enrich(database, _services(server, client), EnrichOptions(only=frozenset({"papers"})))
    row = database["resources"].get("openreview:r1Ue8Hcxg")
    assert (row["title"], row["year"]) == (
        "Understanding deep learning requires rethinking generalization",
        2017,
    )


def test_a_resource_no_stage_can_fill_says_so(database: Database, server: LocalServer) -> None:
    database["resources"].insert({"id": "name:kor-nli", "kind": "dataset", "name": "KorNLI"})
    database.conn.commit()
    with make_client(timeout=2.0) as client:
        services = _services(server, client)
        only_pages = enrich(database, services, EnrichOptions(only=frozenset({"pages"})))
        assert only_pages.no_source == 0  # a partial run does not judge
        summary = enrich(database, services)
        again = enrich(database, services)
    row = database["resources"].get("name:kor-nli")
    assert (row["enrich_status"], row["enrich_error"]) == (
        "no_source",
        "no source for a dataset named without a link",
    )
    assert (summary.no_source, again.no_source) == (1, 0)


def test_parsers_read_the_real_formats() -> None:
    fields = bibtex_fields('@article{k, title = {A {GAN} of \\"{o}ne}, year = 2014, note = "x, y"}')
    assert fields == {"title": "A GAN of öne", "year": "2014", "note": "x, y"}
    info = parse_citation_meta(
        '<meta name="citation_title" content="T"><meta name="citation_author" content="A One; B Two">'
    )
    assert (info.title, info.authors) == ("T", ("A One", "B Two"))
    assert parse_citation_meta("<p>nothing</p>").error == "no title on the page"
