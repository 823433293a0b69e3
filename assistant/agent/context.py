"""Everything a turn needs, loaded once per process: models, index, taxonomy and ontology."""

from __future__ import annotations

import logging
from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from assistant.agent.answer import ExtractiveWriter, LLMWriter, Writer
from assistant.config import Settings
from assistant.errors import DataErrors
from assistant.knowledge import Ontology, Taxonomy, load_knowledge, load_ontology, load_taxonomy
from assistant.models.providers import openai_client
from assistant.retrieval.embeddings import Embedder, get_embedder
from assistant.retrieval.search import PolicyRetriever, ProductSearch
from assistant.retrieval.store import Store, connect
from assistant.schemas import Product, Review, SearchFilters
from assistant.tasks.rewrite import Lexicon, LexiconRewriter
from assistant.tasks.route import Router

log = logging.getLogger(__name__)


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
    _models: dict = field(default_factory=dict)

    def task(self, name: str):
        """The model serving a task, as the registry chooses it; loaded (or trained) on first use."""
        if name not in self._models:
            from assistant.models.registry import get_model

            self._models[name] = get_model(name, self.task_context, self.settings)
        return self._models[name]

    @cached_property
    def task_context(self):
        from assistant.tasks.base import TaskContext

        return TaskContext(self.embedder, self.taxonomy, self.ontology, self.settings.knowledge_dir)

    def rewrite(self, query: str) -> SearchFilters:
        from assistant.tasks.rewrite import RewriteInput

        return SearchFilters.model_validate(self.task("rewrite").predict([RewriteInput(query=query)])[0].model_dump())

    @cached_property
    def catalog(self) -> "Catalog":
        return Catalog.load(self.settings)

    @classmethod
    def build(cls, settings: Settings, embedder: Embedder | None = None, writer: Writer | None = None) -> "Services":
        embedder = embedder or get_embedder()
        store = Store(connect(settings.index_dir, settings.chroma_url))
        errors: list = []
        taxonomy = load_taxonomy(settings.knowledge_dir / "taxonomy.txt", errors)
        ontology = load_ontology(settings.knowledge_dir / "ontology.yaml", errors)
        if errors:
            raise DataErrors(errors)
        multi = {a.name for a in ontology.attributes.values() if a.multi}
        router = Router.load_or_train(settings.knowledge_dir / "router/utterances.jsonl",
                                      settings.artifacts_dir, embedder)
        return cls(
            settings=settings, embedder=embedder, store=store, taxonomy=taxonomy, ontology=ontology,
            policies=PolicyRetriever(store), products=ProductSearch(store, multi),
            rewriter=LexiconRewriter(Lexicon.build(taxonomy, ontology)), router=router,
            writer=writer or default_writer(settings),
        )


def default_writer(settings: Settings) -> Writer:
    """The registry's choice of answer writer: extractive offline, an LLM when the OpenAI backend is on."""
    if settings.backend == "openai":
        return LLMWriter(openai_client(settings), settings.openai_model, settings.answer_min_score)
    return ExtractiveWriter(settings.answer_min_score)


@dataclass
class Catalog:
    """Products by id and reviews by product, for the tools that read them."""

    products: dict[str, Product]
    reviews: dict[str, list[Review]]

    @classmethod
    def load(cls, settings: Settings) -> "Catalog":
        k = load_knowledge(settings.knowledge_dir, with_reviews=True)
        reviews: dict[str, list[Review]] = defaultdict(list)
        for r in k.reviews:
            reviews[r.product_id].append(r)
        return cls({p.id: p for p in k.products}, dict(reviews))
