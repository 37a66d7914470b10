"""Records from every source → one entry per thing, and the decisions that took.

The rule (data/gazetteer/README.md repeats it):
1. Records with the same arXiv id are one thing; so are records with the same DOI. A DOI-only
   thing whose title folds like an arXiv thing's title is that thing (preprint and journal
   version). Records with no id are one thing per folded name (case, spaces, hyphens, dots).
2. A thing without an id whose name is a name or alias of a thing with an id is that thing
   (the strongest one, if several).
3. Strength: the source's place in sources.yaml (earlier wins), then how many sources agree,
   then the name in alphabetical order (so the outcome never depends on reading order).
4. A thing's name is its best candidate: a short name the sources give (a title only when
   none gives one), by strength. Its other short names become aliases when they are
   related (one contains the other, or the title contains it); an unrelated second name for
   the same id is dropped and listed ("one id, two names"). A name in lower case that
   another source capitalises ("redis", "Redis") is shown capitalised, with both spellings
   kept: a package list does not say how a name is written in prose.
5. Names are unique: stronger things choose first; a thing whose name a stronger thing holds
   takes its next candidate, then its title, else it is dropped ("one name, two ids").
   Aliases are handed out after all names, in the same order.
6. A record that defers (an item of a link list: a tool, site or book with no id) is dropped
   when a record of another source that does not defer already uses its name (or has it as
   its title): "Spark" the
   tool does not join SparK the model, nor AWS "Glue" the GLUE benchmark ("name held").
7. Fields come from the strongest record that has them; a `paper` yields its kind to a more
   specific one (dataset, model, tool …) that any source gives; differing years are listed.
"""

from __future__ import annotations

import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from .records import Record, arxiv_url, fold, merge_tags

_KIND_ORDER = ("dataset", "model", "tool", "book", "site", "org", "concept", "paper")


@dataclass
class Conflict:
    rule: str
    name: str
    candidates: str
    winner: str
    sources: str

    def row(self) -> str:
        cells = (self.rule, self.name, self.candidates, self.winner, self.sources)
        return "\t".join(c.replace("\t", " ").replace("\n", " ") for c in cells)


CONFLICT_HEADER = "rule\tname\tcandidates\twinner\tsources"


@dataclass
class _Thing:
    records: list[Record] = field(default_factory=list)

    @property
    def strength(self) -> tuple[int, int, str]:
        best = min(r.priority for r in self.records)
        return (best, -len({r.source for r in self.records}), fold(self.records[0].name))

    @property
    def arxiv(self) -> str | None:
        value: str | None = _best(self.records, "arxiv")
        return value

    @property
    def doi(self) -> str | None:
        value: str | None = _best(self.records, "doi")
        return value

    @property
    def title(self) -> str | None:
        value: str | None = _best(self.records, "title")
        return value

    def candidates(self) -> list[str]:
        """Spellings this thing may be named by, best first: short names, then titles."""
        scores: dict[str, tuple[int, int, int, str]] = {}
        spelling: dict[str, str] = {}
        sources: dict[str, set[str]] = defaultdict(set)
        for record in self.records:
            key = fold(record.name)
            sources[key].add(record.source)
            score = (0 if record.named else 1, record.priority, 0, key)
            if key not in scores or score < scores[key]:
                scores[key], spelling[key] = score, record.name
        ranked = sorted(scores, key=lambda k: (*scores[k][:2], -len(sources[k]), k))
        return [spelling[k] for k in ranked]

    def named_spellings(self) -> list[str]:
        names = [r.name for r in self.records if r.named]
        names += [a for r in self.records for a in r.aliases]
        return list(dict.fromkeys(names))


def _best(records: Iterable[Record], attribute: str) -> Any:
    for record in sorted(records, key=lambda r: r.priority):
        value = getattr(record, attribute)
        if value:
            return value
    return None


def _sources(records: Iterable[Record]) -> str:
    return ", ".join(sorted({r.source.split("@")[0] + ":" + r.path for r in records}))


def merge_records(records: list[Record]) -> tuple[list[dict[str, Any]], list[Conflict]]:
    """Entries (dicts in the harvested JSONL form, sorted by name) and the conflicts decided."""
    conflicts: list[Conflict] = []
    things = _group(_without_held_names(records, conflicts), conflicts)
    things.sort(key=lambda t: t.strength)
    taken: dict[str, int] = {}  # folded spelling → index of the thing that holds it
    names: dict[int, str] = {}
    for index, thing in enumerate(things):
        name = _choose_name(thing, index, things, taken, conflicts)
        if name is not None:
            names[index] = name
            taken[fold(name)] = index
    entries = []
    for index, thing in enumerate(things):
        if index not in names:
            continue
        aliases = _aliases(thing, index, names[index], things, taken, conflicts)
        name, aliases = _as_capitalised(names[index], aliases)
        entries.append(_entry(thing, name, aliases, conflicts))
    entries.sort(key=lambda e: (e["name"].casefold(), e["name"]))
    return entries, conflicts


def _without_held_names(records: list[Record], conflicts: list[Conflict]) -> list[Record]:
    """Records that defer lose to any other source's record of that folded name, alias or
    title."""
    held: dict[str, list[Record]] = defaultdict(list)
    for record in records:
        if not record.defers:
            for spelling in {fold(s) for s in (record.name, *record.aliases, record.title) if s}:
                held[spelling].append(record)
    kept = []
    for record in records:
        holders = held.get(fold(record.name), []) if record.defers else []
        if not holders:
            kept.append(record)
            continue
        conflicts.append(
            Conflict(
                "name held by an entry of another source",
                record.name,
                f"{record.name} ({record.kind}); "
                + "; ".join(sorted({f"{h.name} ({h.kind})" for h in holders})),
                holders[0].name,
                _sources([record, *holders]),
            )
        )
    return kept


def _group(records: list[Record], conflicts: list[Conflict]) -> list[_Thing]:
    by_key: dict[str, _Thing] = {}
    for record in records:
        key = (
            f"arxiv:{record.arxiv}"
            if record.arxiv
            else f"doi:{record.doi}"
            if record.doi
            else f"name:{fold(record.name)}"
        )
        by_key.setdefault(key, _Thing()).records.append(record)
    # DOI-only things whose title is an arXiv thing's title: the journal version of a preprint.
    by_title = {fold(t.title): t for k, t in by_key.items() if k.startswith("arxiv:") and t.title}
    for key in [k for k in by_key if k.startswith("doi:")]:
        thing = by_key[key]
        if thing.title and (target := by_title.get(fold(thing.title))):
            target.records.extend(thing.records)
            del by_key[key]
    # Things without an id join the strongest thing with an id that has their name.
    spelled: dict[str, list[_Thing]] = defaultdict(list)
    for key, thing in by_key.items():
        if not key.startswith("name:"):
            for spelling in {fold(s) for s in (*thing.named_spellings(), thing.title or "")}:
                if spelling:
                    spelled[spelling].append(thing)
    for key in [k for k in by_key if k.startswith("name:")]:
        owners = sorted(spelled.get(key[5:], []), key=lambda t: t.strength)
        if not owners:
            continue
        thing = by_key.pop(key)
        if len(owners) > 1:
            conflicts.append(
                Conflict(
                    "name without id, several ids",
                    thing.records[0].name,
                    "; ".join(_describe(o) for o in owners),
                    _describe(owners[0]),
                    _sources(thing.records),
                )
            )
        owners[0].records.extend(thing.records)
    return list(by_key.values())


def _describe(thing: _Thing) -> str:
    key = thing.arxiv or thing.doi or "no id"
    return f"{thing.candidates()[0]} ({key})"


def _choose_name(
    thing: _Thing,
    index: int,
    things: list[_Thing],
    taken: dict[str, int],
    conflicts: list[Conflict],
) -> str | None:
    candidates = thing.candidates()
    if thing.title and thing.title not in candidates:
        candidates.append(thing.title)
    for position, candidate in enumerate(candidates):
        holder = taken.get(fold(candidate))
        if holder is None:
            return candidate
        if position == 0:
            conflicts.append(
                Conflict(
                    "one name, two ids",
                    candidate,
                    f"{_describe(things[holder])}; {_describe(thing)}",
                    _describe(things[holder]),
                    _sources([*things[holder].records, *thing.records]),
                )
            )
    conflicts.append(
        Conflict(
            "dropped: every name taken",
            candidates[0],
            "; ".join(candidates),
            "-",
            _sources(thing.records),
        )
    )
    return None


def _related(alias: str, name: str, title: str | None) -> bool:
    """One contains the other, the title contains it, or both are one family's members
    (WikiText-2 and WikiText-103, the two datasets of one paper: the same word first)."""
    a, n = fold(alias), fold(name)
    if a in n or n in a or bool(title and a in fold(title)):
        return True
    stem_a, stem_n = re.match(r"[a-z]*", a), re.match(r"[a-z]*", n)
    return bool(stem_a and stem_n and len(stem_a.group()) >= 4 and stem_a.group() == stem_n.group())


def _aliases(
    thing: _Thing,
    index: int,
    name: str,
    things: list[_Thing],
    taken: dict[str, int],
    conflicts: list[Conflict],
) -> list[str]:
    title = thing.title
    aliases: list[str] = []
    seen = {fold(name)}
    if name.islower():
        # "redis" from a package list, "Redis" from another: the other says how the name is
        # capitalised, which a name in lower case does not (the loader takes both spellings)
        cased = (s for s in thing.named_spellings() if fold(s) == fold(name) and not s.islower())
        spelling = next(cased, None)
        if spelling is not None:
            aliases.append(spelling)
    for spelling in thing.named_spellings():
        key = fold(spelling)
        if key in seen or (title and key == fold(title)):
            continue
        seen.add(key)
        holder = taken.get(key)
        if holder is not None and holder != index:
            continue  # a stronger thing is called this; listed when it took it as a name
        if not _related(spelling, name, title) and spelling not in _own_aliases(thing):
            conflicts.append(
                Conflict(
                    "one id, two names",
                    spelling,
                    f"{name}; {spelling} ({thing.arxiv or thing.doi})",
                    name,
                    _sources(thing.records),
                )
            )
            continue
        taken[key] = index
        aliases.append(spelling)
    return aliases


def _as_capitalised(name: str, aliases: list[str]) -> tuple[str, list[str]]:
    """A name in lower case whose first alias is the same name capitalised ("redis",
    "Redis"): the capitalised one is the name a reader sees, the other an alias."""
    if name.islower() and aliases and fold(aliases[0]) == fold(name):
        return aliases[0], [name, *aliases[1:]]
    return name, aliases


def _own_aliases(thing: _Thing) -> set[str]:
    """Aliases a source gives with the name ("Vision Transformer" for ViT): always related."""
    return {a for r in thing.records for a in r.aliases}


def _entry(
    thing: _Thing, name: str, aliases: list[str], conflicts: list[Conflict]
) -> dict[str, Any]:
    records = sorted(thing.records, key=lambda r: r.priority)
    kinds = Counter(r.kind for r in records)
    kind = records[0].kind
    if kind == "paper" and set(kinds) - {"paper"}:
        kind = next(k for k in _KIND_ORDER if k in kinds and k != "paper")
    entry: dict[str, Any] = {"name": name, "kind": kind}
    if aliases:
        entry["aliases"] = aliases
    if thing.title:
        entry["title"] = thing.title
    if thing.arxiv:
        entry["arxiv"] = thing.arxiv
    elif thing.doi:
        entry["doi"] = thing.doi
    years = {r.year for r in records if r.year}
    if years:
        entry["year"] = _best(records, "year")
        if len(years) > 1:
            conflicts.append(
                Conflict(
                    "years differ",
                    name,
                    "; ".join(f"{r.year} ({r.source.split('@')[0]})" for r in records if r.year),
                    str(entry["year"]),
                    _sources(records),
                )
            )
    url = (
        arxiv_url(thing.arxiv)
        if thing.arxiv
        else f"https://doi.org/{thing.doi}"
        if thing.doi
        else _best(records, "url")
    )
    if url:
        entry["url"] = url
    tags = merge_tags(*(r.tags for r in records))
    if tags:
        entry["tags"] = sorted(tags)
    entry["sources"] = sorted({f"{r.source}" for r in records})
    return entry
