"""Choices between shown products ("the other one", "the cheaper one" of two compared), questions that lean on
the conversation when no list is shown, sorting and size words in shoppers' words, a near miss the shopper goes
on from, "what do you sell", and small talk around a thank-you: offline, on the demo store."""

from __future__ import annotations

from assistant.agent import listing
from assistant.agent.answer import ExtractiveWriter
from assistant.agent.references import Context, references
from assistant.agent.state import Shown
from assistant.agent.understand import policy_pair, policy_words, written_out


def _shown(n: int = 3) -> list[Shown]:
    return [Shown(id=f"HP-0000{i}", title=f"Lamp {i}", price=10.0 * i, rating=4.0, in_stock=True,
                  category="Camping Lights & Lanterns") for i in range(1, n + 1)]


def _about(answer) -> list[str]:
    return [t.input.get("product_id") for t in answer.tools if t.name == "product_details"]


def test_the_other_one_is_the_product_of_the_last_choice_not_chosen():
    shown = _shown()
    ids = {p.id for p in shown}
    chose = Context(shown=shown, focus=["HP-00001"], choices=["HP-00001", "HP-00003"])
    assert references("and the other one?", chose, ids) == ([shown[2]], "ordinal")
    two = Context(shown=shown[:2], focus=["HP-00002"])  # two shown, the conversation on one: the other is the other
    assert references("what about the other one", two, {"HP-00001", "HP-00002"}) == ([shown[0]], "ordinal")
    assert references("and the other one?", Context(shown=shown, focus=["HP-00001"]), ids)[1] != "ordinal"


def test_the_other_one_after_which_is_cheaper_is_the_pricier_of_the_two(bot):
    t = "other-one"
    shown = bot.ask("portable speaker", thread_id=t).products
    bot.ask("which is cheaper, the 1st or the 2nd?", thread_id=t)
    other = bot.ask("ok and the other one, is it in stock?", thread_id=t)
    assert _about(other) == [max(shown[:2], key=lambda p: p.price).id]


def test_the_cheaper_one_after_comparing_two_is_chosen_between_those_two(bot):
    t = "cheaper-of-compared"
    shown = bot.ask("kitchen knife", thread_id=t).products
    bot.ask("what's the difference between the first two?", thread_id=t)
    chosen = bot.ask("i'll go with the cheaper one. is it available", thread_id=t)
    assert _about(chosen) == [min(shown[:2], key=lambda p: p.price).id]


def test_bare_places_compared_are_shown_products_and_those_two_stay_the_pair(bot):
    t = "bare-pair"
    shown = bot.ask("noise cancelling headphones", thread_id=t).products
    cheaper = bot.ask("first vs second, which one is cheaper?", thread_id=t)  # was a product search for "first"
    assert _about(cheaper) == [min(shown[:2], key=lambda p: p.price).id]
    rated = bot.ask("and which of those two has the better reviews?", thread_id=t)  # was the best of all five
    about = [t.input.get("product") or t.input.get("product_id") for t in rated.tools]
    assert about and about[0] in {p.id for p in shown[:2]}


def test_any_cheaper_one_out_of_those_lists_them_cheapest_first(bot):
    t = "any-cheaper"
    shown = bot.ask("linen dresses", thread_id=t).products
    a = bot.ask("any cheaper one out of those?", thread_id=t)  # was one product, "the cheaper of those"
    assert len(a.products) >= 2 and {p.id for p in a.products} <= {p.id for p in shown}
    assert a.products[0].price == min(p.price for p in shown)


def test_with_no_list_shown_they_is_the_product_the_conversation_is_on(bot):
    ctx = Context(shown=[], focus=["HP-00083"])
    assert references("are they comfy", ctx, {"HP-00083"}) == (["HP-00083"], "one")
    t = "they-after-reviews"
    bot.ask("what do reviewers say about HP-00083", thread_id=t)
    fit = bot.ask("do they run big", thread_id=t)
    assert _about(fit) == ["HP-00083"] and "search_products" not in [c.name for c in fit.tools]


def test_sort_by_price_sorts_what_is_shown_and_keeps_the_price_limit(bot):
    t = "sort-by-price"
    bot.ask("sunglasses", thread_id=t)
    limited = bot.ask("anything under 40?", thread_id=t)
    sorted_ = bot.ask("sort by price from low to high", thread_id=t)
    prices = [p.price for p in sorted_.products]
    assert prices == sorted(prices) and max(prices) <= 40 and {p.id for p in sorted_.products} == {
        p.id for p in limited.products}


def test_whats_it_rated_gives_the_rating_not_a_listing_search(bot):
    t = "rated"
    shown = bot.ask("dutch oven", thread_id=t).products
    rated = bot.ask("whats the 3rd one rated", thread_id=t)
    assert _about(rated) == [shown[2].id] and f"{shown[2].rating:.1f}★" in rated.answer


def test_does_the_nth_come_in_a_size_asks_its_listing(bot):
    said = listing.answer("does it come in a medium", "Tee", {"size": ["S", "M", "L"], "color": "red"}, "", [])
    assert said.attributes == {"size": "S, M, L"}
    t = "variant-of-one"
    shown = bot.ask("summer dress", thread_id=t).products
    size = bot.ask("does the 1st come in a large", thread_id=t)
    assert _about(size) == [shown[0].id] and "size" in size.answer.lower()
    assert "search_products" not in [c.name for c in size.tools]


def test_back_to_the_search_still_shown_then_a_question_asks_about_it(bot):
    t = "back-then-ask"
    shown = bot.ask("tents", thread_id=t).products
    bot.ask("how much is overnight shipping", thread_id=t)
    asked = bot.ask("ok back to the tents - is the 3rd one waterproof", thread_id=t)
    assert _about(asked) == [shown[2].id] and "search_products" not in [c.name for c in asked.tools]


def test_two_policy_topics_on_a_shown_product_are_two_searches(bot):
    assert policy_pair("whats the warranty and return policy for the 3rd one") == [
        "whats the warranty for the 3rd one", "whats the return policy for the 3rd one"]
    assert policy_pair("how long does shipping take") == []
    assert policy_pair("can i return and exchange it for a different size") == []  # verbs: one question
    t = "two-topics"
    bot.ask("electric kettle", thread_id=t)
    both = bot.ask("return window and warranty for the first one?", thread_id=t)
    queries = [c.input["query"] for c in both.tools if c.name == "search_policies"]
    assert len(queries) == 2 and all("electric kettles" in q for q in queries)
    assert {"returns.md", "warranty.md"} <= {c.source for c in both.citations}


def test_how_long_for_that_asks_the_last_policy_act_again(bot):
    t = "how-long-for-that"
    bot.ask("linen shirt", thread_id=t)
    bot.ask("can i exchange it for a different size", thread_id=t)
    more = bot.ask("and how long do i have for that", thread_id=t)
    query = next(c.input["query"] for c in more.tools if c.name == "search_policies")
    assert "exchange" in query and "30 days" in more.answer


def test_a_size_wanted_is_a_different_size_to_the_policies():
    assert policy_words("can i swap it for a large") == "can i exchange it for a different size"
    assert policy_words("ship it to my mom") == "ship it to my mom"
    assert policy_words("can i ship to L.A.") == "can i ship to L.A."


def test_after_a_near_miss_the_next_refinement_starts_from_what_was_shown(bot):
    t = "near-miss"
    missed = bot.ask("green velvet sandals under $10", thread_id=t)
    assert missed.products and "closest" in missed.answer
    cheaper = bot.ask("any under 70", thread_id=t)
    assert cheaper.products and all(p.price <= 70 for p in cheaper.products)
    assert all(p.category == "Shoes" for p in cheaper.products)


def test_what_do_you_sell_lists_the_departments_and_is_no_unanswered_question(bot, services):
    t = "store-range"
    said = bot.ask("what do u guys sell", thread_id=t)
    assert not said.tools and said.refusal is None and services.departments in said.answer
    bot.ask("do you sell garden hoses", thread_id=t)
    again = bot.ask("ok what do you have then", thread_id=t)
    assert not again.tools and "don't carry" not in again.answer
    bot.ask("mascara", thread_id=t)
    more = bot.ask("what else do you have", thread_id=t)  # with a search going on: more of that search
    assert [c.name for c in more.tools] == ["search_products"] and more.products


def test_do_you_sell_a_thing_we_carry_shows_it(bot):
    makeup = bot.ask("do you sell makeup", thread_id="sell-makeup")
    assert [c.name for c in makeup.tools] == ["search_products"] and makeup.products
    makeup_types = {"Makeup", "Eye Makeup", "Mascara", "Face Makeup", "Foundations & Concealers", "Lip Makeup",
                    "Lipstick"}  # the demo taxonomy's Makeup branch
    assert {p.category for p in makeup.products} <= makeup_types
    lipstick = bot.ask("do u guys sell lipstick", thread_id="sell-lipstick")  # not "Nothing matches ... gender: men"
    assert lipstick.products and {p.category for p in lipstick.products} == {"Lipstick"}
    assert "gender" not in lipstick.answer.splitlines()[0] and "closest" not in lipstick.answer
    cards = bot.ask("do you sell gift cards", thread_id="sell-cards")  # a policy page's subject, no product type
    assert cards.citations and not cards.products


def test_em_and_ive_are_written_out_before_the_speller_reads_them():
    assert written_out("can i return em if ive opened them") == "can i return them if I've opened them"
    assert written_out("the emerald one") == "the emerald one"


def test_listing_sentences_are_cut_by_the_project_s_splitter():
    said = listing.answer("is it dishwasher safe", "Mug", {},
                          "Linden Linen Co. made the mug to be used daily. It is dishwasher safe.", [])
    assert said.listing == ["It is dishwasher safe."]
    assert listing._sentences("Linden Linen Co. made the mug to be used daily.") == [
        "Linden Linen Co. made the mug to be used daily."]


def test_the_writer_gets_the_retriever_s_unknown_share_when_it_is_built(services):
    share = lambda question: 0.5  # noqa: E731
    assert ExtractiveWriter(0.4, unknown_share=share).unknown is share
    assert ExtractiveWriter(0.4).unknown is None
    asked = "do you do gift wrapping"
    assert services.writer.unknown is not None  # the services wire it at construction, not afterwards
    assert services.writer.unknown(asked) == services.policies.unknown_share(asked) > 0


def test_the_cheaper_one_with_a_policy_question_is_the_cheaper_of_the_two_compared(services):
    from assistant.agent.understand import understand

    products = [services.catalog.products[i] for i in ("HP-00076", "HP-00018", "HP-00174")]
    shown = [Shown(id=p.id, title=p.title, price=p.price, rating=p.rating, in_stock=True, category="Shoes")
             for p in products]
    pair = sorted(shown[1:], key=lambda p: p.price)
    u = understand("ok the cheaper one - whats the return window", Context(shown=shown, focus=[p.id for p in pair]),
                   services)
    assert [st.tool for st in u.steps] == ["search_policies"] and u.focus == [pair[0].id]
    assert "shoes" in u.steps[0].args["query"]


def test_a_bare_policy_word_after_a_product_named_by_id_is_about_its_kind(bot):
    t = "kind-of-named"
    bot.ask("is hp-00568 in stock", thread_id=t)
    asked = bot.ask("warranty?", thread_id=t)
    query = next(c.input["query"] for c in asked.tools if c.name == "search_policies")
    assert "headphones" in query and "warranty.md" in {c.source for c in asked.citations}


def test_is_that_free_after_an_exchange_question_asks_whether_an_exchange_is(bot):
    from assistant.agent.understand import the_act

    assert the_act("is that free", Context(last_policy_query="can i exchange it for a different size")) == (
        "is an exchange free")
    assert the_act("is that free", Context(last_policy_query="how long does shipping take")) == ""
    t = "that-free"
    bot.ask("kids rain boots", thread_id=t)
    bot.ask("if they dont fit can i exchange them for a different size", thread_id=t)
    free = bot.ask("is that free?", thread_id=t)
    assert free.route == "policy" and "free" in free.answer and "exchanges.md" in {c.source for c in free.citations}


def test_last_is_a_verb_unless_it_names_the_last_product_shown():
    assert "last" in listing.content_words("does the 1st one last long")
    assert "last" not in listing.content_words("is the last one waterproof")
    sturdy = ["Plus the packaging is beautiful and sturdy."]
    assert listing.answer("does it last long", "Eau de Parfum", {}, "", sturdy, ["scent", "longevity"]).reviews == []
    assert listing.answer("does it last long", "Backpack", {}, "", sturdy, ["durability"]).reviews == sturdy


def test_a_shoppers_reviews_question_with_no_product_asks_which_and_opens_no_ticket(bot):
    t = "reviews-which"
    bot.ask("an inflatable paddle board", thread_id=t)  # a type the store does not carry: nothing shown
    bot.ask("flip it, priciest at the top", thread_id=t)
    asked = bot.ask("what do reviewers complain about on the 2nd one", thread_id=t)
    assert asked.refusal is None and "Which product" in asked.answer
    assert not any(c.name == "open_ticket" for c in asked.tools)
