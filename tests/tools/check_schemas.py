#!/usr/bin/env python3
"""tests/tools/check_schemas.py - schemas/*.schema.json against files.

    check_schemas.py valid FILE...     every FILE must validate (exit 1 names the first that does not)
    check_schemas.py invalid FILE...   every FILE must be refused (exit 1 names one that validates)

A file is a sweep when it has "base" or "vary" (as mobsim decides), else a
scenario. The schemas are JSON Schema draft 2020-12; the sweep schema
refers to the scenario schema by a path relative to itself, resolved here
from schemas/. Needs python3-jsonschema (Debian) 4.x. Run from the
repository root by tests/scenarios/test_schemas.c.
"""
import json
import pathlib
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
            where = "$" + "".join(f"[{p!r}]" if isinstance(p, str) else f"[{p}]" for p in e.absolute_path)
            print(f"{path}: the {kind} schema refuses {where}: {e.message[:300]}", file=sys.stderr)
            return 1
        if not want_valid and not errors:
            print(f"{path}: the {kind} schema accepts it, but it is invalid", file=sys.stderr)
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
