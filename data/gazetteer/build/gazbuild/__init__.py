"""The harvested gazetteer's builder: pinned snapshots of public repositories → entries.

Run it with `make gazetteer` (see data/gazetteer/README.md)."""
