"""The policy search, trained: a query adapter over the frozen MiniLM and an answerability gate.

Served when `retrieve_model=local` (`PolicyRetriever(adapter=load_adapter(settings))`); `baseline` is raw MiniLM
with the hand-set thresholds. Stages: `model.py` (the adapter, its signals, save and load), `train.py` (fit,
cross-validation, the artifact and its manifest).
"""

from assistant.tasks.retrieve.model import QueryAdapter
from assistant.tasks.retrieve.train import load_adapter, prepare_adapter

__all__ = ["QueryAdapter", "load_adapter", "prepare_adapter"]
