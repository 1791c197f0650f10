#!/usr/bin/env python3
"""compare.py: one corpus report's `report parse --json` output against its hand-read truth.

Compares format, year and every table-3 and table-4 cell. null (blank in the source) and 0
(a written zero) are different values. `accept` in the truth, where present, maps a cell path
("table3.rows.granted[0]", "table4.review.total") to the list of other readings the cell
allows. Prints TAP lines without a plan."""
import json
import sys


def leaves(node, path, out):
    if isinstance(node, dict):
        for k, v in node.items():
            leaves(v, path + "." + k if path else k, out)
    elif isinstance(node, list):
        for i, v in enumerate(node):
            leaves(v, "%s[%d]" % (path, i), out)
    else:
        out[path] = node


def main():
    name, truth_path, got_path = sys.argv[1:4]
    truth = json.load(open(truth_path, encoding="utf-8"))
    try:
        got = json.load(open(got_path, encoding="utf-8"))
    except ValueError as e:
        print("not ok - %s: output is not JSON (%s)" % (name, e))
        return
    accept = truth.get("accept") or {}
    want, have = {}, {}
    for key in ("table3", "table4"):
        leaves(truth.get(key, {}), key, want)
        leaves(got.get(key, {}), key, have)
    want = {p: v for p, v in want.items() if not p.startswith("table3.columns")}
    bad = []
    for p, v in sorted(want.items()):
        g = have.get(p, "<missing>")
        ok = [v] + list(accept.get(p, []))
        # 0 and null differ: compare types as well as values
        if not any(g == a and (g is None) == (a is None) for a in ok):
            bad.append((p, v, g))
    n = len(want)
    print("%s - %s: %d/%d cells" % ("not ok" if bad else "ok", name, n - len(bad), n))
    for p, v, g in bad[:15]:
        print("#   %s: truth %r, got %r" % (p, v, g))
    for key in ("format", "year"):
        ok = got.get(key) == truth.get(key)
        print("%s - %s: %s %r" % ("ok" if ok else "not ok", name, key, got.get(key)))


main()
