"""Every read of data/raw goes through here and is checked against datapackage.json first.

A malformed file stops the build before any output is written, with an error that names the
file, the line and the column. The description (datapackage.json) is the single statement of
what each raw file holds; `make datapackage` re-records sizes and hashes after a deliberate edit.
"""
from __future__ import annotations

import csv
import hashlib
import io
import json
import math
import os
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from . import paths

UPDATE_HINT = "if the edit is deliberate, record it with `make datapackage`"
_INT = re.compile(r"^-?[0-9]+$")
_NUM = re.compile(r"^-?(?:[0-9]+(?:\.[0-9]*)?|\.[0-9]+)(?:[eE][-+]?[0-9]+)?$")
_BOOL = {"true": True, "false": False}
INT64_MAX = 2**63 - 1
#: a raw file is read whole to be checked (its typed rows take some thirty times its size in memory): larger ones are
#: refused before they are read (the largest here, the Scoreboard's data.csv, is about 1 MB)
SIZE_LIMIT = 64 * 1024 * 1024
#: no number in the project comes near this (the largest, the municipalities' main account 6, is 3.6e10)
NUMBER_LIMIT = 1e15

#: resources read during this process (the build checks them against what a notebook declares)
LOADED: set[str] = set()
#: (content hash, description) -> validated rows: a large source file is checked once per process
_VALIDATED: dict[tuple[str, str], tuple[list[str], list[list]]] = {}


class RawDataError(ValueError):
    """Bad raw input: says which file, which line and which column, and what is wrong."""

    def __init__(self, file: str, problem: str, line: int | None = None, column: str | None = None,
                 hint: str | None = None):
        self.file, self.problem, self.line, self.column, self.hint = file, problem, line, column, hint
        where = file
        if line is not None:
            where += f", line {line}"
        if column is not None:
            where += f", column '{column}'"
        message = f"{where}: {problem}"
        if hint:
            message += f" ({hint})"
        super().__init__(message)


@dataclass(frozen=True)
class Field:
    name: str
    type: str
    required: bool
    minimum: float | None
    maximum: float | None
    enum: tuple | None
    #: a source copied unchanged may pad a name with spaces (the UN survey does); we keep it as it is
    padded: bool = False
    pattern: str | None = None  # a regular expression the whole value must match


def _descriptor_path() -> Path:
    return paths.DATAPACKAGE


@lru_cache(maxsize=4)
def _read_descriptor(path: str, mtime_ns: int) -> dict:
    try:
        text = Path(path).read_text(encoding="utf-8")
    except OSError as exc:
        raise RawDataError(Path(path).name, f"cannot be read ({exc.strerror}); check its permissions") from None
    except UnicodeDecodeError as exc:
        raise RawDataError(Path(path).name, f"not valid UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        pkg = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RawDataError(Path(path).name, f"not valid JSON: {exc.msg}", line=exc.lineno) from None
    _check_descriptor(pkg, Path(path).name)
    return pkg


def _check_descriptor(pkg: dict, name: str) -> None:
    if not isinstance(pkg, dict) or not isinstance(pkg.get("resources"), list):
        raise RawDataError(name, "must be an object with a list of 'resources'")
    seen = set()
    for i, res in enumerate(pkg["resources"]):
        label = f"resources[{i}]"
        if not isinstance(res, dict):
            raise RawDataError(name, f"{label} must be an object")
        for key in ("name", "path", "schema", "x-role"):
            if key not in res:
                raise RawDataError(name, f"{label} has no '{key}'")
        if res["name"] in seen:
            raise RawDataError(name, f"{label}: resource name '{res['name']}' appears twice")
        seen.add(res["name"])
        if Path(res["path"]).is_absolute() or ".." in Path(res["path"]).parts:
            raise RawDataError(name, f"{label}: path '{res['path']}' must stay inside data/raw")
        if not isinstance(res["name"], str) or not isinstance(res["path"], str):
            raise RawDataError(name, f"{label}: 'name' and 'path' must be text")
        if not isinstance(res["schema"], dict):
            raise RawDataError(name, f"{label} ('{res['name']}'): 'schema' must be an object with 'fields', "
                                     f"not {type(res['schema']).__name__}")
        if not isinstance(res.get("dialect", {}), dict) or not isinstance(res.get("x-rules", []), list):
            raise RawDataError(name, f"{label} ('{res['name']}'): 'dialect' must be an object and 'x-rules' a list")
        fields = res["schema"].get("fields")
        if not isinstance(fields, list) or not fields:
            raise RawDataError(name, f"{label} ('{res['name']}'): schema has no fields")
        for j, fld in enumerate(fields):
            if not isinstance(fld, dict) or not isinstance(fld.get("name"), str):
                raise RawDataError(name, f"{label} ('{res['name']}'): field {j + 1} has no name")
            cons = fld.get("constraints", {})
            if not isinstance(cons, dict):
                raise RawDataError(name, f"{label} ('{res['name']}'): field '{fld['name']}': 'constraints' must be an object")
            if "enum" in cons and not isinstance(cons["enum"], list):
                raise RawDataError(name, f"{label} ('{res['name']}'): field '{fld['name']}': 'enum' must be a list of "
                                         f"values, not {type(cons['enum']).__name__}")
            for key in ("minimum", "maximum"):
                if key in cons and (isinstance(cons[key], bool) or not isinstance(cons[key], int | float)):
                    raise RawDataError(name, f"{label} ('{res['name']}'): field '{fld['name']}': '{key}' must be a number")
            if fld.get("type") not in ("string", "integer", "number", "boolean"):
                raise RawDataError(name, f"{label} ('{res['name']}'): field '{fld.get('name')}' has unknown type "
                                         f"'{fld.get('type')}' (valid: string, integer, number, boolean)")
        names = [fld["name"] for fld in fields]
        for key in res["schema"].get("primaryKey", []):
            if key not in names:
                raise RawDataError(name, f"{label} ('{res['name']}'): primary key '{key}' is not a field")
        if res["x-role"] != "not_published" and not ("bytes" in res and "hash" in res):
            raise RawDataError(name, f"{label} ('{res['name']}'): no recorded 'bytes' and 'hash'", hint=UPDATE_HINT)


def descriptor() -> dict:
    p = _descriptor_path()
    if not p.is_file():
        raise RawDataError("datapackage.json", f"missing from {p.parent}")
    return _read_descriptor(str(p), p.stat().st_mtime_ns)


def resource(name: str) -> dict:
    for res in descriptor()["resources"]:
        if res["name"] == name:
            return res
    known = ", ".join(r["name"] for r in descriptor()["resources"])
    raise KeyError(f"no raw resource '{name}' in datapackage.json (known: {known})")


def resource_names(include_unpublished: bool = False) -> list[str]:
    return [r["name"] for r in descriptor()["resources"]
            if include_unpublished or r["x-role"] != "not_published"]


def _fields(res: dict) -> list[Field]:
    out = []
    for fld in res["schema"]["fields"]:
        c = fld.get("constraints", {})
        out.append(Field(fld["name"], fld["type"], bool(c.get("required", False)), c.get("minimum"),
                         c.get("maximum"), tuple(c["enum"]) if "enum" in c else None, bool(fld.get("x-padded", False)),
                         c.get("pattern")))
    return out


def sha256_bytes(data: bytes) -> str:
    return "sha256:" + hashlib.sha256(data).hexdigest()


def _convert(raw: str, fld: Field, file: str, line: int, missing: tuple[str, ...] = ("",)):
    if raw in missing:
        if fld.required:
            raise RawDataError(file, "missing value in a required field", line, fld.name)
        return None
    if raw != raw.strip() and not fld.padded:
        raise RawDataError(file, f"value {raw!r} has leading or trailing spaces", line, fld.name)
    if fld.type == "integer":
        if not _INT.match(raw):
            raise RawDataError(file, f"{raw!r} is not an integer", line, fld.name)
        value = int(raw)
        if not -INT64_MAX <= value <= INT64_MAX:
            raise RawDataError(file, f"{raw} is outside the range of a 64-bit integer", line, fld.name)
    elif fld.type == "number":
        if not _NUM.match(raw):
            hint = "use a point as decimal mark and no thousands separator" if ("," in raw or raw.count(".") > 1) else None
            raise RawDataError(file, f"{raw!r} is not a number", line, fld.name, hint)
        value = float(raw)
        if not math.isfinite(value):
            raise RawDataError(file, f"{raw!r} is not a finite number", line, fld.name)
        if abs(value) > NUMBER_LIMIT:
            raise RawDataError(file, f"{raw} is beyond {NUMBER_LIMIT:g}, larger than any quantity in this project "
                                     "(a typing error?)", line, fld.name)
    elif fld.type == "boolean":
        if raw not in _BOOL:
            raise RawDataError(file, f"{raw!r} is not a boolean (write true or false)", line, fld.name)
        value = _BOOL[raw]
    else:
        value = raw
    if fld.pattern is not None and not re.fullmatch(fld.pattern, raw):
        raise RawDataError(file, f"{raw!r} does not match the pattern {fld.pattern}", line, fld.name)
    if fld.enum is not None and value not in fld.enum:
        raise RawDataError(file, f"unknown value {raw!r} (valid: {', '.join(map(str, fld.enum))})", line, fld.name)
    if fld.minimum is not None and value < fld.minimum:
        raise RawDataError(file, f"{raw} is below the minimum {fld.minimum}", line, fld.name)
    if fld.maximum is not None and value > fld.maximum:
        raise RawDataError(file, f"{raw} is above the maximum {fld.maximum}", line, fld.name)
    return value


def _delimiter_hint(line: str, delimiter: str, otherwise: str | None = None) -> str | None:
    """Name the delimiter a line is really split by, when it is not the one the description says."""
    other = next((d for d in (",", ";", "\t", "|") if d != delimiter and d in line and delimiter not in line), None)
    return f"the lines are split by {other!r}; this file must use {delimiter!r}" if other else otherwise


def _check_header(file: str, header: list[str], expected: list[str], delimiter: str) -> None:
    if len(header) == 1 and len(expected) > 1:
        raise RawDataError(file, f"header has 1 column, expected {len(expected)}: {', '.join(expected)}", 1,
                           hint=_delimiter_hint(header[0], delimiter))
    if header == expected:
        return
    stripped = [h.strip() for h in header]
    for got, want in zip(header, expected):
        if got != want and got.strip() == want:
            raise RawDataError(file, f"header {got!r} has leading or trailing spaces (expected {want!r})", 1, want)
    missing = [c for c in expected if c not in stripped]
    extra = [c for c in header if c not in expected]
    if missing:
        raise RawDataError(file, f"missing column (expected header: {', '.join(expected)})", 1, missing[0])
    if extra:
        raise RawDataError(file, f"unexpected column (expected header: {', '.join(expected)})", 1, extra[0])
    raise RawDataError(file, f"columns out of order: {', '.join(header)} (expected: {', '.join(expected)})", 1)


def _check_rules(file: str, res: dict, names: list[str], rows: list[list], first_line: int) -> None:
    """Constraints across cells (datapackage.json `x-rules`), each with the line and column it fails at.

    range_when: a field's range that holds only where another field starts with a prefix
                (a share given as 0-1 where the unit is a percentage);
    same_value_for_key: rows repeating a key must repeat its value (a source that lists a year twice),
                        optionally only where another field is at least a minimum;
    sum_to: within each group a field adds up to a total, within a tolerance (shares of a whole);
    min_le_max: one field is never above another (a band's lower and upper bound).
    """
    for rule in res.get("x-rules", []):
        kind = rule.get("type")
        if kind == "range_when":
            when, col = names.index(rule["when"]["field"]), names.index(rule["field"])
            prefix = rule["when"]["startswith"]
            for lineno, row in enumerate(rows, start=first_line):
                value = row[col]
                if value is None or not str(row[when]).startswith(prefix):
                    continue
                if not rule.get("minimum", -math.inf) <= value <= rule.get("maximum", math.inf):
                    raise RawDataError(file, f"{value} is outside {rule.get('minimum')}-{rule.get('maximum')}, the range "
                                             f"of a value whose {rule['when']['field']} starts with {prefix!r}",
                                       lineno, rule["field"])
        elif kind == "same_value_for_key":
            key_idx = [names.index(k) for k in rule["key"]]
            col = names.index(rule["field"])
            first: dict[tuple, tuple[int, object]] = {}
            when = rule.get("when")
            when_idx = names.index(when["field"]) if when else None
            for lineno, row in enumerate(rows, start=first_line):
                if when and (row[when_idx] is None or row[when_idx] < when.get("minimum", -math.inf)):
                    continue
                key = tuple(row[i] for i in key_idx)
                if key in first and first[key][1] != row[col]:
                    raise RawDataError(file, f"key {key} repeats line {first[key][0]} with another value "
                                             f"({row[col]} against {first[key][1]})", lineno, rule["field"])
                first.setdefault(key, (lineno, row[col]))
        elif kind == "sum_to":
            # shares of a whole: within each group the field adds up to the total, within the printed rounding
            key_idx = [names.index(k) for k in rule["group"]]
            col = names.index(rule["field"])
            sums: dict[tuple, list] = {}
            for lineno, row in enumerate(rows, start=first_line):
                entry = sums.setdefault(tuple(row[i] for i in key_idx), [0.0, lineno])
                entry[0] += row[col] or 0
                entry[1] = lineno
            for key, (total, lineno) in sums.items():
                if abs(total - rule["total"]) > rule.get("tolerance", 0):
                    raise RawDataError(file, f"{rule['field']} of {key} adds up to {total:g}, not {rule['total']:g} "
                                             f"(within {rule.get('tolerance', 0):g})", lineno, rule["field"])
        elif kind == "min_le_max":
            lo, hi = names.index(rule["minimum_field"]), names.index(rule["maximum_field"])
            for lineno, row in enumerate(rows, start=first_line):
                if row[lo] is not None and row[hi] is not None and row[lo] > row[hi]:
                    raise RawDataError(file, f"{rule['minimum_field']} {row[lo]} is above {rule['maximum_field']} "
                                             f"{row[hi]}", lineno, rule["minimum_field"])
        else:
            raise RawDataError("datapackage.json", f"resource '{res['name']}': unknown rule type {kind!r} "
                                                   "(valid: range_when, same_value_for_key, sum_to, min_le_max)")


def read_checked(name: str) -> tuple[list[str], list[list]]:
    """Validate one resource and return its header and typed rows."""
    res = resource(name)
    file = res["path"]
    path = paths.RAW / file
    if not path.is_file():
        if res["x-role"] == "not_published":
            raise FileNotFoundError(f"{file}: not present (the paper does not publish these numbers)")
        raise RawDataError(file, f"missing from {paths.RAW.name}/ (datapackage.json describes it)")
    try:
        size = path.stat().st_size
        if size > SIZE_LIMIT:
            raise RawDataError(file, f"is {size / 2**20:.0f} MB; a raw file is read whole to be checked, and files over "
                                     f"{SIZE_LIMIT // 2**20} MB are not: describe an extract of what the notebooks use")
        data = path.read_bytes()
    except OSError as exc:
        raise RawDataError(file, f"cannot be read ({exc.strerror}); check its permissions") from None
    if "bytes" in res and len(data) != res["bytes"]:
        raise RawDataError(file, f"size is {len(data)} bytes, datapackage.json records {res['bytes']}", hint=UPDATE_HINT)
    if "hash" in res and sha256_bytes(data) != res["hash"]:
        raise RawDataError(file, "content differs from the sha256 hash recorded in datapackage.json", hint=UPDATE_HINT)
    cache_key = (sha256_bytes(data), json.dumps(res, sort_keys=True))
    if cache_key in _VALIDATED:
        return _VALIDATED[cache_key]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        raise RawDataError(file, f"not valid UTF-8 (byte {exc.start}: {exc.reason})", line) from None
    if text.startswith("\ufeff"):
        raise RawDataError(file, "starts with a byte-order mark; save as UTF-8 without BOM", 1)
    dialect = res.get("dialect", {})
    crlf = dialect.get("lineTerminator") == "\r\n"
    if "\r" in (text.replace("\r\n", "") if crlf else text):
        where = text.replace("\r\n", "\n\n").index("\r") if crlf else text.index("\r")
        raise RawDataError(file, "has Windows or old Mac line endings; use \\n", text[:where].count("\n") + 1)
    fields = _fields(res)
    expected = [f.name for f in fields]
    delimiter = dialect.get("delimiter", ",")
    has_header = dialect.get("header", True)
    missing = tuple(res["schema"].get("missingValues", [""]))
    reader = csv.reader(io.StringIO(text), delimiter=delimiter, strict=True,
                        escapechar=dialect.get("escapeChar"), doublequote=dialect.get("doubleQuote", True))
    rows = []
    start = 1  # the line the row being read starts on: where an unclosed quote opened
    try:
        for row in reader:
            rows.append(row)
            start = reader.line_num + 1
    except csv.Error as exc:
        hint = _delimiter_hint(text.split("\n", 1)[0], delimiter, otherwise="check the quotes")
        raise RawDataError(file, f"is not valid CSV ({exc})", start, hint=hint) from None
    if not rows:
        raise RawDataError(file, "is empty (no header)" if has_header else "is empty", 1)
    if has_header:
        header = rows[0]
        _check_header(file, header, expected, delimiter)
        body, first_line = rows[1:], 2
    else:
        if len(rows[0]) == 1 and len(expected) > 1:
            raise RawDataError(file, f"line has 1 cell, expected {len(expected)}: {', '.join(expected)}", 1,
                               hint=_delimiter_hint(rows[0][0], delimiter))
        body, first_line = rows, 1
    typed: list[list] = []
    key_idx = [expected.index(k) for k in res["schema"].get("primaryKey", [])]
    seen_keys: dict[tuple, int] = {}
    for lineno, row in enumerate(body, start=first_line):
        if not row:
            raise RawDataError(file, "empty line", lineno)
        if len(row) != len(expected):
            raise RawDataError(file, f"has {len(row)} cells, expected {len(expected)} ({', '.join(expected)})", lineno)
        values = [_convert(raw, fld, file, lineno, missing) for raw, fld in zip(row, fields)]
        if key_idx:
            key = tuple(values[i] for i in key_idx)
            if key in seen_keys:
                raise RawDataError(file, f"duplicate key {key} (first at line {seen_keys[key]})", lineno,
                                   ",".join(expected[i] for i in key_idx))
            seen_keys[key] = lineno
        typed.append(values)
    _check_rules(file, res, expected, typed, first_line)
    if not typed:
        raise RawDataError(file, "has a header but no data rows" if has_header else "has no data rows", first_line)
    _VALIDATED[cache_key] = (expected, typed)
    return expected, typed


def _record_read(name: str) -> None:
    """Note a read; under the build runner also in the notebook's manifest (checked against exhibits.py)."""
    if name not in LOADED:
        LOADED.add(name)
        manifest = os.environ.get("BORGERSERVICE_MANIFEST")
        if manifest:
            with open(manifest, "a", encoding="utf-8") as fh:
                fh.write(f"read\t{name}\n")


def load(name: str):
    """Load a raw resource as a DataFrame, after checking it against its description."""
    import pandas as pd

    header, rows = read_checked(name)
    _record_read(name)
    frame = pd.DataFrame(rows, columns=header)
    for fld in _fields(resource(name)):
        col = frame[fld.name]
        if fld.type == "integer":
            frame[fld.name] = col.astype("Int64") if col.isna().any() else col.astype("int64")
        elif fld.type == "number":
            frame[fld.name] = col.astype("float64")
        elif fld.type == "boolean":
            frame[fld.name] = col.astype("bool")
    return frame


def load_optional(name: str):
    """Load a not-published resource when someone has supplied it; None when absent."""
    if not (paths.RAW / resource(name)["path"]).is_file():
        return None
    header, rows = read_checked(name)
    _record_read(name)
    import pandas as pd

    return pd.DataFrame(rows, columns=header)


def text_inputs() -> dict[str, float]:
    frame = load("text_inputs")
    return dict(zip(frame["input_id"], frame["value"]))


def validate_all() -> list[str]:
    """Check every raw file (and the description itself); raise on the first problem."""
    names = resource_names()
    described = {resource(n)["path"] for n in resource_names(include_unpublished=True)}
    for name in names:
        read_checked(name)
    # a file supplied for a figure the paper does not publish is checked like every other
    for name in set(resource_names(include_unpublished=True)) - set(names):
        if (paths.RAW / resource(name)["path"]).is_file():
            read_checked(name)
    linked = sorted(p.relative_to(paths.RAW).as_posix() for p in paths.RAW.rglob("*") if p.is_symlink())
    if linked:  # a linked folder's files would escape the check below
        raise RawDataError(linked[0], "is a symbolic link in data/raw; copy the file (or the folder's files) in instead")
    undescribed = sorted(p.relative_to(paths.RAW).as_posix() for p in paths.RAW.rglob("*")
                         if p.is_file() and p != paths.DATAPACKAGE and p.relative_to(paths.RAW).as_posix() not in described)
    if undescribed:
        raise RawDataError(undescribed[0], "is in data/raw but not described in datapackage.json "
                                           "(describe it as a resource, or move it out of data/raw)")
    return names


def update_hashes() -> list[str]:
    """Re-record bytes and sha256 of every present file (for a deliberate edit)."""
    p = _descriptor_path()
    pkg = json.loads(p.read_text(encoding="utf-8"))
    changed = []
    for res in pkg["resources"]:
        f = paths.RAW / res["path"]
        if not f.is_file():
            continue
        data = f.read_bytes()
        new = {"bytes": len(data), "hash": sha256_bytes(data)}
        if any(res.get(k) != v for k, v in new.items()):
            changed.append(res["name"])
        res.update(new)
    tmp = p.with_name(f".{p.name}.tmp{os.getpid()}")
    tmp.write_text(json.dumps(pkg, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    os.replace(tmp, p)  # killed at any moment, the description is the old one or the new one, never half
    _read_descriptor.cache_clear()
    return changed


def main(argv: list[str] | None = None) -> int:
    import argparse

    parser = argparse.ArgumentParser(description="Check data/raw against datapackage.json")
    parser.add_argument("--update-hashes", action="store_true", help="re-record sizes and hashes after a deliberate edit")
    args = parser.parse_args(argv)
    from . import workers

    return workers.holding("make datapackage" if args.update_hashes else "make validate",
                           lambda: _check(args.update_hashes), "raw data check")


def _check(record: bool) -> int:
    import sys

    try:
        if record:
            changed = update_hashes()
            print("datapackage.json: updated " + (", ".join(changed) if changed else "nothing (all hashes current)"))
        names = validate_all()
    except (RawDataError, FileNotFoundError) as exc:
        print(f"raw data check failed: {exc}", file=sys.stderr)
        return 1
    print(f"raw data check: {len(names)} resources valid")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
