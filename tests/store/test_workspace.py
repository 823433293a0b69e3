"""The merchant's workspace end to end through the agent: propose, revise, edit, approve, publish (searchable
at once, history kept, edits measured), survive a restart; the hand-off to a person and the ticket list."""

from __future__ import annotations

import json
import shutil
import uuid

import pytest

from assistant.agent import prompts
from assistant.agent.context import Services
from assistant.agent.service import Assistant
from assistant.retrieval.ingest import ingest
from assistant.retrieval.store import Store, connect
from assistant.schemas import SearchFilters
from assistant.store.catalog import load_overrides
from assistant.tasks.describe.tones import informality
from tests.conftest import KNOWLEDGE

PRODUCTS = 40  # a small index: quick to build, and publishing into it leaves the session's demo index alone


@pytest.fixture(scope="module")
def shop(tmp_path_factory, settings_factory, embedder):
    root = tmp_path_factory.mktemp("shop") / "knowledge"
    shutil.copytree(KNOWLEDGE, root)
    lines = (root / "catalog/products.jsonl").read_text().splitlines()[:PRODUCTS]
    (root / "catalog/products.jsonl").write_text("\n".join(lines) + "\n")
    keep = {json.loads(x)["id"] for x in lines}
    reviews = [r for r in (root / "catalog/reviews.jsonl").read_text().splitlines()
               if r.strip() and json.loads(r)["product_id"] in keep]
    (root / "catalog/reviews.jsonl").write_text("\n".join(reviews) + "\n")
    settings = settings_factory(knowledge_dir=root)
    ingest(root, Store(connect(settings.index_dir)), embedder, progress=False)
    services = Services.build(settings, embedder=embedder)
    return settings, services, [json.loads(x)["id"] for x in lines]


def test_proposal_revised_edited_approved_and_searchable_at_once(shop, embedder):
    settings, services, ids = shop
    pid, thread = ids[3], f"wf-{uuid.uuid4().hex[:6]}"
    old = services.catalog.products[pid].description
    bot = Assistant(settings, services)
    first = bot.ask(f"write a product description for {pid}", thread_id=thread, role="merchant", user="m@x")
    proposal = bot.pending(thread)
    assert first.route == "describe" and proposal and proposal["product_id"] == pid
    assert proposal["text"] in first.answer and "Approve" in first.answer

    shorter = bot.ask("shorter", thread_id=thread, role="merchant", user="m@x")  # typed guidance resumes it
    short_text = bot.pending(thread)["text"]
    assert len(short_text.split()) < len(proposal["text"].split()) and short_text in shorter.answer

    edited = f"{short_text} Zanzibar-blue stitching, says our merchant."
    done = bot.decide(thread, {"action": "edit", "text": edited}, role="merchant", user="m@x")
    assert bot.pending(thread) is None
    bot.close()
    assert "Approved and published" in done.answer and done.tools[0].name == "publish_description"

    # Shoppers' search sees it without a restart: the live collection was updated in place.
    hits = services.products.search(embedder.encode_query("zanzibar-blue stitching"), SearchFilters(), k=3)
    assert hits[0].id == pid and "Zanzibar-blue" in hits[0].description
    assert services.catalog.products[pid].description == edited
    history = services.catalog_store.history(pid)
    assert history[-1]["previous"] == old and history[-1]["changed_by"] == "m@x"
    stats = {s["model"]: s for s in services.catalog_store.edit_stats()}
    assert proposal["model"] in stats and 0 < stats[proposal["model"]]["mean_edit_share"] < 1

    # The next ingest applies the overrides, keeps the text, and has nothing to redo (the manifest was kept).
    report = ingest(settings.knowledge_dir, services.store, embedder, progress=False,
                    overrides=load_overrides(settings.data_dir))
    products = next(k for k in report.kinds if k.kind == "products")
    assert not products.changed and products.embedded == 0



def test_each_tone_button_gives_its_own_text(shop):
    """Issue 13: "More playful" used to return the same text as "Shorter", and there was no "More formal"."""
    settings, services, ids = shop
    bot = Assistant(settings, services)
    texts = {}
    for guidance in ("shorter", "more playful", "more formal"):
        thread = f"tone-{uuid.uuid4().hex[:6]}"
        bot.ask(f"write a product description for {ids[5]}", thread_id=thread, role="merchant", user="m@x")
        texts["first"] = bot.pending(thread)["text"]
        bot.decide(thread, {"action": "regenerate", "guidance": guidance}, role="merchant", user="m@x")
        texts[guidance] = bot.pending(thread)["text"]
    bot.close()
    assert len(set(texts.values())) == 4, texts
    assert len(texts["shorter"].split()) < len(texts["first"].split())
    assert informality(texts["more formal"]) <= informality(texts["first"]) < informality(texts["more playful"])

def test_pending_proposal_survives_a_restart_and_can_be_approved(shop):
    settings, services, ids = shop
    pid, thread = ids[5], f"restart-{uuid.uuid4().hex[:6]}"
    first = Assistant(settings, services)
    first.ask(f"write a product description for {pid}", thread_id=thread, role="merchant", user="m@x")
    text = first.pending(thread)["text"]
    first.close()
    second = Assistant(settings, services)  # a new process: state comes back from the checkpointer
    assert second.pending(thread)["text"] == text
    done = second.ask("approve", thread_id=thread, role="merchant", user="m@x")
    assert "Approved as written" in done.answer
    assert second.pending(thread) is None and load_overrides(settings.data_dir)[pid] == text
    again = second.decide(thread, {"action": "approve"}, role="merchant")
    second.close()
    assert again.answer == prompts.NO_PENDING


def test_discard_changes_nothing(shop):
    settings, services, ids = shop
    pid, thread = ids[7], f"discard-{uuid.uuid4().hex[:6]}"
    bot = Assistant(settings, services)
    bot.ask(f"write a product description for {pid}", thread_id=thread, role="merchant")
    done = bot.ask("discard", thread_id=thread, role="merchant")
    bot.close()
    assert done.answer == prompts.DISCARDED and pid not in load_overrides(settings.data_dir)


def test_asking_for_a_person_opens_a_ticket_merchants_can_list(shop):
    settings, services, _ = shop
    bot = Assistant(settings, services)
    thread = f"handoff-{uuid.uuid4().hex[:6]}"
    bot.ask("How long do I have to return a dress?", thread_id=thread, role="shopper", user="s@x")
    answer = bot.ask("I want to talk to someone", thread_id=thread, role="shopper", user="s@x")
    assert answer.route == "handoff" and "support ticket #" in answer.answer
    ticket_id = answer.tools[-1].output["ticket"]
    ticket = services.tickets.get(ticket_id)
    assert ticket["user"] == "s@x" and ticket["thread_id"] == thread
    assert "customer: How long do I have to return a dress?" in ticket["transcript"]
    listed = bot.ask("show me the open support tickets", thread_id=f"m-{thread}", role="merchant")
    bot.close()
    assert listed.route == "tickets" and f"#{ticket_id} " in listed.answer


def test_two_unanswered_questions_in_a_row_open_a_ticket(shop):
    settings, services, _ = shop
    bot = Assistant(settings, services)
    thread = f"unanswered-{uuid.uuid4().hex[:6]}"
    first = bot.ask("Do you offer gift wrapping?", thread_id=thread, role="shopper", user="s@x")
    # Unanswered either way: nothing in the policies (a don't-know refusal) or no product matches.
    assert first.refusal == "dont_know" or first.answer.startswith("I couldn't find products")
    assert "support ticket #" not in first.answer
    second = bot.ask("Do you have a mobile app I can order from?", thread_id=thread, role="shopper", user="s@x")
    bot.close()
    assert "support ticket #" in second.answer and second.tools[-1].name == "open_ticket"
