"""Everything a turn needs, loaded once per process: models, index, taxonomy and ontology."""

from __future__ import annotations

import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Callable, Protocol

from assistant.agent import prompts
from assistant.agent.answer import ExtractiveWriter, LLMWriter, Writer, department_terms
from assistant.agent.tools import make_tools
from assistant.config import Settings
from assistant.errors import DataErrors
from assistant.knowledge import (Ontology, Taxonomy, load_knowledge, load_ontology, load_taxonomy, policy_pages,
                                 singular, store_contact, store_name)
from assistant.models.providers import openai_client
from assistant.models.registry import get_model
from assistant.models.writer import get_writer, register_writer
from assistant.retrieval.embeddings import Embedder, get_embedder
from assistant.retrieval.ingest import product_doc, upsert_live
from assistant.retrieval.products import ProductSearch
from assistant.retrieval.search import PolicyRetriever
from assistant.retrieval.store import Store, connect
from assistant.schemas import Product, Review, SearchFilters
from assistant.store.catalog import CatalogStore, load_overrides
from assistant.store.tickets import TicketStore
from assistant.tasks.base import TaskContext, TaskModel
from assistant.tasks.extract.vocabulary import load_vocabulary
from assistant.tasks.quote.train import load_selector
from assistant.tasks.rewrite import Lexicon, LexiconRewriter, ProductTypes, RewriteInput
from assistant.tasks.retrieve import load_adapter
from assistant.tasks.route import Router
from assistant.tasks.specs import SPECS

log = logging.getLogger(__name__)


class Understander(Protocol):
    """Reads a message against the conversation and chooses the tool calls; None falls back to the local rules."""

    def understand(self, text: str, ctx, services: "Services"): ...


@dataclass
class Services:
    settings: Settings
    embedder: Embedder
    store: Store
    taxonomy: Taxonomy
    ontology: Ontology
    policies: PolicyRetriever
    products: ProductSearch
    rewriter: LexiconRewriter
    router: Router
    writer: Writer
    understander: "Understander | None" = None  # an LLM doing the understanding step; None: the local rules
    # Corrects a message's misspellings against the store's own vocabulary before routing ("shiping" ->
    # "shipping"): the policy index's speller (assistant/retrieval/spelling.py), built from the store's own words.
    speller: Callable[[str], str] | None = None
    _models: dict = field(default_factory=dict)

    @cached_property
    def types(self) -> ProductTypes:
        """The store's product-type vocabulary ("we don't carry that", a category the query's words back)."""
        return ProductTypes.for_store(self.task_context, list(self.catalog.products.values()))

    @cached_property
    def tools(self) -> list:
        """The agent's tools, built once for these services."""
        return make_tools(self)

    @cached_property
    def store_name(self) -> str:
        return store_name(self.settings.knowledge_dir)

    @cached_property
    def contact(self) -> str:
        """How shoppers reach the store's people, in words (`knowledge.store_contact`)."""
        return store_contact(self.settings.knowledge_dir)

    @cached_property
    def departments(self) -> str:
        """What the store sells, in words: its departments from the ontology ("bags_accessories" -> "bags &
        accessories")."""
        names = [d.replace("_", " & ") for d in self.ontology.departments]
        return ", ".join(names[:-1]) + f" and {names[-1]}" if len(names) > 1 else "".join(names)

    @cached_property
    def policy_topics(self) -> list[str]:
        return policy_topics(self.settings.knowledge_dir)

    @cached_property
    def capabilities(self) -> str:
        """What this store's assistant can do, its own policy topics named ("returns and shipping")."""
        return prompts.capabilities(self.policy_topics)

    @cached_property
    def brands(self) -> str:
        """The catalog's brands, one line per department, each brand under the one most of its products are in."""
        where: dict[str, Counter] = defaultdict(Counter)
        for p in self.catalog.products.values():
            where[p.brand][self.department_of(p.id) or ""] += 1
        by_department: dict[str, list[str]] = defaultdict(list)
        for brand, counts in sorted(where.items()):
            by_department[counts.most_common(1)[0][0]].append(brand)
        return "\n".join(f"- {d.replace('_', ' & ').capitalize() or 'Other'}: {', '.join(b)}"
                         for d, b in sorted(by_department.items()))

    def say(self, template: str) -> str:
        """A canned text (prompts.GREETING, OUT_OF_SCOPE, ...) in this store's words (`{brands}` built when asked)."""
        brands = self.brands if "{brands}" in template else ""
        return template.format(store=self.store_name, capabilities=self.capabilities, brands=brands,
                               example=prompts.example(self.policy_topics), departments=self.departments,
                               contact=self.contact)

    @cached_property
    def review_aspects(self) -> dict[str, list[str]]:
        """The review aspects of each department (review_aspects.yaml), as the review extractor reads them."""
        return load_vocabulary(self.settings.knowledge_dir, self.ontology.departments).aspects

    def department_of(self, product_id: str) -> str | None:
        p = self.catalog.products.get(product_id)
        return self.ontology.department_of(self.taxonomy.paths.get(p.category_id, "")) if p else None

    def task(self, name: str) -> TaskModel:
        """The model serving a task, as the registry chooses it (`build` loads every one up front)."""
        if name not in self._models:
            self._models[name] = get_model(name, self.task_context, self.settings)
        return self._models[name]

    @cached_property
    def task_context(self) -> TaskContext:
        return TaskContext(self.embedder, self.taxonomy, self.ontology, self.settings.knowledge_dir)

    def rewrite(self, query: str) -> SearchFilters:
        return SearchFilters.model_validate(self.task("rewrite").predict([RewriteInput(query=query)])[0].model_dump())

    @cached_property
    def catalog(self) -> "Catalog":
        return Catalog.load(self.settings)

    @cached_property
    def catalog_store(self):
        return CatalogStore(self.settings.data_dir)

    @cached_property
    def tickets(self):
        return TicketStore(self.settings.data_dir)

    def publish_description(self, product_id: str | None, text: str, proposal: str, model: str, user: str,
                            regenerations: int = 0):
        """Save an approved description (keeping the text it replaces), and put it in the live product index so
        the next shopper search finds it: no restart, no full ingest."""
        product = self.catalog.products.get(product_id) if product_id else None
        approval = self.catalog_store.approve(product.id if product else None, text,
                                              product.description if product else None, proposal, model, user,
                                              regenerations)
        if product is not None:
            updated = product.model_copy(update={"description": text})
            self.catalog.products[product.id] = updated
            department = self.ontology.department_of(self.taxonomy.paths.get(product.category_id, "")) or ""
            upsert_live(self.store, self.embedder, "products",
                        [product_doc(updated, self.taxonomy.name(product.category_id), department)])
        return approval

    @classmethod
    def build(cls, settings: Settings, embedder: Embedder | None = None) -> "Services":
        embedder = embedder or get_embedder()
        store = Store(connect(settings.index_dir, settings.chroma_url))
        errors: list = []
        taxonomy = load_taxonomy(settings.knowledge_dir / "taxonomy.txt", errors)
        ontology = load_ontology(settings.knowledge_dir / "ontology.yaml", errors)
        if errors:
            raise DataErrors(errors)
        multi = {a.name for a in ontology.attributes.values() if a.multi}
        ctx = TaskContext(embedder, taxonomy, ontology, settings.knowledge_dir)
        # Every task model is loaded now, not on a merchant's first request: a missing or stale one fails here,
        # naming `storefront prepare`, and the first description or classification answers at once.
        models = {task: get_model(task, ctx, settings) for task in SPECS}
        # One client for both LLM steps: when the server fails the understanding step, the writer knows at once.
        llm = openai_client(settings) if settings.backend == "openai" else None
        policies, writer = policy_path(settings, store, department_terms(taxonomy, ontology, settings.knowledge_dir), llm)
        services = cls(
            settings=settings, embedder=embedder, store=store, taxonomy=taxonomy, ontology=ontology,
            policies=policies, products=ProductSearch(store, multi, catalog_words(taxonomy, ontology)),
            rewriter=LexiconRewriter(Lexicon.build(taxonomy, ontology)), router=models["route"],
            writer=writer, _models=models,
            understander=default_understander(settings, llm), speller=policies.correct,
        )
        _ = services.contact  # read once now: a bad phone or email in store.yaml stops start-up, named
        return services


def policy_path(settings: Settings, store: Store, related: dict[str, set[str]] | None,
                client=None) -> tuple[PolicyRetriever, Writer]:
    """The policy retriever and answer writer, wired to each other: the writer reads the retriever's unknown-word
    share, and the retriever asks the writer's trained selector (when there is one) whether sections answer. The
    writer gets the share through a call made only once a question is written, when `policies` exists. The
    agent and the terms-pages eval both build the policy path here, so neither can drift from the other."""
    writer = default_writer(settings, related, client,
                            unknown_share=lambda question: policies.unknown_share(question))
    policies = PolicyRetriever(store, judge=writer.answers if getattr(writer, "selector", None) else None,
                               adapter=load_adapter(settings))
    if hasattr(writer, "agree"):
        writer.agree = policies.adapter is None
    return policies, writer


def policy_topics(knowledge_dir: Path) -> list[str]:
    """The store's policy topics, one per page of its policies folder, named by the page's file
    ("payments-and-gift-cards.md" -> "payments and gift cards"): a title may carry the store's name
    ("Returns at Fennel & Flint"), a file name says the topic alone."""
    return [re.sub(r"[-_\s]+", " ", p.stem).strip().lower() for p in policy_pages(Path(knowledge_dir) / "policies")]


def catalog_words(taxonomy, ontology) -> set[str]:
    """Words the rewriter turns into filters: categories, attribute values and synonyms."""
    texts = [*taxonomy.paths.values(), *ontology.lexicon, *ontology.attributes]
    return {w for text in texts for w in re.findall(r"[a-z]+", str(text).lower())}


def default_understander(settings: Settings, client=None) -> "Understander | None":
    """An LLM reads the conversation and picks the tools when the OpenAI backend is on; offline the local rules do."""
    if settings.backend != "openai":
        return None
    from assistant.agent.llm_plan import LLMUnderstanding  # offline runs never load the LLM planner

    return LLMUnderstanding(client or openai_client(settings), settings.openai_model, settings.openai_timeout)


def default_writer(settings: Settings, related: dict[str, set[str]] | None = None, client=None,
                   unknown_share: Callable[[str], float] | None = None) -> Writer:
    """The registry's choice of answer writer (`assistant/models/writer.py`): extractive offline, an LLM when the
    OpenAI backend is on. `unknown_share` is the policy retriever's (`PolicyRetriever.unknown_share`): the
    trained unit selector's question gate reads it, so pass it wherever a writer may have a selector."""
    return get_writer(settings, related, client, unknown_share=unknown_share)


def _extractive_writer(settings: Settings, related: dict[str, set[str]] | None, client=None,
                       unknown_share: Callable[[str], float] | None = None) -> Writer:
    selector = load_selector(settings) if settings.quote_model == "local" else None
    return ExtractiveWriter(settings.answer_min_score, related, selector, unknown_share=unknown_share)


def _llm_writer(settings: Settings, related: dict[str, set[str]] | None, client=None,
                unknown_share: Callable[[str], float] | None = None) -> Writer:
    return LLMWriter(client or openai_client(settings), settings.openai_model, settings.answer_min_score,
                     settings.openai_timeout, _extractive_writer(settings, related, unknown_share=unknown_share),
                     store_name(settings.knowledge_dir))


register_writer("extractive", _extractive_writer)
register_writer("llm", _llm_writer)


@dataclass
class Catalog:
    """Products by id (with approved descriptions applied) and reviews by product, for the tools that read them."""

    products: dict[str, Product]
    reviews: dict[str, list[Review]]

    @classmethod
    def load(cls, settings: Settings) -> "Catalog":
        k = load_knowledge(settings.knowledge_dir, with_reviews=True)
        reviews: dict[str, list[Review]] = defaultdict(list)
        for r in k.reviews:
            reviews[r.product_id].append(r)
        overrides = load_overrides(settings.data_dir)  # descriptions merchants approved win over the file's
        products = {p.id: p.model_copy(update={"description": overrides[p.id]}) if p.id in overrides else p
                    for p in k.products}
        return cls(products, dict(reviews))

    @cached_property
    def words(self) -> frozenset[str]:
        """Every word of the products' titles, brands, descriptions and attribute values, in the singular."""
        texts = [f"{p.title} {p.brand} {p.description} {p.attributes}" for p in self.products.values()]
        return frozenset(singular(w) for t in texts for w in re.findall(r"[a-z][a-z'-]+", t.lower()))

    @cached_property
    def _brands(self) -> tuple[re.Pattern, dict[str, str]]:
        """A pattern for every brand, longest first ("Loop Labs" before "Loop"), and each brand by its lower case."""
        by_lower = {p.brand.lower(): p.brand for p in self.products.values()}
        either = "|".join(re.escape(n) for n in sorted(by_lower, key=len, reverse=True)) or "(?!)"  # none: no match
        return re.compile(rf"\b(?:{either})(?!\w)", re.I), by_lower

    def brand_in(self, text: str) -> tuple[str, str]:
        """The catalog's brand the text names and the words naming it ("show me saltmarsh" -> "Saltmarsh",
        "saltmarsh"), or ("", "")."""
        pattern, by_lower = self._brands
        m = pattern.search(text)
        return (by_lower[m.group(0).lower()], m.group(0)) if m else ("", "")

    def unmentioned(self, words: list[str]) -> list[str]:
        """The words no product mentions that are rare in English: a brand the store does not carry ("nike"), a
        word no listing uses ("flowy"); not an everyday word ("sell") the search only failed to find."""
        from assistant.retrieval.spelling import english  # its English word list, loaded by the speller already

        return [w for w in words if singular(w) not in self.words and english().word_usage_frequency(w) < RARE_WORD]


RARE_WORD = 1e-6  # pyspellchecker's frequency: "nike" 9e-8, "sony" 4e-8, "comfy" 1.4e-6, "sell" far above
