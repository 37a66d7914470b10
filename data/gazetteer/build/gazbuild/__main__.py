"""python -m gazbuild [--sources DIR] [--clone] [--out DIR]: rebuild the harvested gazetteer."""

from __future__ import annotations

import argparse
import logging
import os
import sys
from pathlib import Path

from .build import build, load_sources
from .snapshot import BuildError

HERE = Path(__file__).resolve().parent.parent  # data/gazetteer/build
DEFAULT_SOURCES = Path.home() / ".cache" / "readlist" / "sources"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="gazbuild", description=__doc__)
    parser.add_argument(
        "--sources",
        type=Path,
        default=Path(os.environ.get("READLIST_SOURCES") or DEFAULT_SOURCES),
        help="folder of bare repositories named owner+name (env READLIST_SOURCES)",
    )
    parser.add_argument("--clone", action="store_true", help="clone missing sources from GitHub")
    parser.add_argument("--config", type=Path, default=HERE / "sources.yaml")
    parser.add_argument("--out", type=Path, default=HERE.parent, help="data/gazetteer")
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.INFO if args.verbose else logging.WARNING, format="%(message)s"
    )
    try:
        summary = build(load_sources(args.config), args.sources, args.out, allow_clone=args.clone)
    except BuildError as exc:
        print(f"gazbuild: {exc}", file=sys.stderr)
        return 1
    print(f"gazbuild: {summary}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
