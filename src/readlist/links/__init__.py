"""Link health (issue #20): `check` finds the dead links in the notes and proposes what
replaced them, with evidence; `fix` writes the replacements into the notes, as a patch
to review or in place. status.py classifies, moves.py is the table of known migrations,
wayback.py asks the Wayback Machine, store.py keeps the `links` table, fix.py edits."""
