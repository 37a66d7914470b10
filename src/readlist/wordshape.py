"""The shape of a word that says it is a coined name, and the capitalised words that are
never names (one home for each test)."""

from __future__ import annotations

from readlist.entries import normalise_name


def looks_like_a_name(word: str) -> bool:
    """UTOPIAN, FooNet, T5, word2vec-like coinages; not an ordinary capitalised word."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


# Capitalised words that are not names of papers or models.
NOT_NAMES = frozenset(
    normalise_name(word)
    for word in [
        "AI",
        "ML",
        "DL",
        "NLP",
        "CV",
        "API",
        "GPU",
        "CPU",
        "TPU",
        "SOTA",
        "PDF",
        "URL",
        "CNN",
        "RNN",
        "DNN",
        "MLP",
        "Survey",
        "Review",
        "Paper",
        "Nature",
        "Science",
        "Figure",
        "Table",
        "Section",
        "Abstract",
        "Introduction",
        "Conclusion",
        "Related",
        "Work",
        "The",
        "This",
        "That",
        "These",
        "Deep",
        "Learning",
        "Machine",
        "Learning",
        "Neural",
        "Network",
        "Neural",
        "Networks",
        "Model",
        "Models",
        "Baseline",
        "Github",
        "GitHub",
        "Google",
        "Facebook",
        "Microsoft",
        "Naver",
        "Kakao",
        "Korean",
        "English",
        "Python",
        "PyTorch",
        "TensorFlow",
        "Keras",
        "Colab",
        "Kaggle",
        "Medium",
        "Blog",
        "Post",
        "Lecture",
        "Note",
        "Notes",
        "Week",
        "Day",
        "Boostcamp",
        "Image",
        "Text",
        "Data",
        "Dataset",
        "Benchmark",
        "Task",
        "Tasks",
        "Loss",
        "Metric",
        "Ablation",
        "Appendix",
        "Method",
        "Approach",
        "Result",
        "Results",
        "Experiment",
        "Experiments",
        "Q",
        "A",
        "TL",
        "DR",
        "OK",
        "YouTube",
        "Twitter",
    ]
) | frozenset(normalise_name(p) for p in ("Deep Learning", "Machine Learning", "Neural Network"))
