"""Questions about a shown product ("does it come with a cable?", "do they run small?"), going back to an earlier
search, sorting what is shown, and policy follow-ups in shoppers' words: offline, on the demo store."""

from __future__ import annotations

import pytest

from assistant.agent import listing
from assistant.agent.references import Context, references
from assistant.agent.state import Shown
from assistant.agent.understand import policy_words, written_out


def test_the_listing_answers_with_its_own_sentence_or_says_it_does_not_say():
    described = "A velcro tie keeps it tidy. The true wireless earbuds ships with a USB-C cable and a quick guide."
    said = listing.answer("does the second one come with a charging cable?", "Eider Earbuds", {}, described, [])
    assert said.listing == ["The true wireless earbuds ships with a USB-C cable and a quick guide."]
    silent = listing.answer("does it come with a cable or just the brick", "Lark Charger", {},
                            "Tested before it ships.", [])
    assert not silent.listing and "doesn't say" in silent.text() and "cable" in silent.text()
    knife = listing.answer("is it dishwasher safe", "Paring Knife", {}, "A guard keeps it safely in a drawer.", [])
    assert not knife.listing  # "safe" is not "safely": a word's family, not every word that starts like it


def test_a_fit_question_quotes_sentences_about_fit_not_every_run_or_small():
    reviews = ["I wore them for my morning runs recently. My biggest complaint is the break-in.",
               "What stood out most is that they fit true to size in my usual 10."]
    said = listing.answer("do they run small?", "Ballet Flats", {"size": [6, 7, 8]},
                          "It's cut roomy on purpose, so size down for a closer fit. Small batches, big care.", reviews)
    assert said.listing == ["It's cut roomy on purpose, so size down for a closer fit."]
    assert said.reviews == ["What stood out most is that they fit true to size in my usual 10."]
    assert said.review_mentions == 1 and said.attributes == {"size": "6, 7, 8"}


def test_made_of_is_answered_by_the_material_attribute():
    said = listing.answer("what's the 2nd one made of", "Sleep Shirt Set", {"material": "fleece", "color": "red"},
                          "Built for cold weather. Made in a small workshop.", [])
    assert said.attributes == {"material": "fleece"} and said.listing == []
    assert listing.answer("non slip?", "Mat", {}, "The open-cell surface grips better the more you sweat.",
                          []).listing == ["The open-cell surface grips better the more you sweat."]


def test_the_top_one_is_the_first_shown_but_the_top_rated_one_is_not():
    shown = [Shown(id=f"HP-0000{i}", title=f"Mat {i}", price=10.0 * i, rating=3.0 + i / 10, in_stock=True,
                   category="Yoga & Pilates Mats") for i in (1, 2, 3)]
    ids = {p.id for p in shown}
    assert references("is the top one non slip?", Context(shown=shown), ids) == ([shown[0]], "ordinal")
    assert references("is the top rated one in stock", Context(shown=shown), ids)[1] != "ordinal"


@pytest.mark.parametrize("asked, query", [
    ("can i send speakers back if i dont like the sound", "can i send speakers back if i dont like it"),
    ("can i return it if i don't like how it sounds, and a pan?", "can i return it if i don't like it, and a pan?"),
    ("can i swap for a diff size if shoes dont fit", "can i exchange for a different size if shoes dont fit"),
    ("can i return them if i don't like them", "can i return them if i don't like them"),
    ("I act as treasurer for a small parish charity", "I act as treasurer for a small parish charity"),
    ("can i trade em for a shorter size", "can i exchange em for a shorter size"),
    ("can i trade in my old phone for credit", "can i trade in my old phone for credit"),  # a trade-in: no exchange
    ("can i send it to her in toronto", "can i ship it to her in toronto"),
    ("once i ask for the price difference how fast do u send it", "once i ask for the price difference how fast do u "
     "send it"),  # money is sent, not shipped
], ids=["dislike-aspect", "dislike-how", "swap-diff", "unchanged", "small-thing", "trade-for", "trade-in", "send-thing",
        "send-money"])
def test_a_policy_question_is_searched_in_the_store_s_words(asked, query):
    assert policy_words(asked) == query


def test_a_question_about_a_shown_product_reads_its_listing_never_searches(bot):
    t = "product-question"
    shown = bot.ask("bluetooth speaker for the beach", thread_id=t).products
    answer = bot.ask("is the 1st one waterproof?", thread_id=t)
    assert [c.name for c in answer.tools] == ["product_details"]
    assert answer.tools[0].output["product_id"] == shown[0].id and "listing" in answer.answer
    cable = bot.ask("does the second one come with a charging cable?", thread_id=t)
    assert [c.name for c in cable.tools] == ["product_details"] and cable.tools[0].output["product_id"] == shown[1].id
    assert "cable" in cable.answer.lower()
    again = bot.ask("ok and can i return it if i dont like how it sounds", thread_id=t)
    assert again.route == "policy" and "returns.md" in {c.source for c in again.citations}


def test_do_they_run_small_asks_the_shown_products_listings_not_a_size_filter(bot):
    t = "run-small"
    shown = bot.ask("need running shoes for women", thread_id=t).products
    answer = bot.ask("do they run small?", thread_id=t)
    assert {c.name for c in answer.tools} == {"product_details"} and not answer.refusal
    assert [c.output["product_id"] for c in answer.tools] == [p.id for p in shown]
    assert "size" in answer.answer.lower()
    cheapest = bot.ask("whats the cheapest", thread_id=t)
    assert cheapest.products[0].price == min(p.price for p in shown)  # the results as shown, sorted
    swap = bot.ask("can i swap for a diff size if they dont fit", thread_id=t)
    assert swap.route == "policy" and "exchanges.md" in {c.source for c in swap.citations}


def test_trading_a_bought_thing_for_another_size_is_an_exchange_not_a_product_search(bot):
    """"the pants i got are cute but too long, can i trade em for a shorter size" listed five pants (search 0.51)."""
    answer = bot.ask("the pants i got are cute but too long, can i trade em for a shorter size or a diff color",
                     thread_id="trade-em")
    assert answer.route == "policy" and not answer.products
    assert "exchanges.md#what-you-can-exchange" in {c.id for c in answer.citations}


def test_which_is_lighter_asks_both_listings_and_which_do_people_like_more_picks_the_better_rated(bot):
    t = "lighter"
    shown = bot.ask("a backpack for school", thread_id=t).products
    lighter = bot.ask("which is lighter, the 1st or the 2nd?", thread_id=t)
    assert [c.output["product_id"] for c in lighter.tools] == [shown[0].id, shown[1].id]
    assert all(c.name == "product_details" and c.input.get("question") for c in lighter.tools)
    liked = bot.ask("which one do ppl like more", thread_id=t)
    assert liked.tools[0].output["product_id"] == max(shown[:2], key=lambda p: p.rating).id


def test_going_back_to_an_earlier_search_runs_it_again(bot):
    """"actually go back to the backpacks" is the backpack search the shopper left ("for school"), not a product
    called "actually back"; "the sleeping bags again, best rated?" sorts that earlier search, not the tents."""
    t = "go-back"
    school = bot.ask("a backpack for school", thread_id=t).products
    bot.ask("ok show me duffel bags instead", thread_id=t)
    back = bot.ask("actually go back to the backpacks", thread_id=t)
    assert back.tools[0].input["query"] == "a backpack for school"
    assert [p.id for p in back.products] == [p.id for p in school]
    t = "again"
    bot.ask("sleeping bag for cold weather", thread_id=t)
    bot.ask("and a tent", thread_id=t)
    best = bot.ask("the sleeping bags again pls, whats the best rated one", thread_id=t)
    assert best.products and {p.category for p in best.products} == {"Sleeping Bags"}
    assert best.tools[0].input["sort"] == "rating_desc"


def test_a_sort_word_with_another_product_type_starts_that_search(bot):
    """"whats the cheapest tent" after sleeping bags: tents, cheapest first, not the sleeping bags sorted."""
    t = "cheapest-tent"
    bot.ask("sleeping bag for cold weather", thread_id=t)
    answer = bot.ask("whats the cheapest tent", thread_id=t)
    assert answer.products and {p.category for p in answer.products} == {"Tents"}
    assert [p.price for p in answer.products] == sorted(p.price for p in answer.products)


@pytest.mark.parametrize("text, out", [
    ("headphones w noise cancelling", "headphones with noise cancelling"),
    ("r the 3rd ones wireless", "are the 3rd ones wireless"),
    ("whats ur return policy, is it w/o a fee", "whats your return policy, is it without a fee"),
    ("r&b vinyl, HP-00017 warranty", "r&b vinyl, HP-00017 warranty"),
], ids=["w", "r", "ur-w/o", "untouched"])
def test_shorthand_is_written_out(text, out):
    assert written_out(text) == out


def test_they_after_a_question_about_one_product_is_that_product(services):
    """"r the 3rd ones wireless? ... how much r they": the third; "do any of them..." and "those" are the list."""
    shown = [Shown(id=p.id, title=p.title, price=p.price, rating=p.rating, in_stock=True, category="Headphones")
             for p in list(services.catalog.products.values())[:3]]
    ids = set(services.catalog.products)
    ctx = Context(shown=shown, focus=[shown[2].id], about=[shown[2].id])
    assert references("how much are they", ctx, ids) == ([shown[2]], "one")
    assert references("do any of them fold", ctx, ids) == (shown, "all")
    assert references("do those run big", ctx, ids) == (shown, "all")
    assert references("how much are they", Context(shown=shown, focus=[shown[0].id]), ids) == (shown, "all")


def test_a_shorthand_question_and_a_bare_policy_word_keep_the_product(bot):
    t = "shorthand"
    shown = bot.ask("headphones w noise cancelling", thread_id=t).products
    assert shown and {p.category for p in shown} == {"Headphones"}
    wireless = bot.ask("r the 3rd ones wireless", thread_id=t)
    assert [c.name for c in wireless.tools] == ["product_details"] and wireless.tools[0].input["question"]
    price = bot.ask("how much r they", thread_id=t)
    assert price.tools[0].output["product_id"] == shown[2].id and f"${shown[2].price:,.2f}" in price.answer
    t = "bare-warranty"
    bot.ask("chef knife", thread_id=t)
    bot.ask("is the 2nd one dishwasher safe", thread_id=t)
    warranty = bot.ask("warranty?", thread_id=t)
    assert warranty.route == "policy" and "knives" in warranty.tools[0].input["query"]
    assert "warranty.md" in {c.source for c in warranty.citations}


def test_again_in_a_policy_question_is_no_earlier_search(services):
    from assistant.agent.understand import understand

    ctx = Context(searches=[{"text": "a backpack for school", "category_ids": [100]}], filters={"category_ids": [103]})
    u = understand("can i return the backpack again if it rips", ctx, services)
    assert [st.tool for st in u.steps] == ["search_policies"]
    back = understand("go back to the backpacks", ctx, services)
    assert back.steps[0].args["query"] == "a backpack for school"


def test_top_rated_sorts_the_search_and_an_opinion_on_an_aspect_reads_the_reviews(bot):
    """"top rated?" names no product type (the lexicon reads "top" as Shirts & Tops); "how's the sound on the 2nd"
    asks what reviewers say, where "is it waterproof" asks the listing."""
    t = "top-rated"
    shown = bot.ask("bluetooth speaker", thread_id=t).products
    best = bot.ask("top rated?", thread_id=t)
    assert {p.id for p in best.products} == {p.id for p in shown}
    assert [p.rating for p in best.products] == sorted((p.rating for p in shown), reverse=True)
    sound = bot.ask("how's the sound on the 2nd one", thread_id=t)
    assert sound.route == "reviews" and sound.tools[0].output["product_id"] == shown[1].id


def test_the_product_s_own_name_in_the_question_is_not_what_is_asked():
    said = listing.answer("is the Eider one waterproof?", "Eider Earbuds", {}, "The Eider earbuds simply work.", [])
    assert not said.listing and said.asked == ["waterproof"]
    titled = listing.answer("is it waterproof?", "Reed Waterproof Speaker", {}, "Loud and clear.", [])
    assert titled.listing == ["Reed Waterproof Speaker"]


def test_the_question_s_own_words_come_before_its_aspect_s_wider_vocabulary():
    reviews = ["Honestly, the bodice fits perfectly.", "Love the deep side pockets."]
    said = listing.answer("does the 3rd have pockets", "Tarn Mini Dress", {}, "A dress for long days.", reviews)
    assert said.reviews == ["Love the deep side pockets."] and said.review_mentions == 1
    grip = listing.answer("is the top one non slip?", "Mat", {}, "The open-cell surface grips better.", [])
    assert grip.listing == ["The open-cell surface grips better."]  # no sentence says "slip": the aspect's words


def test_a_clause_before_the_question_picks_the_product(bot):
    t = "glass-one"
    shown = bot.ask("french press", thread_id=t).products
    glass = [p for p in shown if bot.services.catalog.products[p.id].attributes.get("material") == "glass"]
    assert len(glass) == 1  # the store's one glass french press is among those shown
    answer = bot.ask("the glass one, does it break easily", thread_id=t)
    assert [c.name for c in answer.tools] == ["product_details"] and answer.tools[0].output["product_id"] == glass[0].id
