"""On a long legal page the search's two signals (rank and MiniLM's nearest sentence) outvote the shared words
where they agree: the sentence that answers beats a neighbouring passage's heading. Only for a raw search (no
trained adapter): the store's own rules, tuned with its adapter, are left as they are.

Worded apart from the real-terms eval set."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from evals import shoppers
from tests.offline import KNOWLEDGE

REALDATA = os.environ.get("ASSISTANT_REALDATA_DIR")


@pytest.fixture(scope="module")
def terms(embedder, tmp_path_factory):
    if not REALDATA or not (Path(REALDATA) / "tos_policies").is_dir():
        pytest.skip("ASSISTANT_REALDATA_DIR is not set: the real terms documents are not here")
    return shoppers.terms_services(Path(REALDATA), KNOWLEDGE, embedder, tmp_path_factory.mktemp("terms"))


@pytest.mark.realdata
def test_the_expiry_sentence_answers_when_rank_and_meaning_agree(terms):
    assert terms.writer.agree  # the terms pages have no trained adapter
    question = "does a groupon voucher just die if i dont use it in time"
    text, cited = shoppers.policy_answer(terms, question)
    assert cited[0] == "Groupon_terms_en.txt#p58"
    assert "expires automatically" in text


def test_the_store_search_keeps_its_own_rules(services):
    assert services.policies.adapter is not None and not services.writer.agree
