#!/usr/bin/env python3
"""Events per second of the `columnar` bench, ours against the alternative.

Reads criterion's estimates of the last run (target/criterion) and prints,
per group and profile, both throughputs and their ratio. Run from the
repository root after `cargo bench -p cloudevents-codec-arrow --bench columnar`:

    python3 arrow/benches/ratios.py [target/criterion]
"""
import json
import os
import sys

ROOT = sys.argv[1] if len(sys.argv) > 1 else "target/criterion"
GROUPS = ["to_record_batch", "parsed_to_record_batch", "to_parquet"]
PROFILES = ["small", "medium", "large", "base64", "escaped"]


def events_per_second(group, who, profile):
    base = os.path.join(ROOT, group, who, profile, "new")
    try:
        with open(os.path.join(base, "estimates.json")) as f:
            mean_ns = json.load(f)["mean"]["point_estimate"]
        with open(os.path.join(base, "benchmark.json")) as f:
            events = json.load(f)["throughput"]["Elements"]
    except (OSError, KeyError):
        return None
    return events / (mean_ns / 1e9)


print(f"| group | profile | codec (events/s) | serde + arrow-json (events/s) | ratio |")
print(f"|---|---|---:|---:|---:|")
for group in GROUPS:
    for profile in PROFILES:
        ours = events_per_second(group, "codec", profile)
        theirs = events_per_second(group, "serde_arrow_json", profile)
        if ours is None or theirs is None:
            continue
        print(f"| {group} | {profile} | {ours:,.0f} | {theirs:,.0f} | {ours / theirs:.2f}x |")
