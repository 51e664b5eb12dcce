#!/usr/bin/env python3
"""A/B timing of the SSE2 string scanner against the portable SWAR one.

Builds examples/parse_loop.rs twice (the second with
`--cfg cloudevents_codec_swar`), alternates the two binaries ROUNDS times
per profile on the decode/<profile> events and prints the best wall time of
each and the ratio SWAR / SSE2 (above 1: SSE2 is faster). Use a quiet
machine:

    python3 benches/simd_ab.py [ROUNDS]
"""
import os
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
# Events parsed per run (cycling through the 256 events of decode/<profile>).
REPS = {"small": 2_000_000, "medium": 400_000, "large": 40_000, "base64": 400_000, "escaped": 400_000,
        "mixed": 400_000}


def build(env_extra, target_dir):
    env = dict(os.environ, **env_extra)
    if target_dir:
        env["CARGO_TARGET_DIR"] = target_dir
    subprocess.run(
        ["cargo", "build", "-q", "--release", "--example", "parse_loop"],
        cwd=ROOT, env=env, check=True)


def wall(binary, profile):
    start = time.perf_counter()
    subprocess.run([binary, profile, str(REPS[profile])], cwd=ROOT, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def main():
    rounds = int(sys.argv[1]) if len(sys.argv) > 1 else 7
    build({}, None)
    build({"RUSTFLAGS": "--cfg cloudevents_codec_swar"}, os.path.join(ROOT, "target", "swar"))
    sse = os.path.join(ROOT, "target", "release", "examples", "parse_loop")
    swar = os.path.join(ROOT, "target", "swar", "release", "examples", "parse_loop")
    print(f"{'profile':<8} {'reps':>9} {'sse2 s':>8} {'swar s':>8} {'swar/sse2':>9}")
    for profile in REPS:
        a, b = [], []
        for _ in range(rounds):
            a.append(wall(sse, profile))
            b.append(wall(swar, profile))
        print(f"{profile:<8} {REPS[profile]:>9} {min(a):>8.3f} {min(b):>8.3f} {min(b) / min(a):>9.2f}")


if __name__ == "__main__":
    main()
