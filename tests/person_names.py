#!/usr/bin/env python3
"""Prints every name and alias of every person of a casegraph JSONL graph
(argument 1), one a line, sorted and unique: what a --redact output must not
show (tests/test_cli.sh, tests/test_briefing_html.sh)."""
import json
import sys

names = set()
for line in open(sys.argv[1], encoding="utf-8"):
    r = json.loads(line)
    if r.get("kind") == "entity" and r.get("type") == "person":
        for n in [r.get("name")] + r.get("aliases", []):
            if n:
                names.add(n)
for n in sorted(names):
    print(n)
