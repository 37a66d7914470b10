"""readlist's Datasette plugin: the reading list as the pages people land on (issue #17).

- `/` opens the reading list: the `resources` table page, shown by this package's
  `table.html` / `_table.html` with the reader's columns, facets beside the rows and the
  column descriptions folded away (`?_view=table` shows Datasette's own table);
- `/resource/<id>` and `/note/<path>`: a page per resource and per note;
- `POST /-/readlist/mark`: status and priority from the browser, through `marking.mark`,
  only when `readlist serve` started the server on 127.0.0.1 (see `writes.py`);
- `/charts` (templates/pages/charts.html) and the `sql()` template function it uses.

Registered through the `datasette` entry point, so plain
`datasette data/readlist.db -m metadata.yml` shows these pages too, read-only.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import unquote

from datasette import hookimpl
from datasette.utils import tilde_encode
from datasette.utils.asgi import Response

from readlist.plan import STATUSES
from readlist.publish import pages, writes


async def _find_db(datasette: Any) -> Any:
    for name, database in datasette.databases.items():
        if name.startswith("_"):
            continue
        if await database.table_exists("resources"):
            return database
    return None


@hookimpl
def extra_template_vars(datasette: Any, request: Any) -> dict[str, Any]:
    async def sql(
        query: str, params: dict[str, Any] | None = None, database: str | None = None
    ) -> list[Any]:
        """Rows of a read-only query, for templates (the first database by default)."""
        db = datasette.get_database(database)
        return list((await db.execute(query, params or {})).rows)

    async def note_counts(database: str, resource_ids: list[str]) -> dict[str, int]:
        db = datasette.get_database(database)
        result: dict[str, int] = await db.execute_fn(
            lambda conn: pages.note_counts(conn, resource_ids)
        )
        return result

    def cells(row: Any) -> dict[str, Any]:
        """A Datasette display row as column → raw value."""
        return {cell["column"]: cell["raw"] for cell in row}

    return {
        "sql": sql,
        "readlist_note_counts": note_counts,
        "readlist_cells": cells,
        "readlist_resource_url": lambda rid: datasette.urls.path(pages.resource_path(rid)),
        "readlist_note_url": lambda path: datasette.urls.path(pages.note_path_url(path)),
        "readlist_mark_command": pages.mark_command,
        "readlist_writable": writes.writes_enabled(datasette),
        "readlist_statuses": STATUSES,
        "readlist_return_to": request.full_path if request is not None else "/",
    }


@hookimpl
def menu_links(datasette: Any) -> list[dict[str, str]]:
    return [
        {"href": datasette.urls.path("/"), "label": "Reading list"},
        {"href": datasette.urls.path("/charts"), "label": "Charts"},
    ]


@hookimpl
def register_routes() -> list[tuple[str, Callable[..., Awaitable[Response]]]]:
    return [
        (r"^/$", _landing),
        (r"^/resource/(?P<id>.+)$", _resource),
        (r"^/note/(?P<path>.+)$", _note),
        (r"^/-/readlist/mark$", _mark),
    ]


async def _landing(datasette: Any, request: Any) -> Response:
    """The reading list is the first screen; Datasette's list of databases stays at
    /-/databases and every database page at /<name>."""
    database = await _find_db(datasette)
    if database is None:
        # Not a reading list: Datasette's own index, as without this plugin.
        from datasette.utils.asgi import Request
        from datasette.views.index import IndexView

        scope = dict(request.scope, url_route={"kwargs": {"format": None}})
        response: Response = await IndexView.as_view(datasette)(Request(scope, None), None)
        return response
    return Response.redirect(datasette.urls.table(database.name, "resources"))


async def _not_found(datasette: Any, request: Any, error: str) -> Response:
    """Datasette's own 404 page, saying what was not found."""
    context = {"ok": False, "error": error, "title": "Not found", "status": 404}
    html = await datasette.render_template("error.html", context, request=request)
    return Response.html(html, status=404)


async def _resource(datasette: Any, request: Any) -> Response:
    database = await _find_db(datasette)
    resource_id = unquote(request.url_vars["id"])
    page = (
        await database.execute_fn(lambda conn: pages.read_resource_page(conn, resource_id))
        if database is not None
        else None
    )
    if page is None:
        # A key given up when enrich found two rows to be one paper leads to the survivor.
        target = (
            await database.execute_fn(lambda conn: pages.alias_target(conn, resource_id))
            if database is not None
            else None
        )
        if target is not None:
            return Response.redirect(pages.resource_path(target))
        return await _not_found(datasette, request, f"No resource {resource_id!r}")
    return Response.html(
        await datasette.render_template(
            "readlist_resource.html",
            {
                "page": page,
                "database": database.name,
                "row_url": datasette.urls.row(
                    database.name, "resources", tilde_encode(resource_id)
                ),
            },
            request=request,
        )
    )


async def _note(datasette: Any, request: Any) -> Response:
    database = await _find_db(datasette)
    note_path = unquote(request.url_vars["path"])
    page = (
        await database.execute_fn(lambda conn: pages.read_note_page(conn, note_path))
        if database is not None
        else None
    )
    if page is None:
        return await _not_found(datasette, request, f"No note {note_path!r}")
    return Response.html(
        await datasette.render_template(
            "readlist_note.html", {"page": page, "database": database.name}, request=request
        )
    )


async def _mark(datasette: Any, request: Any) -> Response:
    database = await _find_db(datasette)
    return await writes.handle_mark(datasette, request, database)
