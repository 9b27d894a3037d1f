#!/usr/bin/env python3
"""Generate data/lexicon/words.tsv from WordNet 3.0 (Debian package `wordnet-base`).

Usage: python3 scripts/gen_lexicon.py [WORDNET_DIR] [OUT]
  WORDNET_DIR defaults to /usr/share/wordnet, OUT to data/lexicon/words.tsv.

Output: one line per lower-cased single word: word TAB readings, where a reading is TAG or
TAG=lemma (lemma omitted when equal to the word), most frequent first. Verbs get all their
inflected forms (regular rules, WordNet verb.exc, and data/lexicon/irregular.tsv to tell
past tense from past participle), nouns their plurals (regular rules or noun.exc), and
adjectives/adverbs the irregular comparatives of adj.exc/adv.exc. Nouns that WordNet only
ever writes capitalised are tagged NNP. Frequencies come from cntlist.rev (SemCor counts).
Standard library only.
"""

import os
import re
import sys
from collections import defaultdict

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
WN = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/wordnet"
OUT = sys.argv[2] if len(sys.argv) > 2 else os.path.join(ROOT, "data/lexicon/words.tsv")
IRREGULAR = os.path.join(ROOT, "data/lexicon/irregular.tsv")

WORD_RE = re.compile(r"^[a-z][a-z'-]{0,23}$")
POS_FILES = {"n": "noun", "v": "verb", "a": "adj", "r": "adv"}
SS_TYPE = {"1": "n", "2": "v", "3": "a", "4": "r", "5": "a"}
VOWELS = set("aeiou")


def read_index(pos):
    """lemma -> (synset count) for single-word lemmas of one part of speech."""
    out = {}
    with open(os.path.join(WN, "index." + POS_FILES[pos]), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            lemma = parts[0]
            if WORD_RE.match(lemma):
                out[lemma] = int(parts[2])
    return out


def read_counts():
    """(lemma, pos) -> summed SemCor tag counts from cntlist.rev."""
    counts = defaultdict(int)
    path = os.path.join(WN, "cntlist.rev")
    if not os.path.exists(path):
        return counts
    with open(path, encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) < 3 or "%" not in parts[0]:
                continue
            lemma, rest = parts[0].split("%", 1)
            pos = SS_TYPE.get(rest[:1])
            if pos:
                counts[(lemma.lower(), pos)] += int(parts[2])
    return counts


def read_proper():
    """Noun lemmas that WordNet writes capitalised in every synset they occur in."""
    caps, lower = set(), set()
    with open(os.path.join(WN, "data.noun"), encoding="latin-1") as f:
        for line in f:
            if line.startswith(" "):
                continue
            parts = line.split()
            n = int(parts[3], 16)
            for k in range(n):
                w = parts[4 + 2 * k]
                (caps if w[:1].isupper() else lower).add(w.lower())
    return caps - lower


def read_exc(pos):
    """base -> set of irregular forms."""
    out = defaultdict(set)
    with open(os.path.join(WN, POS_FILES[pos] + ".exc"), encoding="latin-1") as f:
        for line in f:
            parts = line.split()
            if len(parts) >= 2 and WORD_RE.match(parts[0]):
                for base in parts[1:]:
                    if WORD_RE.match(base):
                        out[base].add(parts[0])
    return out


def read_irregular():
    out = {}
    with open(IRREGULAR, encoding="utf-8") as f:
        for line in f:
            if line.startswith("#") or not line.strip():
                continue
            base, past, part = line.rstrip("\n").split("\t")
            out[base] = (past.split("/"), part.split("/"))
    return out


def syllables(w):
    n, prev = 0, False
    for c in w:
        v = c in VOWELS or c == "y" and n > 0
        if v and not prev:
            n += 1
        prev = v
    return n


def doubles(w):
    """Monosyllabic consonant-vowel-consonant verbs double their last letter (stop, plan)."""
    return (
        len(w) >= 3
        and syllables(w) == 1
        and w[-1] not in VOWELS | set("wxy")
        and w[-2] in VOWELS
        and w[-3] not in VOWELS
    )


def third_person(w):
    if re.search(r"(s|x|z|ch|sh)$", w) or re.search(r"[^aeiou]o$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def past(w):
    if w.endswith("e"):
        return w + "d"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ied"
    if doubles(w):
        return w + w[-1] + "ed"
    return w + "ed"


def gerund(w):
    if w.endswith("ie"):
        return w[:-2] + "ying"
    if w.endswith("e") and not re.search(r"(ee|ye|oe)$", w) and len(w) > 2:
        return w[:-1] + "ing"
    if doubles(w):
        return w + w[-1] + "ing"
    return w + "ing"


def plural(w):
    if re.search(r"(s|x|z|ch|sh)$", w):
        return w + "es"
    if re.search(r"[^aeiou]y$", w):
        return w[:-1] + "ies"
    return w + "s"


def main():
    idx = {p: read_index(p) for p in POS_FILES}
    counts = read_counts()
    proper = read_proper()
    exc = {p: read_exc(p) for p in POS_FILES}
    irregular = read_irregular()

    # word -> {(tag, lemma): score}
    readings = defaultdict(dict)

    def add(word, tag, lemma, pos):
        if not WORD_RE.match(word):
            return
        score = counts.get((lemma, pos), 0) * 10 + idx[pos].get(lemma, 1)
        key = (tag, lemma)
        readings[word][key] = max(readings[word].get(key, 0), score)

    for lemma in idx["n"]:
        if lemma in proper:
            add(lemma, "NNP", lemma, "n")
            continue
        add(lemma, "NN", lemma, "n")
        irregular_pl = exc["n"].get(lemma)
        for pl in irregular_pl or [plural(lemma)]:
            add(pl, "NNS", lemma, "n")

    for lemma in idx["v"]:
        add(lemma, "VB", lemma, "v")
        add(lemma, "VBP", lemma, "v")
        forms = exc["v"].get(lemma, set())
        irr = irregular.get(lemma)
        if irr:
            for p in irr[0]:
                add(p, "VBD", lemma, "v")
            for p in irr[1]:
                add(p, "VBN", lemma, "v")
        has_past = bool(irr)
        has_ing = has_s = False
        for form in forms:
            if form.endswith("ing"):
                add(form, "VBG", lemma, "v")
                has_ing = True
            elif form.endswith("s") and not form.endswith("ss"):
                add(form, "VBZ", lemma, "v")
                has_s = True
            elif not irr:
                add(form, "VBD", lemma, "v")
                add(form, "VBN", lemma, "v")
                has_past = True
        if not has_s:
            add(third_person(lemma), "VBZ", lemma, "v")
        if not has_ing:
            add(gerund(lemma), "VBG", lemma, "v")
        if not has_past:
            add(past(lemma), "VBD", lemma, "v")
            add(past(lemma), "VBN", lemma, "v")

    for lemma in idx["a"]:
        add(lemma, "JJ", lemma, "a")
    for base, forms in exc["a"].items():
        for form in forms:
            add(form, "JJ", base, "a")
    for lemma in idx["r"]:
        add(lemma, "RB", lemma, "r")
    for base, forms in exc["r"].items():
        for form in forms:
            add(form, "RB", base, "r")

    tag_order = {t: i for i, t in enumerate(
        ["NN", "NNS", "NNP", "VB", "VBP", "VBZ", "VBD", "VBN", "VBG", "JJ", "RB"])}
    with open(OUT, "w", encoding="utf-8") as out:
        out.write("# Generated by scripts/gen_lexicon.py from WordNet 3.0 (wordnet-base); do not edit.\n")
        out.write("# WordNet licence (Princeton University, permissive; see data/README.md).\n")
        out.write("# word<TAB>readings (TAG or TAG=lemma, most frequent first)\n")
        for word in sorted(readings):
            rs = sorted(readings[word].items(), key=lambda kv: (-kv[1], tag_order[kv[0][0]]))
            cells = [t if l == word else f"{t}={l}" for (t, l), _ in rs]
            out.write(word + "\t" + " ".join(cells) + "\n")


if __name__ == "__main__":
    main()
