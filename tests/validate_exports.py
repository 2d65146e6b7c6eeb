#!/usr/bin/env python3
"""Validates casegraph's FollowTheMoney and STIX 2.1 exports against the real
schemas in ../shared/specs (tests/test_export_schemas.sh runs it).

    validate_exports.py ftm SCHEMA_DIR FILE.ftm
    validate_exports.py stix SCHEMA_DIR BUNDLE.json

Prints one line per problem (FILE:LINE: reason, or FILE: object ID: reason)
and a summary; exits 1 when there is a problem, 0 when none, 77 when a
module is missing. Reads the schemas from SCHEMA_DIR only (no network)."""
import json
import os
import re
import sys

try:
    import yaml
    import jsonschema
except ImportError as e:  # the test skips, saying why
    print(f"skip: {e}")
    sys.exit(77)
try:  # jsonschema >= 4.18 resolves $ref through referencing; Debian 12's
    # 4.10 through RefResolver and a store of the local files
    import referencing
    import referencing.jsonschema
except ImportError:
    referencing = None

# FtM's date type: an ISO 8601 prefix (year, month, day, time).
FTM_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2}(T\d{2}(:\d{2}(:\d{2})?)?)?)?)?$")


def load_ftm_schemata(d):
    out = {}
    for fn in sorted(os.listdir(d)):
        if fn.endswith((".yaml", ".yml")):
            with open(os.path.join(d, fn), encoding="utf-8") as f:
                doc = yaml.safe_load(f)
            for name, body in (doc or {}).items():
                if isinstance(body, dict) and ("properties" in body or "extends" in body
                                               or "label" in body):
                    out[name] = body
    return out


def ftm_props(schemata, name, seen=None):
    """name -> property definition, over the schema and every parent."""
    seen = seen if seen is not None else set()
    if name in seen or name not in schemata:
        return {}
    seen.add(name)
    props = {}
    for parent in schemata[name].get("extends") or []:
        props.update(ftm_props(schemata, parent, seen))
    props.update(schemata[name].get("properties") or {})
    return props


def descends(schemata, name, ancestor, seen=None):
    seen = seen if seen is not None else set()
    if name == ancestor:
        return True
    if name in seen or name not in schemata:
        return False
    seen.add(name)
    return any(descends(schemata, p, ancestor, seen)
               for p in schemata[name].get("extends") or [])


def validate_ftm(schema_dir, path):
    schemata = load_ftm_schemata(schema_dir)
    problems = []
    lines = []
    with open(path, encoding="utf-8") as f:
        for no, text in enumerate(f, 1):
            if text.strip():
                lines.append((no, json.loads(text)))
    ids = {o.get("id"): o.get("schema") for _, o in lines}
    for no, o in lines:
        where = f"{path}:{no}"
        schema = o.get("schema")
        # other top-level members are the entity's context, which FtM's loader
        # keeps beside the properties (EntityProxy.context): casegraph's own
        ctx = o.get("casegraph")
        if ctx is not None and not isinstance(ctx, dict):
            problems.append(f"{where}: the casegraph context is not an object")
        if not isinstance(o.get("id"), str) or not o["id"]:
            problems.append(f"{where}: no id")
        if schema not in schemata:
            problems.append(f"{where}: schema {schema!r} is not a FollowTheMoney schema")
            continue
        if schemata[schema].get("abstract"):
            problems.append(f"{where}: schema {schema} is abstract")
        defs = ftm_props(schemata, schema)
        props = o.get("properties")
        if not isinstance(props, dict):
            problems.append(f"{where}: properties is not an object")
            continue
        # "required" is not checked: FtM's loader (EntityProxy) does not
        # enforce it, and a payment between two accounts has no payer entity
        for name, values in props.items():
            if name not in defs:
                problems.append(f"{where}: {schema} has no property {name!r}")
                continue
            if not isinstance(values, list) or not all(isinstance(v, str) for v in values):
                problems.append(f"{where}: {schema}.{name} is not an array of strings")
                continue
            d = defs[name]
            ptype = d.get("type", "string")
            for v in values:
                if ptype == "date" and not FTM_DATE.match(v):
                    problems.append(f"{where}: {schema}.{name} {v!r} is not an FtM date")
                if ptype == "entity":
                    if v not in ids:
                        problems.append(f"{where}: {schema}.{name} names {v!r}, "
                                        "not in the export")
                    elif d.get("range") and not descends(schemata, ids[v], d["range"]):
                        problems.append(f"{where}: {schema}.{name} names a {ids[v]}, "
                                        f"not a {d['range']}")
    report(path, len(lines), problems)


def stix_registry(schema_dir):
    resources = []
    by_file = {}
    for root, _, files in os.walk(schema_dir):
        for fn in files:
            if fn.endswith(".json"):
                with open(os.path.join(root, fn), encoding="utf-8") as f:
                    doc = json.load(f)
                if referencing:
                    res = referencing.jsonschema.DRAFT202012.create_resource(doc)
                else:
                    res = doc
                resources.append((doc["$id"], res))
                by_file[(os.path.basename(root), fn[:-5])] = doc
    if referencing:
        return referencing.Registry().with_resources(resources), by_file
    return dict(resources), by_file


def validate_stix(schema_dir, path):
    registry, by_file = stix_registry(schema_dir)
    with open(path, encoding="utf-8") as f:
        bundle = json.load(f)
    problems = []

    def check(schema, obj, label):
        if referencing:
            v = jsonschema.Draft202012Validator(schema, registry=registry,
                                                format_checker=jsonschema.FormatChecker())
        else:
            v = jsonschema.Draft202012Validator(
                schema, resolver=jsonschema.RefResolver.from_schema(schema, store=registry),
                format_checker=jsonschema.FormatChecker())
        for e in sorted(v.iter_errors(obj), key=lambda e: list(e.absolute_path)):
            at = "/".join(str(p) for p in e.absolute_path)
            problems.append(f"{path}: {label}: {at}: {e.message[:300]}")

    envelope = dict(bundle)
    objects = envelope.pop("objects", [])
    check(by_file[("common", "bundle")], dict(envelope, objects=objects[:1]), "bundle")
    exts = {o.get("id"): o for o in objects if o.get("type") == "extension-definition"}
    ids = {o.get("id") for o in objects}
    for o in objects:
        t = o.get("type", "")
        label = o.get("id", "?")
        schema = None
        for folder in ("sdos", "sros", "observables", "common"):
            if (folder, t) in by_file:
                schema = by_file[(folder, t)]
                break
        if schema is None:
            # an object STIX 2.1 has not: declared by an extension definition of
            # the bundle (new-sdo or new-sco, STIX 2.1 section 7.3)
            kinds = [v.get("extension_type") for k, v in (o.get("extensions") or {}).items()
                     if k in exts and isinstance(v, dict)]
            kind = next((k for k in kinds if k in ("new-sdo", "new-sco")), None)
            if kind is None:
                problems.append(f"{path}: {label}: type {t!r} has no STIX 2.1 schema and "
                                "no new-sdo or new-sco extension of the bundle")
                continue
            schema = by_file[("common", "core" if kind == "new-sdo"
                              else "cyber-observable-core")]
        check(schema, o, label)
        # every reference names an object of the bundle
        for k, v in o.items():
            refs = v if k.endswith("_refs") and isinstance(v, list) else (
                [v] if k.endswith("_ref") else [])
            for r in refs:
                if r not in ids:
                    problems.append(f"{path}: {label}: {k} names {r}, not in the bundle")
        for ext in (o.get("extensions") or {}):
            if ext.startswith("extension-definition--") and ext not in ids:
                problems.append(f"{path}: {label}: extension {ext} not defined in the bundle")
    report(path, len(objects), problems)


def report(path, n, problems):
    for p in problems:
        print(p)
    print(f"{path}: {n} objects, {len(problems)} problems")
    sys.exit(1 if problems else 0)


if __name__ == "__main__":
    if len(sys.argv) != 4 or sys.argv[1] not in ("ftm", "stix"):
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    (validate_ftm if sys.argv[1] == "ftm" else validate_stix)(sys.argv[2], sys.argv[3])
