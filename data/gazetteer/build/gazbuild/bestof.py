"""ml-tooling's "best-of" lists (best-of-ml-python, best-of-python, best-of-web-python): their
`projects.yaml`, one project per item, as the best-of generator reads it:

    categories:
      - {category: ml-frameworks, title: Machine Learning Frameworks, subtitle: ...}
      - {category: chinese-nlp, title: Chinese NLP, ignore: True}
    projects:
      - name: PyTorch Lightning
        github_id: Lightning-AI/lightning
        pypi_id: pytorch-lightning
        category: ml-frameworks
        labels: ["pytorch"]

One record per project, a `tool` by default: its name as the list writes it, its repository
(https://github.com/<github_id>, else its GitLab repository, else its homepage or docs) and
topic tags from its category's id and title (`tags_for`: "Image Data" is vision). Only names
and links are taken: no description, no star count.

Aliases: the PyPI id or the GitHub repository's name only when it is the same name with a
package's affix ("pytorch-ignite" for Ignite, "dm-sonnet" for Sonnet, "umap-learn" for UMAP,
"pytesseract" for Tesseract, "OpenNMT-py"). Not the name in another case ("pytorch-lightning"
for "PyTorch Lightning"): the merge and the loader keep one spelling of a name that folds
alike. Never a different name ("lightning" for pytorch-lightning, "torch" for PyTorch, "gym"
for OpenAI Gym), an ordinary English word nor one under three letters.
A name that a note writes as a word (`reads_as_a_word`: Ignite, Celery, six, baselines,
decorator, typing) is left out; when the project has a package id that is the name with an
affix, that id is its name ("pytorch-ignite", "fbprophet"; not "dvc" for DVC).
Left out: the list's `resource` items (links to other lists, specifications, benchmarks),
projects of an ignored category, and a name that two projects of the list share ("arrow"
the dates library, "Arrow" Apache's columnar format). Every record defers (as a link
list's item does): a name an earlier source gives keeps its entry ("Tensorflow" joins
nothing it does not own).
"""

from __future__ import annotations

import re
import sys
from collections import defaultdict
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from .linklist import is_generic
from .records import Record, clean_name, common_words, fold, is_junk, merge_tags, tags_for


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The records of one best-of `projects.yaml`."""
    data = yaml.safe_load(text) or {}
    categories = {
        str(c.get("category")): c for c in data.get("categories") or () if isinstance(c, dict)
    }
    projects = [
        (clean_name(str(p.get("name") or "")), p)
        for p in data.get("projects") or ()
        if isinstance(p, dict) and not p.get("resource")
    ]
    homes: dict[str, set[str | None]] = defaultdict(set)
    for name, project in projects:
        homes[fold(name)].add(_home(project))
    for name, project in projects:
        category = categories.get(str(project.get("category") or ""), {})
        if category.get("ignore") or is_junk(name) or len(homes[fold(name)]) > 1:
            continue  # two projects of one name (arrow, the dates; Arrow, Apache's): neither
        aliases = _aliases(name, project)
        if reads_as_a_word(name):
            # Ignite as "pytorch-ignite"; never DVC as "dvc", Datasets as "datasets"
            affixed = [a for a in aliases if not reads_as_a_word(a)]
            if not affixed:
                continue
            name, aliases = affixed[0], tuple(affixed[1:])
        yield Record(
            name=name,
            kind=str(options.get("kind", "tool")),
            path=path,
            url=_home(project),
            aliases=aliases,
            tags=merge_tags(
                options.get("tags") or (),
                tags_for(str(project.get("category") or ""), str(category.get("title") or "")),
            ),
            defers=True,
        )


def reads_as_a_word(name: str) -> bool:
    """Names a note writes as words, not as the project: what a link list leaves out
    (`linklist.is_generic`: Celery, Ignite, Determined, Datasets, "six", TTS), but for a
    coined acronym of four or five capitals (CNTK, TPOT, DALI); and a name in lower case that
    is an English word's form (baselines, decorator, robustness, humanize, parameterized),
    a module of Python's standard library (typing, ipaddress: the backport is named for it)
    or a word of programming prose (param, attrs, finetune, markdown)."""
    letters = re.sub(r"[\W_]", "", name)
    if letters.isalpha() and letters.isupper() and len(letters) in (4, 5):
        return letters.casefold() in common_words()
    if is_generic(name, "tool"):
        return True
    if not re.fullmatch(r"[a-z]+", name):
        return False
    return name in sys.stdlib_module_names or name in _CODE_WORDS or _is_word_form(name)


# Words of programming and ML prose that the list of ordinary English words lacks (two
# words run together among them: "finetune" is a verb in any ML note, but "sentencepiece"
# and "speechbrain" are names, and no list tells them apart).
_CODE_WORDS = frozenset(
    "param params attrs args kwargs config enum regex util utils finetune markdown "
    "semaphore".split()
)
# English endings: a name that is an ordinary word with one of these is a word's form.
_ENDINGS = ("s", "es", "ing", "ed", "er", "or", "ors", "ness", "ize", "ized", "ity", "ment")


def _is_word_form(name: str) -> bool:
    """Whether a lower-case name is an ordinary word, or one with an English ending
    ("baselines", "decorator": decorate + or, "humanize")."""
    words = common_words()
    if name in words:
        return True
    for ending in _ENDINGS:
        stem = name.removesuffix(ending)
        if stem != name and len(stem) >= 4 and (stem in words or stem + "e" in words):
            return True
    return False


def _home(project: Mapping[str, Any]) -> str | None:
    """The project's repository, else its home page or docs."""
    if project.get("github_id"):
        return f"https://github.com/{str(project['github_id']).strip('/')}"
    if project.get("gitlab_id"):
        return f"https://gitlab.com/{str(project['gitlab_id']).strip('/')}"
    for field in ("homepage", "docs_url"):
        if str(project.get(field) or "").startswith(("https://", "http://")):
            return str(project[field])
    return None


def _aliases(name: str, project: Mapping[str, Any]) -> tuple[str, ...]:
    """The PyPI id and the repository's name, when each is the name with a package's affix."""
    candidates = [str(project.get("pypi_id") or "")]
    candidates.append(str(project.get("github_id") or "").rpartition("/")[2])
    aliases: list[str] = []
    for alias in candidates:
        folded = fold(alias)
        if alias in aliases or not _affixed(folded, fold(name)):
            continue
        if len(re.sub(r"[\W\d_]", "", alias)) < 3 or folded in common_words():
            continue
        aliases.append(alias)
    return tuple(aliases)


# What a package's name adds to its project's name ("pytorch-ignite", "umap-learn", "pyro-ppl"),
# folded as records.fold folds.
_PREFIXES = ("python", "pytorch", "torch", "tensorflow", "tf", "dm", "fb", "py")
_SUFFIXES = (
    *("python", "pytorch", "toolkit", "platform", "learn", "nlp", "ppl", "lib", "opt"),
    *("py", "ml", "rl", "tf"),
)


def _affixed(alias: str, name: str) -> bool:
    """Whether a folded package id is the folded name with one affix."""
    return any(alias == p + name for p in _PREFIXES) or any(alias == name + s for s in _SUFFIXES)
