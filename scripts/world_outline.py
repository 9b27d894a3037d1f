#!/usr/bin/env python3
"""Converts world-atlas countries-110m.json (TopoJSON; ISC licence, Natural Earth public-domain
data) into one SVG path string of country borders and coastlines for the offline map of
`sitrep serve`. Each TopoJSON arc (a border shared by two countries is one arc) is drawn once.

Projection: equirectangular, x = lon + 180 (0..360), y = 90 - lat (0..180), one decimal.

Usage: npm pack world-atlas@2 && tar xzf world-atlas-2.0.2.tgz
       python3 scripts/world_outline.py package/countries-110m.json crates/server/assets/world-110m.path
"""
import json
import sys


def main(src, dst):
    topo = json.load(open(src))
    sx, sy = topo["transform"]["scale"]
    tx, ty = topo["transform"]["translate"]
    parts = []
    for arc in topo["arcs"]:
        x = y = 0
        pts = []
        for dx, dy in arc:
            x += dx
            y += dy
            lon = x * sx + tx
            lat = y * sy + ty
            p = (round(lon + 180, 1), round(90 - lat, 1))
            if not pts or pts[-1] != p:
                pts.append(p)
        if len(pts) < 2:
            continue
        seg = []
        prev = None
        for p in pts:
            # A jump across the antimeridian starts a new subpath instead of a line across the map.
            if prev is None or abs(p[0] - prev[0]) > 180:
                seg.append("M%g %g" % p)
            else:
                seg.append("L%g %g" % p)
            prev = p
        parts.append("".join(seg))
    out = "".join(parts)
    with open(dst, "w") as f:
        f.write(out + "\n")
    print(f"{len(topo['arcs'])} arcs, {len(out)} bytes -> {dst}")


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
