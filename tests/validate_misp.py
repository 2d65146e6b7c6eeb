#!/usr/bin/env python3
"""Checks a casegraph MISP export (tests/test_misp_export.sh) against MISP's
own lists, as there is no MISP here: every attribute's type is allowed in its
category, every object is from a template with its relations (and their
attribute types), every reference points at a uuid of the event, every uuid
is valid and unique. Usage: validate_misp.py EVENT.json; exit 1 with the
problems listed."""
import json
import re
import sys

# Category -> attribute types MISP allows in it: the categories the export
# uses, from MISP's describeTypes ("category_type_mappings"), as PyMISP ships
# it in pymisp/data/describeTypes.json (commit f72c2d2f, MISP 2.4). Only the
# types relevant here are listed; a type missing from a category's list is
# refused.
CATEGORIES = {
    "Attribution": {"threat-actor", "campaign-name", "whois-registrant-email",
                    "whois-registrant-name", "whois-registrant-org",
                    "whois-registrant-phone", "email", "comment", "text", "other"},
    "Financial fraud": {"btc", "xmr", "dash", "iban", "bic", "bank-account-nr",
                        "aba-rtn", "bin", "cc-number", "prtn", "phone-number",
                        "comment", "text", "other", "hex"},
    "Network activity": {"ip-src", "ip-dst", "ip-dst|port", "ip-src|port", "port",
                         "hostname", "domain", "domain|ip", "mac-address", "email",
                         "email-dst", "email-src", "url", "uri", "user-agent", "AS",
                         "hostname|port", "comment", "text", "other", "hex"},
    "Other": {"comment", "text", "other", "size-in-bytes", "counter", "datetime",
              "cpe", "port", "float", "hex", "phone-number", "boolean"},
    "Person": {"first-name", "middle-name", "last-name", "date-of-birth",
               "place-of-birth", "gender", "passport-number", "passport-country",
               "passport-expiration", "nationality", "identity-card-number",
               "phone-number", "email", "comment", "text", "other"},
    "Social network": {"email", "email-dst", "email-src", "github-username",
                       "twitter-id", "jabber-id", "whois-registrant-email",
                       "comment", "text", "other"},
}

# The object templates the export uses: relation -> MISP attribute type, from
# MISP/misp-objects objects/<name>/definition.json (person v8, legal-entity
# v2, organization v3, bank-account v1, postal-address v4, report v8,
# coin-address v7); only the relations relevant here. Then the relations of
# which one is required ("requiredOneOf").
TEMPLATES = {
    "person": ({"first-name": "first-name", "last-name": "last-name",
                "middle-name": "middle-name", "alias": "text", "text": "text",
                "date-of-birth": "date-of-birth", "nationality": "nationality",
                "passport-number": "passport-number",
                "identity-card-number": "identity-card-number",
                "phone-number": "phone-number", "e-mail": "email-src"},
               {"first-name", "last-name", "alias"}),
    "legal-entity": ({"name": "text", "commercial-name": "text", "legal-form": "text",
                      "registration-number": "text", "business": "text",
                      "phone-number": "phone-number", "website": "link", "text": "text"},
                     {"name"}),
    "organization": ({"name": "text", "alias": "text", "phone-number": "phone-number",
                      "e-mail": "email-src", "address": "text", "role": "text"},
                     {"name", "alias"}),
    "bank-account": ({"account": "bank-account-nr", "iban": "iban", "swift": "bic",
                      "institution-name": "text", "account-name": "text",
                      "currency-code": "text", "text": "text", "comments": "text"},
                     {"account"}),
    "postal-address": ({"street": "text", "city": "text", "country": "text",
                        "postal-code": "text", "description": "text"},
                       {"street", "city", "country"}),
    "report": ({"title": "text", "type": "text", "summary": "text", "link": "link"},
               {"title", "summary", "link"}),
    "coin-address": ({"address": "btc", "address-xmr": "xmr", "address-crypto": "text",
                      "symbol": "text", "text": "text"},
                     {"address", "address-xmr", "address-crypto"}),
}

UUID = re.compile(r"^[0-9a-f]{8}-[0-9a-f]{4}-[1-5][0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$")


def main(path):
    ev = json.load(open(path, encoding="utf-8"))["Event"]
    bad, seen = [], {}

    def uuid(u, where):
        if not isinstance(u, str) or not UUID.match(u):
            bad.append(f"{where}: invalid uuid {u!r}")
        elif u in seen:
            bad.append(f"{where}: uuid {u} also used by {seen[u]}")
        else:
            seen[u] = where

    def attribute(a, where):
        uuid(a.get("uuid"), where)
        t, cat = a.get("type"), a.get("category")
        if cat not in CATEGORIES:
            bad.append(f"{where}: category {cat!r} not used by the export's list")
        elif t not in CATEGORIES[cat]:
            bad.append(f"{where}: type {t!r} not allowed in category {cat!r}")
        if not isinstance(a.get("value"), str) or not a["value"]:
            bad.append(f"{where}: no value")

    for k in ("uuid", "info", "date", "threat_level_id", "analysis", "distribution"):
        if k not in ev:
            bad.append(f"Event: no {k}")
    uuid(ev.get("uuid"), "Event")
    if not re.match(r"^\d{4}-\d{2}-\d{2}$", ev.get("date", "")):
        bad.append("Event: date is not YYYY-MM-DD")
    for i, a in enumerate(ev.get("Attribute", [])):
        attribute(a, f"Attribute[{i}]")
    refs = []
    for i, o in enumerate(ev.get("Object", [])):
        where = f"Object[{i}] {o.get('name')}"
        uuid(o.get("uuid"), where)
        if o.get("name") not in TEMPLATES:
            bad.append(f"{where}: not a template of the export's list")
            continue
        rels, required = TEMPLATES[o["name"]]
        have = set()
        for k, a in enumerate(o.get("Attribute", [])):
            w = f"{where}.Attribute[{k}]"
            attribute(a, w)
            r = a.get("object_relation")
            have.add(r)
            if r not in rels:
                bad.append(f"{w}: relation {r!r} not in template {o['name']}")
            elif rels[r] != a.get("type"):
                bad.append(f"{w}: relation {r} has type {a.get('type')!r}, "
                           f"the template says {rels[r]!r}")
        if not have & required:
            bad.append(f"{where}: none of {sorted(required)}")
        for k, r in enumerate(o.get("ObjectReference", [])):
            refs.append((f"{where}.ObjectReference[{k}]", r))
    for where, r in refs:
        uuid(r.get("uuid"), where)
        if r.get("referenced_uuid") not in seen:
            bad.append(f"{where}: referenced_uuid {r.get('referenced_uuid')} not in the event")
        if not r.get("relationship_type"):
            bad.append(f"{where}: no relationship_type")
    for b in bad:
        print(b)
    print(f"{path}: {len(ev.get('Attribute', []))} attributes, {len(ev.get('Object', []))} "
          f"objects, {len(refs)} references, {len(bad)} problems")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1]))
