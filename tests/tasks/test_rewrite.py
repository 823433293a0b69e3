"""Query rewriting: schema, data, the fine-tuned slot model against the lexicon baseline, save/load, user files."""

from __future__ import annotations

import json
import logging

import pytest
from rapidfuzz import fuzz, process

from assistant.errors import DataErrors
from assistant.tasks.specs import spec
from assistant.schemas import PriceRange, SearchFilters
from assistant.tasks.rewrite import (Lexicon, LexiconBaseline, LexiconRewriter, RewriteInput, SlotRewriter,
                                     label_of, load_examples, merge, score)
from tests.conftest import KNOWLEDGE, REPO

TRAIN = KNOWLEDGE / "training/rewrite.jsonl"
HELDOUT = REPO / "evals/datasets/rewrite_heldout.jsonl"
MARGIN = 0.15  # the issue: the fine-tuned model beats the baseline by 15 points of field-level F1


@pytest.fixture(scope="module")
def model(ctx) -> SlotRewriter:
    return SlotRewriter.train(load_examples(TRAIN), ctx, progress=False)


@pytest.fixture(scope="module")
def heldout():
    return load_examples(HELDOUT)


@pytest.fixture(scope="module")
def predictions(model, heldout):
    return model.predict([e.input for e in heldout])


def ask(model, *queries: str) -> list[SearchFilters]:
    return model.predict([RewriteInput(query=q) for q in queries])


# ------------------------------------------------------------------------------------------------ schema and data

def test_schema_round_trips(ctx):
    out = SearchFilters(category_ids=[2271], attributes={"color": ["red"]}, excluded={"material": ["polyester"]},
                        price=PriceRange(max=80), in_stock=True, text="with pockets")
    assert SearchFilters.model_validate_json(out.model_dump_json()) == out
    x = RewriteInput(query="burgandy dres under $80")
    assert RewriteInput.model_validate(x.model_dump()) == x
    s = spec("rewrite")
    assert s.gate.metric == "field_f1" and s.output_model is SearchFilters and s.local is SlotRewriter
    assert "Query: burgandy dres" in s.render_input(x) and "excluded" in s.system_prompt(ctx)


def test_data_files_are_big_enough_canonical_and_do_not_leak(ctx):
    train, held = load_examples(TRAIN), load_examples(HELDOUT)  # load_examples rejects non-canonical values
    assert len(train) >= 650 and len(held) >= 200
    train_q = [e.input.query for e in train]
    close = [e.input.query for e in held if process.extractOne(e.input.query, train_q, scorer=fuzz.ratio)[1] >= 92]
    assert close == []
    # every kind of unit is exercised on both sides
    for rows in (train, held):
        assert sum(bool(e.output.excluded) for e in rows) >= 0.1 * len(rows)
        assert sum(e.output.in_stock for e in rows) >= 10
        assert sum(e.output.price.max is not None for e in rows) >= 0.2 * len(rows)
        assert sum(not e.output.category_ids for e in rows) >= 0.05 * len(rows)


# ------------------------------------------------------------------------------------------------ the headline

def test_finetuned_beats_the_baseline_on_the_heldout_set(ctx, heldout, predictions):
    golds = [e.output for e in heldout]
    tuned = score(predictions, golds)
    base = score(LexiconBaseline(ctx).predict([e.input for e in heldout]), golds)
    assert tuned["field_f1"] >= base["field_f1"] + MARGIN, (tuned, base)
    assert tuned["exact_match"] > base["exact_match"]
    for fld in ("category", "attributes", "excluded", "in_stock"):
        assert tuned["per_field"][fld]["f1"] > base["per_field"][fld]["f1"], fld


def test_save_load_gives_identical_predictions(model, ctx, heldout, predictions, tmp_path):
    model.save(tmp_path / "rewrite")
    again = SlotRewriter.load(tmp_path / "rewrite", ctx)
    assert again.predict([e.input for e in heldout]) == predictions
    assert again.predict([]) == []


def test_a_chat_turn_embeds_only_the_query_and_words_never_seen(model, ctx, monkeypatch):
    """The model ships the vectors of its training words and of the catalog's words: a shopper's query costs one
    MiniLM call, not a second one for its words (bench/bench.py, chat turn)."""
    calls = []
    real = ctx.embedder.encode
    monkeypatch.setattr(ctx.embedder, "encode", lambda texts, batch_size=None: calls.append(list(texts))
                        or real(texts, batch_size))
    ask(model, "wireless headphones for running in the rain")
    assert calls == [["wireless headphones for running in the rain"]]
    calls.clear()
    ask(model, "zorblaxian headphones")
    assert sorted(calls) == [["zorblaxian"], ["zorblaxian headphones"]]


# ------------------------------------------------------------------------------------------------ what a shopper types

def test_misspellings_and_paraphrases_map_to_canonical_values(model):
    wine, wallet, husband = ask(model, "burgandy dres", "lether wallet", "something for my husband")
    assert wine.attributes == {"color": ["red"]} and wine.category_ids == [2271]
    assert wallet.attributes == {"material": ["leather"]} and wallet.category_ids == [2668]
    assert husband.attributes == {"gender": ["men"]} and husband.category_ids == []


def test_you_guys_addresses_the_store_and_asks_for_no_mens_things(model, ctx):
    lipstick, tent = ask(model, "do u guys sell lipstick", "you guys got any tents")
    assert "gender" not in lipstick.attributes and "gender" not in tent.attributes
    assert ask(model, "wallet for the guys")[0].attributes == {"gender": ["men"]}  # still men when it names them
    assert "gender" not in LexiconBaseline(ctx).rewriter.rewrite("do you guys sell lipstick").attributes


def test_negations_exclude_and_a_missing_attribute_is_no_filter(model):
    black, hood = ask(model, "dress without black", "rain jacket without a hood")
    assert black.excluded == {"color": ["black"]} and not black.attributes
    assert hood.category_ids == [5598] and not hood.attributes and not hood.excluded


def test_comparisons_set_the_right_bound_and_other_numbers_are_not_prices(model):
    cheaper, pricier, tent, sized = ask(model, "boots cheaper than $80 for a man", "a jacket more expensive than $150",
                                        "tent lighter than 3 lbs", "sneakers in size 10")
    assert cheaper.price == PriceRange(max=80) and cheaper.attributes.get("gender") == ["men"]
    assert pricier.price == PriceRange(min=150)
    assert tent.price == PriceRange() and tent.category_ids == [1022]
    assert sized.price == PriceRange() and sized.attributes.get("size") == ["10"]


def test_spelt_out_prices_are_read_and_small_number_words_are_not_prices(model):
    fifty, hundred, range_, sized = ask(model, "a skillet under fifty dollars", "boots under a hundred bucks",
                                        "a kettle between thirty and sixty five dollars", "one size hat, two pack")
    assert fifty.price == PriceRange(max=50) and fifty.category_ids == [662]
    assert hundred.price == PriceRange(max=100)
    assert range_.price == PriceRange(min=30, max=65)
    assert sized.price == PriceRange()


def test_in_stock_asks_are_read(model):
    yes, no = ask(model, "a cast iron skillet that's in stock", "a cast iron skillet")
    assert yes.in_stock and not no.in_stock


def test_attributes_that_do_not_apply_to_the_category_are_dropped(model):
    (speaker,) = ask(model, "bluetooth speaker for the beach")
    assert speaker.category_ids == [249] and "occasion" not in speaker.attributes


# ------------------------------------------------------------------------------------------------ scoring

def test_score_gives_partial_credit_per_unit():
    gold = SearchFilters(category_ids=[2271], attributes={"color": ["red"], "occasion": ["wedding"]},
                         price=PriceRange(max=100))
    half = SearchFilters(category_ids=[2271], attributes={"color": ["blue"]}, price=PriceRange(max=100))
    s = score([gold, half], [gold, gold])
    assert s["exact_match"] == 0.5
    assert s["field_precision"] == round(6 / 7, 4) and s["field_recall"] == round(6 / 8, 4)
    # attributes: 2 right, 1 wrong (blue), 2 missed (red, wedding) -> P 2/3, R 2/4
    assert s["per_field"]["attributes"]["f1"] == round(2 * (2 / 3) * (2 / 4) / (2 / 3 + 2 / 4), 4)
    assert s["per_field"]["price"]["f1"] == 1.0
    assert label_of(gold, "attributes") == label_of(gold.model_copy(
        update={"attributes": {"occasion": ["wedding"], "color": ["red"]}}), "attributes")
    assert json.loads(label_of(gold, "price")) == {"min": None, "max": 100.0}
    assert label_of(gold, "in_stock") == "false"
    with pytest.raises(ValueError):
        label_of(gold, "colour")


# ------------------------------------------------------------------------------------------------ a store's own files

def test_a_bad_row_in_a_users_csv_names_file_line_and_field(tmp_path):
    path = tmp_path / "queries.csv"
    path.write_text('search,filters\n"red dress","{""attributes"": {""color"": [""red""]}}"\n'
                    '"blue dress","{not json"\n'
                    '"navvy dress","{""attributes"": {""color"": [""navy""]}}"\n'
                    '"a hat","{""category_ids"": [166]}"\n')
    with pytest.raises(DataErrors) as err:
        load_examples(path, text_field="search")
    msg = str(err.value)
    assert f"{path}:3: filters: not valid JSON" in msg
    assert f"{path}:4: filters.attributes.color: 'navy' is not a canonical value (the canonical value is 'blue')" in msg
    assert f"{path}:5: filters.category_ids: 166 is not a leaf" in msg


def test_custom_columns_load_and_a_rare_label_warns(tmp_path, caplog):
    path = tmp_path / "mine.jsonl"
    rows = [{"q": f"red dress no {i}", "f": {"category_ids": [2271], "attributes": {"color": ["red"]}}}
            for i in range(6)] + [{"q": "teal scarf", "f": {"category_ids": [543673], "attributes": {"color": ["teal"]}}}]
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    with caplog.at_level(logging.WARNING):
        examples = load_examples(path, text_field="q", label_field="f")
    assert len(examples) == 7 and examples[-1].output.attributes == {"color": ["teal"]}
    assert "label 'color=teal' has only 1 example(s)" in caplog.text
    assert "color=red" not in caplog.text


# ------------------------------------------------------------------------------------------------ the agent's API

def test_the_lexicon_rewriter_and_merge_keep_their_behaviour(ctx):
    rewriter = LexiconRewriter(Lexicon.build(ctx.taxonomy, ctx.ontology))
    first = rewriter.rewrite("red dress for a wedding")
    assert first.attributes == {"color": ["red"], "occasion": ["wedding"]} and first.category_ids == [2271]
    refined = merge(first, rewriter.rewrite("under $100"))
    assert refined.price.max == 100 and refined.attributes["color"] == ["red"]
    blue = merge(refined, rewriter.rewrite("in blue instead"))
    assert blue.attributes["color"] == ["blue"] and blue.price.max == 100
    assert rewriter.rewrite("dress without black").excluded == {"color": ["black"]}
    assert LexiconBaseline(ctx).predict([RewriteInput(query="navy shirt for a man")])[0].attributes == {
        "color": ["blue"], "gender": ["men"]}
