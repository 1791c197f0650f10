#!/usr/bin/env python3
"""compare.py: compares `zfxxgk report parse --json` output with an expected document.

Only the keys the expected document has are compared (format, year, agency, table2, table3,
table4, legacy), cell by cell; `expected_rules` lists finding rule ids that must be reported,
each optionally with words its message must contain ("rule: word, word"). Prints TAP lines
(no plan) and a per-document cell count on stderr-free stdout. Used by ./run."""
import json
import sys


def cells(exp, got, path, out):
    """Appends (path, expected, got) for every leaf of exp."""
    if isinstance(exp, dict):
        for k, v in exp.items():
            cells(v, got.get(k) if isinstance(got, dict) else None, path + "." + k, out)
    elif isinstance(exp, list):
        for i, v in enumerate(exp):
            g = got[i] if isinstance(got, list) and i < len(got) else "<missing>"
            cells(v, g, "%s[%d]" % (path, i), out)
    else:
        out.append((path, exp, got))


def main():
    name, exp_path, got_path = sys.argv[1:4]
    exp = json.load(open(exp_path, encoding="utf-8"))
    try:
        got = json.load(open(got_path, encoding="utf-8"))
    except ValueError as e:
        print("not ok - %s: output is not JSON (%s)" % (name, e))
        return
    leaves = []
    for key in ("schema", "format", "year", "agency", "table2", "table3", "table4", "legacy"):
        if key in exp:
            cells(exp[key], got.get(key, "<missing>"), key, leaves)
    bad = [(p, e, g) for p, e, g in leaves if e != g and not (
        isinstance(e, (int, float)) and isinstance(g, (int, float)) and abs(e - g) < 1e-9)]
    good = len(leaves) - len(bad)
    print("%s - %s: %d/%d cells" % ("ok" if not bad else "not ok", name, good, len(leaves)))
    for p, e, g in bad[:12]:
        print("#   %s: expected %r, got %r" % (p, e, g))
    findings = got.get("findings", [])
    for spec in exp.get("expected_rules", []):
        rule, _, words = spec.partition(":")
        words = [w.strip() for w in words.split(",") if w.strip()]
        hit = [f for f in findings if f.get("rule") == rule.strip() and
               all(w in f.get("message", "") + " ".join(f.get("cells", [])) for w in words)]
        print("%s - %s: finding %s" % ("ok" if hit else "not ok", name, spec.strip()))
        if not hit:
            for f in findings:
                print("#   have %s: %s" % (f.get("rule"), f.get("message", "")[:200]))
    for rule in exp.get("forbidden_rules", []):
        hit = [f for f in findings if f.get("rule") == rule]
        print("%s - %s: no finding %s" % ("not ok" if hit else "ok", name, rule))


main()
