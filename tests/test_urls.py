"""The URL finder and classifier over a table of tricky cases, each asserted exactly,
and its quick paths against the slow ones they stand in for."""

from __future__ import annotations

import re
from collections.abc import Callable
from urllib.parse import SplitResult, urlsplit, urlunsplit

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from readlist import ids, urls
from readlist.extract import find_mentions
from readlist.notes import Note

# (text as written in a note, [(surface exactly as written, resource key)])
CASES: list[tuple[str, list[tuple[str, str]]]] = [
    # Markdown forms
    (
        "[ResNet](https://arxiv.org/abs/1512.03385)",
        [("https://arxiv.org/abs/1512.03385", "arxiv:1512.03385")],
    ),
    (
        '[t](https://ruder.io/optimizing-gradient-descent/ "An overview")',
        [
            (
                "https://ruder.io/optimizing-gradient-descent/",
                "url:https://ruder.io/optimizing-gradient-descent",
            )
        ],
    ),
    (
        "[text][ref]\n\n[ref]: https://distill.pub/2016/augmented-rnns/",
        [
            (
                "https://distill.pub/2016/augmented-rnns/",
                "url:https://distill.pub/2016/augmented-rnns",
            )
        ],
    ),
    (
        "[ref]: <https://nlpprogress.com/english/summarization.html>",
        [
            (
                "https://nlpprogress.com/english/summarization.html",
                "url:https://nlpprogress.com/english/summarization.html",
            )
        ],
    ),
    (
        "see <https://paperswithcode.com/sota>",
        [("https://paperswithcode.com/sota", "url:https://paperswithcode.com/sota")],
    ),
    ("[https://ruder.io](https://ruder.io)", [("https://ruder.io", "url:https://ruder.io/")]),
    (
        "[![badge](https://img.shields.io/badge/x.svg)](https://github.com/owner/repo)",
        [("https://github.com/owner/repo", "github:owner/repo")],
    ),
    # bare URLs and trailing punctuation
    (
        "Read https://ruder.io/nlp-imagenet/.",
        [("https://ruder.io/nlp-imagenet/", "url:https://ruder.io/nlp-imagenet")],
    ),
    (
        "Links: https://a.org/x, https://b.org/y; done",
        [("https://a.org/x", "url:https://a.org/x"), ("https://b.org/y", "url:https://b.org/y")],
    ),
    ("(see https://ruder.io/a)", [("https://ruder.io/a", "url:https://ruder.io/a")]),
    ("really? https://ruder.io/a!", [("https://ruder.io/a", "url:https://ruder.io/a")]),
    ("**https://ruder.io/bold**", [("https://ruder.io/bold", "url:https://ruder.io/bold")]),
    ("'https://ruder.io/q'", [("https://ruder.io/q", "url:https://ruder.io/q")]),
    ('"https://ruder.io/dq"', [("https://ruder.io/dq", "url:https://ruder.io/dq")]),
    (
        "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
        [
            (
                "http://karpathy.github.io/2015/05/21/rnn-effectiveness/",
                "url:https://karpathy.github.io/2015/05/21/rnn-effectiveness",
            )
        ],
    ),
    ("HTTPS://RUDER.IO/Upper", [("HTTPS://RUDER.IO/Upper", "url:https://ruder.io/Upper")]),
    (
        "https://PyTorch.org/docs/stable/optim.html",
        [
            (
                "https://PyTorch.org/docs/stable/optim.html",
                "url:https://pytorch.org/docs/stable/optim.html",
            )
        ],
    ),
    ("https://example.org:443/a", [("https://example.org:443/a", "url:https://example.org/a")]),
    (
        "http://example.org:8080/a",
        [("http://example.org:8080/a", "url:https://example.org:8080/a")],
    ),
    (
        "https://example.org/page#section-2",
        [("https://example.org/page#section-2", "url:https://example.org/page")],
    ),
    # Hangul and other text glued to the end
    (
        "https://arxiv.org/abs/1512.03385에서 확인",
        [("https://arxiv.org/abs/1512.03385", "arxiv:1512.03385")],
    ),
    ("https://x.org/a에서", [("https://x.org/a", "url:https://x.org/a")]),
    ("https://ruder.io는 좋은 블로그", [("https://ruder.io", "url:https://ruder.io/")]),
    ("(https://ruder.io/a)를 보면", [("https://ruder.io/a", "url:https://ruder.io/a")]),
    (
        "https://ko.wikipedia.org/wiki/딥_러닝 참고",
        [("https://ko.wikipedia.org/wiki/딥_러닝", "url:https://ko.wikipedia.org/wiki/딥_러닝")],
    ),
    ("https://ruder.io/a。다음", [("https://ruder.io/a", "url:https://ruder.io/a")]),
    ("https://ruder.io/a，b", [("https://ruder.io/a", "url:https://ruder.io/a")]),
    # Wikipedia parentheses kept
    (
        "https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)",
        [
            (
                "https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)",
                "url:https://en.wikipedia.org/wiki/Transformer_(machine_learning_model)",
            )
        ],
    ),
    (
        "[attn](https://en.wikipedia.org/wiki/Attention_(machine_learning))",
        [
            (
                "https://en.wikipedia.org/wiki/Attention_(machine_learning)",
                "url:https://en.wikipedia.org/wiki/Attention_(machine_learning)",
            )
        ],
    ),
    (
        "(https://en.wikipedia.org/wiki/Attention_(machine_learning))",
        [
            (
                "https://en.wikipedia.org/wiki/Attention_(machine_learning)",
                "url:https://en.wikipedia.org/wiki/Attention_(machine_learning)",
            )
        ],
    ),
    # www. and bare domains
    (
        "www.deeplearningbook.org",
        [("www.deeplearningbook.org", "url:https://www.deeplearningbook.org/")],
    ),
    (
        "see www.fast.ai/posts/x.html.",
        [("www.fast.ai/posts/x.html", "url:https://www.fast.ai/posts/x.html")],
    ),
    ("arxiv-sanity.com", [("arxiv-sanity.com", "url:https://arxiv-sanity.com/")]),
    ("- arxiv-sanity.com\n  - 키워드", [("arxiv-sanity.com", "url:https://arxiv-sanity.com/")]),
    ("ruder.io 에 정리", [("ruder.io", "url:https://ruder.io/")]),
    ("nlpprogress.com에서 SOTA 확인", [("nlpprogress.com", "url:https://nlpprogress.com/")]),
    (
        "distill.pub/2016/augmented-rnns",
        [("distill.pub/2016/augmented-rnns", "url:https://distill.pub/2016/augmented-rnns")],
    ),
    ("Montreal.AI 페이지", [("Montreal.AI", "url:https://montreal.ai/")]),
    ("news.naver.co.kr", [("news.naver.co.kr", "url:https://news.naver.co.kr/")]),
    ("youtu.be/dQw4w9WgXcQ", [("youtu.be/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ")]),
    (
        "[timm](github.com/rwightman/pytorch-image-models)",
        [("github.com/rwightman/pytorch-image-models", "github:rwightman/pytorch-image-models")],
    ),
    # arXiv in every form
    (
        "https://arxiv.org/pdf/1512.03385v1.pdf",
        [("https://arxiv.org/pdf/1512.03385v1.pdf", "arxiv:1512.03385")],
    ),
    ("arxiv.org/pdf/1810.04805.pdf", [("arxiv.org/pdf/1810.04805.pdf", "arxiv:1810.04805")]),
    (
        "http://export.arxiv.org/abs/1409.0473",
        [("http://export.arxiv.org/abs/1409.0473", "arxiv:1409.0473")],
    ),
    (
        "https://arxiv.org/abs/2010.11929v2",
        [("https://arxiv.org/abs/2010.11929v2", "arxiv:2010.11929")],
    ),
    (
        "https://arxiv.org/pdf/2105.08050",
        [("https://arxiv.org/pdf/2105.08050", "arxiv:2105.08050")],
    ),
    (
        "https://arxiv.org/abs/cs/0112017",
        [("https://arxiv.org/abs/cs/0112017", "arxiv:cs/0112017")],
    ),
    (
        "https://arxiv.org/abs/math.GT/0309136v2",
        [("https://arxiv.org/abs/math.GT/0309136v2", "arxiv:math.GT/0309136")],
    ),
    (
        "https://huggingface.co/papers/2105.01601",
        [("https://huggingface.co/papers/2105.01601", "arxiv:2105.01601")],
    ),
    ("arXiv:1706.03762", [("arXiv:1706.03762", "arxiv:1706.03762")]),
    ("arXiv 1412.6980 참고", [("arXiv 1412.6980", "arxiv:1412.6980")]),
    ("(arXiv:1409.0473v7)", [("arXiv:1409.0473v7", "arxiv:1409.0473")]),
    ("old style cs/0112017 id", [("cs/0112017", "arxiv:cs/0112017")]),
    ("논문 2105.08050 을 읽음", [("2105.08050", "arxiv:2105.08050")]),
    # DOIs
    (
        "https://doi.org/10.1109/TVCG.2013.212",
        [("https://doi.org/10.1109/TVCG.2013.212", "doi:10.1109/tvcg.2013.212")],
    ),
    # Videos embedded by Hugo shortcodes and Jekyll includes
    ("{{< youtube w7Ft2ymGmfc >}}", [("{{< youtube w7Ft2ymGmfc >}}", "youtube:w7Ft2ymGmfc")]),
    (
        '{{< youtube id="TrdevFK_am4" title="ViT" >}} 와 {{% vimeo 146022717 %}}',
        [
            ('{{< youtube id="TrdevFK_am4" title="ViT" >}}', "youtube:TrdevFK_am4"),
            ("{{% vimeo 146022717 %}}", "url:https://vimeo.com/146022717"),
        ],
    ),
    (
        '{% include video id="XsxDH4HcOWA" provider="youtube" %}',
        [('{% include video id="XsxDH4HcOWA" provider="youtube" %}', "youtube:XsxDH4HcOWA")],
    ),
    (
        '{% include youtube.html id="dQw4w9WgXcQ" %} {% youtube 8aGhZQkoFbQ %}',
        [
            ('{% include youtube.html id="dQw4w9WgXcQ" %}', "youtube:dQw4w9WgXcQ"),
            ("{% youtube 8aGhZQkoFbQ %}", "youtube:8aGhZQkoFbQ"),
        ],
    ),
    # URLs joined by a comma or semicolon are several
    (
        "https://a.org/x,https://b.org/y;http://c.org/z",
        [
            ("https://a.org/x", "url:https://a.org/x"),
            ("https://b.org/y", "url:https://b.org/y"),
            ("http://c.org/z", "url:https://c.org/z"),
        ],
    ),
    (
        "https://web.archive.org/web/2020/https://distill.pub/2017/ctc/",
        [
            (
                "https://web.archive.org/web/2020/https://distill.pub/2017/ctc/",
                "url:https://web.archive.org/web/2020/https://distill.pub/2017/ctc",
            )
        ],
    ),
    # arXiv's own DOIs are the arXiv paper, written as a link or in text
    (
        "https://doi.org/10.48550/arXiv.1706.03762 와 doi:10.48550/arXiv.1810.04805",
        [
            ("https://doi.org/10.48550/arXiv.1706.03762", "arxiv:1706.03762"),
            ("doi:10.48550/arXiv.1810.04805", "arxiv:1810.04805"),
        ],
    ),
    (
        "https://dx.doi.org/10.1038/nature14539",
        [("https://dx.doi.org/10.1038/nature14539", "doi:10.1038/nature14539")],
    ),
    ("(doi:10.1038/nature14539)", [("doi:10.1038/nature14539", "doi:10.1038/nature14539")]),
    (
        "DOI: 10.1145/3292500.3330701.",
        [("DOI: 10.1145/3292500.3330701", "doi:10.1145/3292500.3330701")],
    ),
    (
        "https://dl.acm.org/doi/10.1145/3292500.3330701",
        [("https://dl.acm.org/doi/10.1145/3292500.3330701", "doi:10.1145/3292500.3330701")],
    ),
    (
        "https://www.nature.com/articles/nature14539",
        [("https://www.nature.com/articles/nature14539", "doi:10.1038/nature14539")],
    ),
    # GitHub repositories
    (
        "https://github.com/sebastianruder/NLP-progress",
        [("https://github.com/sebastianruder/NLP-progress", "github:sebastianruder/nlp-progress")],
    ),
    (
        "https://github.com/huggingface/transformers/tree/main/src/transformers/models/bert",
        [
            (
                "https://github.com/huggingface/transformers/tree/main/src/transformers/models/bert",
                "github:huggingface/transformers",
            )
        ],
    ),
    (
        "https://github.com/pytorch/vision/blob/main/torchvision/models/resnet.py",
        [
            (
                "https://github.com/pytorch/vision/blob/main/torchvision/models/resnet.py",
                "github:pytorch/vision",
            )
        ],
    ),
    (
        "https://github.com/pytorch/vision.git",
        [("https://github.com/pytorch/vision.git", "github:pytorch/vision")],
    ),
    (
        "https://github.com/topics/nlp",
        [("https://github.com/topics/nlp", "url:https://github.com/topics/nlp")],
    ),
    # YouTube
    (
        "https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s",
        [("https://www.youtube.com/watch?v=dQw4w9WgXcQ&t=42s", "youtube:dQw4w9WgXcQ")],
    ),
    (
        "https://youtu.be/dQw4w9WgXcQ?si=abc",
        [("https://youtu.be/dQw4w9WgXcQ?si=abc", "youtube:dQw4w9WgXcQ")],
    ),
    (
        "https://www.youtube.com/embed/dQw4w9WgXcQ",
        [("https://www.youtube.com/embed/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ")],
    ),
    (
        "https://m.youtube.com/shorts/dQw4w9WgXcQ",
        [("https://m.youtube.com/shorts/dQw4w9WgXcQ", "youtube:dQw4w9WgXcQ")],
    ),
    # tracking parameters dropped
    (
        "https://huggingface.co/blog/how-to-generate?utm_source=twitter&utm_medium=social",
        [
            (
                "https://huggingface.co/blog/how-to-generate?utm_source=twitter&utm_medium=social",
                "url:https://huggingface.co/blog/how-to-generate",
            )
        ],
    ),
    (
        "https://ruder.io/a/?ref=tfkr&fbclid=IwAR1kQ8",
        [("https://ruder.io/a/?ref=tfkr&fbclid=IwAR1kQ8", "url:https://ruder.io/a?ref=tfkr")],
    ),
    (
        "https://example.org/s?q=a+b&page=2",
        [("https://example.org/s?q=a+b&page=2", "url:https://example.org/s?q=a+b&page=2")],
    ),
    # two URLs on one line, and a link whose text is another URL
    (
        "https://a.org/1 https://b.org/2",
        [("https://a.org/1", "url:https://a.org/1"), ("https://b.org/2", "url:https://b.org/2")],
    ),
    # code: scheme URLs in code blocks count, bare names do not
    (
        "```python\n# see https://pytorch.org/docs\nimport torch.nn as nn\nx = np.io\n```",
        [("https://pytorch.org/docs", "url:https://pytorch.org/docs")],
    ),
    (
        "`https://pytorch.org/docs` and `ruder.io`",
        [("https://pytorch.org/docs", "url:https://pytorch.org/docs")],
    ),
]

# Text in which there is nothing to read.
NOT_URLS = [
    "model.py 를 열고 config.yaml 수정",
    "import torch.nn as nn",
    "torch.nn.Module",
    "nn.Module",
    "F.relu(x)",
    "e.g. ResNet",
    "i.e. 같은 말",
    "etc.",
    "v1.2.3",
    "3.14",
    "np.array([1])",
    "someone@example.com 으로 메일",
    "train.sh 실행",
    "plt.show()",
    "df.info",
    "README.md",
    "setup.cfg",
    "Node.js 와 Vue.js",
    "os.path.join",
    "self.name = name",
    "a.b",
    "1.5x faster",
    "2019.12 발표",
    "![](https://example.com/fig.png)",
    "![alt](https://example.com/figure)",
    '<img src="https://example.com/img">',
    "![]({{site.url}}/assets/images/38e99848.png)",
    "![]({{ site.url }}/assets/images/x.png)",
    "https://example.com/logo.svg",
    "http://localhost:8888/tree",
    "http://127.0.0.1:8000/docs",
    "https://192.168.0.10/admin 공유기",
    "http://10.0.0.5:8080/lab",
    "http://[::1]:8000/",
    "http://169.254.169.254/latest/meta-data",
    "[[Wiki Link]]",
    '{% include video id="abc123" %}',  # no provider: which site is it?
    "`{{< youtube w7Ft2ymGmfc >}}` 로 넣는다",
    "```\n{{< youtube w7Ft2ymGmfc >}}\n```",
    "[relative](../other-note.md)",
    "[anchor](#section)",
    "https://",
    "http:// broken",
    "model.pt 로 저장",
    "data.zip 압축",
    "ResNet-50.pth",
    "1512.03385.5",
    "123.45678",
    "[[2021-09-09-day29-transformer-bert|Transformer]]",
]


def _found(text: str, site_url: str | None = None) -> list[tuple[str, str]]:
    note = Note(path="n.md", root="/", text=text)
    return [(m.surface, m.target.key) for m in find_mentions(note, site_url=site_url)]


@pytest.mark.parametrize(("text", "expected"), CASES, ids=[c[0][:40] for c in CASES])
def test_url_case(text: str, expected: list[tuple[str, str]]) -> None:
    assert _found(text) == expected


@pytest.mark.parametrize("text", NOT_URLS)
def test_not_a_url(text: str) -> None:
    assert _found(text) == []


def test_table_is_large() -> None:
    assert len(CASES) + len(NOT_URLS) >= 60


def test_site_url_resolves_liquid_links() -> None:
    text = "[prev]({{ site.url }}/2021/08/day33/) and ![]({{site.url}}/assets/images/a.png)"
    assert _found(text, site_url="https://me.github.io") == [
        ("{{ site.url }}/2021/08/day33/", "url:https://me.github.io/2021/08/day33"),
    ]
    assert _found(text) == []  # without --site-url there is nothing to resolve


def test_site_baseurl() -> None:
    text = "[x]({{ site.baseurl }}/about)"
    assert _found(text, site_url="https://me.github.io/blog") == [
        ("{{ site.baseurl }}/about", "url:https://me.github.io/blog/about"),
    ]


def test_mention_lines_and_context_follow_the_file() -> None:
    text = "---\ntitle: t\n---\n\nfirst\n- see https://ruder.io/a 좋음\n"
    from readlist.notes import parse_note_text

    note = parse_note_text(Note(path="n.md", root="/"), text)
    (mention,) = find_mentions(note)
    assert (mention.line, mention.surface, mention.context) == (
        6,
        "https://ruder.io/a",
        "- see https://ruder.io/a 좋음",
    )


def test_long_line_context_is_a_window() -> None:
    text = "x" * 5000 + " https://ruder.io/a " + "y" * 5000
    (mention,) = find_mentions(Note(path="n.md", root="/", text=text))
    assert "https://ruder.io/a" in mention.context
    assert len(mention.context) <= 302


URL_CHUNKS = "http https ftp :// // : @ [ ] ::1 a x.org - / ? # 8080 user . 딥 %20 Ａ".split()
URL_PIECES = st.lists(st.sampled_from([*URL_CHUNKS, " ", "\t", "\x01"]), max_size=10).map("".join)


@settings(max_examples=1000, deadline=None)
@given(URL_PIECES)
def test_the_quick_host_check_agrees_with_urlsplit(url: str) -> None:
    try:
        expected = bool(urlsplit(url).hostname)
    except ValueError:
        expected = False
    assert urls._has_host(url) == expected


FENCE_PIECES = st.lists(
    st.sampled_from(["```", "````", "~~~", "`", " ", "    ", "\t", "\n", "code", "~~~~"]),
    max_size=16,
).map("".join)
_FENCE_AT_LINE_START = re.compile(r"^[ \t]{0,3}(`{3,}|~{3,})", re.MULTILINE)


@settings(max_examples=1000, deadline=None)
@given(FENCE_PIECES)
def test_fenced_blocks_are_found_as_a_line_anchored_search_finds_them(text: str) -> None:
    expected: list[tuple[int, int]] = []
    if "```" in text or "~~~" in text:
        fences = iter(_FENCE_AT_LINE_START.finditer(text))
        for opening in fences:
            marker = opening.group(1)
            for closing in fences:
                if closing.group(1)[0] == marker[0] and len(closing.group(1)) >= len(marker):
                    expected.append((opening.start(), closing.end()))
                    break
            else:
                expected.append((opening.start(), len(text)))
    assert list(urls._code_ranges(text)) == expected


@settings(max_examples=1000, deadline=None)
@given(URL_PIECES, st.sampled_from(["", "/a.png", "/x/b.JPG?s=1", "?q=/c.png", "#/d.css", "/e"]))
def test_the_quick_asset_check_agrees_with_urlsplit(url: str, tail: str) -> None:
    try:
        expected = urls._is_asset_path(urlsplit(url + tail).path)
    except ValueError:
        expected = False
    assert urls._is_asset_url(url + tail) == expected


@pytest.mark.parametrize(
    ("host", "domain", "suffix", "registry_suffix"),
    [
        ("en.wikipedia.org", "wikipedia", "org", "org"),
        ("news.bbc.co.uk", "bbc", "co.uk", "co.uk"),
        # A private rule: each github.io site is its own registered domain.
        ("ruder.github.io", "ruder", "github.io", "io"),
        ("github.io", "", "github.io", "io"),
        # Wildcard and exception rules (*.kawasaki.jp, !city.kawasaki.jp).
        ("a.b.kawasaki.jp", "a", "b.kawasaki.jp", "b.kawasaki.jp"),
        ("www.city.kawasaki.jp", "city", "kawasaki.jp", "kawasaki.jp"),
        # Unicode and punycode spellings of one TLD; the host keeps its own spelling.
        ("예시.한국", "예시", "한국", "한국"),
        ("example.xn--3e0b707e", "example", "xn--3e0b707e", "xn--3e0b707e"),
        ("WWW.Example.COM.", "example", "com", "com"),
        # No rule matches: code and numbers are not hosts.
        ("model.notatld", "", "", ""),
        ("192.168.0.1", "", "", ""),
        ("a..com", "", "", ""),
        # The list's own rule syntax is not a host
        ("!www.ck", "", "", ""),
        ("*.kawasaki.jp", "", "", ""),
    ],
)
def test_split_host_by_the_public_suffix_list(
    host: str, domain: str, suffix: str, registry_suffix: str
) -> None:
    parts = urls.split_host(host)
    assert (parts.domain, parts.suffix, parts.registry_suffix) == (domain, suffix, registry_suffix)
    assert parts.registered_domain == (f"{domain}.{suffix}" if domain else "")


def test_site_url_before_another_liquid_tag_is_left_alone() -> None:
    site = "https://me.github.io"
    text = (
        "[prev]({{ site.baseurl }}{% post_url 2021-01-01-x %}) "
        "[self]({{ site.url }}{{ page.url }}) [about]({{ site.baseurl }}/about/)"
    )
    # Only Jekyll knows where a post_url or page.url leads; /about/ resolves.
    assert _found(text, site_url=site) == [
        ("{{ site.baseurl }}/about/", "url:https://me.github.io/about")
    ]


def _parts_or_error(normalise: Callable[[str], object], url: str) -> object:
    try:
        return normalise(url)
    except ValueError:
        return "ValueError"


@settings(max_examples=1000, deadline=None)
@given(
    st.from_regex(ids._PLAIN_URL, fullmatch=True)
    | st.tuples(
        st.sampled_from(["http://", "https://", "HTTPS://", "http:/", "ftp://", " https://", ""]),
        st.lists(
            st.sampled_from(["a", "b-c", "0", ".", "A", "xn--p1ai", "한", "@", ":80", "_"])
        ).map("".join),
        st.lists(
            st.sampled_from(
                ["/", "x", "%20", "?", "#", " ", "\t", "@", ":", "한", ";", "..", "\x7f"]
            )
        ).map("".join),
    ).map("".join)
)
def test_plain_urls_normalise_as_urlsplit_reads_them(url: str) -> None:
    """The URLs read without urlsplit (http(s), a lower-case ASCII host, a path) come
    out as urlsplit's reading of them does."""
    fast = _parts_or_error(ids._normalised_parts, url)
    assert fast == _parts_or_error(ids._split_and_normalise, url.strip()), url


def _open_bracket_char_by_char(text: str, close: int) -> int:
    """_matching_open_bracket as it was first written: a character at a time."""
    depth = 0
    line_start = text.rfind("\n", 0, close) + 1
    for index in range(close, line_start - 1, -1):
        char = text[index]
        if char == "]":
            depth += 1
        elif char == "[":
            depth -= 1
            if depth == 0:
                return index
    return -1


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["[", "]", "](", "!", "a", "\n", " "]), max_size=30).map("".join))
def test_matching_open_bracket_as_a_scan_finds_it(text: str) -> None:
    for close in range(-1, len(text)):
        expected = _open_bracket_char_by_char(text, close)
        assert urls._matching_open_bracket(text, close) == expected, (text, close)


@settings(max_examples=500, deadline=None)
@given(
    st.sampled_from(["", "http", "https", "mailto"]),
    st.sampled_from(["", "a.b", "u@h:80", "[::1]", "H.org"]),
    st.sampled_from(["", "/", "x", "/x", "//x", "x/y"]),
    st.sampled_from(["", "q=1"]),
    st.sampled_from(["", "f"]),
)
def test_unsplit_joins_as_urlunsplit(
    scheme: str, netloc: str, path: str, query: str, fragment: str
) -> None:
    parts = (scheme, netloc, path, query, fragment)
    assert ids._unsplit(*parts) == urlunsplit(parts)


@settings(max_examples=500, deadline=None)
@given(st.lists(st.sampled_from(["a", "B", "@", ":", "%", "[", "]", "1", ".", "Ü"])).map("".join))
def test_hostname_reads_as_urlsplit(netloc: str) -> None:
    parts = SplitResult("https", netloc, "/", "", "")
    try:
        expected = parts.hostname or ""
    except ValueError:
        expected = "ValueError"
    try:
        found = ids._hostname(parts)
    except ValueError:
        found = "ValueError"
    assert found == expected, netloc


@settings(max_examples=300, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 40), st.integers(0, 8)), max_size=12),
    st.lists(st.integers(0, 50), max_size=12),
)
def test_urls_inside_a_link_text_are_dropped_as_a_scan_drops_them(
    texts: list[tuple[int, int]], starts: list[int]
) -> None:
    link_texts = [(a, a + n) for a, n in texts]
    hits = [urls.UrlHit(s, s + 5, "x", "https://x.org", "bare", False) for s in starts]
    hits += [
        urls.UrlHit(a, b, "y", "https://y.org", "inline", False, (a, b)) for a, b in link_texts
    ]
    kept = urls._drop_link_text_duplicates("", hits)
    assert kept == [h for h in hits if not any(a <= h.start < b for a, b in link_texts)]
