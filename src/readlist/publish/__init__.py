"""readlist's Datasette plugin: the /charts page and the `sql()` template function it uses.

Registered through the `datasette` entry point, so plain
`datasette data/readlist.db -m metadata.yml` shows the charts too. Datasette picks
up this package's templates/ folder (pages/charts.html is served at /charts).
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from datasette import hookimpl


@hookimpl
def extra_template_vars(datasette: Any) -> dict[str, Callable[..., Awaitable[list[Any]]]]:
    async def sql(
        query: str, params: dict[str, Any] | None = None, database: str | None = None
    ) -> list[Any]:
        """Rows of a read-only query, for templates (the first database by default)."""
        db = datasette.get_database(database)
        return list((await db.execute(query, params or {})).rows)

    return {"sql": sql}
