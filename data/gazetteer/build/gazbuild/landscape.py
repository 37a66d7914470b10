"""The CNCF landscape (cncf/landscape): `landscape.yml`, categories of subcategories of items:

    landscape:
      - category:
        name: Observability and Analysis
        subcategories:
          - subcategory:
            name: Observability
            items:
              - item:
                name: Prometheus
                homepage_url: https://prometheus.io/
                repo_url: https://github.com/prometheus/prometheus
                project: graduated

One record per item of the categories of software the source's `categories` option names
(Provisioning, Runtime, Orchestration & Management, App Definition and Development,
Observability and Analysis; not the members, the certified service providers nor the
training partners), a `tool` named as the landscape writes it, at its repository (else its
home page; no link when items of other names share it, `records.unshare_urls`). A trailing
aside is not part of the name ("Open Policy Agent (OPA)", "Upbound (member)"); it is an
alias when it is distinctive ("CDK for Kubernetes (CDK8s)"). Only names and links are taken.

Left out: a one-word name that a note writes as a word (`bestof.reads_as_a_word`: Harbor,
Flux, Envoy, Helm, Split, Keep; kiosk, sso) or whose lower-case form is one (Semaphore, a
word of programming prose; Eraser, Submariner): the loader would take such a name only
capitalised and with a cue after it, but a sentence's first word is capitalised and its
cues (model, dataset, network, library …) follow such words in ML notes ("Split dataset",
"Score model"). A name of several words stays (Apache Spark, Docker Compose, GitHub
Actions): the loader asks for the whole phrase as written. Every record defers: a name an
earlier source gives keeps its entry (Kubernetes, Docker, Redis).
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from typing import Any

import yaml

from .bestof import reads_as_a_word
from .records import Record, clean_name, is_distinctive, is_junk

_SAFE_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ASIDE = re.compile(r"^(?P<name>[^()]+?)\s*\((?P<aside>[^()]+)\)$")


def parse_file(path: str, text: str, options: Mapping[str, Any]) -> Iterator[Record]:
    """The software items of `landscape.yml` in the categories the options name."""
    categories = {str(c).casefold() for c in options.get("categories") or ()}
    data = yaml.load(text, Loader=_SAFE_LOADER) or {}
    for category in data.get("landscape") or ():
        if not isinstance(category, dict):
            continue
        if str(category.get("name") or "").casefold() not in categories:
            continue
        for subcategory in category.get("subcategories") or ():
            for item in (subcategory or {}).get("items") or ():
                record = _record(path, item, options)
                if record is not None:
                    yield record


def _record(path: str, item: Any, options: Mapping[str, Any]) -> Record | None:
    if not isinstance(item, dict):
        return None
    name, aside = _name_and_aside(clean_name(str(item.get("name") or "")))
    if is_junk(name) or reads_as_a_word_alone(name):
        return None
    return Record(
        name=name,
        kind=str(options.get("kind", "tool")),
        path=path,
        url=_home(item),
        aliases=(aside,) if aside and is_distinctive(aside) else (),
        tags=tuple(options.get("tags") or ()),
        defers=True,
    )


def reads_as_a_word_alone(name: str) -> bool:
    """A one-word name that a note writes as a word (Harbor, Flux, Envoy, kiosk), or
    whose lower-case form is a word of programming prose (Semaphore: "semaphores")."""
    return len(name.split()) == 1 and (reads_as_a_word(name) or reads_as_a_word(name.lower()))


def _name_and_aside(text: str) -> tuple[str, str | None]:
    """The name before a trailing "(…)" and what the brackets hold: "Open Policy Agent
    (OPA)", "CDK for Kubernetes (CDK8s)", "Upbound (member)"."""
    match = _ASIDE.match(text)
    if not match:
        return text, None
    return match.group("name"), match.group("aside").strip()


def _home(item: Mapping[str, Any]) -> str | None:
    """The item's repository, else its home page."""
    for field in ("repo_url", "homepage_url"):
        url = str(item.get(field) or "").strip()
        if url.startswith(("https://", "http://")):
            return url
    return None
