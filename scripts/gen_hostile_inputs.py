#!/usr/bin/env python3
"""Write the hostile inputs measured in README.md ("Hostile input (issue 11)"), one JSON Lines
document on stdout (stdlib only, deterministic, seed 11).

The sentences are templates written for this project (no news text); actors, places, people,
countries and organisations are real names so that the knowledge base, the date resolver and
the parser see the kind of text news gives them. Kinds:

  varied15          one 15 MB document of the 50 templates, in paragraphs
  varied15_nopara   the same without paragraph breaks
  docs1500          the same text cut into about 1,500 documents (for comparison)
  repeat15          one sentence repeated to 15 MB
  unpunct200k       one 200 KB "sentence": the varied words with every punctuation mark removed
  word1m [WORD]     1 MB of one word repeated (default `attack`)
  kharkiv1m         1 MB of `Kharkiv` (= word1m Kharkiv)

Usage: python3 scripts/gen_hostile_inputs.py KIND [WORD] > OUT.jsonl
"""
import json
import random
import sys

random.seed(11)
actors = ["Russian troops","Ukrainian forces","Israeli aircraft","Hamas fighters","Sudanese army units","RSF militiamen","Police in Nairobi","Turkish drones","Syrian government forces","Houthi rebels","Pakistani security forces","Taliban gunmen","French peacekeepers","Malian soldiers","Wagner mercenaries","Iranian Revolutionary Guards","Nigerian troops","Boko Haram militants","Colombian police","Myanmar junta soldiers"]
places = ["Kharkiv","Gaza City","Khartoum","El Fasher","Kabul","Mogadishu","Aleppo","Donetsk","Sanaa","Peshawar","Bamako","Maiduguri","Kyiv","Odesa","Rafah","Goma","Mandalay","Cali","Tripoli","Benghazi","Kandahar","Homs","Zaporizhzhia","Beirut"]
people = ["Andriy Sybiha","Sergey Lavrov","Antonio Guterres","Volodymyr Zelensky","Abdel Fattah al-Burhan","Recep Tayyip Erdogan","Emmanuel Macron","Olaf Scholz","Benjamin Netanyahu","Ismail Haniyeh","Shehbaz Sharif","Bola Tinubu","Gustavo Petro","Josep Borrell","Ursula von der Leyen","Narendra Modi","Xi Jinping","Joe Biden","Kaja Kallas","Maria Zakharova"]
countries = ["Russia","Ukraine","Israel","Iran","Sudan","Egypt","Turkey","France","Germany","China","India","Pakistan","Nigeria","Kenya","Somalia","Colombia","Qatar","Saudi Arabia","the United States","Japan"]
days = ["on Monday","on Tuesday","on Wednesday","on Thursday","on Friday","on Saturday","on Sunday","last week","overnight","on March 3","on 12 April","early on Friday","late on Sunday","yesterday","in January"]
orgs = ["the United Nations","the European Union","NATO","the African Union","the Red Cross","Amnesty International","Human Rights Watch","the World Health Organization","ECOWAS","the Arab League"]
T = [
 "{A} shelled {P} {D}, killing {N} civilians and wounding {M} others, local officials said.",
 "{A} launched at least {N} drones at {P} {D}, {C}'s air force said.",
 "{X} met {Y} in {P} {D} to discuss a ceasefire and the release of {N} hostages.",
 "Protesters gathered outside the parliament in {P} {D}, demanding the resignation of the government.",
 "Police arrested {N} demonstrators in {P} {D} after clashes near the central square.",
 "\"We will not negotiate under fire,\" {X} told reporters in {P} {D}.",
 "{C} condemned the attack on {P} and called for an independent investigation.",
 "{O} said {N} people had been displaced from {P} since the fighting began {D}.",
 "{C} and {C2} signed an agreement {D} to expand trade and military cooperation.",
 "{A} seized control of the airport in {P} {D}, according to residents.",
 "{X} accused {C} of violating the truce and threatened to respond.",
 "{C} imposed new sanctions on {C2} {D}, targeting {N} companies and banks.",
 "A car bomb exploded near a market in {P} {D}, killing at least {N} people.",
 "{O} delivered {N} tonnes of food aid to {P} {D}, a spokesman said.",
 "{C} expelled {N} diplomats from {C2} {D}, accusing them of spying.",
 "{X} visited {P} {D} and promised more support to the families of the victims.",
 "{A} ambushed a convoy near {P} {D}; {N} soldiers were killed, the army said.",
 "Talks between {C} and {C2} in {P} ended {D} without an agreement.",
 "{C} recalled its ambassador from {C2} {D} in protest at the strikes.",
 "Thousands of workers went on strike in {P} {D} over unpaid wages.",
 "{X} said {C} would send {N} troops to {P} as part of a peacekeeping mission.",
 "{O} urged all parties to protect civilians in {P} and to allow humanitarian access.",
 "The foreign ministry of {C} summoned the envoy of {C2} {D} over the border incident.",
 "{A} fired rockets at {P} {D}, damaging a hospital and {M} homes.",
 "{C} denied any role in the killing of {N} aid workers near {P}.",
 "Rebels released {N} prisoners in {P} {D} in an exchange mediated by {C}.",
 "{X} praised the courage of the people of {P} in a speech {D}.",
 "Security forces fired tear gas at students marching in {P} {D}.",
 "{C} pledged ${N} million in reconstruction aid for {P} at a conference {D}.",
 "{A} detained a journalist in {P} {D}, his employer said.",
 "A court in {P} sentenced {N} opposition activists to prison terms {D}.",
 "{X} rejected calls from {C} for new elections, saying the vote would be held as planned.",
 "{C} closed its border with {C2} {D}, citing security threats.",
 "Gunmen kidnapped {N} schoolchildren from a village near {P} {D}, police said.",
 "{O} warned that famine was imminent in parts of {P} without more funding.",
 "{A} withdrew from positions around {P} {D} after weeks of heavy fighting.",
 "{X} and {Y} agreed {D} to resume negotiations next month in {P}.",
 "An air strike on {P} {D} killed {N} members of one family, medics said.",
 "{C} deployed additional warships to the region {D}, the defence ministry said.",
 "Residents of {P} said they heard explosions throughout the night.",
 "{X} apologised {D} for remarks that angered officials in {C}.",
 "{C} threatened to cut gas supplies to {C2} if the payments were not made.",
 "The ceasefire in {P} largely held {D}, although both sides reported violations.",
 "{O} voted {D} to extend its mission in {P} by another {N} months.",
 "Militants stormed a police station in {P} {D}, killing {N} officers.",
 "{X} called {Y} {D} and offered to mediate between {C} and {C2}.",
 "Hundreds of families fled {P} {D} as the fighting moved closer to the city.",
 "{C} accused {C2} of arming the militias that attacked {P}.",
 "The government of {C} declared a state of emergency in {P} {D}.",
 "{A} demolished {N} homes in {P} {D}, residents told {O}.",
]
def sent(rng):
    t = rng.choice(T)
    c, c2 = rng.sample(countries, 2)
    x, y = rng.sample(people, 2)
    r = t.format(A=rng.choice(actors), P=rng.choice(places), D=rng.choice(days), N=rng.randint(2, 5000), M=rng.randint(2, 300), X=x, Y=y, C=c, C2=c2, O=rng.choice(orgs))
    return r[0].upper() + r[1:]
def doc_text(size, rng, paragraphs=True):
    parts = []; n = 0
    while n < size:
        p = " ".join(sent(rng) for _ in range(rng.randint(1, 4)))
        parts.append(p); n += len(p) + 2
    return ("\n\n" if paragraphs else " ").join(parts)
kind = sys.argv[1]
rng = random.Random(11)
if kind == "varied15":
    t = doc_text(15_000_000, rng)
elif kind == "varied15_nopara":
    t = doc_text(15_000_000, rng, paragraphs=False)
elif kind == "repeat15":
    s = "Russian troops shelled Kharkiv on Monday, killing four civilians, Ukrainian officials said. "
    t = s * (15_000_000 // len(s))
elif kind == "unpunct200k":
    words = [w.strip(".,;\"$") for w in doc_text(300_000, rng, paragraphs=False).split()]
    words = [w for w in words if w]
    t = " ".join(words)[:200_000]
elif kind == "word1m":
    w = sys.argv[2] if len(sys.argv) > 2 else "attack"
    t = ((w + " ") * (1_000_000 // (len(w) + 1))).strip()
elif kind == "kharkiv1m":
    t = ("Kharkiv " * (1_000_000 // 8)).strip()
elif kind == "docs1500":
    # the varied15 text cut into 1500 documents, for comparison
    t = doc_text(15_000_000, rng); parts = t.split("\n\n"); k = len(parts)//1500 + 1
    for i in range(0, len(parts), k):
        print(json.dumps({"id": f"d{i}", "published": "2030-06-12", "text": "\n\n".join(parts[i:i+k])}))
    sys.exit()
print(json.dumps({"id": kind, "published": "2030-06-12", "text": t}))
