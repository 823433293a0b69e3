"""Task models served by OpenAI or an OpenAI-compatible server: prompted (few-shot) or fine-tuned."""

from __future__ import annotations

import json
import logging

import openai
from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import ModelError
from assistant.models.providers import Deadline, openai_client, within
from assistant.tasks.base import TaskContext
from assistant.tasks.spec import TaskSpec

log = logging.getLogger(__name__)
FEW_SHOT = 4  # enough to show the output format; more costs tokens on every call


class OpenAITaskModel:
    """Structured output into the task's schema; a fine-tuned id is called without few-shot examples."""

    def __init__(self, spec: TaskSpec, ctx: TaskContext, client: openai.OpenAI, model: str, kind: str,
                 examples: list | None = None, timeout: float = 15.0, labels: set[str] | None = None):
        self.spec, self.ctx, self.client, self.model, self.kind = spec, ctx, client, model, kind
        self.task = spec.name
        self.name = f"openai:{model}"
        self.examples = examples or []
        self.timeout = timeout
        self.labels = labels or set()  # a store's own category labels (its training rows), besides taxonomy ids

    @classmethod
    def from_settings(cls, spec: TaskSpec, ctx: TaskContext, settings: Settings, choice: str) -> "OpenAITaskModel":
        client = openai_client(settings)
        path = settings.knowledge_dir / spec.train_file
        rows = spec.load_examples(path) if path.exists() else []
        labels = {str(r.output.category) for r in rows} if spec.name == "classify" else set()
        if choice == "openai":
            return cls(spec, ctx, client, settings.openai_model, "openai-prompted", rows[:FEW_SHOT],
                       settings.openai_timeout, labels)
        return cls(spec, ctx, client, choice.split(":", 1)[1], "openai-finetuned", None, settings.openai_timeout,
                   labels)

    def messages(self, item) -> list[dict]:
        prompt = self.spec.tuned_prompt if self.kind == "openai-finetuned" else self.spec.system_prompt(self.ctx)
        msgs = [{"role": "system", "content": prompt}]
        for ex in self.examples:
            msgs.append({"role": "user", "content": self.spec.render_input(ex.input)})
            msgs.append({"role": "assistant", "content": ex.output.model_dump_json(exclude_none=True)})
        msgs.append({"role": "user", "content": self.spec.render_input(item)})
        return msgs

    def predict(self, inputs: list) -> list:
        return [self._one(item) for item in inputs]

    def _one(self, item):
        schema = {"name": f"{self.task}_output", "schema": self.spec.output_model.model_json_schema()}
        try:
            resp = within(self.client, Deadline(self.timeout), lambda c: c.chat.completions.create(
                model=self.model, temperature=0, messages=self.messages(item),
                response_format={"type": "json_schema", "json_schema": schema}))
        except openai.APITimeoutError as exc:
            raise ModelError(f"the model server did not answer the {self.task} request within "
                             f"{self.timeout:g} s (ASSISTANT_OPENAI_TIMEOUT), retries included") from exc
        except openai.APIConnectionError as exc:
            raise ModelError(f"cannot reach the model server ({exc})") from exc
        except openai.APIStatusError as exc:
            raise ModelError(f"the model server refused the {self.task} request: {exc.status_code} {exc.message}") from exc
        except ValueError as exc:  # a body that is not JSON (JSONDecodeError is a ValueError)
            raise ModelError(f"the model server's reply to the {self.task} request is not JSON: {exc}") from exc
        content = _content(resp)
        if content is None:
            raise ModelError(f"the model server's reply to the {self.task} request has no message: {str(resp)[:200]}")
        try:
            out = self.spec.output_model.model_validate(json.loads(content))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ModelError(f"{self.model} returned output that does not fit the {self.task} schema: {exc}") from exc
        if problems := self.outside_knowledge(out):
            raise ModelError(f"{self.model} returned a {self.task} output outside the store's knowledge: "
                             + "; ".join(problems))
        return out

    def outside_knowledge(self, out) -> list[str]:
        """What in an output the store's taxonomy, ontology or the task's lists do not know (the task says)."""
        return [] if self.spec.unknown is None else self.spec.unknown(out, self.ctx, self.labels)


def _content(resp) -> str | None:
    """The reply's text, or None when the reply has no message at all (a malformed or truncated body)."""
    try:
        return resp.choices[0].message.content or ""
    except (AttributeError, IndexError, TypeError):
        return None
