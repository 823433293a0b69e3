"""The baseline: one fixed, untrained template that states each given attribute plainly."""

from __future__ import annotations

from assistant.tasks.base import TaskContext
from assistant.tasks.describe.schema import DescribeInput, DescribeOutput
from assistant.tasks.describe.slots import Product, join_and, resolve
from assistant.tasks.describe.templates import _article


class GenericTemplateBaseline:
    """One fixed, untrained template that states each given attribute plainly: honest, but not in the voice."""

    task = "describe"
    kind = "baseline"
    name = "generic-template"

    def __init__(self, ctx: TaskContext):
        self.ctx = ctx

    def predict(self, inputs: list[DescribeInput]) -> list[DescribeOutput]:
        return [DescribeOutput(description=self._one(resolve(i, self.ctx))) for i in inputs]

    def _one(self, p: Product) -> str:
        s, be = p.slots, ("are" if p.plural else "is")
        by = f" by {s['brand']}" if "brand" in s else ""
        what = " ".join(x for x in (s.get("color"), s.get("material"), p.noun) if x)
        # No category name in the text: "Camping Lights" would state an occasion the input may not have.
        lines = [f"The {s['title']}{by} {be} {'' if p.plural else _article(what) + ' '}{what}."]
        looks = [f"{_article(s[k])} {s[k]} {k}" for k in ("pattern", "silhouette") if k in s]
        if looks:
            lines.append(f"{'They have' if p.plural else 'It has'} {join_and(looks)}.")
        if "occasion" in s or "season" in s:
            uses = [x for x in (f"{s['occasion']} occasions" if "occasion" in s else "",
                                f"{s['season']} wear" if "season" in s else "") if x]
            lines.append(f"{'They are' if p.plural else 'It is'} suitable for {join_and(uses)}.")
        if "style" in s or "gender" in s:
            style = f"{_article(s['style'])} {s['style']} design" if "style" in s else "a design"
            who = f" made for {s['gender'].rstrip(chr(39) + 's').rstrip(chr(39))}" if "gender" in s else ""
            lines.append(f"{'They have' if p.plural else 'It has'} {style}{who}.")
        if "sizes" in s:
            lines.append(f"Available in {s['sizes']}.")
        if "features" in s:
            lines.append(f"Features include {s['features']}.")
        lines.append("See the product details for more information.")
        return " ".join(lines)
