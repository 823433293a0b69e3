"""What the server saved, read back as a person checking it would: from the SQLite files in its data folder, or from
PostgreSQL when it ran with `ASSISTANT_DATABASE_URL`."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path


@dataclass
class Saved:
    data_dir: Path
    database_url: str | None = None  # PostgreSQL: chat history and checkpoints are both there

    def rows(self, sql: str, params: tuple = ()) -> list[tuple]:
        """Rows of Chainlit's tables; `sql` takes `%s` placeholders; ids read back as text."""
        if self.database_url:
            import psycopg  # only for a server that ran on PostgreSQL

            with psycopg.connect(self.database_url) as conn:
                rows = conn.execute(sql, params).fetchall()
        else:
            conn = sqlite3.connect(self.data_dir / "chainlit.sqlite")
            try:
                rows = conn.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                conn.close()
        return [tuple(str(v) if type(v).__name__ == "UUID" else v for v in row) for row in rows]

    def history(self) -> dict[str, tuple[str | None, int, int]]:
        """thread id -> (owner, user messages, assistant messages) as the data layer saved them."""
        rows = self.rows('SELECT t."id", t."userIdentifier", '
                         'SUM(CASE WHEN s."type" = \'user_message\' THEN 1 ELSE 0 END), '
                         'SUM(CASE WHEN s."type" = \'assistant_message\' THEN 1 ELSE 0 END) '
                         'FROM threads t LEFT JOIN steps s ON s."threadId" = t."id" GROUP BY t."id"')
        return {r[0]: (r[1], int(r[2] or 0), int(r[3] or 0)) for r in rows}

    def agent_memory(self, thread: str) -> int:
        """How many of the person's messages the agent's checkpoint holds for `thread`."""
        config = {"configurable": {"thread_id": thread}}
        if self.database_url:
            from langgraph.checkpoint.postgres import PostgresSaver  # only for a server that ran on PostgreSQL

            with PostgresSaver.from_conn_string(self.database_url) as saver:
                saved = saver.get_tuple(config)
        else:
            from langgraph.checkpoint.sqlite import SqliteSaver

            con = sqlite3.connect(self.data_dir / "checkpoints.sqlite")
            try:
                saved = SqliteSaver(con).get_tuple(config)
            finally:
                con.close()
        if saved is None:
            return 0
        return sum(m.type == "human" for m in saved.checkpoint["channel_values"].get("messages", []))
