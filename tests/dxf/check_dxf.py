#!/usr/bin/python3
"""Reads a DXF with ezdxf (an independent reader) and prints what a
cutting system would see: the audit's errors, and per block (or for the
model space of a marker) its closed polylines by layer and its texts.
Exits 77 when ezdxf is not installed."""
import json
import sys

try:
    import ezdxf
except ImportError:
    print("ezdxf is not installed (Debian: python3-ezdxf)", file=sys.stderr)
    sys.exit(77)


def describe(entities):
    polylines = [e for e in entities if e.dxftype() == "POLYLINE"]
    return {
        "polylines": [
            {"layer": p.dxf.layer, "closed": p.is_closed,
             "points": [list(v.dxf.location)[:2] for v in p.vertices]}
            for p in polylines
        ],
        "texts": [e.dxf.text for e in entities if e.dxftype() == "TEXT"],
        "lines": [e.dxf.layer for e in entities if e.dxftype() == "LINE"],
    }


doc = ezdxf.readfile(sys.argv[1])
auditor = doc.audit()
# ezdxf's auditor re-owns the SEQEND of R12 polylines in blocks, even in
# files ezdxf wrote itself; that is not a fault of the file.
fixes = [f.message for f in auditor.fixes if "SEQEND" not in f.message]
blocks = {b.name: describe(list(b)) for b in doc.blocks if not b.name.startswith("*")}
model = describe(list(doc.modelspace()))
model["inserts"] = [e.dxf.name for e in doc.modelspace() if e.dxftype() == "INSERT"]
json.dump({"version": doc.dxfversion, "errors": len(auditor.errors), "fixes": fixes,
           "blocks": blocks, "model": model}, sys.stdout)
