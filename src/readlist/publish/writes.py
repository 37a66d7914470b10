"""Status and priority from the browser: `POST /-/readlist/mark`, through `marking.mark`.

A write is taken only when every one of these holds (issue #17), else it is refused with
403 and the equivalent `readlist mark` command:

1. the server was started by `readlist serve` on a loopback address, which sets the plugin
   option `write: true` (plain `datasette`, a published copy, `--host 0.0.0.0` and
   `--read-only` leave it off);
2. the database is mutable (not `datasette -i`);
3. the request comes from this machine (loopback client) and names a loopback host
   (a DNS-rebound name is refused);
4. its `Origin` (or, lacking one, `Referer`) is this server's own origin;
5. it carries Datasette's CSRF token, in the form and in its cookie (asgi-csrf then
   checks that the two match; it lets a request without cookies through, so the
   cookie is required here).
"""

from __future__ import annotations

import ipaddress
from typing import Any
from urllib.parse import urlsplit

from datasette.utils.asgi import Response
from sqlite_utils import Database

from readlist.errors import ReadlistError
from readlist.marking import mark
from readlist.plan import STATUSES
from readlist.publish.pages import mark_command, resource_path

PLUGIN = "readlist"
_LOOPBACK_NAMES = {"localhost", "127.0.0.1", "::1", "[::1]"}


def writes_enabled(datasette: Any) -> bool:
    """Whether this server takes writes at all (set by `readlist serve` on 127.0.0.1)."""
    config = datasette.plugin_config(PLUGIN) or {}
    return config.get("write") is True


def _is_loopback(host: str | None) -> bool:
    if not host:
        return False
    if host in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def _host_name(host_header: str) -> str:
    return urlsplit(f"//{host_header}").hostname or ""


def refusal(datasette: Any, request: Any, database: Any) -> str | None:
    """Why this request may not write (None: it may)."""
    if not writes_enabled(datasette):
        return "this copy is read-only (only `readlist serve` on 127.0.0.1 takes writes)"
    if database is None or not database.is_mutable:
        return "the database is read-only"
    client = request.scope.get("client")
    if not client or not _is_loopback(str(client[0])):
        return "writes are taken from this machine only"
    host = request.headers.get("host", "")
    if not _is_loopback(_host_name(host)):
        return f"host {host!r} is not this machine"
    origin = request.headers.get("origin")
    if origin is None:
        referer = urlsplit(request.headers.get("referer", ""))
        origin = f"{referer.scheme}://{referer.netloc}" if referer.netloc else None
    if origin != f"{request.scheme}://{host}":
        return f"writes from origin {origin!r} are refused"
    if "ds_csrftoken" not in request.cookies:
        return "missing CSRF token"
    return None


def _int_or_none(value: str | None) -> int | None:
    value = (value or "").strip()
    if not value:
        return None
    number = int(value)
    if number < 1:
        raise ValueError(value)
    return number


def _return_to(value: str | None, fallback: str) -> str:
    # Only a path on this server: never an open redirect.
    if value and value.startswith("/") and not value.startswith("//") and "\\" not in value:
        return value
    return fallback


async def handle_mark(datasette: Any, request: Any, database: Any) -> Response:
    if request.method != "POST":
        return Response.text("POST a form: id, status and/or priority, csrftoken\n", status=405)
    form = await request.post_vars()
    resource_id = form.get("id") or ""
    status = form.get("status") or None
    wants_json = "application/json" in request.headers.get("accept", "")
    command = mark_command(resource_id or "ID", status or "done")
    why = refusal(datasette, request, database)
    if why is None and "csrftoken" not in form:
        why = "missing CSRF token"
    if why is not None:
        message = f"Not saved: {why}. From a terminal: {command}"
        if wants_json:
            return Response.json({"ok": False, "error": message, "command": command}, status=403)
        return Response.text(message + "\n", status=403)
    try:
        priority = _int_or_none(form.get("priority"))
    except ValueError:
        return Response.text("priority must be a whole number from 1\n", status=400)
    if status is not None and status not in STATUSES:
        return Response.text(f"status must be one of {', '.join(STATUSES)}\n", status=400)
    if not resource_id or (status is None and priority is None):
        return Response.text("give an id and a status or a priority\n", status=400)

    def write(conn: Any) -> str | None:
        try:
            mark(Database(conn), resource_id, status, priority)
        except ReadlistError as exc:
            return str(exc)
        return None

    failed = await database.execute_write_fn(write, block=True)
    if failed:
        return Response.text(failed + "\n", status=404)
    done = ", ".join(p for p in (status, f"priority {priority}" if priority else None) if p)
    if wants_json:
        return Response.json(
            {"ok": True, "id": resource_id, "status": status, "priority": priority}
        )
    datasette.add_message(request, f"{resource_id}: {done}", datasette.INFO)
    fallback = datasette.urls.path(resource_path(resource_id))
    return Response.redirect(_return_to(form.get("return_to"), fallback), status=303)
