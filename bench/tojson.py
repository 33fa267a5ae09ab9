#!/usr/bin/env python3
"""Converts a catalogue to JSON once, for bench/pending.jq (jq cannot read TOML).

    python3 bench/tojson.py CATALOGUE.toml > CATALOGUE.json

Bare TOML dates become `YYYY-MM-DD` strings. Not timed: a jq user would keep the JSON.
"""

import json
import sys
import tomllib

with open(sys.argv[1], "rb") as f:
    json.dump(tomllib.load(f), sys.stdout, ensure_ascii=False, default=str)
