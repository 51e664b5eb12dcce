#!/usr/bin/env python3
"""Turns criterion's results (target/criterion) into the tables of
BENCHMARKS.md and a bar chart of decode throughput (benches/decode.svg).

Run after `cargo bench -p cloudevents-codec-benches`:  python3 benches/report.py > /tmp/tables.md

For every group it prints each function's mean time per iteration converted
to ns/event, events/s and MB/s (when the group measures bytes), and the ratio
of the fastest peer's time to ours (> 1: ours is faster). Nothing here is
typed in by hand: every number comes from criterion's estimates.json files.
"""

import json
import os
import re
import sys

ROOT = os.path.join(os.path.dirname(__file__), "..", "target", "criterion")
SVG = os.path.join(os.path.dirname(__file__), "decode.svg")


def load():
    groups = {}
    for dirpath, _dirs, files in os.walk(ROOT):
        if not dirpath.endswith(os.sep + "new") or "benchmark.json" not in files:
            continue
        with open(os.path.join(dirpath, "benchmark.json")) as f:
            bench = json.load(f)
        with open(os.path.join(dirpath, "estimates.json")) as f:
            est = json.load(f)
        groups.setdefault(bench["group_id"], {})[bench["function_id"]] = {
            # criterion's headline estimate: the slope of the linear fit
            # when it sampled linearly, else the mean.
            "ns": (est.get("slope") or est["mean"])["point_estimate"],
            "throughput": bench.get("throughput") or {},
        }
    return groups


def events_per_iteration(group, throughput):
    if "Elements" in throughput:
        return throughput["Elements"]
    m = re.search(r"-(\d+)/", group)
    return int(m.group(1)) if m else 1


def rows(groups):
    out = []
    for group in sorted(groups):
        funcs = groups[group]
        peers = {k: v for k, v in funcs.items() if k != "ours" and not k.startswith("baseline")}
        baseline = next((v for k, v in funcs.items() if k.startswith("baseline")), None)
        fastest = min(peers.items(), key=lambda kv: kv[1]["ns"]) if peers else None
        for name, r in sorted(funcs.items(), key=lambda kv: kv[1]["ns"]):
            n = events_per_iteration(group, r["throughput"])
            secs = r["ns"] / 1e9
            bytes_ = r["throughput"].get("Bytes")
            ratio = ""
            if name == "ours" and fastest:
                ratio = f"{fastest[1]['ns'] / r['ns']:.2f}x vs {fastest[0]}"
            if name == "ours" and baseline:
                ratio += f"; {baseline['ns'] / r['ns']:.0%} of memcpy speed"
            out.append(
                {
                    "group": group,
                    "name": name,
                    "ns_event": r["ns"] / n,
                    "events_s": n / secs,
                    "mb_s": (bytes_ / secs / 1e6) if bytes_ else None,
                    "ratio": ratio,
                }
            )
    return out


def table(rs):
    print("| group | implementation | ns/event | events/s | MB/s | ours vs fastest peer |")
    print("| --- | --- | ---: | ---: | ---: | --- |")
    for r in rs:
        mb = f"{r['mb_s']:.0f}" if r["mb_s"] is not None else "-"
        name = f"**{r['name']}**" if r["name"] == "ours" else r["name"]
        print(
            f"| {r['group']} | {name} | {r['ns_event']:.0f} | {r['events_s']:,.0f} | {mb} | {r['ratio']} |"
        )


def svg(rs):
    """Decode throughput (MB/s) per profile: ours and each peer."""
    bars = [r for r in rs if r["group"].startswith("decode/") and r["mb_s"] is not None]
    if not bars:
        return
    profiles = sorted({r["group"].split("/", 1)[1] for r in bars})
    names = sorted({r["name"] for r in bars}, key=lambda n: (n != "ours", n))
    colors = ["#d62728", "#1f77b4", "#2ca02c", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f"]
    top = max(r["mb_s"] for r in bars)
    w, h, left, bottom = 900, 420, 60, 60
    group_w = (w - left - 20) / len(profiles)
    bar_w = group_w * 0.8 / len(names)
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{w}" height="{h + 40}" font-family="sans-serif" font-size="11">',
        f'<text x="{w / 2}" y="16" text-anchor="middle" font-size="14">Structured decode throughput (MB/s, higher is better)</text>',
    ]
    for i in range(5):
        v = top * i / 4
        y = h - bottom - (h - bottom - 30) * i / 4
        parts.append(f'<line x1="{left}" x2="{w - 20}" y1="{y}" y2="{y}" stroke="#ddd"/>')
        parts.append(f'<text x="{left - 5}" y="{y + 4}" text-anchor="end">{v:.0f}</text>')
    for gi, p in enumerate(profiles):
        x0 = left + gi * group_w + group_w * 0.1
        parts.append(
            f'<text x="{x0 + group_w * 0.4}" y="{h - bottom + 16}" text-anchor="middle">{p}</text>'
        )
        for ni, n in enumerate(names):
            r = next((b for b in bars if b["group"] == f"decode/{p}" and b["name"] == n), None)
            if r is None:
                continue
            bh = (h - bottom - 30) * r["mb_s"] / top
            x = x0 + ni * bar_w
            parts.append(
                f'<rect x="{x:.1f}" y="{h - bottom - bh:.1f}" width="{bar_w * 0.9:.1f}" height="{bh:.1f}" fill="{colors[ni % len(colors)]}"><title>{n}: {r["mb_s"]:.0f} MB/s</title></rect>'
            )
    for ni, n in enumerate(names):
        x = left + ni * 120
        parts.append(f'<rect x="{x}" y="{h + 8}" width="10" height="10" fill="{colors[ni % len(colors)]}"/>')
        parts.append(f'<text x="{x + 14}" y="{h + 17}">{n}</text>')
    parts.append("</svg>")
    with open(SVG, "w") as f:
        f.write("\n".join(parts) + "\n")


def main():
    groups = load()
    if not groups:
        sys.exit("no criterion results under target/criterion: run `cargo bench -p cloudevents-codec-benches` first")
    rs = rows(groups)
    table(rs)
    svg(rs)


if __name__ == "__main__":
    main()
