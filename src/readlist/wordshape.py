"""The shape of a word that says it is a coined name, and the capitalised words that are
never names (one home for each test)."""

from __future__ import annotations

import re

from readlist.entries import normalise_name


def looks_like_a_name(word: str) -> bool:
    """UTOPIAN, FooNet, T5, word2vec-like coinages; not an ordinary capitalised word."""
    letters = [c for c in word if c.isalpha()]
    if len(letters) >= 3 and all(c.isupper() for c in letters):
        return True
    return any(c.isdigit() for c in word) or any(c.isupper() for c in word[1:])


def is_a_word(word: str, common_words: frozenset[str]) -> bool:
    """Does an English dictionary (data/common-words.txt) hold `word`, in any case, or its
    singular ("Datasets")? A word a link or a cue alone does not make a name."""
    lowered = word.lower()
    return bool({lowered, lowered.removesuffix("s"), lowered.removesuffix("es")} & common_words)


# A Hangul syllable: Korean text, which has no capitals to tell a name from a word.
HANGUL = re.compile("[가-힣]")

# The small words a title keeps in lower case ("Pay Attention to MLPs").
SMALL_WORDS = r"(?:of|for|and|the|to|in|into|on|with|is|are|a|an|via|from|by)"
# The characters an English title is written in.
TITLE_CHARACTERS = re.compile(r"[A-Za-z0-9 ,:'’?!-]+")


def looks_like_a_title(text: str) -> bool:
    """ "Language Models are Few-Shot Learners", not "Something bad happened" or code."""
    words = text.split()
    if len(words) < 3 or not TITLE_CHARACTERS.fullmatch(text):
        return False
    capitalised = [w for w in words if w[0].isupper()]
    if all(w.isupper() for w in capitalised) and len(capitalised) == len(words):
        return False  # SHOUTING, or an identifier such as LATIN CAPITAL LETTER A
    small = sum(1 for w in words if re.fullmatch(SMALL_WORDS, w))
    title_case = sum(1 for w in capitalised if any(c.islower() for c in w))
    return title_case >= 2 and len(capitalised) * 2 >= len(words) - small + 1


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
        "JavaScript",
        "TypeScript",
        "CoffeeScript",
        "PowerShell",
        "PowerPoint",
        "macOS",
        "iPadOS",
        "watchOS",
        "iPhone",
        "iPad",
        "WiFi",
        "eBook",
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
