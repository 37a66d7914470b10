"""Build data/gazetteer/harvested/ and data/gazetteer/SOURCES.md from the sources in
sources.yaml, each read at its pinned commit."""

from __future__ import annotations

import json
import logging
from collections import Counter, defaultdict
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from . import (
    arxivjson,
    awsservices,
    bestof,
    bibreadme,
    datacards,
    freebooks,
    ganzoo,
    hfdocs,
    icons,
    landscape,
    linklist,
    lmeval,
    mdlist,
    nlpprogress,
    openmmlab,
    repometa,
    rlenvs,
    timm,
)
from .merge import CONFLICT_HEADER, Conflict, merge_records
from .records import KINDS, Record, is_junk, unshare_urls
from .snapshot import BuildError, Snapshot, clone, locate

log = logging.getLogger(__name__)

Parser = Callable[..., Iterator[Record]]
PARSERS: dict[str, Parser] = {
    "mdlist": mdlist.parse_file,
    "linklist": linklist.parse_file,
    "ganzoo": ganzoo.parse_file,
    "nlpprogress": nlpprogress.parse_file,
    "openmmlab": openmmlab.parse_file,
    "timm": timm.parse_file,
    "hfdocs": hfdocs.parse_file,
    "lmeval": lmeval.parse_file,
    "arxivjson": arxivjson.parse_file,
    "bibreadme": bibreadme.parse_file,
    "datacards": datacards.parse_file,
    "bestof": bestof.parse_file,
    "freebooks": freebooks.parse_file,
    "awsservices": awsservices.parse_file,
    "repometa": repometa.parse_file,
    "landscape": landscape.parse_file,
    "icons": icons.parse_file,
    "gymnasium": rlenvs.parse_registry,
    "ale": rlenvs.parse_ale_page,
}
_NEEDS_READER = {"openmmlab", "gymnasium", "ale"}
# What a parser does once it has read every file of its source (records across files).
FINISHERS: dict[str, Callable[[list[Record]], list[Record]]] = {
    "datacards": datacards.unshare_papers,
    "awsservices": awsservices.newest_versions,
    "repometa": unshare_urls,
    "landscape": unshare_urls,
}
_FIELDS = ("repo", "commit", "licence", "parser", "paths", "taken")


@dataclass
class Source:
    repo: str
    commit: str
    licence: str
    parser: str
    paths: list[str]
    taken: str
    exclude: list[str] = field(default_factory=list)
    options: dict[str, Any] = field(default_factory=dict)
    note: str = ""


def load_sources(path: Path) -> list[Source]:
    """The sources file: a YAML list, in priority order (earlier wins a conflict)."""
    data = yaml.safe_load(path.read_text(encoding="utf-8")) or []
    sources = []
    for number, item in enumerate(data, 1):
        missing = [f for f in _FIELDS if not item.get(f)]
        if missing:
            raise BuildError(f"{path}: source {number} lacks {', '.join(missing)}")
        if item["parser"] not in PARSERS:
            raise BuildError(f"{path}: source {item['repo']}: no parser {item['parser']!r}")
        if len(str(item["commit"])) != 40:
            raise BuildError(f"{path}: source {item['repo']}: commit is not a 40-hex id")
        sources.append(Source(**item))
    return sources


def harvest(source: Source, snapshot: Snapshot, priority: int) -> list[Record]:
    """Every record one source gives, stamped with its file at the pinned commit."""
    parse = PARSERS[source.parser]
    paths = snapshot.files(source.paths, source.exclude)
    if not paths:
        raise BuildError(f"{source.repo}@{source.commit}: no file matches {source.paths}")
    records: list[Record] = []
    for start in range(0, len(paths), 500):
        chunk = paths[start : start + 500]
        texts = snapshot.read_many(chunk)
        for path in chunk:
            if path not in texts:
                continue
            extra = {"read": snapshot.read} if source.parser in _NEEDS_READER else {}
            for record in parse(path, texts[path], source.options, **extra):
                if record.kind not in KINDS or is_junk(record.name, is_title=not record.named):
                    continue
                stamp = f"{source.repo}@{source.commit}:{path}"
                records.append(record.with_source(stamp, priority))
    finish = FINISHERS.get(source.parser)
    return finish(records) if finish else records


def build(sources: list[Source], sources_dir: Path, out: Path, *, allow_clone: bool) -> str:
    """Read every source, merge, write the files; returns a one-line summary."""
    records: list[Record] = []
    per_source: dict[str, int] = {}
    files: dict[str, int] = {}
    for priority, source in enumerate(sources):
        git_dir = locate(sources_dir, source.repo)
        if git_dir is None:
            if not allow_clone:
                raise BuildError(
                    f"{sources_dir}: no snapshot of {source.repo} (run with --clone to fetch it)"
                )
            git_dir = clone(sources_dir, source.repo, source.commit)
        snapshot = Snapshot(git_dir, source.commit)
        found = harvest(source, snapshot, priority)
        log.info("%s: %d records", source.repo, len(found))
        per_source[source.repo] = len(found)
        files[source.repo] = len({r.path for r in found})
        records.extend(found)
    entries, conflicts = merge_records(records)
    harvested = out / "harvested"
    harvested.mkdir(parents=True, exist_ok=True)
    _write_entries(harvested / "entries.jsonl", entries)
    _write_conflicts(harvested / "conflicts.tsv", conflicts)
    (out / "SOURCES.md").write_text(
        render_sources(sources, entries, per_source, files, len(conflicts)), encoding="utf-8"
    )
    return f"{len(entries)} entries from {len(records)} records, {len(conflicts)} conflicts"


def _write_entries(path: Path, entries: list[dict[str, Any]]) -> None:
    lines = [json.dumps(e, ensure_ascii=False, separators=(",", ":")) for e in entries]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")


def _write_conflicts(path: Path, conflicts: list[Conflict]) -> None:
    rows = sorted({c.row() for c in conflicts})
    path.write_text("\n".join([CONFLICT_HEADER, *rows]) + "\n", encoding="utf-8")


def _has_id(entry: Mapping[str, Any]) -> bool:
    return "arxiv" in entry or "doi" in entry


def render_sources(
    sources: list[Source],
    entries: list[dict[str, Any]],
    per_source: Mapping[str, int],
    files: Mapping[str, int],
    conflicts: int,
) -> str:
    """SOURCES.md: each source with its commit, licence and counts; totals and id coverage."""
    by_repo: dict[str, list[Mapping[str, Any]]] = defaultdict(list)
    for entry in entries:
        for repo in {s.split("@", 1)[0] for s in entry["sources"]}:
            by_repo[repo].append(entry)
    kinds = Counter(e["kind"] for e in entries)
    papers = [e for e in entries if e["kind"] in ("paper", "model")]
    with_id = sum(_has_id(e) for e in papers)
    lines = [
        "# Sources of the harvested gazetteer",
        "",
        "Generated by `make gazetteer` (data/gazetteer/build/); do not edit by hand.",
        "Each source is read at the pinned commit only. From every source only facts are taken:",
        "names, aliases, paper titles, arXiv ids, DOIs, years, links and section topics; no",
        "descriptions, abstracts or other prose.",
        "",
        f"**{len(entries)} entries**; {conflicts} merge decisions in harvested/conflicts.tsv.",
        "",
        "| kind | entries | with arXiv id or DOI |",
        "| --- | ---: | ---: |",
    ]
    for kind, count in sorted(kinds.items(), key=lambda kv: -kv[1]):
        ids = sum(_has_id(e) for e in entries if e["kind"] == kind)
        lines.append(f"| {kind} | {count} | {ids} |")
    share = 100 * with_id / len(papers) if papers else 0.0
    lines += [
        "",
        f"Papers and models with an arXiv id or DOI: {with_id} of {len(papers)} ({share:.1f} %).",
        "",
        "| source | commit | licence | files read | records | entries | of which with id |",
        "| --- | --- | --- | ---: | ---: | ---: | ---: |",
    ]
    for source in sources:
        mine = by_repo.get(source.repo, [])
        lines.append(
            f"| [{source.repo}](https://github.com/{source.repo}) | `{source.commit[:12]}` | "
            f"{source.licence} | {files.get(source.repo, 0)} | {per_source.get(source.repo, 0)} "
            f"| {len(mine)} | {sum(_has_id(e) for e in mine)} |"
        )
    lines += ["", "## Each source", ""]
    for source in sources:
        mine = by_repo.get(source.repo, [])
        kind_counts = ", ".join(
            f"{k} {n}" for k, n in Counter(e["kind"] for e in mine).most_common()
        )
        lines += [
            f"### {source.repo}",
            "",
            f"- commit: `{source.commit}`",
            f"- licence: {source.licence}",
            f"- files: {', '.join(f'`{p}`' for p in source.paths)}"
            + (f" (not {', '.join(f'`{p}`' for p in source.exclude)})" if source.exclude else ""),
            f"- taken: {source.taken}",
            f"- entries: {len(mine)} ({kind_counts or 'none'})",
        ]
        if source.note:
            lines.append(f"- note: {source.note}")
        lines.append("")
    return "\n".join(lines)
