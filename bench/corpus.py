"""A deterministic corpus of notes in the style of the samples, with its planted truth.

    python bench/corpus.py OUT_DIR --notes 1000 [--seed 1]

Each note has Jekyll front matter, paragraphs of Korean mixed with English (about
13 KB a note, like the shared sample and the 130 MB per 10,000 notes of the
performance issue), 5-30 links in every form, 5-20 paper/model names with spelling
variants, image links and a code block; about 1 in 500 is a 200 KB outlier.
The links include the forms of issue #16: international hosts in Unicode and punycode,
paths holding brackets and quotes, links glued together or to punctuation, links
around an image (badges and image pages are planted as nothing), host syntax that
makes no link, and 1 note in 50 has a bad byte (its links are still planted).
`truth.jsonl` lists the URLs planted per note (each as a URL with its scheme).
"""

from __future__ import annotations

import argparse
import json
import random
from pathlib import Path

KOREAN = (
    "오늘 강의에서는 {} 에 대해 배웠음",
    "{} 를 처음 읽을 때는 그림부터 보는 게 좋음",
    "{}는 구조가 단순해서 구현하기 쉬움",
    "논문 정리는 {} 참고",
    "실습에서 {} 로 학습시켜 봄",
    "{} 이라는 논문이 재밌었음",
    "질문: {} 이랑 비교하면 뭐가 다른가?",
)
ENGLISH = (
    "The key idea of {} is simple.",
    "I compared {} with the baseline.",
    "See {} for the details.",
    "{} is worth reading twice.",
)
NAMES = (
    "Res-Net",
    "ResNet-50",
    "res net",
    "VGG-Net",
    "Dense-Net",
    "SE-Net",
    "mobile-net",
    "efficient-net",
    "MLP Mixer",
    "Pay Attention to MLP",
    "Transformer",
    "BERT",
    "GPT-3",
    "LSTM",
    "GRU",
    "Adam",
    "AdamW",
    "Batch Normalization",
    "Dropout",
    "ViT",
    "U-Net",
    "YOLO",
    "DETR",
    "word2vec",
    "GloVe",
    "ELMo",
    "HuggingFace",
    "DeepMind",
    "NLP-progress",
    "arxiv-sanity",
    "Papers with Code",
    "ImageNet",
    "COCO",
    "GLUE",
    "SQuAD",
    "UTOPIAN",
)
# Explanation between the links, as lecture notes have: no links and no names.
PROSE = (
    "이번 주에는 모델의 구조보다 학습 과정에서 생기는 문제를 더 자세히 다뤘다.",
    "손실 함수가 줄어들지 않을 때는 학습률과 배치 크기를 먼저 확인하는 것이 좋다.",
    "데이터 전처리 단계에서 토큰화 방식이 성능에 큰 영향을 준다는 점이 인상적이었다.",
    "과제를 하면서 검증 데이터의 분포가 학습 데이터와 다르다는 것을 알게 되었다.",
    "정규화 기법은 여러 가지가 있는데, 상황에 따라 적절한 것을 골라야 한다.",
    "멘토님께서는 논문을 읽을 때 실험 설정과 한계점을 꼭 정리하라고 하셨다.",
    "The gradient vanishes quickly when the network gets deeper without skip connections.",
    "We spent most of the session on how attention weights are computed and normalised.",
    "A larger batch needs a warm-up phase, otherwise the first steps overshoot.",
    "피어세션에서 각자 구현한 코드를 비교해 보니 초기화 방법이 서로 달랐다.",
    "평가 지표는 정확도만 보지 말고 정밀도와 재현율을 함께 봐야 한다.",
    "The teaching assistant showed how to profile the data loader before blaming the GPU.",
    "오늘 배운 내용을 내일 실습에서 직접 적용해 볼 예정이다.",
    "Overfitting showed up after the third epoch, so we added early stopping.",
)
HOSTS = (
    "ruder.io",
    "distill.pub",
    "lilianweng.github.io",
    "jalammar.github.io",
    "pytorch.org",
    "huggingface.co",
    "paperswithcode.com",
    "en.wikipedia.org",
    "medium.com",
    "velog.io",
    *tuple(f"blog{i}.example.org" for i in range(40)),
)


def _arxiv(rng: random.Random) -> str:
    return f"{rng.randint(15, 23):02d}{rng.randint(1, 12):02d}.{rng.randint(1, 19999):05d}"


# International hosts (issue #16), each written in Unicode or in punycode: one site.
IDN_HOSTS = (
    "한국.kr",
    "президент.рф",
    "bürgerentscheid-krankenhäuser.de",
    "예시.한국",
    "ドメイン.jp",
)
# Paths holding brackets, braces and quotes that pair up.
BRACKETED = ("blah_[other]", "blah_{I'm_king}", 'blah_"doublequoted"', "blah_'singlequoted'")


def _url(rng: random.Random) -> tuple[str, list[str]]:
    """(text as written, the URLs it stands for: none, one or two)."""
    host = rng.choice(HOSTS)
    path = "/".join(rng.choice(("posts", "2021", "nlp", "cv", "notes", "guide")) for _ in range(2))
    url = f"https://{host}/{path}/{rng.randint(1, 999)}"
    form = rng.randrange(15)
    if form == 0:
        return f"[링크]({url})", [url]
    if form == 1:
        return f"<{url}>", [url]
    if form == 2:
        return f"{url}에서", [url]
    if form == 3:
        return f"({url}).", [url]
    if form == 4:
        arxiv = _arxiv(rng)
        return (
            f"https://arxiv.org/abs/{arxiv}v{rng.randint(1, 3)}",
            [f"https://arxiv.org/abs/{arxiv}"],
        )
    if form == 5:
        repo = f"https://github.com/owner{rng.randint(1, 99)}/repo{rng.randint(1, 99)}"
        return repo, [repo]
    if form == 6:
        www = f"www.{host.split('.')[0]}.com/{path}"
        return www, ["https://" + www]
    if form == 7:
        return f"{url}?utm_source=twitter", [url]
    if form == 8:
        return _international(rng, path)
    if form == 9:
        bracketed = f"{url}/{rng.choice(BRACKETED)}"
        return rng.choice(("{} 참고", "({})", "{}.")).format(bracketed), [bracketed]
    if form == 10:
        return _adjacent(rng, url, f"https://{rng.choice(HOSTS)}/{path}/{rng.randint(1, 999)}")
    if form == 11:
        return _linked_image(rng, url)
    if form == 12:
        # Host syntax that makes no link (issue #16), or a URL glued to a word (GFM starts
        # one only after a space, `*`, `_`, `~` or `(`): planted as nothing.
        bad = rng.choice(("x{}", "https://.{}/", "https://-{}/", "https://{}:70000/"))
        return bad.format(url if bad == "x{}" else host), []
    return url, [url]


def _international(rng: random.Random, path: str) -> tuple[str, list[str]]:
    host = rng.choice(IDN_HOSTS)
    url = f"https://{host}/{path}"
    written = url if rng.random() < 0.5 else f"https://{host.encode('idna').decode()}/{path}"
    return rng.choice(("{}", "{}에서", "[{}]({})")).format(written, written), [url]


def _adjacent(rng: random.Random, url: str, other: str) -> tuple[str, list[str]]:
    """Links glued together or to punctuation, which Markdown ends where it says."""
    form = rng.randrange(6)
    if form == 0:
        return f"[ResNet]({url})(2015)", [url]
    if form == 1:
        return f"({url}),({other})", [url, other]
    if form == 2:
        return f"[a]({url})[b]({other})", [url, other]
    if form == 3:
        return f"<{url}>,<{other}>", [url, other]
    if form == 4:
        return f"「{url}」", [url]
    return f"([자료]({url}))", [url]


def _linked_image(rng: random.Random, url: str) -> tuple[str, list[str]]:
    """A link whose only content is an image: a badge or an image's page is nothing to
    read; a figure linking to a paper is the paper."""
    form = rng.randrange(3)
    if form == 0:
        return (
            f"[![build](https://img.shields.io/badge/build-passing-green.svg)]"
            f"(https://travis-ci.org/owner{rng.randint(1, 99)}/repo)",
            [],
        )
    if form == 1:
        image = rng.randbytes(4).hex()
        return (
            f'<a href="https://imgur.com/{image}"><img src="https://i.imgur.com/{image}.png"></a>',
            [],
        )
    arxiv = _arxiv(rng)
    return (
        f"[![figure](https://{rng.choice(HOSTS)}/fig.png)](https://arxiv.org/abs/{arxiv})",
        [f"https://arxiv.org/abs/{arxiv}"],
    )


def write_note(rng: random.Random, index: int, folder: Path) -> dict[str, object]:
    lines = [
        "---",
        f'title: "Day_{index % 100} [강의] note {index}"',
        f"date: 2021-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}",
        "categories:",
        f"  - Boostcamp_AI_Tech/Week_{index % 20}",
        "tags:",
        "  - nlp",
        "---",
        "",
        f"# 강의 노트 {index}",
        "",
    ]
    planted: list[str] = []
    links = rng.randint(5, 30)
    names = rng.randint(5, 20)
    # Interleave sections of prose with link and name bullets, in a random order.
    items = ["link"] * links + ["name"] * names
    rng.shuffle(items)
    for position, item in enumerate(items):
        if position % 4 == 0:
            lines += ["", f"## {position // 4 + 1}. 정리", ""]
            paragraph = " ".join(rng.choice(PROSE) for _ in range(rng.randint(5, 14)))
            lines += [paragraph, ""]
        if item == "link":
            text, urls = _url(rng)
            planted += urls
            lines.append(f"- {rng.choice(('참고', '자료', 'See', 'Slides'))}: {text}")
            if rng.random() < 0.3:
                lines.append(f"![]({{{{site.url}}}}/assets/images/{rng.randbytes(4).hex()}.png)")
        else:
            lines.append("- " + rng.choice(KOREAN + ENGLISH).format(rng.choice(NAMES)))
    lines += [
        "",
        "```python",
        "import torch.nn as nn",
        "model = nn.Linear(3, 4)  # model.py",
        "```",
    ]
    if rng.random() < 0.002:
        lines += ["- 긴 로그 " + "가나다 abc " * 20000]
    path = folder / f"{index // 1000:03d}" / f"2021-01-01-note-{index:06d}.md"
    path.parent.mkdir(parents=True, exist_ok=True)
    data = ("\n".join(lines) + "\n").encode("utf-8")
    if rng.random() < 0.02:
        # A note with a bad byte (a truncated character, a stray NUL) is read, its links
        # kept (issue #16): put one at the start of a line of prose.
        at = data.index(b"\n", len(data) // 2) + 1
        data = data[:at] + rng.choice((b"\xed\xa0\x80", b"\xea\xb0", b"\x00")) + data[at:]
    path.write_bytes(data)
    return {"path": path.relative_to(folder).as_posix(), "urls": planted}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--notes", type=int, default=1000)
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    rng = random.Random(args.seed)
    args.out.mkdir(parents=True, exist_ok=True)
    with open(args.out / "truth.jsonl", "w", encoding="utf-8") as truth:
        for index in range(args.notes):
            truth.write(json.dumps(write_note(rng, index, args.out)) + "\n")


if __name__ == "__main__":
    main()
