"""Run Datasette on the database with the project's metadata, on 127.0.0.1 by default."""

from __future__ import annotations

import contextlib
import errno
import ipaddress
import socket
import tempfile
from pathlib import Path
from typing import Any

import yaml

from readlist.config import PACKAGE_DATA_DIR
from readlist.errors import ReadlistError

# metadata.yml describes a database called "readlist" (data/readlist.db).
_METADATA_DB_NAME = "readlist"


def find_metadata(explicit: Path | None = None) -> Path | None:
    """The metadata file: the one given, ./metadata.yml, or the one shipped beside data/."""
    for candidate in (explicit, Path("metadata.yml"), PACKAGE_DATA_DIR.parent / "metadata.yml"):
        if candidate is not None and candidate.is_file():
            return candidate
    if explicit is not None:
        raise ReadlistError(f"{explicit}: no such metadata file")
    return None


def metadata_for(db_path: Path, metadata_path: Path) -> dict[str, Any]:
    """The metadata, its database section renamed to the database Datasette will show."""
    try:
        metadata = yaml.safe_load(metadata_path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ReadlistError(f"{metadata_path}: cannot read metadata: {exc}") from exc
    databases = metadata.get("databases") or {}
    if db_path.stem != _METADATA_DB_NAME and _METADATA_DB_NAME in databases:
        databases[db_path.stem] = databases.pop(_METADATA_DB_NAME)
    return dict(metadata)


def set_write_access(metadata: dict[str, Any], host: str, read_only: bool) -> dict[str, Any]:
    """Turn on the plugin's writes (ticking items off in the browser, issue #17) only for a
    server on a loopback address that was not asked to be read-only; off otherwise, even
    when the metadata file says on."""
    plugins = metadata.setdefault("plugins", {}) or {}
    metadata["plugins"] = plugins
    options = dict(plugins.get("readlist") or {})
    options["write"] = not read_only and _is_loopback(host)
    plugins["readlist"] = options
    return metadata


def _is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


# Above this many resources Datasette's facet suggestions cost about a second a page
# (bench/datasette_bench.py), so they are turned off; the default facets stay.
SUGGEST_FACETS_UP_TO = 20_000


def check_port(host: str, port: int) -> None:
    """Fail with one clear line, before Datasette starts, when `host:port` cannot be
    listened on (another server has it, or the address is not this machine's)."""
    if port == 0:
        return  # the system picks a free one
    try:
        family = socket.AF_INET6 if ":" in host else socket.AF_INET
        with socket.socket(family, socket.SOCK_STREAM) as probe:
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
            probe.bind((host, port))
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            advice = "already in use; choose another --port (0 picks a free one)"
        else:
            advice = f"{exc.strerror or exc}; check --host"
        raise ReadlistError(f"{host}:{port}: cannot listen: {advice}") from exc


def datasette_args(
    db_path: Path,
    metadata_file: Path | None,
    host: str,
    port: int,
    open_browser: bool,
    resources: int = 0,
) -> list[str]:
    """The `datasette serve` command line for this database."""
    args = ["serve", str(db_path), "--host", host, "--port", str(port)]
    if resources > SUGGEST_FACETS_UP_TO:
        args += ["--setting", "suggest_facets", "off"]
    if metadata_file is not None:
        args += ["--metadata", str(metadata_file)]
    if open_browser:
        args.append("--open")
    return args


def write_metadata(metadata: dict[str, Any]) -> Path:
    """Write metadata for Datasette to a temporary file; the caller removes it when the
    server stops."""
    handle = tempfile.NamedTemporaryFile(  # noqa: SIM115 - outlives this function
        "w", suffix=".yml", prefix="readlist-metadata-", delete=False, encoding="utf-8"
    )
    with handle:
        yaml.safe_dump(metadata, handle, allow_unicode=True, sort_keys=False)
    return Path(handle.name)


def run_datasette(args: list[str]) -> None:
    """Start Datasette in this process (blocks until it stops)."""
    from datasette.cli import cli

    quiet_client_errors()
    cli.main(args=args, prog_name="datasette", standalone_mode=True)


def quiet_client_errors() -> None:
    """A page or database that is not there (404) is logged as one request line, not as a
    crash: Datasette's error handler prints every exception's traceback, locals and all,
    whenever `rich` is installed. Server errors (500) keep their plain traceback, which the
    handler prints on its own."""
    import datasette.handle_exception

    datasette.handle_exception.rich = None


def count_resources(db_path: Path) -> int:
    """How many resources the database holds (0 when it cannot be read)."""
    import sqlite3

    try:
        with contextlib.closing(sqlite3.connect(f"file:{db_path}?mode=ro", uri=True)) as conn:
            return int(conn.execute("select count(*) from resources").fetchone()[0])
    except sqlite3.Error:
        return 0
