"""Chainlit app: `chainlit run assistant/ui/app.py` from the repository root (where chainlit.md lives).

Thin on purpose: it signs people in, turns chat events into agent turns and agent answers into Chainlit messages.
The role reaches the agent only from the signed-in account (and the Merchant profile, offered to merchants only);
whatever is typed, the agent's graph enforces it again.
"""

from __future__ import annotations

import hashlib
import logging
import os
import re
import shutil
from functools import lru_cache
from pathlib import Path

import chainlit as cl
from chainlit.server import app as server_app
from chainlit.server import sio
from chainlit.types import ThreadDict

from assistant.config import load_settings
from assistant.schemas import Answer
from assistant.store.accounts import Accounts
from assistant.ui import brand, frontend, security
from assistant.ui.data_layer import build_data_layer
from assistant.ui.render import StreamSanitizer, safe_markdown
from assistant.ui.runtime import Runtime, checkpoint_thread, import_agent

log = logging.getLogger(__name__)
SETTINGS = load_settings()  # read once, at the edge
if SETTINGS.auth_secret is not None:  # Chainlit reads its signing secret from the environment
    os.environ.setdefault("CHAINLIT_AUTH_SECRET", SETTINGS.auth_secret.get_secret_value())
SHOPPER, MERCHANT = "Shopper", "Merchant"
RUNTIME = Runtime(SETTINGS)  # services, one checkpointer and the graph compiled once, for the server's life
security.install(server_app, sio)
brand.install(server_app, brand.Brand.load(SETTINGS.knowledge_dir))
frontend.install(server_app)  # the sources panel opens on a click, with that citation only
# Socket.IO drops a connection whose message is over its buffer (1 MB by default) without a word to the person who
# typed it; with 8 MB a message far over ASSISTANT_MAX_MESSAGE_CHARS still arrives, and gets a reply saying so.
sio.eio.max_http_buffer_size = max(sio.eio.max_http_buffer_size, 8 * 1024 * 1024)


def services():
    """Models and index are loaded once per server process (started in the background when the server starts)."""
    return RUNTIME.services()


def agent():
    """The agent's service module (called after RUNTIME.graph(), which imported it off the event loop)."""
    return import_agent()


@lru_cache(maxsize=1)
def accounts() -> Accounts:
    return Accounts.load(SETTINGS.knowledge_dir / "accounts.yaml")


def account_role(user: cl.User | None) -> str:
    """The account's role, looked up in accounts.yaml by the signed-in identifier (never from the message)."""
    acc = accounts().by_id.get(user.identifier.lower()) if user else None
    return acc.role if acc else "shopper"


def session_role() -> str:
    """Merchant only when the account is a merchant's and the Merchant profile is chosen."""
    user = cl.user_session.get("user")
    return "merchant" if account_role(user) == "merchant" and cl.user_session.get("chat_profile") == MERCHANT \
        else "shopper"


def session_user() -> str:
    user = cl.user_session.get("user")
    return user.identifier if user else "anonymous"


def session_thread() -> str:
    """The checkpointer's thread of this conversation: Chainlit's thread id, scoped to the signed-in person."""
    return checkpoint_thread(session_user(), cl.context.session.thread_id)


# ---------------------------------------------------------------------------------------------- sign-in, history

@cl.password_auth_callback
async def sign_in(username: str, password: str) -> cl.User | None:
    acc = await cl.make_async(accounts().authenticate)(username, password)
    if acc is None:
        return None
    return cl.User(identifier=acc.identifier, display_name=acc.display_name or acc.identifier,
                   metadata={"role": acc.role, "provider": "credentials"})


@cl.data_layer
def data_layer():
    return build_data_layer(SETTINGS.data_dir, SETTINGS.database_url, forget=RUNTIME.forget)


@cl.on_app_startup
async def warm_up() -> None:
    """Load the models while the first person signs in, without holding up the page."""
    RUNTIME.warm_up()


@cl.on_app_shutdown
async def shutdown() -> None:
    await RUNTIME.close()


SHOPPER_STARTERS = [
    cl.Starter(label="Returning shoes", message="How many days do I have to return a pair of shoes?"),
    cl.Starter(label="Free shipping", message="How much do I need to spend for free shipping?"),
    cl.Starter(label="A dress for a wedding", message="something red and flowy for a wedding under $150"),
    cl.Starter(label="Talk to a person", message="I want to talk to someone"),
]
MERCHANT_STARTERS = [
    cl.Starter(label="Write a description", message="Write a product description for HP-00017"),
    cl.Starter(label="Review insights", message="Review insights for dresses"),
    cl.Starter(label="Open tickets", message="Show me the open support tickets"),
    cl.Starter(label="Classify titles", message="Classify these titles: NIKE AIR ZOOM 10.5 BLK; Ceramic mug 12oz"),
]


@cl.set_chat_profiles
async def chat_profiles(user: cl.User | None = None, language: str | None = None) -> list[cl.ChatProfile]:
    shopper = cl.ChatProfile(name=SHOPPER, markdown_description="Ask about policies, find products, read reviews.",
                             starters=SHOPPER_STARTERS)
    if account_role(user) != "merchant":
        return [shopper]
    merchant = cl.ChatProfile(name=MERCHANT, default=True, starters=MERCHANT_STARTERS,
                              markdown_description="Descriptions with approval, batch classification, review "
                                                   "insights, support tickets.")
    return [merchant, shopper]


@cl.on_chat_start
async def start() -> None:
    await RUNTIME.graph()  # the first chat of the process loads the models and opens the checkpointer


@cl.on_chat_resume
async def resume(thread: ThreadDict) -> None:
    """The conversation's messages come back from the data layer and the agent's state from the checkpointer
    (same thread id); a proposal still waiting for approval gets its buttons again."""
    graph = await RUNTIME.graph()
    proposal = await agent().apending(graph, session_thread())
    if proposal and session_role() == "merchant":
        message = cl.Message(content="This description is still waiting for your decision.",
                             actions=proposal_actions(proposal))
        await message.send()
        cl.user_session.set("proposal_actions", message.actions)


# ---------------------------------------------------------------------------------------------- chat events

@cl.on_message
async def on_message(message: cl.Message) -> None:
    if len(message.content) > SETTINGS.max_message_chars:  # a question, not a document: say so, read nothing
        await cl.Message(content=f"That message is {len(message.content):,} characters long; I read messages of up "
                                 f"to {SETTINGS.max_message_chars:,}. Please send a shorter one, or attach a CSV "
                                 "file for a long list of titles.").send()
        return
    if (editing := cl.user_session.get("editing")) is not None:  # the text after a click on "Edit"
        cl.user_session.set("editing", None)
        await run_turn("", decision={"action": "edit", "text": message.content}, fingerprint=editing)
        return
    csv_file = next((el for el in message.elements or [] if el.path and (el.name or el.path).lower().endswith(".csv")),
                     None)
    upload = ""
    if csv_file is not None and session_role() == "merchant":  # the graph ignores a shopper's file too
        # Chainlit stores uploads under a random name; the results file is named after the merchant's own file.
        named = Path(csv_file.path).parent / Path(csv_file.name or "titles.csv").name
        if named != Path(csv_file.path):
            shutil.copyfile(csv_file.path, named)
        upload = str(named)
    await run_turn(message.content, upload=upload)


@cl.action_callback("remove_filter")
async def on_remove_filter(action: cl.Action) -> None:
    chip = action.payload["chip"]
    await cl.Message(content=f"Remove the filter “{chip}”", author="You", type="user_message").send()
    await run_turn(f"remove the filter {chip}", remove_filter=chip)


@cl.action_callback("proposal")
async def on_proposal(action: cl.Action) -> None:
    """Approve / edit / shorter / more playful / more formal / discard a proposed description.

    Never waits inside the handler (an `AskUserMessage` here froze the chat, issue 13 item 1): "Edit" only asks for
    the text, and the next message is taken as the edit. Each button names the proposal it belongs to, so a button
    of an older proposal acts on nothing (issue 13 item 2)."""
    decision = {k: v for k, v in action.payload.items() if k != "fingerprint"}
    fingerprint = action.payload.get("fingerprint")
    if decision["action"] == "edit":
        if await current_proposal(fingerprint) is None:
            await cl.Message(content=STALE_PROPOSAL).send()
            return
        cl.user_session.set("editing", fingerprint)
        await cl.Message(content="Send the edited description; I'll publish it as you write it.").send()
        return
    cl.user_session.set("editing", None)
    await run_turn("", decision=decision, fingerprint=fingerprint)


STALE_PROPOSAL = ("That proposal is no longer the current one (it was replaced, approved or discarded); "
                  "use the buttons under the latest proposal.")


def fingerprint_of(proposal: dict) -> str:
    return hashlib.sha256(f"{proposal.get('product_id', '')}\n{proposal.get('text', '')}".encode()).hexdigest()[:16]


async def current_proposal(fingerprint: str | None) -> dict | None:
    """The thread's pending proposal when the button's fingerprint is its own, else None."""
    pending = await agent().apending(await RUNTIME.graph(), session_thread())
    return pending if pending is not None and fingerprint_of(pending) == fingerprint else None


async def retire_proposal_buttons() -> None:
    """Remove the buttons of the proposal shown before: only the latest one can be acted on."""
    for action in cl.user_session.get("proposal_actions") or []:
        await action.remove()
    cl.user_session.set("proposal_actions", [])


async def run_turn(text: str, decision: dict | None = None, fingerprint: str | None = None, **extra) -> None:
    graph = await RUNTIME.graph()
    if decision is not None:
        if await current_proposal(fingerprint) is None:
            await cl.Message(content=STALE_PROPOSAL).send()
            return
        await retire_proposal_buttons()
    reply = cl.Message(content="")
    stream = StreamSanitizer()  # a model's reply may carry an image or a link planted in a review or a page
    answer: Answer | None = None
    proposal: dict | None = None
    progress: cl.Message | None = None
    role, thread = session_role(), session_thread()
    service = agent()
    events = (service.astream_decision(graph, thread, decision, role, session_user()) if decision is not None else
              service.astream_turn(graph, text, thread, role, user=session_user(), **extra))
    async for kind, payload in events:
        if kind == "token":
            if safe := stream.feed(payload):
                await reply.stream_token(safe)
        elif kind == "step":
            if role == "merchant":  # shoppers see answers, not the assistant's routing and tool calls
                await show_steps(payload)
        elif kind == "progress":
            progress = await show_progress(progress, payload)
        elif kind == "answer":
            answer = payload
        elif kind == "proposal":
            proposal = payload
    if rest := stream.flush():
        await reply.stream_token(rest)
    if answer is not None:
        reply.content = safe_markdown(answer.answer + classified_table(answer))
        reply.elements = elements_for(answer)
        reply.actions = [cl.Action(name="remove_filter", payload={"chip": chip}, label=f"✕ {chip}",
                                   tooltip="remove this filter") for chip in answer.filters]
        if proposal is not None:
            await retire_proposal_buttons()
            reply.actions += proposal_actions(proposal)
    await reply.send()
    if proposal is not None:
        cl.user_session.set("proposal_actions", [a for a in reply.actions if a.name == "proposal"])


def proposal_actions(proposal: dict) -> list[cl.Action]:
    f = fingerprint_of(proposal)
    return [cl.Action(name="proposal", payload={"action": "approve", "fingerprint": f}, label="✓ Approve",
                      tooltip="publish it"),
            cl.Action(name="proposal", payload={"action": "edit", "fingerprint": f}, label="✎ Edit",
                      tooltip="edit, then publish"),
            cl.Action(name="proposal", payload={"action": "regenerate", "guidance": "shorter", "fingerprint": f},
                      label="Shorter"),
            cl.Action(name="proposal", payload={"action": "regenerate", "guidance": "more playful", "fingerprint": f},
                      label="More playful"),
            cl.Action(name="proposal", payload={"action": "regenerate", "guidance": "more formal", "fingerprint": f},
                      label="More formal"),
            cl.Action(name="proposal", payload={"action": "discard", "fingerprint": f}, label="Discard")]


async def show_progress(message: cl.Message | None, p: dict) -> cl.Message:
    text = f"Classifying: {p['done']} of {p['total']} titles"
    if message is None:
        message = cl.Message(content=text, author="progress")
        await message.send()
    else:
        message.content = text
        await message.update()
    return message


async def show_steps(update: dict) -> None:
    """Show the routing decision and each tool call as a collapsible step."""
    for node, change in update.items():
        if node == "understand" and isinstance(change, dict):
            async with cl.Step(name=f"route: {change.get('route')}", type="run") as step:
                step.input = change.get("query", "")
                step.output = f"confidence {change.get('confidence', 0):.2f}"
            for msg in change.get("messages", []):  # the tools ran in the same step, after the plan's message
                if msg.type == "tool":
                    async with cl.Step(name=msg.name, type="tool") as step:
                        step.output = msg.content


def elements_for(answer: Answer) -> list:
    """Citations as side elements named like the `[id]` in the text, so the text links to the passage; a
    classified CSV as a file to download; review insights as a chart, at full width."""
    elements: list = [cl.Text(name=c.id, content=f"**{c.source} — {c.section}**\n\n{unwrap(c.text)}", display="side")
                      for c in answer.citations]
    for call in answer.tools:
        out = call.output if isinstance(call.output, dict) else {}
        if out.get("csv"):
            elements.append(cl.File(name=Path(out["csv"]).name, path=out["csv"], display="inline",
                                    mime="text/csv"))
        if call.name in ("review_insights", "review_summary") and out.get("reviews"):
            from assistant.ui.charts import insights_figure  # matplotlib: a second to import, only for charts

            elements.append(cl.Pyplot(name="review insights", figure=insights_figure(out), display="inline",
                                      size="large"))
    return elements


def unwrap(text: str) -> str:
    """Policy text as paragraphs: the hard line breaks of the source file joined, lists and blank lines kept."""
    return re.sub(r"(?<=\S)[ \t]*\n(?![ \t]*(?:\n|[-*+] |\d+[.)] |#|\|))[ \t]*", " ", text)


def classified_table(answer: Answer, limit: int = 20) -> str:
    """Pasted titles (not a CSV, which comes as a file): each title's category path, attributes and confidence,
    least confident first."""
    rows = next((call.output.get("rows") for call in answer.tools if call.name == "classify_titles"
                 and isinstance(call.output, dict) and not call.output.get("csv")), None)
    if not rows:
        return ""
    lines = ["", "", "| title | category | attributes | confidence |", "| --- | --- | --- | --- |"]
    for r in rows[:limit]:
        attrs = ", ".join(f"{k}: {'/'.join(v) if isinstance(v, list) else v}" for k, v in (r.get("attributes") or {}).items())
        cells = [r["title"], r.get("category_path") or str(r.get("category_id", "")), attrs or "—",
                 f"{r.get('confidence', 0):.2f}"]
        lines.append("| " + " | ".join(c.replace("|", "/") for c in cells) + " |")
    if len(rows) > limit:
        lines.append(f"\n… and {len(rows) - limit} more; attach a CSV to get every row as a file.")
    return "\n".join(lines)
