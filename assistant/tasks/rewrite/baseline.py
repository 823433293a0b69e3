"""The baseline: the lexicon rewriter behind the task interface. No training."""

from __future__ import annotations

from assistant.schemas import SearchFilters
from assistant.tasks.base import TaskContext
from assistant.tasks.rewrite.lexicon import Lexicon, LexiconRewriter
from assistant.tasks.rewrite.schema import RewriteInput


class LexiconBaseline:
    """The lexicon rewriter behind the task interface: the ontology's synonyms, word for word. No training."""

    task = "rewrite"
    kind = "baseline"
    name = "lexicon"

    def __init__(self, ctx: TaskContext):
        self.rewriter = LexiconRewriter(Lexicon.build(ctx.taxonomy, ctx.ontology))

    def predict(self, inputs: list[RewriteInput]) -> list[SearchFilters]:
        return [self.rewriter.rewrite(x.query) for x in inputs]
