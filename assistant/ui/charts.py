"""The review-insights chart: sentiment over time, and the attributes praised and criticised most."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")  # no display on a server
import matplotlib.pyplot as plt  # noqa: E402

COLORS = {"positive": "#2e7d32", "neutral": "#9e9e9e", "negative": "#c62828", "mixed": "#f9a825"}


def insights_figure(art: dict):
    """Two panels from a review_insights/review_summary artifact: reviews per month by sentiment (stacked), and
    mentions of the top praised (right) and criticised (left) attributes."""
    fig, (left, right) = plt.subplots(1, 2, figsize=(10, 3.6), gridspec_kw={"width_ratios": [3, 2]})
    months = sorted({row["month"] for row in art.get("by_month", [])})
    bottom = [0] * len(months)
    for label in ("positive", "mixed", "neutral", "negative"):
        counts = [sum(r["count"] for r in art["by_month"] if r["month"] == m and r["sentiment"] == label)
                  for m in months]
        if any(counts):
            left.bar(months, counts, bottom=bottom, label=label, color=COLORS.get(label))
            bottom = [b + c for b, c in zip(bottom, counts)]
    left.set_title("Reviews per month, by sentiment")
    left.tick_params(axis="x", labelrotation=60, labelsize=7)
    if months:
        left.legend(fontsize=7)
    names = [a["aspect"].replace("_", " ") for a in art.get("praised", [])]
    names += [a["aspect"].replace("_", " ") + " " for a in art.get("criticised", [])]  # a space keeps bars apart
    values = [a["mentions"] for a in art.get("praised", [])] + [-a["mentions"] for a in art.get("criticised", [])]
    right.barh(names, values, color=["#2e7d32" if v > 0 else "#c62828" for v in values])
    right.axvline(0, color="black", linewidth=0.5)
    right.set_title("Praised (right) / criticised (left)")
    right.invert_yaxis()
    fig.tight_layout()
    return fig
