"""Where a resource's name came from, and which source wins (issue #14).

The name of a resource is the best one any note or source gives it: a title beats a bare
address, a fetched title or a detected name beats a title written in a note, the gazetteer
beats those, and a name the user chose beats all. Stored in `resources.name_rank`.
"""

from __future__ import annotations

from enum import IntEnum


class NameRank(IntEnum):
    ADDRESS = 0  # made from the URL or id itself
    NOTE_TITLE = 1  # link text, a reference's title, a title written beside the link
    DETECTED = 2  # a name guessed from prose, or the title enrich fetched
    GAZETTEER = 3  # the shipped gazetteer's canonical name
    USER = 4  # the user's own names file (readlist alias / promote)
