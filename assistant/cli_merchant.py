"""`storefront stats` and `storefront tickets`: the merchant workspace's numbers, read from `data_dir/app.sqlite`."""

from __future__ import annotations

import json
import sys
from typing import Optional

import typer
from rich.console import Console
from rich.table import Table

from assistant.config import load_settings

out = Console()


def stats(as_json: bool = typer.Option(False, "--json", help="print the rows as JSON")) -> None:
    """How much merchants edit each model's proposed descriptions before approving them (word-level edit
    distance as a share of the proposal's length): the editing time fine-tuning is meant to save."""
    # Imported here: `storefront --help` answers without opening the store's database code.
    from assistant.store.catalog import CatalogStore

    store = CatalogStore(load_settings().data_dir)
    rows = store.edit_stats()
    store.close()
    if as_json:
        sys.stdout.write(json.dumps(rows) + "\n")
        return
    if not rows:
        out.print("No approved descriptions yet.")
        return
    table = Table("model", "approved", "mean edit share", "median edit share", "approved unedited",
                  title="Edits before approval, per model")
    for r in rows:
        table.add_row(r["model"], str(r["approved"]), f"{r['mean_edit_share']:.1%}", f"{r['median_edit_share']:.1%}",
                      f"{r['unedited']:.0%}")
    out.print(table)


def tickets(status: str = typer.Option("open", "--status", help="open or closed"),
            close: Optional[int] = typer.Option(None, "--close", help="close the ticket with this id"),
            show: Optional[int] = typer.Option(None, "--show", help="print one ticket's transcript")) -> None:
    """List the support tickets opened from the chat; close one; or show one's transcript."""
    # Imported here: `storefront --help` answers without opening the store's database code.
    from assistant.store.tickets import TicketStore

    store = TicketStore(load_settings().data_dir)
    try:
        if close is not None:
            out.print(f"closed #{close}" if store.close_ticket(close) else f"no open ticket #{close}")
            return
        if show is not None:
            t = store.get(show)
            out.print(f"#{t['id']} {t['status']} {t['created_at']} {t['user']}: {t['reason']}\n\n{t['transcript']}"
                      if t else f"no ticket #{show}")
            return
        rows = store.list(status)
        table = Table("id", "opened", "user", "reason", "thread", title=f"{len(rows)} {status} ticket(s)")
        for t in rows:
            table.add_row(str(t["id"]), t["created_at"], t["user"], t["reason"], t["thread_id"])
        out.print(table)
    finally:
        store.close()
