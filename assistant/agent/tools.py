"""The agent's tools. Each returns a short text for the conversation and a structured artifact.

Merchant tools check the thread's role themselves: the graph never plans them for a shopper, and even a
forged tool call from a shopper's thread fails here.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

from langchain_core.tools import tool
from langgraph.config import get_stream_writer
from langgraph.prebuilt import InjectedState

from assistant.agent import listing, merchant
from assistant.agent.reviews import summarize
from assistant.errors import DataError, DataErrors, ToolError
from assistant.agent.state import Sort
from assistant.schemas import PriceRange, ProductHit, SearchFilters
from assistant.tasks.classify import ClassifyInput
from assistant.tasks.describe import DescribeInput
from assistant.tasks.extract import ExtractInput
from assistant.tasks.rewrite import ground, merge
from assistant.tasks.rewrite.said import let_go
from assistant.tasks.rewrite.story import asked_part

if TYPE_CHECKING:  # the services hold the tools (Services.tools): no import back at run time
    from assistant.agent.context import Services

MERCHANT_TOOLS = {"write_description", "classify_titles", "review_insights", "list_tickets"}
SORT_POOL = 4  # a sorted answer ranks 4x the shown number of matches: "cheapest" among the relevant, not all
CLASSIFY_BATCH = 64  # titles per progress update: the embedder's batch size
# What a product is for or when ("summer", "wedding", "boho"): the nearest match lets these go before the shopper's
# budget or the colour just asked for ("any in blue?" after a summer wedding dress under $100 showed a $141 one).
SOFT = ("occasion", "season", "style")
PRICE_SAID = re.compile(r"(?:\$|\b(?:under|below|less than|max|over|above|between|up to|within|budget(?: is)?)\s*\$?)\s*"
                        r"\d|\b\d+\s*(?:bucks|dollars|usd)\b", re.I)


NAMES_A_PRODUCT = 0.35  # MiniLM cosine of a text to the nearest product at which the text names it


def _titles_from(path: Path, column: str, max_bytes: int) -> list[str]:
    """The titles of an uploaded CSV; its problems, each by line and field, become the tool's error. The upload's
    own name is shown, not the server's folder."""
    try:
        return merchant.read_titles_csv(path, column or None, max_bytes)
    except (DataError, DataErrors) as exc:
        problems = exc.errors if isinstance(exc, DataErrors) else [exc]
        lines = [str(DataError(path.name, e.line, e.field, e.problem)) for e in problems[:10]]
        more = f" (and {len(problems) - 10} more)" if len(problems) > 10 else ""
        raise ToolError("the CSV has problems, fix them and upload it again:\n" + "\n".join(lines) + more) from exc


def _require_merchant(state: dict | None) -> None:
    if (state or {}).get("role") != "merchant":
        raise ToolError("this tool is for the store's merchants only")


def remove_chip(filters: SearchFilters, chip: str, category_name) -> SearchFilters:
    """Drop the filter a shopper clicked away (chips as SearchFilters.describe writes them)."""
    f = filters.model_copy(deep=True)
    f.category_ids = [c for c in f.category_ids if f"category: {category_name(c)}" != chip]
    for target, prefix in ((f.attributes, ""), (f.excluded, "not ")):
        for attr in list(target):
            target[attr] = [v for v in target[attr] if f"{prefix}{attr}: {v}" != chip]
            if not target[attr]:
                del target[attr]
    if chip.startswith("price ≥"):
        f.price.min = None
    if chip.startswith("price ≤"):
        f.price.max = None
    if chip == "in stock":
        f.in_stock = False
    return f


def make_tools(services: Services) -> list:
    s = services

    def find_product(query: str):
        ids = merchant.PRODUCT_ID.findall(query)
        if ids and ids[0].upper() in s.catalog.products:
            return s.catalog.products[ids[0].upper()]
        hits = s.products.search(s.embedder.encode_query(query), SearchFilters(), k=1)
        # Text that names no product ("the first one" with nothing shown) is nearest to some product all the same:
        # its reviews were summarised as the one asked about (a French press for a handbag, 0.23 against >= 0.56
        # for a product named by its type or name)
        return s.catalog.products.get(hits[0].id) if hits and hits[0].score >= NAMES_A_PRODUCT else None

    def summary_for(subject: str, reviews: list) -> tuple[str, dict]:
        texts = [r.text for r in reviews]
        extractions = s.task("extract").predict([ExtractInput(text=t) for t in texts]) if texts else []
        summary = summarize(subject, texts, extractions)
        by_month = Counter((r.date[:7], e.overall_sentiment) for r, e in zip(reviews, extractions))
        art = {**summary.model_dump(), "by_month": [{"month": m, "sentiment": lab, "count": n}
                                                    for (m, lab), n in sorted(by_month.items())]}
        return summary.text(), art

    @tool(response_format="content_and_artifact")
    def search_policies(query: str) -> tuple[str, dict]:
        """Find the store-policy sections that answer a shopper's question."""
        hits = s.policies.search(s.embedder.encode_query(query), k=s.settings.policy_top_k, query=query)
        answerable = s.policies.answerable(query, hits, s.settings.answer_min_score)
        content = "\n".join(f"[{h.id}] ({h.score:.2f}) {h.section}" for h in hits)
        return content + ("" if answerable else "\n(no section answers this)"), {
            "hits": [h.__dict__ for h in hits], "answerable": answerable,
            "unknown_terms": s.policies.unknown_terms(query)}

    def product_hit(pid: str) -> ProductHit:
        p = s.catalog.products[pid]
        return ProductHit(id=p.id, title=p.title, brand=p.brand, price=p.price, category=s.taxonomy.name(p.category_id),
                          rating=p.rating, in_stock=p.stock > 0, description=p.description)

    def filters_for(query: str, previous: SearchFilters | None) -> tuple[SearchFilters, str]:
        """The query's filters, checked against the store's product types: a category the query's own words
        name wins over the model's guess ("makeup" is not coffee makers), a refinement keeps the search's
        category unless the query names another type ("long sleeves" after dresses), and a type the store
        does not sell is reported instead of forced onto the nearest category."""
        brand, said = s.catalog.brand_in(query)
        # a brand's words are no colour or material ("velvet moss"), nor a type we lack ("show me saltmarsh")
        query = re.sub(rf"\b{re.escape(said)}(?!\w)", " ", query, flags=re.I).strip() if brand else query
        filters, missing = SearchFilters(), ""
        if re.search(r"\w", query):  # "velvet moss?" says nothing but the brand
            filters, missing = ground(s.rewrite(query), query, s.types, s.embedder, refining=previous is not None)
        if missing and (asked := asked_part(query, s.rewrite, s.types, s.embedder, previous is not None, filters)):
            filters, missing = asked, ""
        if brand:
            filters.attributes["brand"] = [brand]  # a product field Chroma filters on, as an attribute
        return (let_go(merge(previous, filters), query), "") if not missing else (filters, missing)

    @tool(response_format="content_and_artifact")
    def search_products(query: str, refine: bool = False, remove: str = "", sort: Sort = "relevance",
                        within: list[str] | None = None,
                        state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """Rewrite a shopper's query into catalog filters and search the catalog within them; `sort` orders the
        results (cheapest, best rated...), `within` sorts the products already shown instead of searching."""
        previous = SearchFilters.model_validate(state["filters"]) if (refine or remove) and state.get("filters") else None
        missing = ""
        if remove and previous is not None:
            filters = remove_chip(previous, remove, s.taxonomy.name)
        elif (refine or remove) and previous is not None and sort != "relevance":
            # "cheapest?" sorts the current search; its words add no filter ("top 3 best rated" is no top), but a
            # price ("any cheaper ones under 60") and what no longer matters ("colour doesnt matter")
            filters = let_go(previous.model_copy(deep=True), query)
            if PRICE_SAID.search(query):
                filters.price = ground(s.rewrite(query), query, s.types, s.embedder, refining=True)[0].price
        else:
            filters, missing = filters_for(query, previous)
        text = (state.get("search_text") or query) if (refine or remove) else query
        chips = filters.describe({c: s.taxonomy.name(c) for c in filters.category_ids})
        art = {"filters": filters.model_dump(), "chips": chips, "search_text": text, "sort": sort,
               "within": within or [], "not_carried": missing, "nearest": [], "relaxed": None}
        if missing:
            return f"not carried: {missing}", {**art, "hits": []}
        k = s.settings.product_top_k
        if within:
            hits = [product_hit(i) for i in within if i in s.catalog.products]
        else:
            vec = s.embedder.encode_query(text)
            hits = s.products.search(vec, filters, k=k * SORT_POOL if sort != "relevance" else k, text=text)
            if not hits:
                hits, art["nearest"], art["relaxed"] = nearest(vec, filters, text, query if refine else "")
        hits = sort_hits(hits, sort)[:k]
        # a brand or word no product mentions ("nike"): the shopper is told, not shown shoes as if they were it
        art["unmentioned"] = s.catalog.unmentioned(s.products.distinctive_terms(query)) if not within else []
        content = f"filters: {', '.join(chips) or 'none'}; {len(hits)} products"
        return content, {**art, "hits": [h.model_dump() for h in hits]}

    def nearest(vec, filters: SearchFilters, text: str,
                asked: str = "") -> tuple[list[ProductHit], list[str], dict | None]:
        """Nothing matched: the closest products with one filter let go: what it is for first (SOFT) unless the
        refinement `asked` just named it ("anything for winter?" after jackets under $80), then the price
        ("nothing under $150; the closest is the Vesper Sundress at $157.50"), then the other attributes; the
        category is never let go. Also the
        filters that found them: the search the shopper goes on from ("ok what do you have then", "any under 60")."""
        names = {c: s.taxonomy.name(c) for c in filters.category_ids}
        said = set(re.findall(r"[a-z]+", asked.lower()))
        soft = [a for a, values in filters.attributes.items()
                if a in SOFT and not said & {str(v).lower() for v in values}]
        tries = [_without(filters, [a]) for a in soft] + ([_without(filters, soft)] if len(soft) > 1 else [])
        if filters.price.min is not None or filters.price.max is not None:
            tries.append(filters.model_copy(update={"price": PriceRange()}, deep=True))
        tries += [_without(filters, [a]) for a in dict.fromkeys([*filters.attributes, *filters.excluded])
                  if a not in soft]
        if filters.in_stock:
            tries.append(filters.model_copy(update={"in_stock": False}))
        tries.append(SearchFilters(category_ids=filters.category_ids, text=filters.text))  # all but the type
        for f in tries:
            hits = s.products.search(vec, f, k=s.settings.product_top_k * SORT_POOL, text=text)
            if hits:
                dropped = [c for c in filters.describe(names) if c not in f.describe(names)]
                bound = filters.price.max if filters.price.max is not None else filters.price.min
                if bound is not None and not f.price.min and not f.price.max:
                    hits.sort(key=lambda h: abs(h.price - bound))
                return hits, dropped, f.model_dump()
        return [], [], None

    @tool(response_format="content_and_artifact")
    def product_details(product_id: str, question: str = "") -> tuple[str, dict]:
        """Price, stock and rating of one product (by id, as shown to the shopper); with `question` ("does it come
        with a cable?", "do they run small?"), what its listing and reviews say about that, quoted."""
        p = s.catalog.products.get(product_id.upper())
        if p is None:
            raise ToolError(f"there is no product {product_id} in the catalog")
        art = {"product_id": p.id, "price": p.price, "in_stock": p.stock > 0, "stock": p.stock, "rating": p.rating,
               "title": p.title}
        if question:
            said = listing.answer(question, p.title, p.attributes, p.description,
                                  [r.text for r in s.catalog.reviews.get(p.id, [])],
                                  s.review_aspects.get(s.department_of(p.id) or "", []))
            return said.text(), {**art, "question": question, "listing": said.model_dump()}
        stock = f"in stock ({p.stock} left)" if p.stock > 0 else "out of stock right now"
        reviews = len(s.catalog.reviews.get(p.id, []))
        text = (f"{p.title} by {p.brand} ({p.id}): ${p.price:,.2f}, {stock}, rated {p.rating:.1f}★"
                f" from {reviews} review(s).")
        return text, art

    def sort_hits(hits: list[ProductHit], sort: str) -> list[ProductHit]:
        if sort == "price_asc":
            return sorted(hits, key=lambda h: h.price)
        if sort == "price_desc":
            return sorted(hits, key=lambda h: -h.price)
        if sort == "rating_desc":
            return sorted(hits, key=lambda h: -h.rating)
        if sort == "popular":
            return sorted(hits, key=lambda h: -len(s.catalog.reviews.get(h.id, [])))
        return hits

    @tool(response_format="content_and_artifact")
    def review_summary(product: str) -> tuple[str, dict]:
        """Summarise what customers say about one product: sentiment split, praised and criticised attributes."""
        found = find_product(product)
        if found is None:
            raise ToolError("I couldn't tell which product you mean; try its name or id (like HP-00017)")
        text, art = summary_for(found.title, s.catalog.reviews.get(found.id, []))
        return text, {**art, "product_id": found.id}

    @tool(response_format="content_and_artifact")
    def review_insights(target: str, state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """Review insights across a product or a whole category, for merchants."""
        _require_merchant(state)
        filters = s.rewrite(target)
        if filters.category_ids and not merchant.PRODUCT_ID.search(target):
            ids = set(filters.category_ids)
            products = [p for p in s.catalog.products.values() if p.category_id in ids]
            subject = ", ".join(s.taxonomy.name(c) for c in filters.category_ids)
            reviews = [r for p in products for r in s.catalog.reviews.get(p.id, [])]
            text, art = summary_for(f"{subject} ({len(products)} products)", reviews)
            return text, {**art, "category_ids": filters.category_ids}
        return review_summary.func(target)

    @tool(response_format="content_and_artifact")
    def write_description(request: str, state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """Write a brand-voice product description from a product id or the attributes in the request."""
        _require_merchant(state)
        ids = merchant.PRODUCT_ID.findall(request)
        product = s.catalog.products.get(ids[0].upper()) if ids else None
        if ids and product is None:
            raise ToolError(f"there is no product {ids[0].upper()} in the catalog")
        req = merchant.describe_request(request, s.rewrite(request), s.taxonomy.name, product)
        model = s.task("describe")
        item = DescribeInput(title=req.title, category=req.category, brand=req.brand, attributes=req.attributes)
        text = model.predict([item])[0].description
        return text, {"input": item.model_dump(), "description": text, "product_id": req.product_id,
                      "model": getattr(model, "name", "describe")}

    @tool(response_format="content_and_artifact")
    def classify_titles(titles: list[str], csv_path: str = "", column: str = "",
                        state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """Classify supplier titles into the store taxonomy, pasted or from an uploaded CSV."""
        _require_merchant(state)
        if csv_path:
            titles = _titles_from(Path(csv_path), column, s.settings.limits.max_file_bytes)
        if not titles:
            raise ToolError("paste the titles after 'classify these titles:', one per line, or upload a CSV")
        model, results = s.task("classify"), []
        for start in range(0, len(titles), CLASSIFY_BATCH):
            results += model.predict([ClassifyInput(text=t) for t in titles[start:start + CLASSIFY_BATCH]])
            _progress(done=len(results), total=len(titles))
        rows = [{"title": t, "category_id": r.category, "category_path": r.path or "",
                 "attributes": r.attributes, "confidence": round(r.confidence, 3)} for t, r in zip(titles, results)]
        art = {"rows": sorted(rows, key=lambda r: r["confidence"])}
        if csv_path:
            out = Path(csv_path).with_name(Path(csv_path).stem + "-classified.csv")
            art["csv"] = str(merchant.write_results_csv(out, titles, results, s.taxonomy))
        low = sum(1 for r in rows if r["confidence"] < merchant.LOW_CONFIDENCE)
        return f"classified {len(rows)} title(s); {low} need review", art

    @tool(response_format="content_and_artifact")
    def list_tickets(status: str = "open", state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """List the support tickets shoppers opened, for merchants."""
        _require_merchant(state)
        tickets = s.tickets.list(status if status in ("open", "closed") else "open")
        if not tickets:
            return f"There are no {status} support tickets.", {"tickets": []}
        lines = [f"{len(tickets)} {status} support ticket(s):"]
        for t in tickets:
            first = next((line[len("customer: "):] for line in t["transcript"].splitlines()
                          if line.startswith("customer: ")), "")
            lines.append(f"- #{t['id']} {t['created_at'][:16].replace('T', ' ')} {t['user']}: {t['reason']}"
                         + (f" (“{first[:80]}”)" if first else ""))
        return "\n".join(lines), {"tickets": [{k: v for k, v in t.items() if k != "transcript"} for t in tickets]}

    return [search_policies, search_products, product_details, review_summary, review_insights, write_description, classify_titles,
            list_tickets]


def _without(filters: SearchFilters, attrs: list[str]) -> SearchFilters:
    f = filters.model_copy(deep=True)
    for attr in attrs:
        f.attributes.pop(attr, None)
        f.excluded.pop(attr, None)
    return f


def _progress(**payload) -> None:
    """Report progress to whoever streams the graph (the chat shows it); silent outside a graph run."""
    try:
        get_stream_writer()({"progress": payload})
    except RuntimeError:
        pass
