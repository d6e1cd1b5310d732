#!/usr/bin/env python3
"""Independent check of a marker written by `atelier-cli bench nest --out M.json`.

It shares no code with the engine's own test (src/engine/nest/check.c): it
rebuilds every placed piece from the ESICUP instance file (the item's
outline, turned by the marker's rotation and moved by its translation),
so it checks the instance's real outlines rather than the engine's.
It checks that:
- every item is placed as often as its demand says, in an allowed rotation;
- the marker's own polygon is that outline;
- every piece lies inside the strip;
- no two pieces overlap.

Two pieces overlap when an edge of one properly crosses an edge of the
other, or when a vertex or an edge midpoint of one lies inside the other.
Both tests use a tolerance, by default 1e-9 of the strip's larger side:
touching pieces are legal, and floating point puts a touch a hair either
side of the line.

Usage: check_marker.py INSTANCE.json MARKER.json [TOLERANCE]
Prints the density recomputed from the outlines. Exits 1 when the marker
breaks a rule.
"""
import itertools
import json
import math
import sys
from collections import Counter


def orient(a, b, c):
    return (b[0] - a[0]) * (c[1] - a[1]) - (b[1] - a[1]) * (c[0] - a[0])


def segment_distance(p, a, b):
    dx, dy = b[0] - a[0], b[1] - a[1]
    length2 = dx * dx + dy * dy
    t = 0.0 if length2 == 0 else max(0.0, min(1.0, ((p[0] - a[0]) * dx + (p[1] - a[1]) * dy) / length2))
    return math.hypot(p[0] - a[0] - t * dx, p[1] - a[1] - t * dy)


def deep_inside(p, poly, tol):
    """p inside poly (even-odd) and farther than tol from its boundary."""
    inside = False
    for a, b in zip(poly, poly[1:] + poly[:1]):
        if segment_distance(p, a, b) <= tol:
            return False
        if (a[1] > p[1]) != (b[1] > p[1]) and a[0] + (p[1] - a[1]) * (b[0] - a[0]) / (b[1] - a[1]) > p[0]:
            inside = not inside
    return inside


def proper_crossing(a, b, c, d, tol):
    """Segments ab and cd cross, each end farther than tol from the other's line."""
    la, lc = math.dist(a, b), math.dist(c, d)
    if la == 0 or lc == 0:
        return False
    s1, s2 = orient(c, d, a) / lc, orient(c, d, b) / lc
    s3, s4 = orient(a, b, c) / la, orient(a, b, d) / la
    return ((s1 > tol and s2 < -tol) or (s1 < -tol and s2 > tol)) and (
        (s3 > tol and s4 < -tol) or (s3 < -tol and s4 > tol))


def probes(poly):
    return poly + [((a[0] + b[0]) / 2, (a[1] + b[1]) / 2) for a, b in zip(poly, poly[1:] + poly[:1])]


def area(poly):
    return abs(sum(a[0] * b[1] - b[0] * a[1] for a, b in zip(poly, poly[1:] + poly[:1]))) / 2


def placed_outline(item, rotation, translation):
    pts = [tuple(p) for p in item["shape"]["data"]]
    if pts[0] == pts[-1]:
        pts = pts[:-1]
    c, s = math.cos(math.radians(rotation)), math.sin(math.radians(rotation))
    return [(c * x - s * y + translation[0], s * x + c * y + translation[1]) for x, y in pts]


def main():
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    instance = json.load(open(sys.argv[1]))
    marker = json.load(open(sys.argv[2]))
    width, length = marker["strip_width"], marker["length"]
    tol = (float(sys.argv[3]) if len(sys.argv) == 4 else 1e-9) * max(width, length)
    items = {item["id"]: item for item in instance["items"]}
    errors = []
    if abs(width - instance["strip_height"]) > tol:
        errors.append(f"strip width {width}, the instance says {instance['strip_height']}")
    placed = Counter(p["item_id"] for p in marker["pieces"])
    for item_id, item in items.items():
        if placed[item_id] != item["demand"]:
            errors.append(f"item {item_id} placed {placed[item_id]} times, demand {item['demand']}")
    polys = []
    for k, piece in enumerate(marker["pieces"]):
        item = items.get(piece["item_id"])
        if item is None:
            errors.append(f"piece {k}: no item {piece['item_id']} in the instance")
            continue
        if not any(abs((piece["rotation"] - r) % 360.0) < 1e-6 or abs((piece["rotation"] - r) % 360.0 - 360.0) < 1e-6
                   for r in item["allowed_orientations"]):
            errors.append(f"piece {k}: rotation {piece['rotation']} not allowed for item {piece['item_id']}")
        poly = placed_outline(item, piece["rotation"], piece["translation"])
        if any(min(math.dist(v, w) for w in poly) > 1e3 * tol for v in map(tuple, piece["polygon"])):
            errors.append(f"piece {k}: its polygon is not item {piece['item_id']}'s outline as placed")
        if any(x < -tol or x > length + tol or y < -tol or y > width + tol for x, y in poly):
            errors.append(f"piece {k} (item {piece['item_id']}) reaches outside the strip")
        polys.append((k, poly))
    boxes = {k: (min(x for x, _ in p), min(y for _, y in p), max(x for x, _ in p), max(y for _, y in p))
             for k, p in polys}
    for (i, p), (j, q) in itertools.combinations(polys, 2):
        a, b = boxes[i], boxes[j]
        if a[2] <= b[0] + tol or b[2] <= a[0] + tol or a[3] <= b[1] + tol or b[3] <= a[1] + tol:
            continue
        if (any(proper_crossing(p[s], p[(s + 1) % len(p)], q[t], q[(t + 1) % len(q)], tol)
                for s in range(len(p)) for t in range(len(q)))
                or any(deep_inside(v, q, tol) for v in probes(p)) or any(deep_inside(v, p, tol) for v in probes(q))):
            errors.append(f"pieces {i} and {j} overlap")
    density = 100.0 * sum(area(p) for _, p in polys) / (width * length)
    for e in errors:
        print(e)
    print(f"{instance['name']}: {len(polys)} pieces, {len(errors)} problems, density {density:.2f} %")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
