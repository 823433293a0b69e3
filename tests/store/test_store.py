"""The app's own tables: accounts, approved descriptions with history and edit statistics, tickets."""

from __future__ import annotations

import pytest

from assistant.errors import DataErrors
from assistant.store.accounts import Accounts, hash_password
from assistant.store.catalog import CatalogStore, load_overrides, word_edit_distance
from assistant.store.tickets import TicketStore
from tests.conftest import KNOWLEDGE


def test_demo_accounts_load_and_sign_in_by_role():
    accounts = Accounts.load(KNOWLEDGE / "accounts.yaml")
    roles = {a.role for a in accounts.by_id.values()}
    assert roles == {"shopper", "merchant"}
    for acc in accounts.by_id.values():
        assert acc.password_hash.startswith("pbkdf2_sha256$")
        assert accounts.authenticate(acc.identifier, "wrong password") is None
    assert accounts.authenticate("nobody@example.test", "x") is None


def test_password_hash_round_trip_and_a_bad_entry_is_named(tmp_path):
    stored = hash_password("s3cret", iterations=1000)
    path = tmp_path / "accounts.yaml"
    path.write_text(f"accounts:\n  - {{identifier: a@b.c, role: merchant, password_hash: '{stored}'}}\n"
                    f"  - {{identifier: x@y.z, role: admin, password_hash: '{stored}'}}\n")
    with pytest.raises(DataErrors, match=r"accounts.yaml:2: role"):
        Accounts.load(path)
    path.write_text(f"accounts:\n  - {{identifier: A@B.c, role: merchant, password_hash: '{stored}'}}\n")
    acc = Accounts.load(path).authenticate("a@b.c", "s3cret")
    assert acc is not None and acc.role == "merchant"


@pytest.mark.parametrize("proposal, approved, distance, share", [
    ("a warm navy coat", "a warm navy coat", 0, 0.0),
    ("a warm navy coat", "a warm navy wool coat", 1, 0.25),
    ("a warm navy coat", "a cozy navy coat", 1, 0.25),
    ("a b c d", "w x y z", 4, 1.0),
])
def test_word_edit_distance(proposal, approved, distance, share):
    assert word_edit_distance(proposal, approved) == (distance, len(proposal.split()), share)


def test_approvals_keep_history_and_edit_stats_per_model(tmp_path):
    store = CatalogStore(tmp_path)
    assert load_overrides(tmp_path / "missing") == {}
    store.approve("HP-00001", "new text one", "old text", "new text one", "describe-templates", "m@x")
    store.approve("HP-00001", "new text two here", "new text one", "new text two", "describe-templates", "m@y")
    store.approve("HP-00002", "brand new words", "older", "some other words", "openai:gpt-4o-mini", "m@x")
    store.approve(None, "draft only", None, "draft only", "describe-templates", "m@x")
    assert load_overrides(tmp_path) == {"HP-00001": "new text two here", "HP-00002": "brand new words"}
    history = store.history("HP-00001")
    assert [h["previous"] for h in history] == ["old text", "new text one"]
    assert history[1]["changed_by"] == "m@y" and history[1]["changed_at"]
    stats = {s["model"]: s for s in store.edit_stats()}
    assert stats["describe-templates"]["approved"] == 3
    assert stats["describe-templates"]["unedited"] == pytest.approx(2 / 3, abs=1e-3)
    assert stats["openai:gpt-4o-mini"]["mean_edit_share"] == pytest.approx(2 / 3, abs=1e-3)
    store.close()


def test_tickets_open_list_close(tmp_path):
    tickets = TicketStore(tmp_path)
    first = tickets.open("s@x", "t1", "asked for a person", "customer: help\nassistant: ...")
    second = tickets.open("s@y", "t2", "could not answer twice", "customer: ?")
    assert [t["id"] for t in tickets.list()] == [first, second]
    assert tickets.close_ticket(first) and not tickets.close_ticket(first)
    assert [t["id"] for t in tickets.list()] == [second]
    assert tickets.get(first)["status"] == "closed"
    tickets.close()
