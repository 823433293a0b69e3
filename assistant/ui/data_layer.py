"""Chainlit's SQLAlchemy data layer, on SQLite by default, with the schema created by the project."""

from __future__ import annotations

import json
from pathlib import Path

from chainlit.data.sql_alchemy import SQLAlchemyDataLayer

from assistant.store.chat_history import conninfo, create_schema

LIST_COLUMNS = {"tags", "thread_tags", "step_tags"}


class StoreDataLayer(SQLAlchemyDataLayer):
    """On SQLite, lists (thread and step `tags`) are stored as JSON strings and read back as lists: SQLite has no
    array type, and Chainlit's own layer passes Python lists, which the driver rejects (and Chainlit only logs)."""

    def __init__(self, url: str, **kwargs):
        super().__init__(conninfo=url, **kwargs)
        self._sqlite = url.startswith("sqlite")

    async def execute_sql(self, query: str, parameters: dict):
        if self._sqlite:
            parameters = {k: json.dumps(v) if isinstance(v, list) else v for k, v in parameters.items()}
        result = await super().execute_sql(query, parameters)
        if self._sqlite and isinstance(result, list):
            for row in result:
                for key in LIST_COLUMNS & row.keys():
                    if isinstance(row[key], str) and row[key].startswith("["):
                        row[key] = json.loads(row[key])
        return result


def build_data_layer(data_dir: Path, database_url: str | None) -> StoreDataLayer:
    """PostgreSQL when a URL is configured, else `data_dir/chainlit.sqlite`; the tables are created if missing."""
    url = conninfo(data_dir, database_url)
    create_schema(url)
    return StoreDataLayer(url)
