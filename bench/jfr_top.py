#!/usr/bin/env python3
"""Summarises a JFR recording's execution samples by top frames.

    jfr print --events jdk.ExecutionSample --stack-depth 64 rec.jfr | python3 bench/jfr_top.py [--top 12]

Prints, as shares of all samples: (1) self time — the top frame (the method running when the
sample was taken); (2) netdyn frames — the first io.netdyn frame from the top, i.e. the netdyn
method whose own code or JDK callees (Math.exp, array copies, ...) were running. JFR samples
threads that run Java code (every 10-20 ms); time in native code or blocked is not in it.
"""
import argparse
import collections
import re
import sys

FRAME = re.compile(r"^\s+(\S.*?\))(?: line: \d+)?(?:\s+\.\.\.)?\s*$")


def frames_of(lines):
    """Yields (thread, [frames top first]) per sample."""
    thread, frames, inside = None, [], False
    for line in lines:
        s = line.strip()
        if s.startswith("sampledThread"):
            m = re.search(r'"([^"]*)"', s)
            thread = m.group(1) if m else "?"
        elif s.startswith("stackTrace = ["):
            inside, frames = True, []
        elif inside and s == "]":
            inside = False
            yield thread, frames
        elif inside and s and s != "...":
            name = re.sub(r"\(.*\)( line: \d+)?$", "", s)
            frames.append(name)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--top", type=int, default=12)
    ap.add_argument("files", nargs="*")
    a = ap.parse_args()
    src = (open(f) for f in a.files) if a.files else [sys.stdin]
    self_t, ours, threads = collections.Counter(), collections.Counter(), collections.Counter()
    total = 0
    for f in src:
        for thread, frames in frames_of(f):
            if not frames:
                continue
            total += 1
            threads[re.sub(r"-\d+$", "-N", thread)] += 1
            self_t[frames[0]] += 1
            own = next((x for x in frames if x.startswith("io.netdyn.")), "(no netdyn frame: JVM/JDK)")
            ours[own] += 1
    if total == 0:
        print("no execution samples")
        return 1
    print(f"{total} samples; threads: " + ", ".join(f"{t} {n / total:.0%}" for t, n in threads.most_common(4)))
    print("self (top frame):")
    for name, n in self_t.most_common(a.top):
        print(f"  {n / total:6.1%}  {name}")
    print("first netdyn frame (own code + JDK callees):")
    for name, n in ours.most_common(a.top):
        print(f"  {n / total:6.1%}  {name}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
