#!/usr/bin/env python3
"""Helm's own merging of values, as the oracle of stsbackup's differential merge test.

Reads one JSON request on standard input:

    {"cases": [{"files": ["yaml text", ...], "set": ["expr", ...],
                "set_string": [...], "set_literal": [...]}, ...]}

and prints {"helm": "<Helm SDK version>", "results": [...]}, one result per case:
{"values": {...}} (the user values `helm install -f ... --set ...` hands the chart, before
the chart's defaults are coalesced in), {"error": "Helm's message"}, or
{"unsupported": "why"} for a case this oracle cannot put to Helm faithfully.

Everything that decides the result runs in Helm's Go code (helm-python-sdk bundles Helm
v4's SDK), in the order of Helm's `values.Options.MergeValues`: files, then every --set,
--set-string, --set-literal. The SDK does not expose MergeValues itself, so two of its steps
are reached through what it does expose:

- `loader.MergeMaps(base, file)` is `Chart.merge_values` (Helm's CoalesceValues) on a chart
  whose defaults are `base`, with every value that is not a mapping replaced by a
  placeholder string: coalescing then differs from MergeMaps only in deleting nulls, and
  there are no nulls left to delete.
- `strvals.ParseInto(expr, base)` is `strvals.Parse(prefix + "," + expr)`, where `prefix`
  is a --set expression that rebuilds `base` (mappings and lists as they are, other values
  as placeholders, nulls as `null`), because the parser applies assignments one after the
  other to one map. A base this cannot rebuild (an empty mapping or list, an empty key,
  more than 30 nested names, a null that ends a list under --set-string, anything under
  --set-literal, whose one value runs to the end) is reported as unsupported.

Placeholders are put back in the result. Keep this small: the test is only as good as this
is obviously right.
"""

import json
import os
import sys
import tempfile

import helm_python as helm

PLACEHOLDER_START, PLACEHOLDER_END = "@@stsbackup-oracle-", "@@"
KEY_ESCAPES = "\\.,=["
MAX_NESTED_NAME_LEVEL = 30

PARSERS = (
    ("set", helm.parse_set_string),
    ("set_string", helm.parse_set_string_values),
    ("set_literal", helm.parse_set_literal),
)


class Unsupported(Exception):
    """A case whose values cannot be handed to Helm faithfully."""


class Leaves:
    """The values hidden behind placeholders."""

    def __init__(self):
        self.values = []

    def hide(self, value):
        self.values.append(value)
        return f"{PLACEHOLDER_START}{len(self.values) - 1}{PLACEHOLDER_END}"

    def restore(self, value):
        if isinstance(value, dict):
            return {key: self.restore(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.restore(item) for item in value]
        if isinstance(value, str) and value.startswith(PLACEHOLDER_START):
            return self.values[int(value[len(PLACEHOLDER_START) : -len(PLACEHOLDER_END)])]
        return value


class Oracle:
    def __init__(self, directory):
        self.chart = os.path.join(directory, "oracle")
        os.makedirs(os.path.join(self.chart, "templates"))
        with open(os.path.join(self.chart, "Chart.yaml"), "w", encoding="utf-8") as chart:
            chart.write("apiVersion: v2\nname: oracle\nversion: 0.1.0\n")

    def run(self, case):
        values = {}
        try:
            for number, text in enumerate(case.get("files", []), start=1):
                try:
                    current = helm.values_from_yaml(text)
                except helm.HelmError as error:
                    return {"error": f"failed to parse file {number}: {error}"}
                values = self.merge_maps(values, current)
            for kind, parse in PARSERS:
                for expression in case.get(kind, []):
                    values = parse_into(expression, values, parse, kind)
        except Unsupported as why:
            return {"unsupported": str(why)}
        except helm.HelmError as error:
            return {"error": str(error)}
        return {"values": values}

    def merge_maps(self, base, overlay):
        if not base:
            return overlay
        leaves = Leaves()

        def hide(value):
            if isinstance(value, dict):
                return {key: hide(item) for key, item in value.items()}
            return leaves.hide(value)

        with open(os.path.join(self.chart, "values.yaml"), "w", encoding="utf-8") as defaults:
            json.dump(hide(base), defaults)
        with helm.Chart.load(self.chart) as chart:
            return leaves.restore(chart.merge_values(hide(overlay)))


def parse_into(expression, base, parse, kind):
    if not base:
        return parse(expression)
    if kind == "set_literal":
        raise Unsupported("--set-literal over earlier values")
    leaves = Leaves()
    assignments = []
    rebuild(base, "", 0, kind == "set", leaves, assignments)
    return leaves.restore(parse(",".join(assignments) + "," + expression))


def rebuild(value, path, level, typed, leaves, assignments):
    """Appends the --set assignments that rebuild `value` at `path`."""
    if isinstance(value, dict):
        if not value:
            raise Unsupported("an empty mapping in the values")
        if path and not path.endswith("]"):
            level += 1
            if level > MAX_NESTED_NAME_LEVEL:
                raise Unsupported("more than 30 nested names")
        for key, item in value.items():
            if key == "":
                raise Unsupported("an empty key")
            escaped = "".join("\\" + c if c in KEY_ESCAPES else c for c in key)
            rebuild(item, f"{path}.{escaped}" if path else escaped, level, typed, leaves, assignments)
    elif isinstance(value, list):
        if not value:
            raise Unsupported("an empty list in the values")
        for index, item in enumerate(value):
            if item is None and not typed:
                # A list grows with nulls up to the index set next.
                if index == len(value) - 1:
                    raise Unsupported("a null at the end of a list under --set-string")
                continue
            rebuild(item, f"{path}[{index}]", level, typed, leaves, assignments)
    elif value is None and typed:
        assignments.append(f"{path}=null")
    else:
        # Under --set-string a null cannot be written; as a placeholder it behaves the
        # same (ParseInto fails on both when a path goes through them, and replaces both).
        assignments.append(f"{path}={leaves.hide(value)}")


def main():
    request = json.load(sys.stdin)
    with tempfile.TemporaryDirectory() as directory:
        oracle = Oracle(directory)
        results = [oracle.run(case) for case in request["cases"]]
    json.dump({"helm": helm.helm_sdk_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
