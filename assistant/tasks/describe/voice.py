"""The brand voice's machine-checkable rules: length, avoided words, US spelling."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

from assistant.errors import DataError


@dataclass
class Voice:
    min_words: int = 45
    max_words: int = 90
    avoid: list[str] = field(default_factory=list)
    us_spelling: dict[str, str] = field(default_factory=dict)


def load_voice(path: Path) -> Voice:
    """The machine-checkable rules: the first fenced yaml block of brand_voice.md."""
    text = Path(path).read_text(encoding="utf-8")
    m = re.search(r"```yaml\n(.*?)```", text, re.S)
    if not m:
        raise DataError(path, None, "yaml", "no ```yaml block with min_words/max_words/avoid")
    raw = yaml.safe_load(m.group(1)) or {}
    return Voice(int(raw.get("min_words", 45)), int(raw.get("max_words", 90)),
                 [str(a).lower() for a in raw.get("avoid") or []],
                 {str(k).lower(): str(v) for k, v in (raw.get("us_spelling") or {}).items()})


def _contains(text: str, phrase: str) -> bool:
    if not re.search(r"\w", phrase):
        return phrase in text
    return re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text, re.I) is not None


def voice_problems(text: str, voice: Voice) -> list[str]:
    """What breaks the brand voice's checkable rules: length, avoided words, UK spelling."""
    problems = []
    n = len(text.split())
    if n < voice.min_words:
        problems.append(f"too short: {n} words (at least {voice.min_words})")
    if n > voice.max_words:
        problems.append(f"too long: {n} words (at most {voice.max_words})")
    problems += [f"avoided word: '{a}'" for a in voice.avoid if _contains(text, a)]
    problems += [f"UK spelling: '{uk}' (write '{us}')" for uk, us in voice.us_spelling.items() if _contains(text, uk)]
    return problems
