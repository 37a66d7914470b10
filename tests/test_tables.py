"""Names in the name column of a results table (issue #14): each row's model, dataset or
paper, of the kind the column's header says; never a number, a placeholder or a phrase."""

from __future__ import annotations

from readlist.candidates import find_candidates
from readlist.tables import find_table_names

LEADERBOARD = """# GLUE 결과

| Model | MNLI | SST-2 |
|-------|-----:|------:|
| ALUM (Liu et al., 2020) | 90.9 | 97.1 |
| MT-DNN-SMART [12] | 91.1 | 97.5 |
| **T5-11B** | 92.2 | 97.5 |
| Ours | 93.0 | 97.9 |
| Human | 92.0 | 97.8 |
| Logistic Regression | 60.1 | 80.0 |

| Dataset | 크기 |
| --- | --- |
| Yelp Review Polarity | 560k |
| AG News | 120k |
| [DBpedia](https://dbpedia.org) | 560k |
| 7 | x |

| 모델 | 정확도 |
|---|---|
| KcELECTRA-base | 91.7 |
| 기존 모델 | 88.0 |
"""


def _guesses(text: str) -> list[tuple[str, str]]:
    return [(h.name, h.kind) for h in find_candidates(text) if h.confidence == 0.6]


def test_each_row_of_a_name_column_names_its_thing() -> None:
    assert _guesses(LEADERBOARD) == [
        ("MNLI", "dataset"),  # a results table's other columns: the datasets it scores on
        ("SST-2", "dataset"),
        ("ALUM", "model"),  # the citation after it is not part of the name
        ("MT-DNN-SMART", "model"),  # nor a footnote mark
        ("T5-11B", "model"),  # bold is markup
        ("Yelp Review Polarity", "dataset"),
        ("AG News", "dataset"),
        ("KcELECTRA-base", "model"),
    ]


def test_the_span_is_the_name_as_written() -> None:
    for cell in find_table_names(LEADERBOARD):
        assert LEADERBOARD[cell.start : cell.end] == cell.name


def test_placeholders_phrases_links_and_other_columns_are_not_names() -> None:
    names = {cell.name for cell in find_table_names(LEADERBOARD)}
    assert not names & {"Ours", "Human", "기존 모델", "90.9", "560k"}
    assert "DBpedia" not in names  # a link: its text already names the linked page
    # "Logistic Regression" is a cell of the column, but an ordinary phrase, not a name.
    assert "Logistic Regression" in names
    assert ("Logistic Regression", "model") not in _guesses(LEADERBOARD)


def test_a_table_without_a_name_column_or_text_without_tables() -> None:
    scores = "| Split | Acc |\n|---|---|\n| dev | 90.1 |\n| MT-DNN | 91 |\n"
    assert list(find_table_names(scores)) == []
    assert list(find_table_names("a | b\nno table here | at all\n")) == []


def test_the_table_ends_at_the_first_line_that_is_not_a_row() -> None:
    text = "| Model | Acc |\n|---|---|\n| FooNet-7 | 1 |\n\nBarNet-9 | prose with a pipe\n"
    assert [cell.name for cell in find_table_names(text)] == ["FooNet-7"]


def test_a_results_tables_columns_are_its_datasets_but_not_its_metrics() -> None:
    text = (
        "| 모델 | **PAWS**<br/>(acc) | KorQuAD 2.1 (EM/F1) | Top-1 | mAP | Params | Avg |\n"
        "|:-:|:-:|:-:|:-:|:-:|:-:|:-:|\n"
        "| FooNet-7 | 81 | 52 | 70 | 40 | 7B | 3 |\n"
    )
    assert [(c.name, c.kind) for c in find_table_names(text)] == [
        ("PAWS", "dataset"),
        ("KorQuAD 2.1", "dataset"),
        ("FooNet-7", "model"),  # a one-dash delimiter row makes a table too
    ]


def test_a_leaderboard_with_an_empty_corner_names_models_in_its_first_column() -> None:
    text = (
        "|                | Win Rate | **QuillQA**<br/>(em/f1) |\n"
        "|:---------------|---------:|------:|\n"
        "| quokka-13b     |     95.3 | 70.60 / 81.4 |\n"
        "| **FooNet-v2**  |   **88.4** |   - |\n"
        "| Accuracy       |     50.0 | 61.2 |\n"
    )
    assert [(c.name, c.kind) for c in find_table_names(text)] == [
        ("QuillQA", "dataset"),  # a header that looks like a name; not "Win Rate"
        ("quokka-13b", "model"),
        ("FooNet-v2", "model"),
        ("Accuracy", "model"),  # a cell of the column: find_candidates keeps coined ones only
    ]
    assert ("Accuracy", "model") not in _guesses(text)


def test_an_empty_corner_over_words_is_no_leaderboard() -> None:
    # A comparison table: its cells are words, not scores.
    text = (
        "|  | Pros | Cons |\n|---|---|---|\n| FooNet-7 | fast | big |\n| BarNet | small | slow |\n"
    )
    assert list(find_table_names(text)) == []


def test_a_dataset_header_that_opens_like_a_metric_is_still_a_dataset() -> None:
    # "Naver" starts like "NA" and "ARC" like "AR"; "AP50" and "ROUGE-L" are metrics
    text = "| Model | Naver NER | ARC | AP50 | ROUGE-L |\n|---|---|---|---|---|\n| FooNet-7 | 1 | 2 | 3 | 4 |\n"
    assert [c.name for c in find_table_names(text)] == ["Naver NER", "ARC", "FooNet-7"]


def test_a_publisher_column_beside_the_models_names_organisations() -> None:
    text = (
        "| Model Name | Publisher | Open? | HellaSwag |\n"
        "| --- | --- | --- | --- |\n"
        "| [quill-7b](https://example.org/quill) | Quillworks | yes | 0.71 |\n"
        "| QuillLM-13B | Vellum AI | no | 0.74 |\n"
        "| tern-1b | - | no | |\n"
    )
    assert [(n.name, n.kind) for n in find_table_names(text)] == [
        ("HellaSwag", "dataset"),
        ("Quillworks", "org"),
        ("QuillLM-13B", "model"),
        ("Vellum AI", "org"),
        ("tern-1b", "model"),
    ]
    # guessed as names: the publishers (any capitalised words), the coined models
    guessed = [(h.name, h.kind) for h in find_candidates(text)]
    assert ("Quillworks", "org") in guessed and ("Vellum AI", "org") in guessed
    assert ("Publisher", "org") not in guessed and ("Open?", "org") not in guessed


def test_a_named_corner_over_two_columns_of_scores_names_models_in_the_first() -> None:
    text = (
        "| Agent | CartPole | Breakout |\n|---|---:|---:|\n"
        "| QuillDQN | 500 | 401.2 |\n| TernA2C | 487 | 350.0 |\n| Random | 22 | 1.7 |\n\n"
        "| Topic | Count |\n|---|---|\n| EMNLP | 5 |\n| IEEE | 1 |\n"
    )
    # the scored rows' names ("Random" is a placeholder); not the headers (no "Model" says
    # they are datasets), and not a one-column count's rows
    assert [(n.name, n.kind) for n in find_table_names(text)] == [
        ("QuillDQN", "model"),
        ("TernA2C", "model"),
    ]
    assert [h.name for h in find_candidates(text)] == ["QuillDQN", "TernA2C"]


def test_a_name_cell_keeps_its_name_without_the_links_after_it() -> None:
    text = (
        "| Model | Paper | Samples |\n|:---:|:---:|:---:|\n"
        "| QuillVAE ([Code][quill_code], [Config][quill_config]) | [Link](https://example.org) | ![][2] |\n"
        "| Tern Quill (RBF Kernel) ([Code][tern]) | [Link](https://example.org) | ![][3] |\n"
    )
    assert [(n.name, n.kind) for n in find_table_names(text)] == [
        ("QuillVAE", "model"),
        ("Tern Quill (RBF Kernel)", "model"),
    ]
