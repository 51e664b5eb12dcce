#!/usr/bin/env python3
"""Runs every benchmark of BENCHMARKS.md in both configurations and writes
its tables: the one committed command behind every number there.

    python3 benches/run.py                     # full run (~1 h on 2 cores)
    python3 benches/run.py --quick --callgrind # short run: 1 s per benchmark

For each configuration it runs `cargo bench -p cloudevents-codec-benches`
with the same cargo profile (default `bench-lto`: the `bench` profile with
fat LTO and one codegen unit, for ours and every peer alike) in a target
directory of its own:

- `default`: no RUSTFLAGS (the x86-64 baseline: what users get);
- `native`:  RUSTFLAGS="-C target-cpu=native" (how simd-json and sonic-rs
  tell their users to build).

Criterion writes each configuration's results to
target/bench-<config>/criterion. With --callgrind it also counts our
instructions per event with valgrind on examples/parse_loop.rs, per profile
and per shape variant (default configuration only: valgrind does not run
AVX-512 code, which the native build may contain; `--callgrind --no-bench`
counts without timing). Then benches/report.py turns everything into the
tables and plots of BENCHMARKS.md (skip with --no-report).
"""
import argparse
import datetime
import json
import os
import re
import shutil
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
RESULTS = os.path.join(ROOT, "target", "bench-results")
CONFIGS = {
    "default": None,
    "native": "-C target-cpu=native",
}
PROFILES = ["small", "medium", "large", "base64", "escaped", "mixed"]
# Events parsed under callgrind per profile: multiples of the 256 events of
# decode/<profile>, so that every event counts the same.
CALLGRIND_EVENTS = {"small": 256 * 40, "medium": 256 * 10, "large": 256, "base64": 256 * 10,
                    "escaped": 256 * 20, "mixed": 256 * 4}
CALLGRIND_SHAPE_EVENTS = 256 * 20


def sh(cmd, **kw):
    return subprocess.run(cmd, cwd=ROOT, check=True, **kw)


def out(cmd):
    try:
        return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""


def env_for(config, cargo_profile):
    env = dict(os.environ)
    target = os.path.join(ROOT, "target", f"bench-{config}")
    env["CARGO_TARGET_DIR"] = target
    env["CRITERION_HOME"] = os.path.join(target, "criterion")
    env.pop("RUSTFLAGS", None)
    env.pop("CARGO_ENCODED_RUSTFLAGS", None)
    if CONFIGS[config]:
        env["RUSTFLAGS"] = CONFIGS[config]
    return env, target


def profile_dir(cargo_profile):
    return {"dev": "debug", "test": "debug", "release": "release", "bench": "release"}.get(
        cargo_profile, cargo_profile)


def machine():
    cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            m = re.search(r"model name\s*:\s*(.*)", f.read())
            cpu = m.group(1).strip() if m else ""
    except OSError:
        pass
    return {"cpu": cpu, "cores": os.cpu_count(), "rustc": out(["rustc", "-V"])}


def run_benches(config, args, criterion_args):
    env, target = env_for(config, args.profile)
    home = env["CRITERION_HOME"]
    if not args.filter and not args.bench and os.path.isdir(home):
        # A full run starts clean, so that no stale group reaches the report.
        shutil.rmtree(home)
    cmd = ["cargo", "bench", "-p", "cloudevents-codec-benches", "--profile", args.profile]
    if "adapters" in (args.bench or []):
        # The client adapter groups build rdkafka (librdkafka from C source),
        # so they only run when asked for by name.
        cmd += ["--features", "adapters"]
    for b in args.bench or []:
        cmd += ["--bench", b]
    cmd += ["--"] + criterion_args
    if args.filter:
        cmd.append(args.filter)
    print(f"\n== {config}: {' '.join(cmd)}" + (f"  (RUSTFLAGS={env['RUSTFLAGS']})" if "RUSTFLAGS" in env else ""),
          flush=True)
    log = os.path.join(RESULTS, f"{config}.log")
    start = time.time()
    with open(log, "w") as f:
        p = subprocess.Popen(cmd, cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        for line in p.stdout:
            f.write(line)
            sys.stdout.write(line)
        if p.wait() != 0:
            sys.exit(f"{config}: cargo bench failed (log: {log})")
    return time.time() - start


def callgrind_total(path):
    with open(path) as f:
        for line in f:
            if line.startswith(("summary:", "totals:")):
                return int(line.split()[1])
    raise RuntimeError(f"no totals in {path}")


def run_callgrind(args, run):
    if not shutil.which("valgrind"):
        sys.exit("--callgrind needs valgrind")
    config = "default"
    env, target = env_for(config, args.profile)
    print(f"\n== callgrind ({config}): building examples/parse_loop.rs", flush=True)
    sh(["cargo", "build", "-q", "--profile", args.profile, "--example", "parse_loop"], env=env)
    binary = os.path.join(target, profile_dir(args.profile), "examples", "parse_loop")
    def count(what, events):
        counts, avg = {}, None
        for n in (0, events):
            path = os.path.join(RESULTS, "callgrind.out")
            r = subprocess.run(["valgrind", "--tool=callgrind", f"--callgrind-out-file={path}", binary,
                                what, str(n)], cwd=ROOT, capture_output=True, text=True, check=True)
            counts[n] = callgrind_total(path)
            m = re.search(r"(\d+) bytes on average", r.stderr)
            avg = int(m.group(1)) if m else None
            os.remove(path)
        per_event = (counts[events] - counts[0]) / events
        print(f"{what:<28} {avg:>6} bytes/event {per_event:>12,.0f} instructions/event", flush=True)
        return {"events": events, "bytes_per_event": avg, "instructions_per_event": per_event}

    rows = {p: count(p, CALLGRIND_EVENTS[p]) for p in PROFILES}
    shape_list = out([binary, "--list-shapes"]).split()
    shapes = {s.split("/", 1)[1]: count(s, CALLGRIND_SHAPE_EVENTS) for s in shape_list}
    with open(os.path.join(RESULTS, "callgrind.json"), "w") as f:
        json.dump({"config": config, "cargo_profile": args.profile, "commit": run["commit"],
                   "date": run["date"], "profiles": rows, "shapes": shapes}, f, indent=1)


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--configs", default="default,native", help="comma-separated: default, native")
    ap.add_argument("--profile", default="bench-lto", help="cargo profile for ours and the peers")
    ap.add_argument("--quick", action="store_true",
                    help="short run: --measurement-time 1 --warm-up-time 0.5 --sample-size 10")
    ap.add_argument("--measurement-time", type=float)
    ap.add_argument("--warm-up-time", type=float)
    ap.add_argument("--sample-size", type=int)
    ap.add_argument("--bench", action="append", help="only this bench target (repeatable)")
    ap.add_argument("--filter", help="criterion filter (a regex over benchmark ids)")
    ap.add_argument("--callgrind", action="store_true", help="also count instructions per event")
    ap.add_argument("--no-bench", action="store_true",
                    help="skip cargo bench (with --callgrind: count instructions only; run.json is kept)")
    ap.add_argument("--no-report", action="store_true", help="do not run benches/report.py --write")
    args = ap.parse_args()

    configs = [c for c in args.configs.split(",") if c]
    for c in configs:
        if c not in CONFIGS:
            sys.exit(f"unknown configuration {c!r}: expected one of {', '.join(CONFIGS)}")
    if args.quick:
        args.measurement_time = args.measurement_time or 1
        args.warm_up_time = args.warm_up_time or 0.5
        args.sample_size = args.sample_size or 10
    criterion_args = ["--noplot"]
    if args.measurement_time:
        criterion_args += ["--measurement-time", f"{args.measurement_time:g}"]
    if args.warm_up_time:
        criterion_args += ["--warm-up-time", f"{args.warm_up_time:g}"]
    if args.sample_size:
        criterion_args += ["--sample-size", str(args.sample_size)]

    os.makedirs(RESULTS, exist_ok=True)
    commit = out(["git", "rev-parse", "--short", "HEAD"])
    dirty = bool(out(["git", "status", "--porcelain", "--untracked-files=no"]))
    run = {
        "command": "python3 benches/run.py " + " ".join(sys.argv[1:]),
        "date": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC"),
        "commit": commit + ("+uncommitted" if dirty else ""),
        "cargo_profile": args.profile,
        "configs": {c: CONFIGS[c] or "" for c in configs},
        "criterion_args": criterion_args,
        "quick": bool(args.quick or (args.measurement_time and args.measurement_time < 2)),
        "partial": bool(args.filter or args.bench),
        "load_before": os.getloadavg(),
        **machine(),
    }
    seconds = {}
    if not args.no_bench:
        for c in configs:
            seconds[c] = run_benches(c, args, criterion_args)
    if args.callgrind:
        run_callgrind(args, run)
    if not args.no_bench:
        run["seconds"] = seconds
        run["load_after"] = os.getloadavg()
        with open(os.path.join(RESULTS, "run.json"), "w") as f:
            json.dump(run, f, indent=1)
    if not args.no_report:
        sh([sys.executable, os.path.join(ROOT, "benches", "report.py"), "--write"])


if __name__ == "__main__":
    main()
