#!/usr/bin/env bash
# Compiles every kernels/*.cu ALONE (its own translation unit, as a per-file or -rdc build would)
# for sm_80 and sm_90 with the fatbin's flags, and fails on any register spill, or on an entry
# point whose stack frame exceeds what docs/kernels.md's ptxas table documents for it.
#
#   kernels/check-spills.sh [<target-dir>]      (default: target)
#
# Why: the fatbin (build-fatbin.sh) compiles all files as one unity translation unit, and nvcc
# optimises across a translation unit (a non-inlined device function is specialised to the memory
# spaces its callers there pass; see haar.cuh), so a file compiled alone can get other code, other
# registers and spills that the fatbin's report never shows. This keeps each file clean on its own.
# Output: <target>/kernels-separate-report.txt (every file's ptxas -v, each under a "== file arch"
#         line); <target>/kernels-separate.ok when the check passed, which makes the next run a
#         no-op until a kernel source, docs/kernels.md or this script is newer.
# Policy as build-fatbin.sh's: no nvcc, nothing checked, success; an architecture nvcc does not
# know is left out; a compile error or a spill fails (NETDYN_ALLOW_SPILLS=1 downgrades the spill
# and stack findings to warnings). Run by build-fatbin.sh (so by Maven's compile phase when nvcc
# is present) and by .ci/run. Files are compiled in parallel, one job per CPU (~20 s on 2 cores).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
target=${1:-$root/target}
report="$target/kernels-separate-report.txt"
stamp="$target/kernels-separate.ok"
docs="$root/docs/kernels.md"
mkdir -p "$target"

command -v nvcc > /dev/null || { echo "[netdyn kernels] separate-file check skipped: nvcc is not on PATH"; exit 0; }

inputs=("$root"/kernels/*.cu "$root"/kernels/*.cuh "$docs" "$0")
if [[ -f "$stamp" && -z "$(find "${inputs[@]}" -newer "$stamp" | head -n 1)" ]]; then
    echo "[netdyn kernels] separate-file check up to date: $report"
    exit 0
fi
rm -f "$stamp"

known=$(nvcc --list-gpu-code 2> /dev/null | tr '\n' ' ' || true)
archs=()
for cc in 80 90; do
    if [[ -z "$known" || " $known " == *" sm_$cc "* ]]; then
        archs+=("$cc")
    else
        echo "[netdyn kernels] warning: nvcc does not know sm_$cc; not checked"
    fi
done
[[ ${#archs[@]} -gt 0 ]] || { echo "[netdyn kernels] separate-file check skipped: nvcc knows neither sm_80 nor sm_90"; exit 0; }

work=$(mktemp -d "$target/kernels-separate.$$.XXXXXX")
trap 'rm -rf "$work"' EXIT

# One job per (file, arch): the fatbin's flags (build-fatbin.sh), one architecture, a cubin.
jobs=()
for f in "$root"/kernels/*.cu; do
    for cc in "${archs[@]}"; do jobs+=("$f" "$cc"); done
done
start=$SECONDS
export NETDYN_CHECK_WORK="$work" NETDYN_CHECK_ROOT="$root"
printf '%s\0' "${jobs[@]}" | xargs -0 -n 2 -P "$(nproc 2> /dev/null || echo 2)" bash -c '
    log="$NETDYN_CHECK_WORK/$(basename "$1" .cu).sm_$2.log"
    if nvcc -cubin -O3 -std=c++17 -gencode "arch=compute_$2,code=sm_$2" -Xptxas -v,-warn-spills \
            -I"$NETDYN_CHECK_ROOT/kernels" -o "${log%.log}.cubin" "$1" > "$log" 2>&1; then
        echo ok > "$log.rc"
    else
        echo failed > "$log.rc"
    fi' _

failed=0
for ((i = 0; i < ${#jobs[@]}; i += 2)); do
    f=${jobs[i]} cc=${jobs[i + 1]}
    log="$work/$(basename "$f" .cu).sm_$cc.log"
    echo "== kernels/$(basename "$f") sm_$cc" >> "$work/report"
    cat "$log" >> "$work/report"
    if [[ "$(cat "$log.rc" 2> /dev/null)" != ok ]]; then
        cat "$log" >&2
        echo "[netdyn kernels] nvcc failed on kernels/$(basename "$f") alone (sm_$cc): log above" >&2
        failed=1
    fi
done
mv "$work/report" "$report"
[[ $failed == 0 ]] || exit 1

# Spills of any function (entry points and the device functions they call), and entry stack
# frames above the "stack (B)" column of docs/kernels.md's ptxas table (an entry point missing
# from the table is allowed none).
problems=$(awk '
    FNR == NR {
        if ($0 ~ /^\| netdyn_[A-Za-z0-9_]+ \| sm_[0-9]+ \|/) { split($0, c, "|"); gsub(/ /, "", c[2]); gsub(/ /, "", c[3]); gsub(/ /, "", c[6]); stack[c[2] " " c[3]] = c[6] + 0 }
        next
    }
    /^== kernels\// { file = $2; arch = $3; next }
    /Compiling entry function/ { match($0, /entry function .[A-Za-z0-9_]+/); entry = substr($0, RSTART + 16, RLENGTH - 16); fn = ""; next }
    /Function properties for/ { fn = $NF; next }
    / bytes stack frame, / {
        st = $5 + 0; ld = $9 + 0; frame = $1 + 0
        if (st > 0 || ld > 0) printf "%s %s: %s spills %d bytes (stores) / %d (loads)\n", file, arch, fn, st, ld
        if (fn == entry && entry != "") {
            key = entry " " arch; allowed = (key in stack) ? stack[key] : 0
            if (frame > allowed) printf "%s %s: %s has a %d-byte stack frame, docs/kernels.md documents %d%s\n", file, arch, entry, frame, allowed, (key in stack) ? "" : " (not in its ptxas table)"
        }
    }' "$docs" "$report")
entries=$(grep -c "Compiling entry function" "$report" || true)
if [[ -n "$problems" ]]; then
    echo "$problems" >&2
    if [[ "${NETDYN_ALLOW_SPILLS:-0}" != 1 ]]; then
        echo "[netdyn kernels] a kernel file compiled alone spills or outgrows its documented stack (above; full report in $report): fix the kernel, or set NETDYN_ALLOW_SPILLS=1" >&2
        exit 1
    fi
    echo "[netdyn kernels] warning: separate-file findings allowed by NETDYN_ALLOW_SPILLS=1"
    exit 0
fi
touch "$stamp"
echo "[netdyn kernels] every kernels/*.cu alone: no spills, stacks as documented ($entries entry points × arch, ${archs[*]/#/sm_}; $((SECONDS - start)) s; $report)"
