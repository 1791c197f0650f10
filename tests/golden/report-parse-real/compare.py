#!/usr/bin/env python3
"""compare.py: scores `zfxxgk report parse --json` output against a hand-read real report.

Usage: compare.py NAME EXPECTED GOT REQUIRED(0|1)

Only what the expected document holds is judged: format, year, agency and every cell of
table2, table3.rows and table4 (table3.columns, notes and schema are not counted as cells).
`accept` maps a path ("agency", "table2.normative_documents", "table3.rows.received_new",
"table3.rows.received_new[0]", "table4", ...) to a list of other readings the source allows:
when the output at that path equals one of them as a whole, every cell under the path counts
as read. Prints one TAP line, "N/M cells", and up to 12 comment lines naming wrong cells. A
case that is not required always prints "ok" (its score is a measure, not a gate); a required
case prints "not ok" unless every cell is read."""
import json
import re
import sys

MISSING = "<missing>"


def get(doc, path):
    """The value at a dotted path with [i] indexes, or MISSING."""
    cur = doc
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", path):
        if part.startswith("["):
            i = int(part[1:-1])
            if not isinstance(cur, list) or i >= len(cur):
                return MISSING
            cur = cur[i]
        else:
            if not isinstance(cur, dict) or part not in cur:
                return MISSING
            cur = cur[part]
    return cur


def leaves(exp, path, out):
    if isinstance(exp, dict):
        for k, v in exp.items():
            leaves(v, path + "." + k if path else k, out)
    elif isinstance(exp, list):
        for i, v in enumerate(exp):
            leaves(v, "%s[%d]" % (path, i), out)
    else:
        out.append((path, exp))


def same(e, g):
    if isinstance(e, bool) or isinstance(g, bool):
        return e == g
    if isinstance(e, (int, float)) and isinstance(g, (int, float)):
        return abs(e - g) < 1e-6
    if isinstance(e, dict) and isinstance(g, dict):
        return set(e) <= set(g) and all(same(v, g[k]) for k, v in e.items())
    if isinstance(e, list) and isinstance(g, list):
        return len(e) == len(g) and all(same(a, b) for a, b in zip(e, g))
    return e == g


def main():
    name, exp_path, got_path, required = sys.argv[1:5]
    required = required == "1"
    exp = json.load(open(exp_path, encoding="utf-8"))
    try:
        got = json.load(open(got_path, encoding="utf-8"))
    except ValueError as e:
        got = {}
        print("# %s: output is not JSON (%s)" % (name, e))
    cells = []
    for key in ("format", "year", "agency", "table2", "table4"):
        if key in exp:
            leaves(exp[key], key, cells)
    if "table3" in exp:
        leaves(exp["table3"]["rows"], "table3.rows", cells)
    accepted = set()
    for path, alts in exp.get("accept", {}).items():
        g = get(got, path)
        if g is not MISSING and any(same(a, g) for a in alts):
            accepted.add(path)
    bad = []
    for path, e in cells:
        if any(path == a or path.startswith(a + ".") or path.startswith(a + "[")
               for a in accepted):
            continue
        g = get(got, path)
        if not same(e, g):
            bad.append((path, e, g))
    good = len(cells) - len(bad)
    status = "not ok" if required and bad else "ok"
    tag = "required" if required else "holdout, not required"
    print("%s - case %s: %d/%d cells (%s)" % (status, name, good, len(cells), tag))
    for path, e, g in bad[:12]:
        print("#   %s: expected %r, got %r" % (path, e, g))
    if len(bad) > 12:
        print("#   ... and %d more" % (len(bad) - 12))


main()
