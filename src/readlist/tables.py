"""Names in the name column of a results table (issue #14: leaderboards and results tables).

Notes copy results tables: a column headed Model, Method, Dataset or 모델 lists one thing a
row, many of which no gazetteer knows yet ("ALUM", "MT-DNN-SMART", "T5-11B"); a leaderboard
whose corner cell is empty, over rows of scores, lists models in its first column. The cell of
that column is the name of what its row is about, of the kind its header says. A cell that
is a number, a placeholder ("Ours", "Baseline", "-") or a sentence is not; a citation or
footnote mark after the name is left out. Pure: text in, cells out.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from readlist.entries import normalise_name
from readlist.titles import GENERIC_LINK_TEXTS
from readlist.wordshape import looks_like_a_name

# A GFM table's delimiter row: "|---|:--:|", "|:-:|-|", "--- | ---" (two columns or more).
_DELIMITER = re.compile(
    r"^[ \t]*\|?[ \t]*:?-+:?[ \t]*(?:\|[ \t]*:?-+:?[ \t]*)+\|?[ \t]*$", re.MULTILINE
)
# Header words of a name column, and the kind of thing its cells name.
_HEADERS = {
    **dict.fromkeys(
        (
            "model",
            "models",
            "model name",
            "method",
            "methods",
            "approach",
            "architecture",
            "system",
            "network",
            "backbone",
            "algorithm",
            "모델",
            "모델명",
            "방법",
            "기법",
            "알고리즘",
            "아키텍처",
        ),
        "model",
    ),
    **dict.fromkeys(("paper", "papers", "title", "논문", "논문명", "제목"), "paper"),
    **dict.fromkeys(
        (
            "publisher",
            "organization",
            "organisation",
            "company",
            "developer",
            "developed by",
            "institution",
            "affiliation",
            "기관",
            "회사",
            "개발사",
            "소속",
        ),
        "org",
    ),
    **dict.fromkeys(("library", "libraries", "framework", "tool", "라이브러리"), "tool"),
    **dict.fromkeys(
        ("dataset", "datasets", "benchmark", "corpus", "데이터셋", "데이터", "말뭉치", "코퍼스"),
        "dataset",
    ),
}
# What a cell holds when it names no one thing.
_PLACEHOLDERS = frozenset(
    normalise_name(word)
    for word in (
        "ours",
        "our model",
        "baseline",
        "baselines",
        "human",
        "human performance",
        "random",
        "majority",
        "majority class",
        "previous sota",
        "sota",
        "average",
        "avg",
        "total",
        "n/a",
        "na",
        "none",
        "other",
        "others",
        "etc",
        "본 논문",
        "제안 모델",
        "기존 모델",
        "평균",
    )
)
_LINK = re.compile(r"!?\[([^\]\n]*)\]\([^)\n]*\)")  # a link or image: its text
_REFERENCE_LINK = re.compile(r"!?\[([^\]\n]*)\]\[[^\]\n]*\]")  # "[Code][vae_code]": its text
# "VAE (Code, Config)": the links a cell gives after its name, in brackets.
_LINK_GROUP = re.compile(r"\s*\((?P<words>[^()\n]*)\)\s*$")
_LINK_WORDS = frozenset({"config", "configs", "checkpoint", "checkpoints", "ckpt"})


def _without_link_group(cell: str) -> str:
    """The cell without a trailing group of link words ("(Code, Config)", "(paper, code)")."""
    group = _LINK_GROUP.search(cell)
    if group is None:
        return cell
    words = [w.strip().lower() for w in group.group("words").split(",")]
    if words and all(w in GENERIC_LINK_TEXTS or w in _LINK_WORDS for w in words):
        return cell[: group.start()]
    return cell


_MARKS = re.compile(r"\*\*|__|`|<[^>\n]*>")  # emphasis, code marks, tags
_TRAILER = re.compile(
    r"(?:\s*(?:\([^()\n]*\d{4}[^()\n]*\)|\[\d+\]|\[[^\]\n]*\]|[*†‡§¶]+|\(\d+\)))+\s*$"
)
_MOST_WORDS = {"model": 6, "dataset": 6, "paper": 20, "org": 6, "tool": 4}


@dataclass(frozen=True)
class TableName:
    start: int  # where the name is written in the text
    end: int
    name: str
    kind: str


def find_table_names(text: str) -> Iterator[TableName]:
    """The names in the name columns of the text's Markdown tables."""
    if "|" not in text:
        return
    for delimiter in _DELIMITER.finditer(text):
        header_end = delimiter.start() - 1
        if header_end <= 0:
            continue
        header_start = text.rfind("\n", 0, header_end) + 1
        columns = _cells(text, header_start, header_end)
        named = [
            (index, _HEADERS[key])
            for index, (_, _, cell) in enumerate(columns)
            if (key := cell.strip().strip("*_ ").lower()) in _HEADERS
        ]
        # Whether the other header cells may name datasets (a table headed "Model").
        scored_by_dataset = True
        if not named and _rows_are_scored(text, columns, delimiter.end() + 1):
            # "|  | Win Rate | NSMC<br/>(acc) |" over rows of numbers: a leaderboard names
            # its rows' models in its first column. Under a corner that says something else
            # ("| Agent | Score | Steps |") its other headers are not datasets for sure.
            named = [(0, "model")]
            scored_by_dataset = not columns[0][2].strip()
        if not named:
            continue
        # The first column that names things is what the table is about; a column of
        # publishers or libraries beside it ("| Model | Publisher |") names its own.
        kind = named[0][1]
        kept = [named[0], *((i, k) for i, k in named[1:] if k in ("org", "tool") and k != kind)]
        if kind == "model" and scored_by_dataset:
            # "|Model|Score|CoLA|SST-2|MRPC|": a results table's other columns are the
            # datasets its models are scored on.
            others = {i for i, _ in kept}
            for column, (start, end, cell) in enumerate(columns):
                found = _dataset_in_header(text, start, end, cell) if column not in others else None
                if found is not None:
                    yield found
        row_start = delimiter.end() + 1
        while row_start < len(text):
            row_end = text.find("\n", row_start)
            row_end = len(text) if row_end == -1 else row_end
            if "|" not in text[row_start:row_end]:
                break  # the table ends at the first line that is not a row
            cells = _cells(text, row_start, row_end)
            for column, column_kind in kept:
                if column < len(cells):
                    found = _name_in(text, *cells[column], column_kind)
                    if found is not None:
                        yield found
            row_start = row_end + 1


# What a results table's column measures when it names no dataset: metrics and costs.
_MEASURES = re.compile(
    r"(?:AP|AR|mAP|mIoU|IoU|F1|EM|Top-?\d+|[RP]@\d+|MRR|NDCG|AUC|BLEU|ROUGE|METEOR|CIDEr|PPL|FID|"
    r"IS|KID|PSNR|SSIM|LPIPS|WER|CER|MAE|MSE|RMSE|MAP|FLOPs|GFLOPs|TFLOPs|MACs|FPS|GPU|TPU|"
    r"Params|#Params|Param|ACC|SOTA|AVG|ID|URL|API|NA|N/A)"
    # a variant after a digit or a mark ("AP50", "mAP@.5", "ROUGE-L", "Acc."), not letters
    # running on ("Naver" is no "NA", "ARC" no "AR")
    r"(?:[0-9@./_-][\w@./-]*)?",
    re.IGNORECASE,
)
_HEADER_NOTE = re.compile(r"\s*(?:<br\s*/?>|\().*$", re.IGNORECASE)  # "PAWS<br/>(acc)"


def _dataset_in_header(text: str, start: int, end: int, cell: str) -> TableName | None:
    """A header cell of a results table that names a dataset: a coined name of up to three
    words ("SST-2", "KorQuAD 2.1", "MNLI-m"), not a metric ("Top-1", "mAP", "F1")."""
    plain = _MARKS.sub("", _HEADER_NOTE.sub("", _LINK.sub(r"\1", cell))).strip(" \t*_:")
    words = plain.split()
    if not 1 <= len(words) <= 3 or not any(looks_like_a_name(word) for word in words):
        return None
    if any(_MEASURES.fullmatch(word.strip("()[],")) for word in words):
        return None
    where = text.find(plain, start, end)
    return TableName(where, where + len(plain), plain, "dataset") if where >= 0 else None


# A score as tables write it: "95.3", "**91.97**", "70.60 / 81.4", "475M", "88%", "-".
_SCORE = re.compile(
    r"[*_]*(?:[-+]?\d[\d,]*(?:\.\d+)?\s*[%MBKk]?|[-–—])[*_]*"
    r"(?:\s*/\s*[*_]*\d[\d,]*(?:\.\d+)?[*_]*)*\s*(?:\(\s*[-+±]?\d[\d.]*\s*\))?"
)


def _rows_are_scored(text: str, header: list[tuple[int, int, str]], rows_start: int) -> bool:
    """Is this a results table: rows whose other cells are mostly numbers (its first
    rows), under an empty corner cell, or under a named one with two columns of scores or
    more?"""
    if len(header) < 2 or (header[0][2].strip() and len(header) < 3):
        return False  # "| Topic | Count |": one column of numbers counts, it scores nothing
    scores = cells = 0
    row_start = rows_start
    for _ in range(5):
        row_end = text.find("\n", row_start)
        row_end = len(text) if row_end == -1 else row_end
        if row_start >= len(text) or "|" not in text[row_start:row_end]:
            break
        for _, _, cell in _cells(text, row_start, row_end)[1:]:
            if cell.strip():
                cells += 1
                scores += _SCORE.fullmatch(cell.strip()) is not None
        row_start = row_end + 1
    return cells > 0 and scores * 3 >= cells * 2


def _cells(text: str, start: int, end: int) -> list[tuple[int, int, str]]:
    """The cells of one table row as (start, end, text), outer pipes dropped."""
    cells = []
    line = text[start:end]
    offset = start
    if line.lstrip().startswith("|"):
        skipped = line.index("|") + 1
        offset += skipped
        line = line[skipped:]
    if line.rstrip().endswith("|"):
        line = line[: line.rstrip().rfind("|")]
    position = 0
    for part in re.split(r"(?<!\\)\|", line):
        cells.append((offset + position, offset + position + len(part), part))
        position += len(part) + 1
    return cells


def _name_in(text: str, start: int, end: int, cell: str, kind: str) -> TableName | None:
    """The name a cell holds, or None. Its span is the text as written, when the cell is
    plain; a cell that is a link is left to the link (its text already names it)."""
    if _LINK.search(cell) and not _LINK.sub("", cell).strip(" *_`"):
        return None
    plain = _MARKS.sub("", _LINK.sub(r"\1", _REFERENCE_LINK.sub(r"\1", cell)))
    plain = _without_link_group(_TRAILER.sub("", plain)).strip(" \t:;,")
    key = normalise_name(plain)
    if not plain or not any(c.isalpha() for c in plain) or key in _PLACEHOLDERS:
        return None
    if len(plain.split()) > _MOST_WORDS[kind] or len(plain) > 150:
        return None  # a sentence, not a name
    where = text.find(plain, start, end)
    if where == -1:
        return None  # marks inside the name: no span says it as written
    return TableName(where, where + len(plain), plain, kind)


def column_header_at(text: str, offset: int) -> str | None:
    """The header of the table column that `offset` stands in, or None outside a table's
    body ("| MIT |" under "| License |" says which licence, not which institute)."""
    line_start = text.rfind("\n", 0, offset) + 1
    if not text.startswith("|", line_start) and not text[line_start:offset].lstrip().startswith(
        "|"
    ):
        return None
    column = text.count("|", line_start, offset) - 1
    row = line_start
    while row > 0:
        above = text.rfind("\n", 0, row - 1) + 1
        line = text[above : row - 1]
        if _DELIMITER.fullmatch(line):
            header_end = above - 1
            header_start = text.rfind("\n", 0, header_end) + 1
            cells = _cells(text, header_start, header_end)
            return cells[column][2] if 0 <= column < len(cells) else None
        if "|" not in line:
            return None
        row = above
    return None
