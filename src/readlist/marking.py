"""Find the resource a user means ("Res-Net", an arXiv id, a URL) and record reading status."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from readlist import identity
from readlist.db import now, write_transaction
from readlist.entries import normalise_name
from readlist.errors import ReadlistError
from readlist.ids import classify_url, normalise_arxiv_id, normalise_doi
from readlist.names import Gazetteer
from readlist.plan import STATUSES


@dataclass(frozen=True)
class Found:
    id: str
    name: str
    kind: str


class NoSuchResource(ReadlistError):
    """WHAT names no resource; the message lists the closest ones."""


class AmbiguousResource(ReadlistError):
    """WHAT names more than one resource; the message lists them."""


def find_resource(db: Database, what: str, gazetteer: Gazetteer | None = None) -> Found:
    """The one resource `what` means, or an error listing the candidates."""
    matches = _exact_matches(db, what.strip(), gazetteer)
    if len(matches) == 1:
        return matches[0]
    if len(matches) > 1:
        listed = "; ".join(f"{m.name} ({m.id})" for m in matches[:8])
        raise AmbiguousResource(f"{what!r} matches {len(matches)} resources: {listed}; use an id")
    closest = closest_resources(db, what)
    hint = "; closest: " + "; ".join(f"{m.name} ({m.id})" for m in closest) if closest else ""
    raise NoSuchResource(f"no resource matches {what!r}{hint}")


def _exact_matches(db: Database, what: str, gazetteer: Gazetteer | None) -> list[Found]:
    keys: list[str] = [what]
    arxiv_id = normalise_arxiv_id(re.sub(r"^https?://arxiv\.org/(abs|pdf)/", "", what))
    if arxiv_id:
        keys.append(f"arxiv:{arxiv_id}")
    doi = normalise_doi(what)
    if doi:
        keys.append(f"doi:{doi}")
    if re.match(r"^(https?://|www\.)|^[\w-]+(\.[\w-]+)+/", what, re.IGNORECASE):
        target = classify_url(what if "://" in what else "https://" + what)
        if target is not None:
            keys.append(target.key)
            if gazetteer is not None and (known := gazetteer.target_for_key(target.key)):
                keys.append(known.key)
    found = _by_ids(db, keys)
    if found:
        return found
    return _by_name(db, what, gazetteer)


def _by_ids(db: Database, keys: list[str]) -> list[Found]:
    aliases = identity.alias_map(db)  # a key given up when two rows became one
    keys = [aliases.get(key, key) for key in keys]
    marks = ", ".join("?" * len(keys))
    rows = db.execute(
        f"select id, name, kind from resources where id in ({marks}) order by id", keys
    ).fetchall()
    return [Found(*row) for row in rows]


def _by_name(db: Database, what: str, gazetteer: Gazetteer | None) -> list[Found]:
    key = normalise_name(what)
    if not key:
        return []
    ids: set[str] = set()
    for rid, name in db.execute("select id, name from resources"):
        if normalise_name(name) == key:
            ids.add(rid)
    for rid, surface in db.execute("select distinct resource_id, surface from mentions"):
        if normalise_name(surface) == key:
            ids.add(rid)
    if gazetteer is not None and not ids:
        for hit in gazetteer.find(what):
            if hit.start == 0 and hit.end == len(what):
                ids.add(gazetteer.target_of_hit(hit).key)
    return _by_ids(db, sorted(ids)) if ids else []


def closest_resources(db: Database, what: str, limit: int = 5) -> list[Found]:
    """Resources whose name or id is nearest to `what` (rapidfuzz WRatio)."""
    rows = db.execute("select id, name, kind from resources").fetchall()
    if not rows:
        return []
    choices = {i: f"{name} {rid}" for i, (rid, name, _) in enumerate(rows)}
    best = process.extract(what, choices, scorer=fuzz.WRatio, limit=limit, score_cutoff=50)
    return [Found(*rows[index]) for _, _, index in best]


def mark(
    db: Database,
    resource_id: str,
    status: str | None,
    priority: int | None = None,
    note: str | None = None,
) -> None:
    """Set the user's columns; only the ones given change. A change of status is also
    recorded, with its time, in `status_changes`."""
    if status is not None and status not in STATUSES:
        raise ReadlistError(f"status must be one of {', '.join(STATUSES)}, not {status!r}")
    updates: dict[str, object] = {}
    if status is not None:
        updates["status"] = status
    if priority is not None:
        updates["priority"] = priority
    if note is not None:
        updates["user_note"] = note or None
    if not updates:
        return
    with write_transaction(db):
        row = db.execute("select status from resources where id = ?", [resource_id]).fetchone()
        if row is None:
            raise NoSuchResource(f"no resource has the id {resource_id!r}")
        db.table("resources").update(resource_id, updates)
        if status is not None and status != row[0]:
            # The history the reading-progress chart draws (issue #17).
            db.table("status_changes").insert(
                {
                    "resource_id": resource_id,
                    "old_status": row[0],
                    "status": status,
                    "changed_at": now(),
                }
            )


def mark_done_from(
    db: Database, listing: Path, gazetteer: Gazetteer | None = None
) -> tuple[int, list[str]]:
    """Mark done every resource a file lists, one a line (an id, a URL or a name; `#`
    comments after a name): how many were marked, and one "FILE:LINE: reason" per line
    that names none. An unreadable file raises."""
    try:
        lines = listing.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        raise ReadlistError(f"{listing}: cannot read: {exc}") from exc
    done = 0
    problems: list[str] = []
    for number, line in enumerate(lines, start=1):
        what = line.strip() if line.lstrip().startswith("http") else line.split("#", 1)[0].strip()
        if not what:
            continue
        try:
            found = find_resource(db, what, gazetteer)
        except ReadlistError as exc:
            problems.append(f"{listing}:{number}: {exc}")
            continue
        mark(db, found.id, "done")
        done += 1
    return done, problems
