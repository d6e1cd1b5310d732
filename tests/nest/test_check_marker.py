#!/usr/bin/env python3
"""A bench marker passes the independent checker (bench/check_marker.py),
and the checker catches a piece moved onto another. Skips (77) without
ATELIER_SHARED_DATA."""
import json
import os
import subprocess
import sys

checker, cli = sys.argv[1], os.environ["ATELIER_CLI"]
instance = os.path.join(os.environ.get("ATELIER_SHARED_DATA", ""), "esicup", "jakobs1.json")
if not os.path.exists(instance):
    print("skip: ATELIER_SHARED_DATA/esicup/jakobs1.json is absent")
    sys.exit(77)
tmp = os.path.join(os.environ.get("ATELIER_TEST_TMP", "/tmp"), "check-marker")
os.makedirs(tmp, exist_ok=True)
marker = os.path.join(tmp, "marker.json")
subprocess.run([cli, "bench", "nest", "--instance", instance, "--iterations", "400", "--out", marker],
               check=True, stdout=subprocess.DEVNULL)
good = subprocess.run([sys.executable, checker, instance, marker], capture_output=True, text=True)
print(good.stdout, end="")
assert good.returncode == 0, "the engine's marker fails the independent check"

m = json.load(open(marker))
a, b = m["pieces"][0], m["pieces"][1]


def centre(piece):
    xs, ys = [p[0] for p in piece["polygon"]], [p[1] for p in piece["polygon"]]
    return (min(xs) + max(xs)) / 2, (min(ys) + max(ys)) / 2


# Piece 0 moved so that its box's centre lies on piece 1's.
dx, dy = centre(b)[0] - centre(a)[0], centre(b)[1] - centre(a)[1]
a["translation"] = [a["translation"][0] + dx, a["translation"][1] + dy]
a["polygon"] = [[x + dx, y + dy] for x, y in a["polygon"]]
bad = os.path.join(tmp, "overlapping.json")
json.dump(m, open(bad, "w"))
caught = subprocess.run([sys.executable, checker, instance, bad], capture_output=True, text=True)
print(caught.stdout, end="")
assert caught.returncode == 1 and "pieces 0 and 1 overlap" in caught.stdout, "an overlap went unseen"
