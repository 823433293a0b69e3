"""Task models served by OpenAI or an OpenAI-compatible server: prompted (few-shot) or fine-tuned."""

from __future__ import annotations

import json
import logging

import openai
from pydantic import ValidationError

from assistant.config import Settings
from assistant.errors import ModelError
from assistant.models.providers import openai_client
from assistant.tasks.base import TaskContext
from assistant.tasks.spec import TaskSpec

log = logging.getLogger(__name__)
FEW_SHOT = 4  # enough to show the output format; more costs tokens on every call


class OpenAITaskModel:
    """Structured output into the task's schema; a fine-tuned id is called without few-shot examples."""

    def __init__(self, spec: TaskSpec, ctx: TaskContext, client: openai.OpenAI, model: str, kind: str,
                 examples: list | None = None):
        self.spec, self.ctx, self.client, self.model, self.kind = spec, ctx, client, model, kind
        self.task = spec.name
        self.name = f"openai:{model}"
        self.examples = examples or []

    @classmethod
    def from_settings(cls, spec: TaskSpec, ctx: TaskContext, settings: Settings, choice: str) -> "OpenAITaskModel":
        client = openai_client(settings)
        if choice == "openai":
            path = settings.knowledge_dir / spec.train_file
            shots = spec.load_examples(path)[:FEW_SHOT] if path.exists() else []
            return cls(spec, ctx, client, settings.openai_model, "openai-prompted", shots)
        return cls(spec, ctx, client, choice.split(":", 1)[1], "openai-finetuned")

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
        try:
            resp = self.client.chat.completions.create(
                model=self.model, temperature=0, messages=self.messages(item),
                response_format={"type": "json_schema", "json_schema": {
                    "name": f"{self.task}_output", "schema": self.spec.output_model.model_json_schema()}},
            )
        except openai.APIConnectionError as exc:
            raise ModelError(f"cannot reach the model server ({exc})") from exc
        except openai.APIStatusError as exc:
            raise ModelError(f"the model server refused the {self.task} request: {exc.status_code} {exc.message}") from exc
        content = resp.choices[0].message.content or ""
        try:
            return self.spec.output_model.model_validate(json.loads(content))
        except (json.JSONDecodeError, ValidationError) as exc:
            raise ModelError(f"{self.model} returned output that does not fit the {self.task} schema: {exc}") from exc
