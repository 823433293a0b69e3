"""Loaders for public real-world data sets in `shared/realdata/`, used only to sanity-check that models generalize.

Nothing here is ever training data: these files are read by evaluations and reports, never by `train`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from assistant.errors import DataError, DataErrors


@dataclass
class SentimentSentence:
    """One sentence with a binary sentiment (UCI sentiment-labelled sentences)."""

    text: str
    positive: bool
    source: str


@dataclass
class AspectSentence:
    """One SemEval-14 aspect instance: the sentence, its aspect term, and the term's polarity."""

    sentence: str  # the sentence with the term put back in place of `$T$`
    term: str
    polarity: str  # "positive" | "negative" | "neutral"
    start: int  # where the term starts in `sentence`


def load_uci_sentiment(directory: Path, files: tuple[str, ...] = ("amazon_cells_labelled.txt",)) -> list[SentimentSentence]:
    """`sentence<TAB>score` lines (1 positive, 0 negative) from the UCI "Sentiment Labelled Sentences" files."""
    out: list[SentimentSentence] = []
    errors: list[DataError] = []
    for name in files:
        path = Path(directory) / name
        if not path.exists():
            raise DataErrors([DataError(path, None, None, "file not found")])
        for line_no, raw in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), start=1):
            if not raw.strip():
                continue
            text, _, score = raw.rpartition("\t")
            if score.strip() not in ("0", "1") or not text.strip():
                errors.append(DataError(path, line_no, "score", "expected `sentence<TAB>0|1`"))
                continue
            out.append(SentimentSentence(text.strip(), score.strip() == "1", name))
    if errors:
        raise DataErrors(errors)
    return out


SEMEVAL_POLARITY = {"-1": "negative", "0": "neutral", "1": "positive"}


def load_semeval14(directory: Path, name: str = "Laptops_Test_Gold.xml.seg") -> list[AspectSentence]:
    """SemEval-14 ABSA in the 3-lines-per-instance `.seg` format: sentence with `$T$`, aspect term, polarity -1/0/1."""
    path = Path(directory) / name
    if not path.exists():
        raise DataErrors([DataError(path, None, None, "file not found")])
    lines = path.read_text(encoding="utf-8").splitlines()
    out: list[AspectSentence] = []
    errors: list[DataError] = []
    for k in range(0, len(lines) - 2, 3):
        template, term, polarity = lines[k].strip(), lines[k + 1].strip(), lines[k + 2].strip()
        if "$T$" not in template or polarity not in SEMEVAL_POLARITY:
            errors.append(DataError(path, k + 1, "instance", "expected a `$T$` sentence, a term and -1/0/1"))
            continue
        start = template.index("$T$")
        out.append(AspectSentence(template.replace("$T$", term, 1), term, SEMEVAL_POLARITY[polarity], start))
    if errors:
        raise DataErrors(errors)
    return out
