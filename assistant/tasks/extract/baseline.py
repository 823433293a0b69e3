"""The baseline: the sentiment lexicon with negation, keyword use cases and difficulty words. No training."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.extract.lexicon import (ASPECT_KEYWORDS, DIFFICULTY_KEYWORDS, USE_CASE_KEYWORDS, _has,
                                             lexicon_polarity, words_for)
from assistant.tasks.extract.schema import ExtractInput, ExtractOutput, allowed_aspects, split_clauses
from assistant.tasks.extract.vocabulary import vocabulary


class LexiconBaseline:
    """Word lists only: sentiment words with simple negation, aspect and use-case keywords. No training."""

    task = "extract"
    kind = "baseline"
    name = "lexicon"

    def __init__(self, ctx: TaskContext):
        self.ctx, self.vocab = ctx, vocabulary(ctx)

    def predict(self, inputs: list[ExtractInput]) -> list[ExtractOutput]:
        return [self._one(x) for x in inputs]

    def _one(self, x: ExtractInput) -> ExtractOutput:
        clauses = [c.lower() for c in split_clauses(x.text)]
        scores = [lexicon_polarity(c) for c in clauses]
        aspects: dict[str, str] = {}
        for name in allowed_aspects(x.category, self.ctx):
            for c, s in zip(clauses, scores):
                if any(_has(c, k) for k in words_for(name, self.vocab.words, ASPECT_KEYWORDS)):
                    aspects[name] = "positive" if s > 0 else "negative" if s < 0 else "neutral"
                    break
        text = x.text.lower()
        uses = sorted(u for u in self.vocab.use_cases
                      if any(_has(text, k) for k in words_for(u, self.vocab.words, USE_CASE_KEYWORDS)))
        if any(s > 0 for s in scores) and any(s < 0 for s in scores):
            overall = "mixed"
        else:
            overall = "negative" if sum(scores) < 0 else "positive"
        hard = any(_has(text, k) for k in DIFFICULTY_KEYWORDS) or any(
            aspects.get(a) == "negative" for a in self.vocab.difficulty)
        return ExtractOutput(overall_sentiment=overall, aspects=aspects, use_cases=uses, mentions_difficulty=hard)
