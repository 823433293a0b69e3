"""Small labelled files with known duplicates, near-duplicates and contradictions, and a store to write into."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from tests.conftest import KNOWLEDGE

# 4 classes x 8 distinct titles: no two within the near-duplicate threshold of each other.
TITLES = {
    "dress": ["Juniper Chiffon Wrap Midi Dress", "Aster Linen Shirt Dress", "Velvet Evening Gown with Train",
              "Floral Smocked Sundress for Summer", "Knit Sweater Dress Long Sleeve", "Sequin Cocktail Party Dress",
              "Denim Pinafore Overall Dress", "Tiered Maxi Boho Gown"],
    "mug": ["Stoneware Coffee Mug 12 oz", "Enamel Camping Cup Speckled", "Double Wall Glass Espresso Cup",
            "Insulated Travel Tumbler with Lid", "Porcelain Tea Cup and Saucer", "Novelty Cat Face Mug",
            "Handmade Pottery Latte Bowl", "Copper Moscow Mule Mug"],
    "boot": ["Leather Chelsea Boot Brown", "Waterproof Hiking Boots Men", "Suede Ankle Booties Heeled",
             "Rubber Rain Wellies Kids", "Shearling Lined Snow Boots", "Steel Toe Work Boot", "Knee High Riding Boots",
             "Western Cowboy Boots Embroidered"],
    "lamp": ["Brass Desk Lamp with Shade", "LED Floor Lamp Dimmable", "Ceramic Table Lamp Blue Base",
             "Clip On Reading Light", "Paper Lantern Pendant Light", "Salt Rock Night Lamp",
             "Industrial Edison Bulb Sconce", "Tripod Wooden Floor Lamp"],
}
NEAR = ("Juniper Chiffon Wrap Midi Dress (M)", "dress")  # near-duplicate of the first dress
EXACT = ("juniper chiffon wrap midi dress", "dress")  # the first dress again, another case
CONTRADICTION = ("Stoneware Coffee Mug 12 oz", "lamp")  # the first mug, labelled as a lamp


def rows(extra: list[tuple[str, str]] = ()) -> list[dict]:
    out = [{"text": t, "category": label} for label, ts in TITLES.items() for t in ts]
    return out + [{"text": t, "category": label} for t, label in extra]


def write_jsonl(path: Path, items: list[dict]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join(json.dumps(r) + "\n" for r in items), encoding="utf-8")
    return path


@pytest.fixture
def dirty_file(tmp_path) -> Path:
    return write_jsonl(tmp_path / "dirty.jsonl", rows([NEAR, EXACT, CONTRADICTION]))


@pytest.fixture
def clean_file(tmp_path) -> Path:
    return write_jsonl(tmp_path / "clean.jsonl", rows())


@pytest.fixture
def store(tmp_path) -> Path:
    """A knowledge folder with the demo store's taxonomy and ontology and a small classify training file."""
    root = tmp_path / "knowledge"
    root.mkdir()
    for name in ("taxonomy.txt", "ontology.yaml", "brand_voice.md"):
        if (KNOWLEDGE / name).exists():
            shutil.copy(KNOWLEDGE / name, root / name)
    write_jsonl(root / "training" / "classify.jsonl", rows([NEAR, EXACT]))
    return root


@pytest.fixture
def settings(store, tmp_path):
    from assistant.config import Settings

    return Settings(knowledge_dir=store, index_dir=tmp_path / "index", data_dir=tmp_path / "data",
                    artifacts_dir=tmp_path / "artifacts")


@pytest.fixture
def ctx(settings, embedder):
    from assistant.tasks.base import build_context

    return build_context(settings, embedder)


@pytest.fixture
def no_heldout(monkeypatch):
    """Splits and leakage checks of the small files ignore the real eval sets in evals/ (a test of its own)."""
    from assistant.training import taskdata

    monkeypatch.setattr(taskdata, "heldout_files", lambda task: [])
