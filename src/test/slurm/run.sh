#!/usr/bin/env bash
# A netdyn sweep as a job array on a real, local, single-node Slurm (Debian: slurm-wlm + munge).
#
#   src/test/slurm/run.sh [JAR]        (JAR defaults to target/netdyn.jar)
#
# As root on Debian it installs slurm-wlm and munge when missing, writes a private single-node
# slurm.conf (this host, its CPUs and memory, one partition, proctrack/linuxproc, task/none,
# select/cons_tres, no accounting) under a temporary directory, starts munged (unless running),
# slurmctld and slurmd on ports of their own, then: `netdyn slurm` for an 8-cell sweep in 4
# shards, submit.sh, `scontrol requeue` of one task while it runs, waits for the merge job, and
# checks the merged results.csv (and fixedpoints.csv) against the unsharded run, byte for byte.
# The daemons it started are stopped at the end. Where Slurm cannot be installed or started here
# it prints one line, "slurm check skipped: <reason>", and exits 0; a failed check exits 1.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../../.." && pwd)
JAR=$(readlink -f "${1:-$ROOT/target/netdyn.jar}")
cd "$ROOT"
T0=$(date +%s)
skip() { echo "slurm check skipped: $*"; exit 0; }
fail() { echo "slurm check FAILED: $*" >&2; [ -n "${W:-}" ] && tail -n 20 "$W"/*.log "$W"/scripts/logs/*.log >&2 2>/dev/null; exit 1; }

[ "$(id -u)" = 0 ] || skip "not root (the daemons run as root here)"
[ -r /etc/debian_version ] || skip "not Debian (installs slurm-wlm with apt-get)"
[ -f "$JAR" ] || skip "no jar at $JAR (build it first: mvn -B -q package -DskipTests)"
command -v java >/dev/null || skip "no java on PATH"
if ! command -v slurmctld >/dev/null || ! command -v slurmd >/dev/null || ! command -v munged >/dev/null; then
    { DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1 \
      || { apt-get update -qq >/dev/null 2>&1 && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq slurm-wlm munge >/dev/null 2>&1; }; } \
      || skip "apt-get could not install slurm-wlm and munge"
fi

W=$(mktemp -d /tmp/netdyn-slurm.XXXXXX)
mkdir -p "$W/state" "$W/spool"
STARTED_MUNGE=""
cleanup() {
    local pids=""
    for f in "$W/slurmd.pid" "$W/slurmctld.pid"; do [ -f "$f" ] && pids="$pids $(cat "$f")"; done
    [ -n "$STARTED_MUNGE" ] && [ -f /run/munge/munged.pid ] && pids="$pids $(cat /run/munge/munged.pid)"
    for p in $pids; do kill "$p" 2>/dev/null; done          # SIGTERM: each daemon shuts down
    for _ in $(seq 40); do
        alive=""; for p in $pids; do kill -0 "$p" 2>/dev/null && alive=1; done
        [ -z "$alive" ] && break; sleep 0.25
    done
    for p in $pids; do kill -9 "$p" 2>/dev/null; done
    rm -rf "$W"
}
trap cleanup EXIT

# munge: a key (created by the package; else here) and the daemon
if [ ! -s /etc/munge/munge.key ]; then
    { command -v mungekey >/dev/null && mungekey --create --force >/dev/null 2>&1; } \
      || dd if=/dev/urandom of=/etc/munge/munge.key bs=1024 count=1 2>/dev/null
    chown munge: /etc/munge/munge.key 2>/dev/null; chmod 400 /etc/munge/munge.key
fi
if ! munge -n </dev/null >/dev/null 2>&1; then
    mkdir -p /run/munge /var/log/munge /var/lib/munge && chown munge: /run/munge /var/log/munge /var/lib/munge 2>/dev/null
    runuser -u munge -- /usr/sbin/munged >/dev/null 2>&1 || /usr/sbin/munged --force >/dev/null 2>&1 || skip "munged does not start"
    STARTED_MUNGE=1
    for _ in $(seq 20); do munge -n </dev/null >/dev/null 2>&1 && break; sleep 0.25; done
    munge -n </dev/null >/dev/null 2>&1 || skip "munged started but does not answer"
fi

HOST=$(hostname -s)
NODE=$(slurmd -C 2>/dev/null | head -1)          # NodeName=HOST CPUs=.. Boards=.. ... RealMemory=..
[ -n "$NODE" ] || skip "slurmd -C failed"
CPUS=$(echo "$NODE" | sed -n 's/.*CPUs=\([0-9]*\).*/\1/p')
export SLURM_CONF="$W/slurm.conf"
cat > "$SLURM_CONF" <<CONF
ClusterName=netdyn-check
SlurmctldHost=$HOST(127.0.0.1)
SlurmctldPort=16817
SlurmdPort=16818
SlurmUser=root
SlurmdUser=root
AuthType=auth/munge
StateSaveLocation=$W/state
SlurmdSpoolDir=$W/spool
SlurmctldPidFile=$W/slurmctld.pid
SlurmdPidFile=$W/slurmd.pid
SlurmctldLogFile=$W/slurmctld.log
SlurmdLogFile=$W/slurmd.log
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
JobAcctGatherType=jobacct_gather/none
AccountingStorageType=accounting_storage/none
MpiDefault=none
ReturnToService=2
JobRequeue=1
SchedulerType=sched/backfill
$NODE NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=check Nodes=$HOST Default=YES MaxTime=INFINITE State=UP
CONF
for port in 16817 16818; do
    (exec 3<>/dev/tcp/127.0.0.1/$port) 2>/dev/null && skip "port $port is in use (another Slurm running here?)"
done
slurmctld -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmctld does not start ($(tail -n 1 "$W/slurmctld.log" 2>/dev/null))"
slurmd -f "$SLURM_CONF" >/dev/null 2>&1 || skip "slurmd does not start ($(tail -n 1 "$W/slurmd.log" 2>/dev/null))"
for _ in $(seq 60); do
    state=$(sinfo -h -o %T 2>/dev/null | head -1)
    [ "$state" = idle ] && break
    sleep 0.5
done
for f in "$W/slurmctld.pid" "$W/slurmd.pid"; do
    [ -f "$f" ] && kill -0 "$(cat "$f")" 2>/dev/null || skip "$(basename "$f" .pid) exited: $(tail -n 1 "$W/$(basename "$f" .pid).log" 2>/dev/null)"
done
[ "$state" = idle ] || skip "the node did not come up (state '${state:-none}'): $(tail -n 1 "$W/slurmd.log" 2>/dev/null)"
echo "slurm: $(sinfo -V 2>/dev/null) up on $HOST ($CPUS CPUs), $(( $(date +%s) - T0 )) s"

# the sweep: 2 widths x 2 dists x 2 activations = 8 cells, 4 shards of about 2 cells each
SWEEP=(--widths 8,12 --dist gaussian:1,cauchy:1 --activation tanh,erf --depths 1:8 --networks 12
       --measures propagation,fixedpoints --starts 8 --max-iter 200 --backend cpu --seed 5)
java -jar "$JAR" slurm "${SWEEP[@]}" --shards 4 --cpus-per-task 1 --mem 1G --time 0:10:00 --partition check \
    --out "$W/big" --script-dir "$W/scripts" --jar "$JAR" >/dev/null || fail "netdyn slurm"
bash "$W/scripts/submit.sh" || fail "submit.sh"
read -r ARRAY MERGE < "$W/scripts/jobs.txt"

# requeue task 2 while it runs (once it has checkpointed a cell, if it gets that far)
K=2
for _ in $(seq 600); do
    st=$(squeue -h -j "${ARRAY}_$K" -o %T 2>/dev/null | head -1)
    if [ "$st" = RUNNING ]; then
        ls "$W/big/shard-$K/.netdyn-checkpoint"/cell-* >/dev/null 2>&1 && break
    fi
    [ -f "$W/big/shard-$K/results.csv" ] && break
    sleep 0.1
done
[ -f "$W/big/shard-$K/results.csv" ] && fail "task $K finished before it could be requeued (make the sweep bigger)"
scontrol requeue "${ARRAY}_$K" || fail "scontrol requeue ${ARRAY}_$K"
# Slurm holds a requeued job for about two minutes (reason BeginTime); release it now
for _ in $(seq 20); do
    [ "$(squeue -h -j "${ARRAY}_$K" -o %r 2>/dev/null | head -1)" = BeginTime ] && break; sleep 0.25
done
scontrol update JobId="${ARRAY}_$K" StartTime=now >/dev/null 2>&1 || true
echo "slurm: requeued task ${ARRAY}_$K while running, $(( $(date +%s) - T0 )) s"

# wait for the merge job to leave the queue (no accounting here: its files say how it went)
for _ in $(seq 1200); do
    [ -z "$(squeue -h -j "$MERGE" 2>/dev/null)" ] && break
    sleep 0.25
done
[ -z "$(squeue -h -j "$MERGE" 2>/dev/null)" ] || fail "the merge job is still queued after 300 s: $(squeue -h 2>&1 | head -5)"
[ -f "$W/big/results.csv" ] || fail "no merged results.csv"
echo "slurm: merge job done, $(( $(date +%s) - T0 )) s"
grep -q "restart 1" "$W/scripts/logs/shard-$K.log" || fail "task $K did not run again after the requeue"

java -jar "$JAR" sweep "${SWEEP[@]}" --threads 2 --report false --out "$W/whole" >/dev/null 2>&1 || fail "the unsharded run"
for f in results.csv fixedpoints.csv; do
    cmp -s "$W/whole/$f" "$W/big/$f" || fail "merged $f differs from the unsharded run's"
done
reused=$(grep -o "reusing [0-9]* of [0-9]* cells" "$W/scripts/logs/shard-$K.log" | head -1)
echo "slurm check: ok: 4 shards as array job $ARRAY, task $K requeued (${reused:-no cell checkpointed before the requeue}), merge job $MERGE after afterok; merged results.csv and fixedpoints.csv equal the unsharded run's byte for byte; $(( $(date +%s) - T0 )) s"
