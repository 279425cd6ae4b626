#!/usr/bin/env bash
# Atelier on a real Spark standalone cluster on 127.0.0.1, from the Spark module's own jars: a
# Master and two Workers (1 core each), a sweep of 2 configurations x 2 seeds during which one
# Worker is killed, then a batch prediction, then a tuning search during which another Worker is
# killed. Checks that every spec finished exactly once, that the histories equal the local
# runner's for the same specs, that the cluster's predictions equal single-process predict's, and
# that the search lost, retrained and counted twice no trial, each trial's epochs equal to the
# local runner's. Loopback only; bounded (about 8 minutes here).
# Usage: spark/cluster-check.sh [WORK_DIR]   (default: a new temporary folder, removed afterwards)
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="${1:-$(mktemp -d)}"
keep="${1:+yes}"
data=/usr/share/datasets/fashion-mnist
[ -d "$data" ] || { echo "cluster-check: needs Debian's dataset-fashion-mnist" >&2; exit 1; }
say() { printf 'cluster-check: %s\n' "$*" >&2; }
fail() { say "FAILED: $*"; exit 1; }

# Build (the launcher builds the Spark module when asked for it).
"$root/atelier" sweep --runner spark --dry-run --seeds 1 >/dev/null

# Spark's scripts are not needed: a SPARK_HOME whose jars/ are the module's own lib/.
export SPARK_HOME="$work/spark-home" SPARK_SCALA_VERSION=2.13 SPARK_LOCAL_IP=127.0.0.1
export JAVA_HOME="${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v java)")")")}"
mkdir -p "$SPARK_HOME" "$work/logs"
ln -sfn "$root/spark/target/lib" "$SPARK_HOME/jars"
cp="$root/spark/target/atelier-spark.jar:$root/spark/target/lib/*"
opens=(-XX:+IgnoreUnrecognizedVMOptions --add-opens=java.base/java.lang=ALL-UNNAMED
  --add-opens=java.base/java.lang.invoke=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED
  --add-opens=java.base/java.io=ALL-UNNAMED --add-opens=java.base/java.net=ALL-UNNAMED --add-opens=java.base/java.nio=ALL-UNNAMED
  --add-opens=java.base/java.util=ALL-UNNAMED --add-opens=java.base/java.util.concurrent=ALL-UNNAMED
  --add-opens=java.base/java.util.concurrent.atomic=ALL-UNNAMED --add-opens=java.base/jdk.internal.ref=ALL-UNNAMED
  --add-opens=java.base/sun.nio.ch=ALL-UNNAMED --add-opens=java.base/sun.nio.cs=ALL-UNNAMED
  --add-opens=java.base/sun.security.action=ALL-UNNAMED --add-opens=java.base/sun.util.calendar=ALL-UNNAMED)
port=$((20000 + RANDOM % 20000))
master="spark://127.0.0.1:$port"
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill -9 -- "-$pid" 2>/dev/null || true; done
  [ -n "$keep" ] || rm -rf "$work"
}
trap cleanup EXIT

# The daemons log at INFO (Atelier's own configuration keeps Spark to warnings), for the lines waited on below.
printf '%s\n' 'rootLogger.level = info' 'rootLogger.appenderRef.stderr.ref = console' 'appender.console.type = Console' \
  'appender.console.name = console' 'appender.console.layout.type = PatternLayout' 'appender.console.layout.pattern = %p %c{1} %m%n' \
  >"$work/daemons-log4j2.properties"
start() { # name, main class, arguments...
  local name="$1"; shift
  setsid java "${opens[@]}" -Xmx1g -Dlog4j2.configurationFile="$work/daemons-log4j2.properties" -cp "$cp" "$@" \
    >"$work/logs/$name.log" 2>&1 &
  pids+=($!)
  echo $!
}
# Waits (up to 2 minutes) until READY LOG EXECUTOR holds for one of the logs matching PATTERN, EXECUTOR
# being the one the worker with WORK_DIR runs; then kills that worker with its executor and prints
# the log's name without .log. Arguments: worker work dir, worker pid, READY, PATTERN.
kill_worker_when() {
  local executor log entries
  for _ in $(seq 1 600); do
    entries=("$1"/app-*/*) executor=""
    [ -e "${entries[0]}" ] && executor="$(basename "${entries[0]}")"
    if [ -n "$executor" ]; then
      for log in $4; do
        if [ -f "$log" ] && "$3" "$log" "$executor"; then
          kill -9 -- "-$2"
          basename "$log" .log
          return 0
        fi
      done
    fi
    sleep 0.2
  done
  return 1
}
start master org.apache.spark.deploy.master.Master --host 127.0.0.1 --port "$port" --webui-port 0 >/dev/null
for _ in $(seq 1 60); do grep -q "I have been elected leader" "$work/logs/master.log" 2>/dev/null && break; sleep 1; done
grep -q "I have been elected leader" "$work/logs/master.log" || fail "the master did not start (see $work/logs/master.log)"
worker1=$(start worker1 org.apache.spark.deploy.worker.Worker "$master" --host 127.0.0.1 --cores 1 --memory 3g \
  --webui-port 0 --work-dir "$work/worker1")
start worker2 org.apache.spark.deploy.worker.Worker "$master" --host 127.0.0.1 --cores 1 --memory 3g \
  --webui-port 0 --work-dir "$work/worker2" >/dev/null
for _ in $(seq 1 60); do [ "$(grep -c "Successfully registered with master" "$work"/logs/worker*.log | awk -F: '{s+=$2} END {print s}')" = 2 ] && break; sleep 1; done
say "master $master with 2 workers of 1 core"

grid=(--fix epochs=2 --fix train-limit=3000 --fix validation-limit=500 --fix "data=$data" --vary "lr=0.001,0.002" --seeds "1,2")
# The sweep on the cluster; worker 1 is killed (with its executor) once its first run has a checkpoint.
"$root/atelier" sweep "${grid[@]}" --out "$work/cluster" --runner spark --master "$master" --task-cpus 1 \
  --conf spark.executor.memory=2g >"$work/logs/sweep.log" 2>&1 &
sweep=$!
# A run trains on worker 1's executor and has a checkpoint.
sweep_ready() { grep -q "executor $2," "$1" && [ -f "$work/cluster/.partial/$(basename "$1" .log)/checkpoint.bin" ]; }
killed="$(kill_worker_when "$work/worker1" "$worker1" sweep_ready "$work/cluster/*.log")" \
  || fail "no run reached a checkpoint on the cluster (see $work/logs/sweep.log)"
say "killed worker 1 and its executor while $killed trained"
wait "$sweep" || fail "the sweep failed (see $work/logs/sweep.log)"

# Every spec finished exactly once.
specs=$(grep -c '"description"' "$work/cluster/sweep.json")
[ "$specs" = 4 ] || fail "sweep.json records $specs runs, not 4"
for dir in "$work"/cluster/*/; do
  id="$(basename "$dir")"
  [ -f "$dir/evaluation.json" ] || fail "$id is not finished"
  moved=$(grep -c "finished, moved into place" "$work/cluster/$id.log")
  [ "$moved" = 1 ] || fail "$id was moved into place $moved times"
done
[ -z "$(ls -A "$work/cluster/.partial" 2>/dev/null)" ] || fail "runs left in .partial: $(ls "$work/cluster/.partial")"
attempts=$(grep -c "task on" "$work/cluster/$killed.log")
[ "$attempts" -ge 2 ] || fail "$killed ran $attempts times; the killed attempt should have been retried"
say "every spec finished exactly once; $killed ran in $attempts attempts"

# The same specs with the local runner, 1 thread each as on the cluster: identical histories.
"$root/atelier" sweep "${grid[@]}" --out "$work/local" --parallel 2 >"$work/logs/local.log" 2>&1 || fail "the local sweep failed"
for dir in "$work"/cluster/*/; do
  id="$(basename "$dir")"
  cmp -s <(cut -d, -f1-6 "$dir/history.csv") <(cut -d, -f1-6 "$work/local/$id/history.csv") || fail "$id: history differs from the local runner's"
done
say "the cluster's histories equal the local runner's, spec for spec"

# Batch prediction on the cluster (one worker left) against single-process predict.
runs=("$work"/cluster/*/)
run="${runs[0]}"
mkdir -p "$work/images"
python3 - "$work/images" "$data" <<'PY'
import gzip, struct, sys, zlib
out, data = sys.argv[1], sys.argv[2]
raw = gzip.open(data + "/t10k-images-idx3-ubyte.gz").read()
def png(pix):
    rows = b"".join(b"\x00" + bytes(pix[y * 28:(y + 1) * 28]) for y in range(28))
    chunk = lambda t, d: struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
    return b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 28, 28, 8, 0, 0, 0, 0)) + chunk(b"IDAT", zlib.compress(rows)) + chunk(b"IEND", b"")
for i in range(200):
    open("%s/test-%05d.png" % (out, i), "wb").write(png(raw[16 + i * 784:16 + (i + 1) * 784]))
open(out + "/broken.png", "wb").write(b"not a picture")
PY
code=0
"$root/atelier" predict "$run" "$work/images" --runner spark --master "$master" --task-cpus 1 --output "$work/predicted" \
  --output-format csv --conf spark.executor.memory=2g >"$work/logs/predict.log" 2>&1 || code=$?
[ "$code" = 3 ] || fail "predict on the cluster exited with $code, not 3 (one unreadable image) (see $work/logs/predict.log)"
"$root/atelier" predict "$run" "$work/images" -o "$work/local-predictions.csv" --engine pytorch >/dev/null 2>&1 || true
python3 - "$work" <<'PY' || fail "the cluster's predictions differ from single-process predict's"
import csv, glob, sys
work = sys.argv[1]
local = {r["id"]: r for r in csv.DictReader(open(work + "/local-predictions.csv"))}
cluster = {}
for f in glob.glob(work + "/predicted/part-*.csv"):
    for r in csv.DictReader(open(f)):
        cluster[r["id"]] = r
assert len(cluster) == len(local) + 1, (len(cluster), len(local))
assert cluster["broken.png"]["error"], "the broken image has its error"
for id, r in local.items():
    c = cluster[id]
    for k in list(r):
        assert r[k] == c[k], (id, k, r[k], c[k])
print("%d predictions equal, 1 error row" % len(local), file=sys.stderr)
PY
say "batch prediction on the cluster equals single-process predict"

# A tuning search on the cluster, with a new worker 3; it is killed (with its executor) once a
# trial segment it trains has finished an epoch, so the segment's retry resumes mid-segment.
worker3=$(start worker3 org.apache.spark.deploy.worker.Worker "$master" --host 127.0.0.1 --cores 1 --memory 3g \
  --webui-port 0 --work-dir "$work/worker3")
for _ in $(seq 1 60); do grep -q "Successfully registered with master" "$work/logs/worker3.log" && break; sleep 1; done
printf '%s\n' "fixed: {model: baseline, train-limit: 3000, validation-limit: 500, data: '$data'}" \
  'search: {lr: {loguniform: [0.0005, 0.005]}}' >"$work/space.yaml"
search=(--trials 4 --max-epochs 4 --grace-epochs 2 --reduction-factor 2 --seed 5)
"$root/atelier" tune "$work/space.yaml" --out "$work/tune-cluster" "${search[@]}" --runner spark --master "$master" \
  --task-cpus 1 --conf spark.executor.memory=2g >"$work/logs/tune.log" 2>&1 &
tune=$!
# The last segment's task is on worker 3's executor and has finished an epoch since.
segment_trained() {
  tail -n +"$(grep -n 'task on' "$1" | tail -1 | cut -d: -f1)" "$1" | sed 1d | grep -q '^epoch ' \
    && grep 'task on' "$1" | tail -1 | grep -q "executor $2,"
}
killed="$(kill_worker_when "$work/worker3" "$worker3" segment_trained "$work/tune-cluster/trials/trial-*.log")" \
  || fail "no trial segment finished an epoch on worker 3 (see $work/logs/tune.log)"
segment="$(grep 'task on' "$work/tune-cluster/trials/$killed.log" | tail -1 | cut -d: -f1)"
say "killed worker 3 and its executor while $segment"
wait "$tune" || fail "the tuning search failed (see $work/logs/tune.log)"
attempts=$(grep -c "^$segment: task on" "$work/tune-cluster/trials/$killed.log")
[ "$attempts" -ge 2 ] || fail "$killed's segment ($segment) ran $attempts times; the killed attempt should have been retried"
# An epoch's line is written after its save: the retry resumed from the save, so no epoch is there twice.
twice="$(grep -o '^epoch [0-9]*/' "$work/tune-cluster/trials/$killed.log" | sort | uniq -d)"
[ -z "$twice" ] || fail "$killed trained ${twice%/} twice: the retry did not resume from the checkpoint"
python3 - "$work/tune-cluster" <<'PY' || fail "the search's events or trial folders are not consistent"
import collections, csv, json, sys
out = sys.argv[1]
events = [json.loads(line) for line in open(out + "/events.jsonl")]
started = collections.Counter(e["trial"] for e in events if e["event"] == "started")
assert sorted(started) == [1, 2, 3, 4] and set(started.values()) == {1}, started
rungs = [2, 4]  # epochs at each rung, as --grace-epochs 2 --max-epochs 4 --reduction-factor 2 give
recorded = collections.Counter((e["trial"], rungs[e["rung"]]) for e in events if e["event"] == "recorded")
assert set(recorded.values()) == {1}, recorded
furthest = {}
for trial, epochs in recorded:
    furthest[trial] = max(furthest.get(trial, 0), epochs)
for trial, epochs in furthest.items():
    rows = list(csv.DictReader(open("%s/trials/trial-%03d/history.csv" % (out, trial))))
    assert [int(r["epoch"]) for r in rows] == list(range(1, epochs + 1)), (trial, len(rows), epochs)
print("%d trials, %d rungs recorded, each once" % (len(started), len(recorded)), file=sys.stderr)
PY
say "$killed's segment ran in $attempts attempts, the retry from the killed one's save; no trial started, trained or recorded twice"
# The same search with the local runner, 1 thread a trial as on the cluster: each trial's epochs are
# the same numbers (which trials go on may differ, as segments may finish in another order).
"$root/atelier" tune "$work/space.yaml" --out "$work/tune-local" "${search[@]}" --parallel 2 >"$work/logs/tune-local.log" 2>&1 \
  || fail "the local tuning search failed"
for history in "$work"/tune-cluster/trials/trial-*/history.csv; do
  trial="$(basename "$(dirname "$history")")"
  rows=$(($(wc -l <"$history") < $(wc -l <"$work/tune-local/trials/$trial/history.csv") ? $(wc -l <"$history") \
    : $(wc -l <"$work/tune-local/trials/$trial/history.csv")))
  cmp -s <(head -n "$rows" "$history" | cut -d, -f1-6) <(head -n "$rows" "$work/tune-local/trials/$trial/history.csv" | cut -d, -f1-6) \
    || fail "$trial: epochs differ from the local runner's"
done
say "each trial's epochs on the cluster equal the local runner's"
say "PASSED"
