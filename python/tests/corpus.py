"""A generated news corpus for the Python and Spark tests: short reports from templates, with
invented people and organisations beside real country and city names (facts from the
gazetteer), so that the extractor codes events from them. No real article is used.

``python tests/corpus.py N FILE`` writes N documents as JSON Lines.
"""

from __future__ import annotations

import datetime as dt
import json
import random
import sys
from typing import Dict, List

COUNTRIES = [
    ("Ukraine", "Ukrainian"),
    ("Russia", "Russian"),
    ("France", "French"),
    ("Germany", "German"),
    ("Poland", "Polish"),
    ("Turkey", "Turkish"),
    ("Egypt", "Egyptian"),
    ("Kenya", "Kenyan"),
    ("Brazil", "Brazilian"),
    ("Japan", "Japanese"),
    ("India", "Indian"),
    ("Nigeria", "Nigerian"),
]
CITIES = [
    "Kharkiv", "Odesa", "Lyon", "Hamburg", "Krakow", "Izmir", "Alexandria", "Mombasa",
    "Recife", "Osaka", "Pune", "Kano", "Dnipro", "Lille", "Gdansk", "Ankara",
]
GIVEN = ["Alder", "Brisa", "Corvin", "Delphine", "Eskil", "Fenna", "Garrick", "Hollis",
         "Ilsa", "Jorund", "Kestrel", "Lioba", "Maren", "Nils", "Orla", "Pavo"]
FAMILY = ["Vantroy", "Quillfeather", "Marrowby", "Ostrander", "Pellucid", "Rainsford",
          "Sallowmere", "Thistlewood", "Umberfield", "Wrenhaven", "Yarrowdale", "Zephyrine"]
WEEKDAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
UNITS = ["drones", "missiles", "rockets"]

TEMPLATES = [
    "{d1} forces launched {n} {unit} at {city} overnight, the {a2} air force said on {wd}. "
    "Air defences shot down {m} of them, officials in {city} said.",
    "The foreign ministers of {c1} and {c2} met in {city} on {wd} to discuss trade and "
    "border security, the {a1} foreign ministry said.",
    "Police in {city} arrested {n} protesters on {wd} after a march against rising fuel "
    "prices, a spokesman for the {a1} interior ministry said.",
    "{person}, the {a1} defence minister, accused {c2} on {wd} of massing troops near the "
    "border and warned of a firm response.",
    "{c1} and {c2} signed an agreement in {city} on {wd} to expand cooperation on energy "
    "and ports, officials from both governments said.",
    "Thousands of people protested in {city} on {wd} against a new labour law, and police "
    "said {n} people were detained.",
    "{c1} imposed sanctions on {n} {a2} officials on {wd}, its finance ministry said, "
    "citing cyber attacks on its banks.",
    "The {a1} president {person} called on {c2} on {wd} to release the detained "
    "journalists, his office said in a statement.",
]


def documents(n: int, seed: int = 17) -> List[Dict[str, str]]:
    """``n`` reports with ids ``gen-00000``..., texts and publication dates."""
    rng = random.Random(seed)
    base = dt.date(2024, 1, 1)
    out = []
    for i in range(n):
        (c1, a1), (c2, a2) = rng.sample(COUNTRIES, 2)
        big = rng.randint(5, 400)
        fields = {
            "c1": c1,
            "a1": a1,
            "d1": a1,
            "c2": c2,
            "a2": a2,
            "city": rng.choice(CITIES),
            "wd": rng.choice(WEEKDAYS),
            "n": big,
            "m": rng.randint(1, big),
            "unit": rng.choice(UNITS),
            "person": f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}",
        }
        text = rng.choice(TEMPLATES).format(**fields)
        # Every tenth report retells an earlier one in other words, so that cross-document
        # merging has work to do.
        published = base + dt.timedelta(days=rng.randint(0, 700))
        doc = {"id": f"gen-{i:05d}", "text": text, "published": published.isoformat()}
        if i % 10 == 9 and out:
            prev = out[rng.randrange(len(out))]
            doc["text"] = "In a report on the same events: " + prev["text"]
            doc["published"] = prev["published"]
        out.append(doc)
    return out


def write_jsonl(docs: List[Dict[str, str]], path: str) -> None:
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d) + "\n")


if __name__ == "__main__":
    write_jsonl(documents(int(sys.argv[1])), sys.argv[2])
