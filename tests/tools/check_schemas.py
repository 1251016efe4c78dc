#!/usr/bin/env python3
"""tests/tools/check_schemas.py - schemas/*.schema.json against files.

    check_schemas.py valid FILE...     every FILE must validate (exit 1 names the first that does not)
    check_schemas.py invalid FILE...   every FILE must be refused (exit 1 names one that validates);
                                       a FILE with a "_path" (the JSON path where the loader refuses
                                       it) must be refused there: at that path or at the object
                                       holding its last key (where a schema reports a key that is
                                       wrong, missing or one too many)

A file is a sweep when it has "base" or "vary" (as mobsim decides), else a
scenario. The schemas are JSON Schema draft 2020-12; the sweep schema
refers to the scenario schema by a path relative to itself, resolved here
from schemas/. Needs python3-jsonschema (Debian) 4.x. Run from the
repository root by tests/scenarios/test_schemas.c.
"""
import json
import pathlib
import re
import sys
import warnings

warnings.simplefilter("ignore", DeprecationWarning)
import jsonschema  # noqa: E402

ROOT = pathlib.Path(__file__).resolve().parents[2]
SCHEMAS = ROOT / "schemas"


def load(name):
    return json.loads((SCHEMAS / name).read_text())


def validator(name):
    schema = load(name)
    cls = jsonschema.Draft202012Validator
    cls.check_schema(schema)
    base = (SCHEMAS / name).as_uri()
    store = {(SCHEMAS / n).as_uri(): load(n) for n in ("scenario.schema.json", "sweep.schema.json")}
    resolver = jsonschema.RefResolver(base_uri=base, referrer=schema, store=store)
    return cls(schema, resolver=resolver)


def parse_path(text):
    """$.a.b[0]["c.d"] as ["a", "b", 0, "c.d"], or None when it is not such a path."""
    if not isinstance(text, str) or not text.startswith("$"):
        return None
    out, i = [], 1
    while i < len(text):
        m = re.match(r'\.([^.\[]+)|\[([0-9]+)\]|\["((?:[^"\\]|\\.)*)"\]', text[i:])
        if not m:
            return None
        out.append(m.group(1) if m.group(1) is not None else int(m.group(2)) if m.group(2) is not None else json.loads(f'"{m.group(3)}"'))
        i += m.end()
    return out


def where(p):
    return "$" + "".join(f"[{x!r}]" if isinstance(x, str) else f"[{x}]" for x in p)


def main(argv):
    if len(argv) < 3 or argv[1] not in ("valid", "invalid"):
        print(__doc__, file=sys.stderr)
        return 2
    want_valid = argv[1] == "valid"
    v = {"scenario": validator("scenario.schema.json"), "sweep": validator("sweep.schema.json")}
    for path in argv[2:]:
        try:
            doc = json.loads(pathlib.Path(path).read_text())
        except ValueError as e:  # not JSON at all: no schema accepts it
            if want_valid:
                print(f"{path}: not JSON: {e}", file=sys.stderr)
                return 1
            continue
        kind = "sweep" if isinstance(doc, dict) and ("base" in doc or "vary" in doc) else "scenario"
        errors = sorted(v[kind].iter_errors(doc), key=lambda e: list(e.absolute_path))
        if want_valid and errors:
            e = errors[0]
            print(f"{path}: the {kind} schema refuses {where(e.absolute_path)}: {e.message[:300]}", file=sys.stderr)
            return 1
        if not want_valid and not errors:
            print(f"{path}: the {kind} schema accepts it, but it is invalid", file=sys.stderr)
            return 1
        if not want_valid and isinstance(doc, dict) and "_path" in doc:
            want = parse_path(doc["_path"])
            if want is None:
                print(f"{path}: $._path: expected a JSON path such as \"$.script[0].at\", got {doc['_path']!r}", file=sys.stderr)
                return 1
            got = [list(e.absolute_path) for e in errors]
            if want not in got and want[:-1] not in got:
                print(f"{path}: the {kind} schema refuses it at {', '.join(sorted({where(g) for g in got}))}, not at {doc['_path']} (or the object holding it)", file=sys.stderr)
                return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
