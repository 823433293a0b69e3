"""Policy questions in shoppers' own words, on the demo store and on real terms documents.

The accepted numbers live in `evals/baselines_shoppers.json` (apart from `baselines.json`): per split and
metric, the value measured when the policy path last changed on purpose. A metric more than one question's worth
below it fails, naming the questions that are now wrong. Both splits are gated; `dev` is what the policy path was
tuned on, `heldout` is the honest number (see evals/shoppers.py). `ACCEPT_SHOPPERS=1 pytest
evals/test_shopper_policy.py` rewrites the file from this run (an environment variable, not a pytest option, so this
suite leaves the shared conftest alone).
"""

from __future__ import annotations

import json
import os
from collections import Counter
from pathlib import Path

import pytest

from evals import shoppers

SPLITS, TERMS_SPLITS = shoppers.POLICY_SPLITS, shoppers.TERMS_SPLITS  # policy heldout3-11 and terms heldout3-9 are separate sets
LOWER_IS_BETTER = {"false_declines", "padded"}


@pytest.fixture(scope="session")
def policy_scores(services, bot):
    # Through the whole agent, as shoppers ask: the policy tool alone scored a few points higher than what
    # shoppers got, since cutting a message into parts and routing each can lose a part (session 17).
    ask = shoppers.agent_asker(bot)
    return {split: shoppers.evaluate_policy(services, split, ask) for split in SPLITS}


@pytest.fixture(scope="session")
def terms_scores(eval_settings, embedder, tmp_path_factory):
    if eval_settings.realdata_dir is None:
        pytest.skip("ASSISTANT_REALDATA_DIR is not set: the real terms documents are not here")
    root = Path(eval_settings.realdata_dir)
    if not (root / "tos_policies").is_dir():
        pytest.skip(f"{root / 'tos_policies'} is missing")
    path = shoppers.terms_services(root, eval_settings.knowledge_dir, embedder, tmp_path_factory.mktemp("terms"))
    return {split: shoppers.evaluate_terms(path, split) for split in TERMS_SPLITS}


def accepted() -> dict:
    return json.loads(shoppers.BASELINES.read_text()) if shoppers.BASELINES.exists() else {}


def regressions(part: str, scores: dict) -> list[str]:
    """Each metric of each split against its accepted value, with one question's worth of slack."""
    if os.environ.get("ACCEPT_SHOPPERS"):
        data = accepted()
        data[part] = {split: {"n": len(samples), "metrics": metrics,
                              "right": sorted(k for k, s in samples.items() if _ok(s))}
                      for split, (metrics, samples) in scores.items()}
        shoppers.BASELINES.write_text(json.dumps(data, indent=2, sort_keys=True) + "\n")
        return []
    base = accepted().get(part)
    if base is None:
        return [f"no accepted scores for {part}: run `ACCEPT_SHOPPERS=1 pytest evals/test_shopper_policy.py`"]
    found = []
    for split, (metrics, samples) in scores.items():
        old = base[split]
        kinds = Counter(s.get("kind", "all") for s in samples.values())
        for name, value in metrics.items():
            # metrics are rounded to 4 places: one question fewer of 24 is 0.7083, not 0.75 - 1/24 = 0.70833
            slack = 1.0 / max(1, _count(name, kinds)) + 1e-4
            was = old["metrics"].get(name)
            if was is None:
                continue
            worse = value > was + slack if name in LOWER_IS_BETTER else value < was - slack
            if worse:
                lost = sorted(set(old["right"]) - {k for k, s in samples.items() if _ok(s)})
                found.append(f"{part}.{split}.{name}: accepted {was:.3f}, now {value:.3f}; now wrong: "
                             + ", ".join(f"{k} ({samples[k]['question']!r}: {samples[k]['outcome']})"
                                         for k in lost[:8]))
    return found


def _count(metric: str, kinds: Counter) -> int:
    """How many questions a metric is a share of: one of them is the slack."""
    kind = metric.rsplit("_", 1)[0]
    if kind in kinds:
        return kinds[kind]
    if metric in ("answerable_right", "false_declines", "padded", "evidence_cited", "evidence_quoted") \
            and "unanswerable" in kinds:
        return sum(kinds.values()) - kinds["unanswerable"]
    return sum(kinds.values())


def _ok(sample: dict) -> bool:
    return bool(sample.get("right", sample.get("cited")))


def test_shopper_policy_set_has_every_kind_on_both_splits():
    cases = shoppers.load(shoppers.SHOPPER_POLICY, shoppers.PolicyCase)
    assert len(cases) >= 80
    for split in SPLITS:
        kinds = Counter(c.kind for c in cases if c.split == split)
        if split == "heldout12":  # the most general questions: casual ones and a few the policies are silent on
            assert kinds["casual"] >= 20 and kinds["unanswerable"] >= 4, (split, kinds)
            continue
        assert min(kinds.values()) >= 8 and len(kinds) == 5, (split, kinds)
    assert all(len(c.parts) >= 2 for c in cases if c.kind == "compound")
    known = set(shoppers_sections())
    for c in cases:
        for part in c.expected():
            assert all(s in known or s in {k.split("#")[0] for k in known} for s in part.sections), c.id


def shoppers_sections() -> list[str]:
    from assistant.evaluation.grounding import policy_sections

    return list(policy_sections(shoppers.HERE.parent / "knowledge"))


def test_terms_set_quotes_its_evidence():
    cases = shoppers.load(shoppers.TERMS_SHOPPERS, shoppers.TermsCase)
    assert len(cases) >= 40 and {c.source for c in cases} >= {"Amazon_terms_en.txt", "PayPal_terms_en.txt"}
    root = os.environ.get("ASSISTANT_REALDATA_DIR")
    if root and (Path(root) / "tos_policies").is_dir():
        docs = {p.name: shoppers.norm(p.read_text(encoding="utf-8")) for p in (Path(root) / "tos_policies").glob("*.txt")}
        missing = [c.id for c in cases for e in c.evidence if shoppers.norm(e) not in docs[c.source]]
        assert not missing, missing


def test_shopper_policy_meets_the_issue_targets_on_heldout(policy_scores):
    m, samples = policy_scores["heldout"]
    wrong = {k: s["outcome"] for k, s in samples.items() if not s["right"]}
    # Issue 11's targets; below them this test fails and says by how much (see the report for per-kind numbers).
    assert m["unanswerable_declined"] >= 0.85, (m, wrong)
    assert m["false_declines"] <= 0.05, (m, wrong)


def test_shopper_policy_no_metric_below_its_accepted_value(policy_scores):
    found = regressions("shopper_policy", policy_scores)
    assert not found, "\n".join(found)


@pytest.mark.realdata
def test_terms_no_metric_below_its_accepted_value(terms_scores):
    found = regressions("realdata_terms_shoppers", terms_scores)
    assert not found, "\n".join(found)
