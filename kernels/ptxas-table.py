#!/usr/bin/env python3
"""Prints the ptxas table of docs/kernels.md from target/kernels-report.txt (kernels/build-fatbin.sh).

    python3 kernels/ptxas-table.py target/kernels-report.txt

One row per entry point and architecture, entry points in the order of the Kernel enum
(src/main/java/io/netdyn/backend/cuda/Kernel.java), then any others in the report's order:
| kernel | arch | registers | static smem (B) | stack (B) | spill stores / loads (B) |
"""
import re
import sys

rows, order = {}, []
entry = arch = None
for line in open(sys.argv[1] if len(sys.argv) > 1 else "target/kernels-report.txt"):
    m = re.search(r"Compiling entry function '(\w+)' for '(sm_\d+)'", line)
    if m:
        entry, arch = m.groups()
        rows[(entry, arch)] = {}
        if entry not in order:
            order.append(entry)
        continue
    m = re.search(r"Function properties for (\w+)", line)
    if m and m.group(1) != entry:
        entry = None                      # a device function's properties, not the entry's
        continue
    if entry is None:
        continue
    r = rows[(entry, arch)]
    m = re.search(r"(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads", line)
    if m and "stack" not in r:
        r["stack"], r["st"], r["ld"] = m.groups()
    m = re.search(r"Used (\d+) registers", line)
    if m:
        r["regs"] = m.group(1)
        sm = re.search(r"(\d+) bytes smem", line)
        r["smem"] = sm.group(1) if sm else "0"
        entry = None

import pathlib
enum = pathlib.Path(__file__).resolve().parent.parent / "src/main/java/io/netdyn/backend/cuda/Kernel.java"
if enum.exists():
    declared = re.findall(r'\("(netdyn_\w+)"', enum.read_text())
    order = [e for e in declared if e in order] + [e for e in order if e not in declared]

print("| kernel | arch | registers | static smem (B) | stack (B) | spill stores / loads (B) |")
print("|---|---|---|---|---|---|")
for e in order:
    for a in ("sm_80", "sm_90"):
        r = rows.get((e, a))
        if r and "regs" in r:
            print(f"| {e} | {a} | {r['regs']} | {r['smem']} | {r.get('stack', '0')} | {r.get('st', '0')} / {r.get('ld', '0')} |")
