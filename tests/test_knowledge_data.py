"""Checks on the demo store's knowledge data: taxonomy, ontology, catalog, reviews and review labels.

Fast and dependency-light on purpose (json, yaml, the standard library): these run before anything that trains or
indexes on the data, so a broken line fails here with a readable message instead of deep inside a pipeline.
"""

from __future__ import annotations

import json
import re
import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
KNOWLEDGE = ROOT / "knowledge"
CATALOG = KNOWLEDGE / "catalog"
GENERATOR = ROOT / "scripts" / "make_catalog.py"
GPT_SOURCE = ROOT.parent / "shared" / "realdata" / "gpt" / "taxonomy-with-ids.en-US.txt"
GPT_HEADER = "# Google_Product_Taxonomy_Version: 2021-09-21"
MAX_SENTENCE_REUSE = 5
SENTIMENT_RATINGS = {"positive": {4, 5}, "mixed": {2, 3, 4}, "negative": {1, 2}}
CATALOG_FILES = ("products.jsonl", "reviews.jsonl", "reviews_labels.jsonl")


# ----------------------------------------------------------------------------------------------------------- helpers
def read_jsonl(path: Path) -> list[dict]:
    rows = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        try:
            rows.append(json.loads(line))
        except json.JSONDecodeError as err:  # pragma: no cover - the message is the point
            pytest.fail(f"{path.name}:{number} is not JSON: {err}")
    return rows


def split_sentences(text: str) -> list[str]:
    return [s for s in re.split(r"(?<=[.!?])\s+", text.strip()) if s]


def normalize(sentence: str) -> str:
    return re.sub(r"\s+", " ", sentence.strip().lower())


def overused_sentences(texts: list[str]) -> dict[str, int]:
    """Sentences that appear in more than MAX_SENTENCE_REUSE documents (counted once per document)."""
    counts = Counter(s for text in texts for s in {normalize(x) for x in split_sentences(text)})
    return {s: n for s, n in counts.items() if n > MAX_SENTENCE_REUSE}


def covers(prefix: str, path: str) -> bool:
    return path == prefix or path.startswith(prefix + " > ")


# ---------------------------------------------------------------------------------------------------------- fixtures
@pytest.fixture(scope="module")
def ontology() -> dict:
    return yaml.safe_load((KNOWLEDGE / "ontology.yaml").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def taxonomy_lines() -> list[str]:
    return (KNOWLEDGE / "taxonomy.txt").read_text(encoding="utf-8").splitlines()


@pytest.fixture(scope="module")
def taxonomy(taxonomy_lines) -> dict[int, str]:
    entries = {}
    for line in taxonomy_lines[1:]:
        ident, _, path = line.partition(" - ")
        entries[int(ident)] = path
    return entries


@pytest.fixture(scope="module")
def leaves(taxonomy) -> dict[int, str]:
    parents = {p.rsplit(" > ", 1)[0] for p in taxonomy.values() if " > " in p}
    return {i: p for i, p in taxonomy.items() if p not in parents}


@pytest.fixture(scope="module")
def leaf_department(leaves, ontology) -> dict[int, str]:
    """Each leaf's department (the tests below check there is exactly one)."""
    result = {}
    for ident, path in leaves.items():
        depts = [d for d, prefixes in ontology["departments"].items() if any(covers(p, path) for p in prefixes)]
        if len(depts) == 1:
            result[ident] = depts[0]
    return result


@pytest.fixture(scope="module")
def products() -> list[dict]:
    return read_jsonl(CATALOG / "products.jsonl")


@pytest.fixture(scope="module")
def reviews() -> list[dict]:
    return read_jsonl(CATALOG / "reviews.jsonl")


@pytest.fixture(scope="module")
def labels() -> list[dict]:
    return read_jsonl(CATALOG / "reviews_labels.jsonl")


# ---------------------------------------------------------------------------------------------------------- taxonomy
def test_taxonomy_format(taxonomy_lines, taxonomy):
    assert taxonomy_lines[0] == GPT_HEADER
    assert all(re.fullmatch(r"\d+ - \S.*", line) for line in taxonomy_lines[1:])
    assert len(taxonomy) == len(taxonomy_lines) - 1, "taxonomy ids must be unique"
    paths = set(taxonomy.values())
    missing = [p for p in paths if " > " in p and p.rsplit(" > ", 1)[0] not in paths]
    assert not missing, f"ancestor lines missing for {missing[:3]}"


@pytest.mark.realdata
def test_taxonomy_lines_are_real_gpt_lines(taxonomy_lines):
    if not GPT_SOURCE.exists():
        pytest.skip("Google Product Taxonomy source not available")
    real = set(GPT_SOURCE.read_text(encoding="utf-8").splitlines())
    assert [line for line in taxonomy_lines if line not in real] == []


def test_taxonomy_and_department_counts(leaves, ontology, leaf_department):
    assert len(leaves) >= 40
    assert len(ontology["departments"]) >= 6
    assert len(set(leaf_department.values())) == len(ontology["departments"]), "a department has no leaves"


def test_every_leaf_in_exactly_one_department(leaves, leaf_department):
    assert sorted(set(leaves) - set(leaf_department)) == []


# ---------------------------------------------------------------------------------------------------------- ontology
def test_ontology_attributes_well_formed(ontology):
    expected = {"color", "material", "occasion", "silhouette", "pattern", "size", "gender", "season", "style"}
    assert set(ontology["attributes"]) == expected
    for name, spec in ontology["attributes"].items():
        assert spec["label"] and isinstance(spec["multi"], bool), name
        assert set(spec.get("applies_to", [])) <= set(ontology["departments"]), name
        assert spec["values"], name
        for value, synonyms in spec["values"].items():
            assert isinstance(value, str) and isinstance(synonyms, list), (name, value)
            assert all(s == s.lower() for s in synonyms), (name, value)


def test_synonyms_are_unambiguous(ontology):
    """A word a shopper types (canonical value or synonym) names one value of one attribute."""
    owners: dict[str, set[tuple[str, str]]] = {}
    for name, spec in ontology["attributes"].items():
        for value, synonyms in spec["values"].items():
            for word in [value, *synonyms]:
                owners.setdefault(word.lower().strip(), set()).add((name, value))
    clashes = {word: sorted(o) for word, o in owners.items() if len(o) > 1}
    assert clashes == {}


# ---------------------------------------------------------------------------------------------------------- products
def test_products_parse_and_ids_unique(products):
    assert len(products) >= 600
    keys = {"id", "title", "brand", "category_id", "attributes", "price", "stock", "rating", "description"}
    for product in products:
        assert set(product) == keys, product.get("id")
        assert re.fullmatch(r"HP-\d{5}", product["id"])
    ids = [p["id"] for p in products]
    assert len(ids) == len(set(ids))
    assert len({p["title"] for p in products}) == len(products), "titles must be unique"


def test_category_is_a_leaf_and_every_leaf_is_stocked(products, leaves):
    assert [p["id"] for p in products if p["category_id"] not in leaves] == []
    per_leaf = Counter(p["category_id"] for p in products)
    assert {i: per_leaf[i] for i in leaves if per_leaf[i] < 8} == {}


def test_attribute_values_canonical_and_applicable(products, ontology, leaf_department):
    attributes = ontology["attributes"]
    problems = []
    for product in products:
        dept = leaf_department[product["category_id"]]
        for name, value in product["attributes"].items():
            spec = attributes.get(name)
            if spec is None or dept not in spec.get("applies_to", [dept]):
                problems.append((product["id"], name, "not applicable"))
                continue
            if spec["multi"] != isinstance(value, list):
                problems.append((product["id"], name, "multi mismatch"))
                continue
            values = value if spec["multi"] else [value]
            problems += [(product["id"], name, v) for v in values if v not in spec["values"]]
    assert problems == []


def test_prices_stock_ratings_descriptions(products):
    for product in products:
        assert isinstance(product["price"], (int, float)) and 1 <= product["price"] <= 1000, product["id"]
        assert isinstance(product["stock"], int) and 0 <= product["stock"] <= 120, product["id"]
        assert 2.8 <= product["rating"] <= 5.0, product["id"]
        assert 40 <= len(product["description"].split()) <= 110, product["id"]
    assert any(p["stock"] == 0 for p in products), "some products should be out of stock"


def test_no_description_sentence_in_more_than_five_descriptions(products):
    assert overused_sentences([p["description"] for p in products]) == {}


def test_catalog_has_what_search_tests_need(products):
    dresses = [p for p in products if p["category_id"] == 2271]
    red = [p for p in dresses if p["attributes"]["color"] == "red"]
    assert sum(p["price"] < 100 for p in red) >= 3
    assert sum(p["price"] > 100 for p in red) >= 3
    assert sum(p["price"] < 100 for p in dresses if p["attributes"]["color"] != "red") >= 3
    flowy_wedding = [p for p in dresses if p["attributes"]["silhouette"] == "flowy"
                     and p["attributes"]["occasion"] == "wedding"]
    assert len(flowy_wedding) >= 3
    assert sum("navy" in p["title"].lower() and p["attributes"].get("color") == "blue" for p in products) >= 3
    assert sum(p["attributes"].get("gender") == "men" for p in products) >= 20
    jackets = [p for p in products if p["category_id"] == 5598]
    assert any("hood" in p["title"].lower() for p in jackets)
    assert sum("hood" not in p["title"].lower() for p in jackets) >= 3


# ----------------------------------------------------------------------------------------------------------- reviews
def test_reviews_parse_and_point_at_products(reviews, products):
    assert len(reviews) >= 1500
    product_ids = {p["id"] for p in products}
    for review in reviews:
        assert set(review) == {"id", "product_id", "rating", "date", "author", "title", "text"}, review["id"]
        assert re.fullmatch(r"RV-\d{6}", review["id"])
        assert review["product_id"] in product_ids, review["id"]
        assert review["rating"] in {1, 2, 3, 4, 5}, review["id"]
        assert date(2024, 1, 1) <= date.fromisoformat(review["date"]) <= date(2026, 10, 31), review["id"]
        assert review["author"] and review["title"] and review["text"], review["id"]
        assert 3 <= len(review["text"].split()) <= 130, review["id"]
    assert len({r["id"] for r in reviews}) == len(reviews)


def test_no_review_sentence_in_more_than_five_reviews(reviews):
    assert overused_sentences([r["text"] for r in reviews]) == {}


def test_labels_match_reviews(reviews, labels):
    assert [lab["id"] for lab in labels] == [r["id"] for r in reviews]
    for review, label in zip(reviews, labels):
        assert label["overall_sentiment"] in SENTIMENT_RATINGS, label["id"]
        assert review["rating"] in SENTIMENT_RATINGS[label["overall_sentiment"]], label["id"]
        assert all(re.fullmatch(r"[a-z]+(_[a-z]+)*", a) for a in label["aspects"]), label["id"]
        assert set(label["aspects"].values()) <= {"positive", "negative"}, label["id"]
        assert isinstance(label["use_cases"], list) and isinstance(label["mentions_difficulty"], bool)
        if label["overall_sentiment"] == "mixed" and len(label["aspects"]) >= 2:
            assert set(label["aspects"].values()) == {"positive", "negative"}, label["id"]


def test_sentiment_mix_and_variety(labels, reviews):
    share = Counter(lab["overall_sentiment"] for lab in labels)
    total = len(labels)
    assert 0.45 <= share["positive"] / total <= 0.65
    assert 0.12 <= share["mixed"] / total <= 0.28
    assert 0.18 <= share["negative"] / total <= 0.32
    assert sum(lab["mentions_difficulty"] for lab in labels) >= 50
    assert sum(bool(lab["use_cases"]) for lab in labels) >= 200
    lengths = [len(r["text"].split()) for r in reviews]
    assert min(lengths) <= 4 and max(lengths) >= 80


def test_planted_instruction_reviews_present(reviews, labels):
    planted = [r for r, lab in zip(reviews, labels) if lab.get("planted_instruction")]
    assert len(planted) == 3
    assert any("IGNORE ALL PREVIOUS INSTRUCTIONS" in r["text"] for r in planted)


# -------------------------------------------------------------------------------------------------------- generator
def test_generator_reproduces_committed_files(tmp_path):
    result = subprocess.run([sys.executable, str(GENERATOR), "--out", str(tmp_path)], capture_output=True,
                            text=True, timeout=120, cwd=ROOT)
    assert result.returncode == 0, result.stderr
    for name in CATALOG_FILES:
        assert (tmp_path / name).read_bytes() == (CATALOG / name).read_bytes(), f"{name} differs"
