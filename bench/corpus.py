"""A deterministic corpus of notes in the style of the samples, with its planted truth.

    python bench/corpus.py OUT_DIR --notes 1000 [--seed 1]

Each note has Jekyll front matter, Korean mixed with English, 5-30 links in every
form, 5-20 paper/model names with spelling variants, image links and a code block;
about 1 in 500 is a 200 KB outlier. `truth.jsonl` lists the URLs planted per note
(each as a URL with its scheme).
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


def _url(rng: random.Random) -> tuple[str, str]:
    """(text as written, the URL it stands for)."""
    host = rng.choice(HOSTS)
    path = "/".join(rng.choice(("posts", "2021", "nlp", "cv", "notes", "guide")) for _ in range(2))
    url = f"https://{host}/{path}/{rng.randint(1, 999)}"
    form = rng.randrange(9)
    if form == 0:
        return f"[링크]({url})", url
    if form == 1:
        return f"<{url}>", url
    if form == 2:
        return f"{url}에서", url
    if form == 3:
        return f"({url}).", url
    if form == 4:
        arxiv = _arxiv(rng)
        return (
            f"https://arxiv.org/abs/{arxiv}v{rng.randint(1, 3)}",
            f"https://arxiv.org/abs/{arxiv}",
        )
    if form == 5:
        repo = f"https://github.com/owner{rng.randint(1, 99)}/repo{rng.randint(1, 99)}"
        return repo, repo
    if form == 6:
        www = f"www.{host.split('.')[0]}.com/{path}"
        return www, "https://" + www
    if form == 7:
        return f"{url}?utm_source=twitter", url
    return url, url


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
    for _ in range(rng.randint(5, 30)):
        text, url = _url(rng)
        if url:
            planted.append(url)
        sentence = rng.choice(KOREAN + ENGLISH).format(rng.choice(NAMES))
        lines.append(f"- {sentence} {text}")
        if rng.random() < 0.3:
            lines.append(f"![]({{{{site.url}}}}/assets/images/{rng.randbytes(4).hex()}.png)")
    for _ in range(rng.randint(5, 20)):
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
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
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
