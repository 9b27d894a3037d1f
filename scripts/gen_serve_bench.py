#!/usr/bin/env python3
"""Writes reports (sentences written for the project) for the load test of `sitrep serve`:
precise dates, many dyads and places, so that most events stay distinct after merging.
48,000 reports give about 111,000 stored events.

Usage: python3 scripts/gen_serve_bench.py 48000 big.jsonl && sitrep ingest --db big.db big.jsonl
"""
import json, random, sys, datetime
n, out = int(sys.argv[1]), sys.argv[2]
rnd = random.Random(11)
C = [("Russian","Ukrainian","Russia","Ukraine",["Kharkiv","Odesa","Sumy","Dnipro","Kherson","Poltava"]),
     ("Israeli","Lebanese","Israel","Lebanon",["Tyre","Sidon","Nabatieh","Baalbek"]),
     ("Sudanese","Chadian","Sudan","Chad",["Khartoum","Omdurman","Kassala","Port Sudan"]),
     ("Indian","Pakistani","India","Pakistan",["Lahore","Karachi","Peshawar","Quetta"]),
     ("Turkish","Syrian","Turkey","Syria",["Aleppo","Idlib","Raqqa","Homs"]),
     ("Ethiopian","Eritrean","Ethiopia","Eritrea",["Mekele","Gondar","Adigrat"]),
     ("Armenian","Azerbaijani","Armenia","Azerbaijan",["Jermuk","Goris","Kapan"]),
     ("Burmese","Thai","Myanmar","Thailand",["Mandalay","Yangon","Sittwe"])]
MONTHS = ["January","February","March","April","May","June","July","August","September","October","November","December"]
base = datetime.date(2019, 1, 1)
with open(out, "w") as f:
    for i in range(n):
        a_adj, b_adj, a, b, towns = C[i % len(C)]
        d = base + datetime.timedelta(days=rnd.randrange(0, 2550))
        pub = d + datetime.timedelta(days=1)
        ds = f"{d.day} {MONTHS[d.month-1]} {d.year}"
        town = rnd.choice(towns)
        k = rnd.randint(2, 60)
        c2 = C[rnd.randrange(len(C))]
        text = (f"{town.upper()} — {a_adj} forces shelled {town} on {ds}, killing {k} people, local officials said. "
                f"The foreign ministers of {b} and {c2[2]} met in {c2[4][0]} on {ds} to discuss a ceasefire. "
                f"{c2[3]} accused {a} on {ds} of violating the border agreement. "
                f"Report {i} was filed by a correspondent in the region.")
        f.write(json.dumps({"id": f"sb-{i:07d}", "title": f"Shelling in {town}", "published": pub.isoformat(), "text": text}) + "\n")
