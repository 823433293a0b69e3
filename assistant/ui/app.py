"""Chainlit app: `chainlit run assistant/ui/app.py` from the repository root (where chainlit.md lives).

Thin on purpose: it signs people in, turns chat events into agent turns and agent answers into Chainlit messages.
The role reaches the agent only from the signed-in account (and the Merchant profile, offered to merchants only);
whatever is typed, the agent's graph enforces it again.
"""

from __future__ import annotations

import logging
import os
import shutil
from functools import lru_cache
from pathlib import Path

import chainlit as cl
from chainlit.server import app as server_app
from chainlit.server import sio
from chainlit.types import ThreadDict

from assistant.agent.service import apending, astream_decision, astream_turn
from assistant.config import load_settings
from assistant.schemas import Answer
from assistant.store.accounts import Accounts
from assistant.ui import security
from assistant.ui.charts import insights_figure
from assistant.ui.data_layer import build_data_layer
from assistant.ui.render import StreamSanitizer, safe_markdown
from assistant.ui.runtime import Runtime, checkpoint_thread

log = logging.getLogger(__name__)
SETTINGS = load_settings()  # read once, at the edge
if SETTINGS.auth_secret is not None:  # Chainlit reads its signing secret from the environment
    os.environ.setdefault("CHAINLIT_AUTH_SECRET", SETTINGS.auth_secret.get_secret_value())
SHOPPER, MERCHANT = "Shopper", "Merchant"
RUNTIME = Runtime(SETTINGS)  # services, one checkpointer and the graph compiled once, for the server's life
security.install(server_app, sio)


def services():
    """Models and index are loaded once per server process, on the first chat."""
    return RUNTIME.services()


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
    proposal = await apending(graph, session_thread())
    if proposal and session_role() == "merchant":
        await cl.Message(content="This description is still waiting for your decision.",
                         actions=proposal_actions()).send()


# ---------------------------------------------------------------------------------------------- chat events

@cl.on_message
async def on_message(message: cl.Message) -> None:
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
    """Approve / edit / shorter / more playful / discard a proposed description."""
    decision = dict(action.payload)
    if decision["action"] == "edit":
        asked = await cl.AskUserMessage(content="Send the edited description; I'll publish it as you write it.",
                                        timeout=900).send()
        if not asked or not asked.get("output", "").strip():
            return
        decision["text"] = asked["output"]
    await action.remove()
    await run_turn("", decision=decision)


async def run_turn(text: str, decision: dict | None = None, **extra) -> None:
    graph = await RUNTIME.graph()
    reply = cl.Message(content="")
    stream = StreamSanitizer()  # a model's reply may carry an image or a link planted in a review or a page
    answer: Answer | None = None
    proposal: dict | None = None
    progress: cl.Message | None = None
    role, thread = session_role(), session_thread()
    events = (astream_decision(graph, thread, decision, role, session_user()) if decision is not None else
              astream_turn(graph, text, thread, role, user=session_user(), **extra))
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
        reply.content = safe_markdown(answer.answer)
        reply.elements = elements_for(answer)
        reply.actions = [cl.Action(name="remove_filter", payload={"chip": chip}, label=f"✕ {chip}",
                                   tooltip="remove this filter") for chip in answer.filters]
        if proposal is not None:
            reply.actions += proposal_actions()
    await reply.send()


def proposal_actions() -> list[cl.Action]:
    return [cl.Action(name="proposal", payload={"action": "approve"}, label="✓ Approve", tooltip="publish it"),
            cl.Action(name="proposal", payload={"action": "edit"}, label="✎ Edit", tooltip="edit, then publish"),
            cl.Action(name="proposal", payload={"action": "regenerate", "guidance": "shorter"}, label="Shorter"),
            cl.Action(name="proposal", payload={"action": "regenerate", "guidance": "more playful"},
                      label="More playful"),
            cl.Action(name="proposal", payload={"action": "discard"}, label="Discard")]


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
        elif node == "tools" and isinstance(change, dict):
            for msg in change.get("messages", []):
                async with cl.Step(name=msg.name, type="tool") as step:
                    step.output = msg.content


def elements_for(answer: Answer) -> list:
    """Citations as side elements named like the `[id]` in the text, so the text links to the passage; a
    classified CSV as a file to download; review insights as a chart."""
    elements: list = [cl.Text(name=c.id, content=f"**{c.source} — {c.section}**\n\n{c.text}", display="side")
                      for c in answer.citations]
    for call in answer.tools:
        out = call.output if isinstance(call.output, dict) else {}
        if out.get("csv"):
            elements.append(cl.File(name=Path(out["csv"]).name, path=out["csv"], display="inline",
                                    mime="text/csv"))
        if call.name in ("review_insights", "review_summary") and out.get("reviews"):
            elements.append(cl.Pyplot(name="review insights", figure=insights_figure(out), display="inline"))
    return elements
