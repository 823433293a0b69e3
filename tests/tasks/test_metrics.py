"""The shared set metrics agree with scikit-learn's micro average over the binarized units."""

from __future__ import annotations

import pytest
from sklearn.metrics import precision_recall_fscore_support
from sklearn.preprocessing import MultiLabelBinarizer

from assistant.tasks.metrics import prf, set_prf


@pytest.mark.parametrize("pred, gold", [
    pytest.param([{"a", "b"}, {"c"}], [{"a"}, {"c", "d"}], id="some-right"),
    pytest.param([set(), {"x"}], [{"a"}, set()], id="all-wrong"),
    pytest.param([{"a"}, {"b"}], [{"a"}, {"b"}], id="all-right"),
    pytest.param([set(), set()], [{"a"}, {"b"}], id="nothing-predicted"),
])
def test_set_prf_is_sklearns_micro_average(pred, gold):
    mlb = MultiLabelBinarizer().fit(pred + gold)
    p, r, f, _ = precision_recall_fscore_support(mlb.transform(gold), mlb.transform(pred), average="micro",
                                                 zero_division=0)
    assert set_prf(pred, gold) == pytest.approx((p, r, f))


def test_nothing_expected_and_nothing_predicted_is_perfect():
    assert prf(0, 0, 0) == (1.0, 1.0, 1.0)
    assert set_prf([set()], [set()]).f1 == 1.0
