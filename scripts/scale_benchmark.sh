#!/usr/bin/env bash
# Scale benchmark of the PostgreSQL work queue (docs/scaling.md): resource-months per second with W worker
# processes (`gridsettle work`), peak RSS per worker (/usr/bin/time -v), plan and reduce times, and the database
# bytes per unit, for N resources of 5-minute data (`gridsettle generate --resources`). Release build.
#
#   scripts/scale_benchmark.sh                         # N = 1000 and 10000, W = 1 and 2
#   COUNTS="1000 2000 5000" WORKERS="2" scripts/scale_benchmark.sh
#
# Environment (defaults in brackets):
#   COUNTS     resource counts to run                     ["1000 10000"]
#   WORKERS    worker-process counts to run for each N    ["1 2"]
#   BASE       distinct datasets to generate              [1000]
#              Counts above BASE are made of clones of the generated datasets: each clone is a dataset directory of its
#              own with its own resource id (rewritten in site.json and the small CSVs) whose large files (readings.csv,
#              prices.csv, tariff.json) are symlinks to the original's; settling a clone is the same work as settling the
#              original. BASE=10000 generates every dataset instead (about 23 min, 25 GB of disk, 6 GB of memory here).
#   DATA       working directory for datasets and logs    [/tmp/gridsettle-scale]
#   ADMIN_URL  PostgreSQL URL of a role that may CREATE DATABASE
#                                                          [postgres://gridsettle:gridsettle@127.0.0.1:5432/postgres]
#   SCRATCH    SwiftPM scratch path of the release build   [.build]
#   GRIDSETTLE the binary to use                           [$SCRATCH/release/gridsettle, built if missing]
#   KEEP_DB=1  keep each run's database (dropped by default)
#   QUEUE_UNITS=N  also measure the queue alone: N units whose dataset does not exist (each fails at once, so
#              the run is claim + attempt + mark + commit only), worked by the largest of WORKERS; prints units/s
#              in the first and the second half of the run, to show whether claiming slows as done units pile up
#
# Needs: psql (the PostgreSQL client), python3 (to clone datasets), GNU time at /usr/bin/time.
# Output: a table on standard output and $DATA/results.tsv; per-run logs under $DATA/logs.
set -euo pipefail
cd "$(dirname "$0")/.."

COUNTS=${COUNTS:-"1000 10000"}
WORKERS=${WORKERS:-"1 2"}
BASE=${BASE:-1000}
DATA=${DATA:-/tmp/gridsettle-scale}
ADMIN_URL=${ADMIN_URL:-postgres://gridsettle:gridsettle@127.0.0.1:5432/postgres}
SCRATCH=${SCRATCH:-.build}
GRIDSETTLE=${GRIDSETTLE:-$SCRATCH/release/gridsettle}

if [ ! -x "$GRIDSETTLE" ]; then
    swift build -c release --scratch-path "$SCRATCH" --product gridsettle
fi
GRIDSETTLE=$(readlink -f "$GRIDSETTLE")
mkdir -p "$DATA/logs"
now() { date +%s.%N; }
elapsed() { python3 -c "import sys; print(f'{float(sys.argv[2]) - float(sys.argv[1]):.2f}')" "$1" "$2"; }
max_count=0
for n in $COUNTS; do [ "$n" -gt "$max_count" ] && max_count=$n; done

# 1. the distinct datasets
if [ ! -f "$DATA/base/.complete-$BASE" ]; then
    rm -rf "$DATA/base"
    echo "generating $BASE resource-months (5-minute data) under $DATA/base …" >&2
    t0=$(now)
    /usr/bin/time -v -o "$DATA/logs/generate.time" "$GRIDSETTLE" generate --resources "$BASE" --out "$DATA/base" > /dev/null 2> "$DATA/logs/generate.err"
    t1=$(now)
    echo "generated $BASE in $(elapsed "$t0" "$t1") s, peak RSS $(awk -F': ' '/Maximum resident/ {printf "%.0f MiB", $2/1024}' "$DATA/logs/generate.time")" >&2
    touch "$DATA/base/.complete-$BASE"
fi

# 2. the pool: pool/resource-00001 … one directory per resource (generated ones linked, the rest cloned)
if [ "$(ls "$DATA/pool" 2>/dev/null | wc -l)" -lt "$max_count" ]; then
    echo "preparing $max_count dataset directories under $DATA/pool …" >&2
    t0=$(now)
    python3 - "$DATA/base" "$DATA/pool" "$max_count" <<'PY'
import json, os, sys
base, pool, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
originals = sorted(d for d in os.listdir(base) if d.startswith("resource-"))
shared = {"readings.csv", "prices.csv", "tariff.json"}  # large, and free of the resource id
os.makedirs(pool, exist_ok=True)
for i in range(count):
    dst = os.path.join(pool, f"resource-{i + 1:05d}")
    if os.path.exists(dst):
        continue
    src = os.path.join(base, originals[i % len(originals)])
    copy = i // len(originals)
    if copy == 0:
        os.symlink(src, dst)
        continue
    os.makedirs(dst)
    rid = json.load(open(os.path.join(src, "site.json")))["resource"]["id"]
    new = f"{rid}_c{copy:03d}"
    for name in os.listdir(src):
        if name in shared:
            os.symlink(os.path.join(src, name), os.path.join(dst, name))
        else:
            text = open(os.path.join(src, name), encoding="utf-8").read()
            # the id is a JSON string or a CSV field: followed by a quote, a comma or a line end
            for end in ('"', ",", "\n"):
                text = text.replace(rid + end, new + end)
            open(os.path.join(dst, name), "w", encoding="utf-8").write(text)
PY
    t1=$(now)
    echo "prepared in $(elapsed "$t0" "$t1") s" >&2
fi

psql_admin() { psql "$ADMIN_URL" -v ON_ERROR_STOP=1 -qAt "$@"; }
db_url() { python3 -c "import sys, urllib.parse as u; p = u.urlsplit(sys.argv[1]); print(u.urlunsplit(p._replace(path='/' + sys.argv[2])))" "$ADMIN_URL" "$1"; }

printf 'resources\tworkers\twall_s\tresource_months_per_s\tunits_per_worker\tpeak_rss_mib_per_worker\tworker_cpu_s\tpostgres_cpu_s\tplan_s\treduce_s\tdb_mib\tresult_bytes_per_unit\tbalanced\n' > "$DATA/results.tsv"

# 3. the runs
for n in $COUNTS; do
    for w in $WORKERS; do
        name="gridsettle_scale_${n}_${w}_$$"
        log="$DATA/logs/n${n}-w${w}"
        mkdir -p "$log"
        psql_admin -c "CREATE DATABASE $name"
        url=$(db_url "$name")
        t0=$(now)
        find "$DATA/pool" -maxdepth 1 -name 'resource-*' | sort | awk -v n="$n" 'NR <= n' \
            | xargs "$GRIDSETTLE" plan --db "$url" --job scale > "$log/plan.out"
        t1=$(now)
        plan_s=$(elapsed "$t0" "$t1")
        cpu0=$(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat)
        # PostgreSQL's CPU for this run: its backends name the database in their process title
        (while :; do ps -C postgres -o pid=,times=,args= | grep -F " $name " || true; echo "--"; sleep 1; done) > "$log/pg-cpu.samples" &
        sampler=$!
        t0=$(now)
        pids=()
        for k in $(seq 1 "$w"); do
            /usr/bin/time -v -o "$log/worker$k.time" "$GRIDSETTLE" work --db "$url" --job scale --worker-id "w$k" --quiet \
                > "$log/worker$k.out" 2> "$log/worker$k.err" &
            pids+=($!)
            # resident memory over time (the worker is the child of /usr/bin/time): seconds since start, KiB
            (tpid=$!; start=$(date +%s); while kill -0 "$tpid" 2>/dev/null; do
                c=$(pgrep -P "$tpid" | head -n 1 || true)
                [ -n "$c" ] && echo "$(( $(date +%s) - start )) $(ps -o rss= -p "$c" 2>/dev/null || true)"
                sleep 10
            done) > "$log/worker$k.rss" &
        done
        for p in "${pids[@]}"; do wait "$p"; done
        t1=$(now)
        cpu1=$(awk '/^cpu / {print $2+$3+$4+$7+$8}' /proc/stat)
        kill "$sampler" 2>/dev/null || true
        wait "$sampler" 2>/dev/null || true
        pg_cpu=$(awk '$1 != "--" { if ($2 > m[$1]) m[$1] = $2 } END { s = 0; for (p in m) s += m[p]; printf "%.1f", s }' "$log/pg-cpu.samples")
        wall=$(elapsed "$t0" "$t1")
        t0=$(now)
        status=0
        "$GRIDSETTLE" reduce --db "$url" --job scale --require-complete --csv "$log/reduce.csv" > "$log/reduce.out" || status=$?
        t1=$(now)
        reduce_s=$(elapsed "$t0" "$t1")
        balanced=$([ "$status" -eq 0 ] && echo yes || echo "NO (exit $status)")
        # RSS trend of worker 1 (MiB): at 1 minute, half-way, and the last sample
        trend=$(awk 'NF == 2 && $2 != "" {t[++n] = $1; r[n] = $2} END {
            if (n == 0) { print "n/a"; exit }
            i = 1; while (i < n && t[i] < 60) i++
            m = int((n + 1) / 2); if (m < i) m = i
            printf "%.1f@%ss %.1f@%ss %.1f@%ss", r[i]/1024, t[i], r[m]/1024, t[m], r[n]/1024, t[n] }' "$log/worker1.rss")
        units=$(for k in $(seq 1 "$w"); do sed -n 's/.*job scale: \([0-9]*\) unit(s).*/\1/p' "$log/worker$k.out"; done | paste -sd/)
        rss=$(for k in $(seq 1 "$w"); do awk -F': ' '/Maximum resident/ {printf "%.1f\n", $2/1024}' "$log/worker$k.time"; done | paste -sd/)
        cpu=$(for k in $(seq 1 "$w"); do awk -F': ' '/User time/ {u=$2} /System time/ {s=$2} END {printf "%.1f\n", u+s}' "$log/worker$k.time"; done | paste -sd/)
        read -r db_bytes result_bytes < <(psql "$url" -qAt -F ' ' -c "SELECT pg_database_size(current_database()),
            pg_total_relation_size('unit_result') + pg_total_relation_size('unit_total') + pg_total_relation_size('work_unit')
              + pg_total_relation_size('work_attempt') + coalesce(pg_total_relation_size(to_regclass('unit_series')), 0)")
        rate=$(python3 -c "print(f'{$n / $wall:.2f}')")
        per_unit=$(python3 -c "print(round($result_bytes / $n))")
        db_mib=$(python3 -c "print(f'{$db_bytes / 1048576:.1f}')")
        busy=$(python3 -c "import os; print(f'{($cpu1 - $cpu0) / os.sysconf(\"SC_CLK_TCK\"):.1f}')")
        echo "N=$n W=$w: $wall s, $rate resource-months/s, units $units, peak RSS $rss MiB (worker 1 RSS over time: $trend), worker CPU $cpu s, PostgreSQL backends $pg_cpu CPU-s (machine busy $busy CPU-s), plan $plan_s s, reduce $reduce_s s, db $db_mib MiB, $per_unit B/unit, balanced $balanced" >&2
        printf '%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\n' "$n" "$w" "$wall" "$rate" "$units" "$rss" "$cpu" "$pg_cpu" "$plan_s" "$reduce_s" "$db_mib" "$per_unit" "$balanced" >> "$DATA/results.tsv"
        [ "${KEEP_DB:-0}" = 1 ] || psql_admin -c "DROP DATABASE $name WITH (FORCE)"
    done
done

# 4. the queue alone (optional)
if [ -n "${QUEUE_UNITS:-}" ]; then
    w=0
    for x in $WORKERS; do [ "$x" -gt "$w" ] && w=$x; done
    name="gridsettle_queue_${QUEUE_UNITS}_$$"
    log="$DATA/logs/queue-${QUEUE_UNITS}-w${w}"
    mkdir -p "$log"
    psql_admin -c "CREATE DATABASE $name"
    url=$(db_url "$name")
    "$GRIDSETTLE" plan --db "$url" --job queue "$(find "$DATA/pool" -maxdepth 1 -name 'resource-*' | sort | awk 'NR == 1')" > /dev/null
    psql "$url" -v ON_ERROR_STOP=1 -qAt -c "DELETE FROM work_unit; INSERT INTO work_unit (job_id, unit_key, resource_id, period_start, period_end, input_location)
        SELECT 1, 'Q' || i || '@2016-11-01/2016-12-01', 'Q' || i, '2016-11-01', '2016-12-01', '/nonexistent/q' || i
        FROM generate_series(1, $QUEUE_UNITS) AS i; ANALYZE work_unit"
    (while :; do ps -C postgres -o pid=,times=,args= | grep -F " $name " || true; echo "--"; sleep 1; done) > "$log/pg-cpu.samples" &
    sampler=$!
    t0=$(now)
    pids=()
    for k in $(seq 1 "$w"); do
        "$GRIDSETTLE" work --db "$url" --job queue --worker-id "q$k" --quiet > "$log/worker$k.out" 2> /dev/null &
        pids+=($!)
    done
    for p in "${pids[@]}"; do wait "$p"; done
    t1=$(now)
    kill "$sampler" 2>/dev/null || true
    wait "$sampler" 2>/dev/null || true
    pg_cpu=$(awk '$1 != "--" { if ($2 > m[$1]) m[$1] = $2 } END { s = 0; for (p in m) s += m[p]; printf "%.1f", s }' "$log/pg-cpu.samples")
    wall=$(elapsed "$t0" "$t1")
    halves=$(psql "$url" -qAt -F ' ' -c "WITH b AS (SELECT min(finished_at) AS a, max(finished_at) AS z FROM work_unit)
        SELECT (SELECT count(*) FROM work_unit WHERE finished_at < b.a + (b.z - b.a) / 2) / greatest(extract(epoch FROM (b.z - b.a) / 2), 0.001),
               (SELECT count(*) FROM work_unit WHERE finished_at >= b.a + (b.z - b.a) / 2) / greatest(extract(epoch FROM (b.z - b.a) / 2), 0.001)
        FROM b")
    read -r first second <<< "$halves"
    echo "queue only: $QUEUE_UNITS units (missing datasets), $w worker(s): $wall s, $(python3 -c "print(f'{$QUEUE_UNITS / $wall:.0f}')") units/s;" \
        "first half $(printf '%.0f' "$first") units/s, second half $(printf '%.0f' "$second") units/s; PostgreSQL backends $pg_cpu CPU-s" \
        "($(python3 -c "print(f'{1000 * $pg_cpu / $QUEUE_UNITS:.2f}')") ms per unit)" | tee "$log/summary" >&2
    [ "${KEEP_DB:-0}" = 1 ] || psql_admin -c "DROP DATABASE $name WITH (FORCE)"
fi

echo
echo "| resources | workers | wall s | resource-months/s | units per worker | peak RSS MiB per worker | worker CPU s | PostgreSQL CPU s | plan s | reduce s | database MiB | queue+result bytes/unit | balanced |"
echo "|---|---|---|---|---|---|---|---|---|---|---|---|---|"
tail -n +2 "$DATA/results.tsv" | awk -F'\t' '{printf "| %s |", $1; for (i = 2; i <= NF; i++) printf " %s |", $i; printf "\n"}'
