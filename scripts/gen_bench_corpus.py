#!/usr/bin/env python3
"""Write a large JSONL benchmark corpus for `sitrep bench` (stdlib only, deterministic).

The paragraphs are templates made from our own sample reports (samples/reports.jsonl, written
for the project); countries, capitals, towns, people, weekdays and numbers are drawn from the
shipped knowledge base (data/kb) so that the corpus is not one text repeated and exercises the
KB lookups, date and magnitude code the way varied news would.

Usage: python3 scripts/gen_bench_corpus.py OUT.jsonl [--mb 60] [--seed 7]
"""
import argparse
import gzip
import json
import os
import random

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
KB = os.path.join(ROOT, "data", "kb")

# Paragraph templates, rewritten from samples/reports.jsonl with slots:
# {A},{B}: country names; {Aadj},{Badj}: their demonyms; {Acap},{Bcap}: capitals;
# {Atown},{Btown}: towns in A/B; {P1},{P2},{P3}: people (distinct slots: see README
# Performance on a mention loop with one person under two titles); {D1},{D2}: weekdays; {N1},{N2}: numbers;
# {W1}: a small number word; {ORG}: an organisation.
PARAS = [
    "The foreign ministers of {A} and {B} met in {Acap} on {D1} for talks hosted by {C} on a border settlement, officials said.",
    "{Cadj} Foreign Minister {P1} said the two sides agreed to meet again next month. {A}'s delegation rejected a proposal to hand over {W1} villages, according to the {Aadj} foreign ministry.",
    "On {D2}, {Badj} troops fired mortar rounds at an {Aadj} border post near {Atown}, wounding {W1} soldiers, the {Aadj} defence ministry said.",
    "The {ORG} on {D1} imposed sanctions on {N1} {Aadj} companies it accuses of supplying drones to {B}.",
    "{A} condemned the decision and threatened to expel {Cadj} diplomats, the official news agency reported. {Acap} summoned the {Cadj} ambassador on {D2} to protest against the measures.",
    "Meanwhile, {B} launched at least {N2} drones at {A} overnight, most of which were shot down, the {Aadj} air force said. A drone struck an apartment block in {Atown}, killing {W1} people and injuring {N1} others, regional officials said.",
    "Thousands of {Aadj} protesters demonstrated in {Acap} on {D1} against a new finance bill, witnesses said.",
    "{Aadj} police arrested at least {N2} demonstrators and fired tear gas to disperse the crowds, according to {ORG}. The group urged the {Aadj} government to release the detained protesters.",
    "President {P3} said on {D2} that he would meet opposition leaders next week.",
    "The {Aadj} army and rebel forces agreed on {D1} to a {W1}-day humanitarian truce after talks mediated by {B} and {C} in {Bcap}.",
    "The {ORG} said it would deliver food aid to {Atown} once the truce takes hold. {C} welcomed the agreement.",
    "Hours before the deal, fighters attacked a camp for displaced people near {Atown}, killing at least {N2} civilians, the United Nations said.",
    "{A} accused {B} on {D1} of ramming an {Aadj} supply boat near {Atown} and demanded that {Bcap} withdraw its vessels from the area.",
    "{B}'s foreign ministry rejected the accusation and said {Acap} had violated {Badj} sovereignty. {Ccap} expressed support for {A}, and {Cadj} Secretary of State {P2} spoke by phone with his {Aadj} counterpart on {D2}.",
]
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
WORDS = ["two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "dozens of"]
SURNAMES = [
    "Adeyemi", "Barzani", "Castillo", "Dlamini", "Eriksen", "Farouk", "Gashi", "Haddad",
    "Ivanova", "Jovanovic", "Kariuki", "Lindqvist", "Mensah", "Nakamura", "Okafor", "Petrov",
    "Quispe", "Rahimi", "Sandoval", "Tanaka", "Usmanov", "Vargas", "Wanjiru", "Yilmaz", "Zhukov",
]


def rows(name):
    path = os.path.join(KB, name)
    # The gazetteer ships compressed (places.tsv.gz).
    if not os.path.exists(path) and os.path.exists(path + ".gz"):
        f = gzip.open(path + ".gz", "rt", encoding="utf-8")
    else:
        f = open(path, encoding="utf-8")
    with f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    head = lines[0].split("\t")
    return [dict(zip(head, l.split("\t"))) for l in lines[1:]]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("out")
    ap.add_argument("--mb", type=float, default=60.0)
    ap.add_argument("--seed", type=int, default=7)
    a = ap.parse_args()
    rnd = random.Random(a.seed)

    countries = [
        c for c in rows("countries.tsv") if c.get("capital") and c.get("demonyms")
    ]
    towns = {}
    for p in rows("places.tsv"):
        if p.get("feature") != "admin1":
            towns.setdefault(p["country"], []).append(p["name"])
    people = [p["name"] for p in rows("people.tsv")]
    with open(os.path.join(KB, "given_names.txt"), encoding="utf-8") as f:
        given = [l.strip() for l in f if l.strip() and not l.startswith("#")]
    orgs = [o["name"] for o in rows("orgs.tsv")]

    def person():
        if rnd.random() < 0.5:
            return rnd.choice(people)
        return f"{rnd.choice(given)} {rnd.choice(SURNAMES)}"

    def country():
        c = rnd.choice(countries)
        ts = towns.get(c["iso3"]) or [c["capital"]]
        return {
            "": c["name"],
            "adj": c["demonyms"].split("|")[0],
            "cap": c["capital"],
            "town": rnd.choice(ts),
        }

    target = int(a.mb * 1e6)
    written = 0
    n = 0
    with open(a.out, "w", encoding="utf-8") as out:
        while written < target:
            slots = {}
            for k in "ABC":
                for suffix, v in country().items():
                    slots[k + suffix] = v
            slots.update(
                P1=person(), P2=person(), P3=person(), D1=rnd.choice(DAYS), D2=rnd.choice(DAYS),
                N1=str(rnd.randint(2, 60)), N2=str(rnd.randint(10, 900)),
                W1=rnd.choice(WORDS), ORG=rnd.choice(orgs),
            )
            k = rnd.randint(3, 8)
            start = rnd.randrange(len(PARAS))
            paras = [PARAS[(start + i) % len(PARAS)] for i in range(k)]
            if rnd.random() < 0.3:
                rnd.shuffle(paras)
            text = "\n\n".join(p.format(**slots) for p in paras)
            if rnd.random() < 0.5:
                text = f"{slots['Acap'].upper()} — " + text
            doc = {
                "id": f"bench-{n:06d}",
                "published": f"{rnd.randint(2019, 2026)}-{rnd.randint(1, 12):02d}-{rnd.randint(1, 28):02d}",
                "text": text,
            }
            line = json.dumps(doc, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(text.encode("utf-8"))
            n += 1
    print(f"wrote {n} documents, {written / 1e6:.1f} MB of text to {a.out}")


if __name__ == "__main__":
    main()
