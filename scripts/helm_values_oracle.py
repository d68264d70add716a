#!/usr/bin/env python3
"""Helm's own reading of a values file (`helm install -f`), byte for byte, as the oracle of
stsbackup's loader on line breaks and encodings.

Reads one JSON request on standard input, {"files_base64": ["...", ...]}, and prints
{"helm": "<Helm SDK version>", "results": [...]}, one per file: {"values": {...}} or
{"error": "Helm's message"}. Each file's bytes go to Helm's Go code unchanged
(`values_from_yaml`, which is Helm's `ReadValues`: sigs.k8s.io/yaml over go-yaml v2). The SDK
hands them over as a C string, so a file must not hold a NUL byte: UTF-16 files are tested with
text whose code units have no zero byte.
"""

import base64
import json
import sys

import helm_python as helm


def main():
    request = json.load(sys.stdin)
    results = []
    for encoded in request["files_base64"]:
        data = base64.b64decode(encoded)
        if b"\0" in data:
            raise SystemExit("a file with a NUL byte cannot be handed to the SDK")
        try:
            results.append({"values": helm.values_from_yaml(data)})
        except helm.HelmError as error:
            results.append({"error": str(error)})
    json.dump({"helm": helm.helm_sdk_version(), "results": results}, sys.stdout)


if __name__ == "__main__":
    main()
