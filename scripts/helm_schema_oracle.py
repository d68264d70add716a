#!/usr/bin/env python3
"""Helm's own reading of values files and its values.schema.json check, as the oracle of
stsbackup's schema test.

Reads one JSON request on standard input:

    {"chart": "/path/to/chart", "files": ["yaml text", ...]}

and prints {"helm": "<Helm SDK version>", "results": [...]}, one result per file:
{"values": ... or null, "yaml_error": "..." or null, "schema_error": "..." or null}.
`values` is what Helm reads (`values_from_yaml`); `schema_error` is Helm's verdict on those
values against the chart's values.schema.json (`Chart.validate_schema`, which coalesces them
with the chart's values.yaml first, as `helm install` does).
"""

import json
import sys

import helm_python as helm


def main():
    request = json.load(sys.stdin)
    chart = helm.Chart.load(request["chart"])
    results = []
    for text in request["files"]:
        result = {"values": None, "yaml_error": None, "schema_error": None}
        try:
            values = helm.values_from_yaml(text)
        except helm.HelmError as error:
            result["yaml_error"] = str(error)
            results.append(result)
            continue
        result["values"] = values
        try:
            chart.validate_schema(values)
        except helm.HelmError as error:
            result["schema_error"] = str(error)
        results.append(result)
    json.dump({"helm": helm.helm_sdk_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
