"""Resource identity in one table: every key scheme, the hosts it is read from, and the
enrich source that fills it (issue #14, "Design first").

A key is `prefix:value` (`arxiv:1512.03385`, `acl:P19-1066`, `url:https://…`). Each
`Scheme` says what such a resource is, where its landing page is and which enrich stage
fills it; each `HostRule` reads a key from a URL on its hosts, so that a paper's abstract
page and its PDF are one resource. `ids.classify_url` applies the rules, `db.pending`
builds the enrich queue from the stages, `readlist mark` accepts every key, and the
README's table of paper hosts is tested against this one. A new paper host is one entry
here (and, when its pages carry no citation metadata, one enrich source).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass
from urllib.parse import parse_qs

# Enrich stages (enrich.STAGES): which one fills a scheme's resources.
ARXIV = "arxiv"  # the arXiv API, many ids a request
NAMES = "names"  # title search, and Semantic Scholar's batch look-up of DOIs and S2 ids
PAPERS = "papers"  # a paper host's own metadata (BibTeX, API, citation_* meta tags)
PAGES = "pages"  # the page's title


# Every kind a resource can have, in the order help lists them: the kinds of SCHEMES
# below, of plain links (ids._kind_of_page), of the gazetteer (names.KINDS) and of guessed
# names. `--kind` is checked against this list; tests/test_kinds.py checks that extract
# gives no other.
KINDS = (
    "paper",
    "model",
    "dataset",
    "book",
    "repo",
    "site",
    "page",
    "video",
    "org",
    "tool",
    "concept",
)


@dataclass(frozen=True)
class Scheme:
    prefix: str
    kind: str  # the resource's kind
    label: str  # what the key is, for people ("ACL Anthology")
    stage: str | None  # the enrich stage that fills it; None: no source (said on the row)
    landing: Callable[[str], str] | None = None  # the key's value → its abstract page
    example: str = ""  # a key, for the documentation


def _fmt(template: str) -> Callable[[str], str]:
    return lambda value: template.format(*value.split("/"), value=value)


SCHEMES: dict[str, Scheme] = {
    scheme.prefix: scheme
    for scheme in (
        Scheme("arxiv", "paper", "arXiv", ARXIV, _fmt("https://arxiv.org/abs/{value}"),
               "arxiv:1512.03385"),
        Scheme("doi", "paper", "DOI", NAMES, _fmt("https://doi.org/{value}"),
               "doi:10.1145/3292500.3330701"),
        Scheme("acl", "paper", "ACL Anthology", PAPERS,
               _fmt("https://aclanthology.org/{value}/"), "acl:P19-1066"),
        Scheme("openreview", "paper", "OpenReview", PAPERS,
               _fmt("https://openreview.net/forum?id={value}"), "openreview:YicbFdNTTy"),
        Scheme("neurips", "paper", "NeurIPS proceedings", PAPERS, lambda v: _neurips_landing(v),
               "neurips:2017/3f5ee243547dee91fbd053c1c4a845aa"),
        Scheme("pmlr", "paper", "PMLR", PAPERS,
               _fmt("https://proceedings.mlr.press/{value}.html"), "pmlr:v37/ioffe15"),
        Scheme("cvf", "paper", "CVF Open Access", PAPERS, lambda v: _cvf_landing(v),
               "cvf:content_cvpr_2016/He_Deep_Residual_Learning_CVPR_2016"),
        Scheme("jmlr", "paper", "JMLR", PAPERS, _fmt("https://jmlr.org/papers/{value}.html"),
               "jmlr:v15/srivastava14a"),
        Scheme("aaai", "paper", "AAAI (OJS)", PAPERS,
               _fmt("https://ojs.aaai.org/index.php/AAAI/article/view/{value}"), "aaai:16826"),
        Scheme("ijcai", "paper", "IJCAI proceedings", PAPERS,
               _fmt("https://www.ijcai.org/proceedings/{value}"), "ijcai:2019/260"),
        Scheme("ieee", "paper", "IEEE Xplore", PAPERS,
               _fmt("https://ieeexplore.ieee.org/document/{value}"), "ieee:7780459"),
        Scheme("s2", "paper", "Semantic Scholar", NAMES,
               _fmt("https://www.semanticscholar.org/paper/{value}"),
               "s2:2c03df8b48bf3fa39054345bafabfeff15bfd11d"),
        Scheme("pwc", "paper", "Papers with Code", PAPERS,
               _fmt("https://paperswithcode.com/paper/{value}"),
               "pwc:deep-residual-learning-for-image"),
        Scheme("github", "repo", "GitHub repository", PAGES,
               _fmt("https://github.com/{value}"), "github:pytorch/vision"),
        Scheme("youtube", "video", "YouTube video", PAGES,
               _fmt("https://www.youtube.com/watch?v={value}"), "youtube:dQw4w9WgXcQ"),
        Scheme("url", "page", "any other link", PAGES, None, "url:https://distill.pub/"),
        Scheme("name", "paper", "a name without a link", NAMES, None, "name:flexnet"),
    )
}  # fmt: skip


def _neurips_landing(value: str) -> str:
    year, _, paper = value.partition("/")
    if paper and re.fullmatch(r"[0-9a-f]{32}", paper):
        return f"https://proceedings.neurips.cc/paper/{year}/hash/{paper}-Abstract.html"
    return f"https://papers.nips.cc/paper/{value}"  # the old numbered pages: 7181-attention-…


def _cvf_landing(value: str) -> str:
    folder, _, base = value.rpartition("/")
    return f"https://openaccess.thecvf.com/{folder}/html/{base}_paper.html"


@dataclass(frozen=True)
class HostRule:
    """A paper's key read from a URL on `hosts`: `pattern` on the path, or a query parameter."""

    prefix: str
    hosts: frozenset[str]
    pattern: re.Pattern[str]
    value: Callable[[re.Match[str], str], str | None]  # (path match, query) → the key's value


def _group(name: str) -> Callable[[re.Match[str], str], str | None]:
    return lambda match, query: match.group(name)


def _query_id(match: re.Match[str], query: str) -> str | None:
    ids = parse_qs(query).get("id")
    return ids[0] if ids and re.fullmatch(r"[A-Za-z0-9_-]{4,40}", ids[0]) else None


def _hosts(*names: str) -> frozenset[str]:
    return frozenset(h for name in names for h in (name, "www." + name))


_ACL_ID = r"(?P<id>[A-Z]\d{2}-\d{4}|\d{4}\.[a-z0-9]+(?:-[a-z0-9]+)*\.\d+)"
_ACL_HOSTS = _hosts("aclanthology.org", "aclweb.org")

HOST_RULES: tuple[HostRule, ...] = (
    # aclanthology.org/P19-1066/, …/P19-1066.pdf, …/2020.acl-main.1v2.pdf, and the old
    # aclweb.org/anthology/P19-1066 and aclweb.org/anthology/P/P19/P19-1066.pdf
    HostRule(
        "acl",
        _ACL_HOSTS,
        re.compile(rf"^(?:/anthology(?:/[A-Z]/[A-Z]\d{{2}})?)?/{_ACL_ID}(?:v\d+)?(?:\.pdf)?/?$"),
        _group("id"),
    ),
    # openreview.net/forum?id=…, /pdf?id=…
    HostRule("openreview", _hosts("openreview.net"), re.compile(r"^/(?:forum|pdf)/?$"), _query_id),
    # proceedings.neurips.cc/paper/2017/hash/<hash>-Abstract.html, …/file/<hash>-Paper.pdf,
    # /paper_files/paper/2022/hash/<hash>-Abstract-Conference.html; papers.nips.cc alike
    HostRule(
        "neurips",
        _hosts("proceedings.neurips.cc", "papers.nips.cc", "papers.neurips.cc"),
        re.compile(
            r"^/paper(?:_files/paper)?/(?P<year>\d{4})/(?:hash|file)/(?P<hash>[0-9a-f]{32})-"
            r"(?:Abstract|Paper|Supplemental|Reviews|Metadata|Bibtex)[\w-]*\.\w+$"
        ),
        lambda match, query: f"{match.group('year')}/{match.group('hash')}",
    ),
    # papers.nips.cc/paper/7181-attention-is-all-you-need(.pdf): the numbered pages before 2020
    HostRule(
        "neurips",
        _hosts("papers.nips.cc"),
        re.compile(r"^/paper/(?P<id>\d{1,5}-[a-z0-9-]+?)(?:\.pdf|\.html)?/?$"),
        _group("id"),
    ),
    # proceedings.mlr.press/v37/ioffe15.html, …/v37/ioffe15.pdf, …/v70/finn17a/finn17a.pdf,
    # …-supp.pdf; jmlr.org/proceedings/papers/v37/ioffe15.html before PMLR had its host
    HostRule(
        "pmlr",
        _hosts("proceedings.mlr.press"),
        re.compile(r"^/(?P<vol>v\d+)/(?P<id>[\w-]+?)(?:/(?P=id))?(?:-supp)?\.(?:html|pdf)$"),
        lambda match, query: f"{match.group('vol')}/{match.group('id')}",
    ),
    HostRule(
        "pmlr",
        _hosts("jmlr.org"),
        re.compile(r"^/proceedings/papers/(?P<vol>v\d+)/(?P<id>[\w-]+?)(?:-supp)?\.(?:html|pdf)$"),
        lambda match, query: f"{match.group('vol')}/{match.group('id')}",
    ),
    # openaccess.thecvf.com/content_cvpr_2016/html/<name>_paper.html, /papers/<name>_paper.pdf,
    # /content/CVPR2021/html/…, supplemental PDFs; cv-foundation.org/openaccess/… the same
    HostRule(
        "cvf",
        _hosts("openaccess.thecvf.com", "cv-foundation.org"),
        re.compile(
            r"^(?:/openaccess)?/(?P<folder>content[\w/-]*?)/(?:html|papers|supplemental)/"
            r"(?P<base>[^/]+?)_(?:paper|supplemental)\.(?:html|pdf)$",
            re.IGNORECASE,
        ),
        lambda match, query: f"{match.group('folder')}/{match.group('base')}",
    ),
    # jmlr.org/papers/v15/srivastava14a.html, /papers/volume15/srivastava14a/srivastava14a.pdf
    HostRule(
        "jmlr",
        _hosts("jmlr.org"),
        re.compile(
            r"^/papers/(?:v(?P<v>\d+)/(?P<id>[\w-]+?)\.html|volume(?P<vol>\d+)/(?P<id2>[\w-]+?)/"
            r"(?P=id2)\.pdf)$"
        ),
        lambda match, query: (
            f"v{match.group('v')}/{match.group('id')}"
            if match.group("v")
            else f"v{match.group('vol')}/{match.group('id2')}"
        ),
    ),
    # ojs.aaai.org/index.php/AAAI/article/view/16826 (the abstract), …/view/16826/16633 (PDF)
    HostRule(
        "aaai",
        _hosts("ojs.aaai.org"),
        re.compile(r"^/index\.php/AAAI/article/(?:view|download)/(?P<id>\d+)(?:/\d+)?/?$"),
        _group("id"),
    ),
    # ijcai.org/proceedings/2019/260 (the abstract), /proceedings/2019/0260.pdf
    HostRule(
        "ijcai",
        _hosts("ijcai.org"),
        re.compile(r"^/proceedings/(?P<year>\d{4})/(?P<num>\d{1,4})(?:\.pdf)?/?$", re.IGNORECASE),
        lambda match, query: f"{match.group('year')}/{int(match.group('num'))}",
    ),
    # ieeexplore.ieee.org/document/7780459, /abstract/document/7780459, /stamp/stamp.jsp?arnumber=
    HostRule(
        "ieee",
        _hosts("ieeexplore.ieee.org"),
        re.compile(r"^/(?:abstract/)?document/(?P<id>\d+)/?$"),
        _group("id"),
    ),
    HostRule(
        "ieee",
        _hosts("ieeexplore.ieee.org"),
        re.compile(r"^/stamp/stamp\.jsp$"),
        lambda match, query: next(iter(parse_qs(query).get("arnumber", [])), None),
    ),
    # semanticscholar.org/paper/<title-slug>/<40 hex>, /paper/<40 hex>
    HostRule(
        "s2",
        _hosts("semanticscholar.org"),
        re.compile(r"^/paper/(?:[^/]+/)?(?P<id>[0-9a-f]{40})/?$"),
        _group("id"),
    ),
    # paperswithcode.com/paper/<slug>
    HostRule(
        "pwc",
        _hosts("paperswithcode.com"),
        re.compile(r"^/paper/(?P<id>[a-z0-9][a-z0-9-]*)/?$"),
        _group("id"),
    ),
)

_RULES_BY_HOST: dict[str, tuple[HostRule, ...]] = {}
for _rule in HOST_RULES:
    for _host in _rule.hosts:
        _RULES_BY_HOST[_host] = (*_RULES_BY_HOST.get(_host, ()), _rule)


def paper_key(host: str, path: str, query: str) -> str | None:
    """The paper key a URL on a paper host stands for (`acl:P19-1066`), or None."""
    rules = _RULES_BY_HOST.get(host)
    if rules is None:
        return None
    for rule in rules:
        match = rule.pattern.match(path)
        if match is not None and (value := rule.value(match, query)):
            return f"{rule.prefix}:{value}"
    return None


def scheme_of(key: str) -> Scheme | None:
    return SCHEMES.get(key.partition(":")[0])


def landing_url(key: str) -> str | None:
    """The abstract page of a key's resource (for a paper host), or None."""
    scheme = scheme_of(key)
    if scheme is None or scheme.landing is None:
        return None
    return scheme.landing(key.partition(":")[2])


def prefixes_for(stage: str) -> tuple[str, ...]:
    """The key prefixes whose resources `stage` fills."""
    return tuple(prefix for prefix, scheme in SCHEMES.items() if scheme.stage == stage)


def paper_host_table() -> list[tuple[str, str, str]]:
    """(label, example key, landing page) of every paper scheme: the README's table."""
    return [
        (s.label, s.example, landing_url(s.example) or "")
        for s in SCHEMES.values()
        if s.kind == "paper" and s.landing is not None
    ]
