"""The agent's tools. Each returns a short text for the conversation and a structured artifact.

Merchant tools check the thread's role themselves: the graph never plans them for a shopper, and even a
forged tool call from a shopper's thread fails here.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path
from typing import Annotated

from langchain_core.tools import tool
from langgraph.prebuilt import InjectedState

from assistant.agent import merchant
from assistant.agent.context import Services
from assistant.agent.reviews import summarize
from assistant.errors import ToolError
from assistant.schemas import SearchFilters
from assistant.tasks.rewrite import merge

MERCHANT_TOOLS = {"write_description", "classify_titles", "review_insights", "list_tickets"}
CLASSIFY_BATCH = 64  # titles per progress update: the embedder's batch size


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
        return s.catalog.products.get(hits[0].id) if hits else None

    def summary_for(subject: str, reviews: list) -> tuple[str, dict]:
        from assistant.tasks.extract import ExtractInput

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

    @tool(response_format="content_and_artifact")
    def search_products(query: str, refine: bool = False, remove: str = "",
                        state: Annotated[dict, InjectedState] = None) -> tuple[str, dict]:
        """Rewrite a shopper's query into catalog filters and search the catalog within them."""
        previous = SearchFilters.model_validate(state["filters"]) if (refine or remove) and state.get("filters") else None
        if remove and previous is not None:
            filters = remove_chip(previous, remove, s.taxonomy.name)
        else:
            filters = merge(previous, s.rewrite(query))
        text = (state.get("search_text") or query) if (refine or remove) else query
        hits = s.products.search(s.embedder.encode_query(text), filters, k=s.settings.product_top_k, text=text)
        chips = filters.describe({c: s.taxonomy.name(c) for c in filters.category_ids})
        content = f"filters: {', '.join(chips) or 'none'}; {len(hits)} products"
        return content, {"filters": filters.model_dump(), "chips": chips, "search_text": text,
                         "hits": [h.model_dump() for h in hits]}

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
        from assistant.tasks.describe import DescribeInput

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
        from assistant.tasks.classify import ClassifyInput

        if csv_path:
            titles = merchant.read_titles_csv(Path(csv_path), column or None)
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

    return [search_policies, search_products, review_summary, review_insights, write_description, classify_titles,
            list_tickets]


def _progress(**payload) -> None:
    """Report progress to whoever streams the graph (the chat shows it); silent outside a graph run."""
    try:
        from langgraph.config import get_stream_writer

        get_stream_writer()({"progress": payload})
    except RuntimeError:
        pass
