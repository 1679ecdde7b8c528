#!/usr/bin/env bash
# bin/netdyn against java -jar (the jar must be built: mvn -B -q package -DskipTests):
#
#   src/test/launcher/run.sh
#
# In a fresh NETDYN_CACHE_DIR (a temporary folder): the first run makes the class-data archive
# and prints what java -jar prints (info: stdout and stderr; a small sweep: stderr and a
# byte-identical results.csv); the next runs use it (the JVM, asked with
# -XX:+PrintSharedArchiveAndExit, names it as its dynamic archive and finds it valid; and
# NETDYN_CDS=path prints it); NETDYN_CDS=off gives the same results without touching the cache;
# a stale archive (the jar touched: a new key), another jar's archive under the current key, a
# damaged one (garbage in its header) and one cut short change nothing in the output; exit codes
# and messages pass through (a bad option: exit 2); a cache folder that cannot be made still
# runs; no jar, or no java: exit 2 and one line; four concurrent first runs leave one archive
# and no lock. Prints "launcher check: ok (N s; ...)" or the first failed check (exit 1).
# About 20 s on 2 cores.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
cd "$ROOT"
T0=$(date +%s)
L=$ROOT/bin/netdyn
JAR=$ROOT/target/netdyn.jar
[ -f "$JAR" ] || { echo "launcher check FAILED: no jar at $JAR (build it first: mvn -B -q package -DskipTests)" >&2; exit 1; }
T=$(mktemp -d /tmp/netdyn-launcher.XXXXXX)
trap 'chmod -R u+w "$T" 2> /dev/null; rm -rf "$T"' EXIT
fail() { echo "launcher check FAILED: $*" >&2; exit 1; }
export NETDYN_CACHE_DIR=$T/cache
unset NETDYN_JAR NETDYN_CDS JAVA_TOOL_OPTIONS JDK_JAVA_OPTIONS 2> /dev/null || true
SWEEP=(sweep --widths 4 --depths 1:2 --networks 2 --report false)

archives() { find "$1" -maxdepth 1 -name 'cds-*.jsa' 2> /dev/null | sort; }
# the archive the launcher passes to the JVM must be the one in the cache, and valid for this jar
uses_archive() {   # DIR [env...]: the JVM run by bin/netdyn maps a valid dynamic archive from DIR
    local dir=$1 out rc=0; shift
    out=$(env "$@" JAVA_TOOL_OPTIONS=-XX:+PrintSharedArchiveAndExit "$L" info 2> /dev/null) || rc=$?
    [ "$rc" = 0 ] || return 1
    grep -q "^Dynamic archive name: $dir/cds-[0-9a-f]*-[0-9]*\.jsa$" <<< "$out" || return 1
    grep -q " io\.netdyn\.cli\.Main app_loader$" <<< "$out" || return 1
    grep -q "^archive is valid$" <<< "$out"
}

# 1. first run: makes the archive; info prints exactly what java -jar prints
java -jar "$JAR" info > "$T/info.jar.out" 2> "$T/info.jar.err"
t1=$(date +%s%N)
"$L" info > "$T/info.l1.out" 2> "$T/info.l1.err"
t1=$(( ($(date +%s%N) - t1) / 1000000 ))
cmp -s "$T/info.jar.out" "$T/info.l1.out" || fail "first run: info stdout differs from java -jar's"
cmp -s "$T/info.jar.err" "$T/info.l1.err" || fail "first run: info stderr differs from java -jar's"
[ "$(archives "$T/cache" | wc -l)" = 1 ] || fail "first run made no archive in $T/cache"
uses_archive "$T/cache" || fail "the archive is not used (or not valid) on the next run"
[ -z "$(find "$T/cache" -name '.cds-*')" ] || fail "a lock was left in the cache"
[ "$(NETDYN_CDS=path "$L")" = "$(archives "$T/cache")" ] || fail "NETDYN_CDS=path does not print the archive"

# 2. a small sweep: the same stderr and results.csv as java -jar, with and without the archive
java -jar "$JAR" "${SWEEP[@]}" --out "$T/s-jar" > /dev/null 2> "$T/s-jar.err"
"$L" "${SWEEP[@]}" --out "$T/s-l" > /dev/null 2> "$T/s-l.err"
NETDYN_CDS=off NETDYN_CACHE_DIR=$T/off-cache "$L" "${SWEEP[@]}" --out "$T/s-off" > /dev/null 2> "$T/s-off.err"
for v in l off; do
    cmp -s "$T/s-jar/results.csv" "$T/s-$v/results.csv" || fail "sweep ($v): results.csv differs from java -jar's"
    cmp -s "$T/s-jar.err" "$T/s-$v.err" || fail "sweep ($v): stderr differs from java -jar's"
done
[ ! -e "$T/off-cache" ] || fail "NETDYN_CDS=off touched the cache"

# 3. exit codes and messages pass through: a bad option (2), --help (0)
rc=0; java -jar "$JAR" sweep --networks 0x > "$T/bad.jar.out" 2> "$T/bad.jar.err" || rc=$?
[ "$rc" = 2 ] || fail "java -jar with a bad option exits $rc, not 2 (the test's premise)"
rc=0; "$L" sweep --networks 0x > "$T/bad.l.out" 2> "$T/bad.l.err" || rc=$?
[ "$rc" = 2 ] || fail "a bad option: exit $rc, not 2"
cmp -s "$T/bad.jar.out" "$T/bad.l.out" && cmp -s "$T/bad.jar.err" "$T/bad.l.err" \
    || fail "a bad option: output differs from java -jar's"
[ "$(wc -l < "$T/bad.l.err")" = 1 ] || fail "a bad option: not one line on stderr"
java -jar "$JAR" sweep --help > "$T/help.jar" && "$L" sweep --help > "$T/help.l" && cmp -s "$T/help.jar" "$T/help.l" \
    || fail "sweep --help: output or exit code differs"
printf 'x' | "$L" info > /dev/null || fail "info with stdin from a pipe failed"

# 4. stale and damaged archives: nothing extra printed, the run succeeds, the results are the same
cp -p "$JAR" "$T/copy.jar"
C=$T/cache2
NETDYN_JAR=$T/copy.jar NETDYN_CACHE_DIR=$C "$L" info > "$T/c1.out" 2> "$T/c1.err" || fail "copy: first run failed"
cmp -s "$T/info.jar.out" "$T/c1.out" && cmp -s "$T/info.jar.err" "$T/c1.err" || fail "copy: info output differs"
first=$(archives "$C")
[ -n "$first" ] || fail "copy: no archive made"
touch -d '2001-01-01 00:00:00' "$T/copy.jar"       # a new key: the first archive no longer fits the jar
NETDYN_JAR=$T/copy.jar NETDYN_CACHE_DIR=$C "$L" "${SWEEP[@]}" --out "$T/s-touch" > /dev/null 2> "$T/s-touch.err" \
    || fail "after touching the jar: the run failed"
cmp -s "$T/s-jar/results.csv" "$T/s-touch/results.csv" && cmp -s "$T/s-jar.err" "$T/s-touch.err" \
    || fail "after touching the jar: output differs"
[ "$(archives "$C" | wc -l)" = 2 ] || fail "after touching the jar: no second archive (a new key)"
second=$(archives "$C" | grep -vxF "$first")
uses_archive "$C" NETDYN_JAR="$T/copy.jar" NETDYN_CACHE_DIR="$C" || fail "after touching the jar: the new archive is not used"
#    the first archive (made for the jar before the touch) under the current key: the JVM rejects it, silently
hash=${second##*/cds-}; hash=${hash%-*}
rm -f "$second"
cp "$first" "$C/cds-$hash-$(stat -c %s "$first").jsa"
! uses_archive "$C" NETDYN_JAR="$T/copy.jar" NETDYN_CACHE_DIR="$C" || fail "the premise: a mismatched archive is valid"
NETDYN_JAR=$T/copy.jar NETDYN_CACHE_DIR=$C "$L" info > "$T/mm.out" 2> "$T/mm.err" || fail "a mismatched archive: the run failed"
cmp -s "$T/info.jar.out" "$T/mm.out" && cmp -s "$T/info.jar.err" "$T/mm.err" || fail "a mismatched archive: output differs"
#    garbage in the header of the current archive
a=$(archives "$T/cache")
chmod u+w "$a"
printf 'not an archive, garbage' | dd of="$a" bs=1 seek=0 conv=notrunc 2> /dev/null
"$L" info > "$T/g.out" 2> "$T/g.err" || fail "a damaged archive: the run failed"
cmp -s "$T/info.jar.out" "$T/g.out" && cmp -s "$T/info.jar.err" "$T/g.err" || fail "a damaged archive: output differs"
#    cut short (the JVM would crash on it): not used, made again
truncate -s 100000 "$a"
"$L" "${SWEEP[@]}" --out "$T/s-cut" > /dev/null 2> "$T/s-cut.err" || fail "a cut archive: the run failed"
cmp -s "$T/s-jar/results.csv" "$T/s-cut/results.csv" && cmp -s "$T/s-jar.err" "$T/s-cut.err" \
    || fail "a cut archive: output differs"
uses_archive "$T/cache" || fail "a cut archive was not made again"
ls "$T"/hs_err_pid* "$ROOT"/hs_err_pid* > /dev/null 2>&1 && fail "a JVM crashed (hs_err_pid*.log)"

# 5. a cache folder that cannot be made (under a file), or not written (unless root): runs without
: > "$T/file"
NETDYN_CACHE_DIR=$T/file/cache "$L" "${SWEEP[@]}" --out "$T/s-nocache" > /dev/null 2> "$T/s-nocache.err" \
    || fail "no cache folder: the run failed"
cmp -s "$T/s-jar/results.csv" "$T/s-nocache/results.csv" && cmp -s "$T/s-jar.err" "$T/s-nocache.err" \
    || fail "no cache folder: output differs"
if [ "$(id -u)" != 0 ]; then
    mkdir "$T/ro" && chmod 555 "$T/ro"
    NETDYN_CACHE_DIR=$T/ro "$L" info > "$T/ro.out" 2> "$T/ro.err" || fail "read-only cache: the run failed"
    cmp -s "$T/info.jar.out" "$T/ro.out" && cmp -s "$T/info.jar.err" "$T/ro.err" || fail "read-only cache: output differs"
fi

# 6. no jar, no java: exit 2, one line on stderr, nothing on stdout
rc=0; NETDYN_JAR=$T/none.jar "$L" info > "$T/nojar.out" 2> "$T/nojar.err" || rc=$?
[ "$rc" = 2 ] && [ ! -s "$T/nojar.out" ] && [ "$(wc -l < "$T/nojar.err")" = 1 ] && grep -q "$T/none.jar" "$T/nojar.err" \
    && grep -q "mvn -B -q package -DskipTests" "$T/nojar.err" || fail "no jar: exit $rc, stderr: $(cat "$T/nojar.err")"
rc=0; env -u JAVA_HOME PATH="$T/nowhere" "$BASH" "$L" info > "$T/nojava.out" 2> "$T/nojava.err" || rc=$?
[ "$rc" = 2 ] && [ ! -s "$T/nojava.out" ] && [ "$(wc -l < "$T/nojava.err")" = 1 ] \
    || fail "no java: exit $rc, stderr: $(cat "$T/nojava.err")"

# 7. concurrent first runs: all succeed with the same results, one archive, no lock or temporary file left
for i in 1 2 3 4; do
    NETDYN_CACHE_DIR=$T/cache3 "$L" "${SWEEP[@]}" --out "$T/s-par$i" > /dev/null 2> "$T/s-par$i.err" &
done
for i in 1 2 3 4; do wait -n || fail "a concurrent first run failed"; done
for i in 1 2 3 4; do
    cmp -s "$T/s-jar/results.csv" "$T/s-par$i/results.csv" && cmp -s "$T/s-jar.err" "$T/s-par$i.err" \
        || fail "concurrent run $i: output differs"
done
[ "$(archives "$T/cache3" | wc -l)" = 1 ] && [ -z "$(find "$T/cache3" -name '.cds-*')" ] \
    || fail "concurrent first runs: $(ls -A "$T/cache3" | tr '\n' ' ')"
uses_archive "$T/cache3" NETDYN_CACHE_DIR="$T/cache3" || fail "concurrent first runs: the archive is not used"

echo "launcher check: ok ($(( $(date +%s) - T0 )) s; the first run, archive made: $t1 ms)"
