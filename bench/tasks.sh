#!/usr/bin/env bash
# bench/tasks.sh — the tasks module's share of `make bench` (called by bench/run.sh; runs alone too):
#
#   (a) plan-parser throughput (MB/s) on a synthetic ~3.9 MB annual plan (bench/plan_bench.c, medians of 7 parses)
#   (b) 督办台账 list latency with 100,000 tasks: GET /api/v1/tasks/tasks?page=1&size=20 as the admin (scope: all), the
#       same filtered by light (yellow), and as a 所 head (scope: own unit and below); wrk --latency, p50/p99
#
# Everything lives in a temp directory; all traffic stays on 127.0.0.1. Knobs: BUREAU_BIN (build/bureau),
# BENCH_DURATION (5s), BENCH_THREADS (2), BENCH_CONNS (16), BENCH_TASKS (100000), BENCH_KEEP=1 keeps the temp dir.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
BIN=${BUREAU_BIN:-$ROOT/build/bureau}
LIB=${BUREAU_LIB:-$ROOT/build/rel/libbureau.a}
DURATION=${BENCH_DURATION:-5s}
WRK_THREADS=${BENCH_THREADS:-2}
WRK_CONNS=${BENCH_CONNS:-16}
NTASKS=${BENCH_TASKS:-100000}
ADMIN_PW=${BENCH_ADMIN_PASSWORD:-Bench-Secret-2026}
DEMO_PW=${BENCH_DEMO_PASSWORD:-Bench-Staff-2026}

die() { echo "bench/tasks: FAILED: $*" >&2; exit 1; }
command -v wrk >/dev/null || bash scripts/deps.sh bench
for t in wrk curl sqlite3 cc; do command -v $t >/dev/null || die "$t is not installed"; done
[ -x "$BIN" ] || make -s build/bureau >/dev/null || die "cannot build build/bureau"
[ -f "$LIB" ] || make -s "$LIB" >/dev/null || die "cannot build $LIB"

TMP=$(mktemp -d /tmp/bureau-bench-tasks.XXXXXX)
PID=""
cleanup() {
  local rc=$?
  if [ -n "$PID" ] && kill -0 "$PID" 2>/dev/null; then
    kill -TERM "$PID" 2>/dev/null || true
    for _ in $(seq 50); do kill -0 "$PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$PID" 2>/dev/null || true
  fi
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench/tasks: temp files kept in $TMP" >&2; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- (a) the plan parser ----
PK=$(pkg-config --cflags --libs libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/plan_bench.c "$LIB" $PK -lpthread -lm -o "$TMP/plan_bench" || die "cannot build plan_bench"
read -r P_BYTES P_NODES P_MBPS P_JSON < <("$TMP/plan_bench" tests/data/plan_2023.txt 7) || die "plan_bench"

# ---- (b) the 台账 with 100,000 tasks ----
BUREAU_ADMIN_PASSWORD=$ADMIN_PW BUREAU_DEMO_PASSWORD=$DEMO_PW "$BIN" init --db "$TMP/b.db" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "bureau init"; }
# Synthetic tasks spread over every unit, owned by a member of the unit: 60% 已办结 (due in the past), 10% 草稿, 30% open
# with due dates from 10 days ago to 220 days ahead (a few red, some yellow, most green); half on the working-day clock.
sqlite3 "$TMP/b.db" >"$TMP/gen.log" 2>&1 <<SQL || { cat "$TMP/gen.log" >&2; die "generating tasks"; }
PRAGMA foreign_keys = ON;
CREATE TEMP TABLE u AS SELECT id, (SELECT min(us.id) FROM users us WHERE us.unit_id = units.id) AS owner, row_number() OVER (ORDER BY id) - 1 AS k FROM units;
DELETE FROM u WHERE owner IS NULL;
UPDATE u SET k = (SELECT count(*) FROM u u2 WHERE u2.id < u.id);
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $NTASKS),
m AS (SELECT i, (i / 17) % 10 AS c FROM n),
s AS (SELECT i, CASE WHEN c < 6 THEN '已办结' WHEN c = 6 THEN '草稿' WHEN c = 7 THEN '已交办' WHEN c = 8 THEN '办理中' ELSE '待审核' END AS st,
             CASE WHEN c < 6 THEN (i * 7919) % 400 - 420 ELSE (i * 7919) % 230 - 10 END AS off FROM m)
INSERT INTO tasks(title, content, lead_unit_id, co_unit_ids, owner_id, start_date, due_date, priority, status, progress, urge_count, evaluation,
                  assigned_at, closed_at, created_at, updated_at, workdays)
SELECT '专项任务' || i || '：' || CASE i % 4 WHEN 0 THEN '卷烟市场夜查' WHEN 1 THEN '零售户走访' WHEN 2 THEN '整改回头看' ELSE '数字化所队部建设' END,
       '按月报送进展，形成台账', u.id, '[]', u.owner, date('now', (off - 60) || ' days'), date('now', off || ' days'),
       CASE i % 3 WHEN 0 THEN '高' WHEN 1 THEN '中' ELSE '低' END, st, CASE WHEN st = '已办结' THEN 100 WHEN st = '草稿' THEN 0 ELSE i % 90 END,
       i % 3, CASE WHEN st = '已办结' THEN '良好' ELSE '' END,
       CASE WHEN st <> '草稿' THEN datetime('now', (off - 60) || ' days') END, CASE WHEN st = '已办结' THEN datetime('now', (off - (i % 7) + 3) || ' days') END,
       datetime('now', (off - 61) || ' days'), datetime('now', (off - 30) || ' days'), i % 2
FROM s JOIN u ON u.k = s.i % (SELECT count(*) FROM u);
COMMIT;
SQL
NT=$(sqlite3 "$TMP/b.db" "SELECT count(*) FROM tasks")
[ "$NT" -ge "$NTASKS" ] || die "only $NT tasks in the database"
HEAD_USER=$(sqlite3 "$TMP/b.db" "SELECT us.username FROM users us JOIN user_roles ur ON ur.user_id = us.id JOIN roles r ON r.id = ur.role_id JOIN units n ON n.id = us.unit_id WHERE r.code = 'dept_head' AND n.code = 'CQS' LIMIT 1")

PORT=$((20000 + RANDOM % 40000))
"$BIN" serve --db "$TMP/b.db" --listen "127.0.0.1:$PORT" >"$TMP/serve.out" 2>"$TMP/serve.log" &
PID=$!
B=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "$B/api/v1/health" && break; kill -0 "$PID" || die "bureau exited (see $TMP/serve.log)"; sleep 0.1; done
login() { # user password → session cookie header
  curl -s -c "$TMP/c.$1" -o "$TMP/login.$1" -H 'Content-Type: application/json' --data "{\"username\":\"$1\",\"password\":\"$2\"}" "$B/api/v1/auth/login" >/dev/null
  local sid; sid=$(awk '$6 == "bureau_sid" { print $7 }' "$TMP/c.$1")
  [ -n "$sid" ] || { cat "$TMP/login.$1" >&2; die "login $1"; }
  echo "Cookie: bureau_sid=$sid"
}
CA=$(login admin "$ADMIN_PW")
CH=$(login "$HEAD_USER" "$DEMO_PW")
sleep 2 # the first deadline sweep of the new server runs now; let it finish before measuring

run() { # name url cookie → "p50 p99 req/s total_in_answer"
  local out=$TMP/wrk-$1.txt total
  total=$(curl -s -H "$3" "$2" | grep -o '"total":[0-9]*' | tail -1 | cut -d: -f2)
  [ -n "$total" ] || die "$1: no total in the answer"
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d2s -H "$3" "$2" >/dev/null 2>&1 || true
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$DURATION" --latency -H "$3" "$2" >"$out" 2>&1 || { cat "$out" >&2; die "wrk $1"; }
  grep -q 'Non-2xx' "$out" && { cat "$out" >&2; die "$1: non-2xx answers"; }
  awk -v total="$total" '
    function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v + 0 }
    /^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) }
    END { printf "%.2fms %.2fms %.0f %s\n", p50, p99, rps, total }' "$out"
}
L1=$(run all "$B/api/v1/tasks/tasks?page=1&size=20" "$CA")
L2=$(run yellow "$B/api/v1/tasks/tasks?page=1&size=20&light=yellow" "$CA")
L3=$(run unit "$B/api/v1/tasks/tasks?page=1&size=20" "$CH")
L4=$(run deep "$B/api/v1/tasks/tasks?page=200&size=20&sort=-updated_at" "$CA")

CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
row() { printf '%-52s %10s %10s %8s %8s\n' "$1" "$2" "$3" "$4" "$5"; }
echo "bureau tasks bench — $(date +%F), ${CPU:-$(uname -m)}, $(nproc) cores, $(basename "$BIN") $("$BIN" version | awk '{ print $2 }')"
echo "plan parser: synthetic plan of $P_BYTES bytes, $P_NODES nodes: parse $P_MBPS MB/s, tree → JSON $P_JSON MB/s (medians of 7)"
echo "督办台账 with $NT tasks; wrk -t$WRK_THREADS -c$WRK_CONNS -d$DURATION --latency after a 2 s warm-up"
row "GET /api/v1/tasks/tasks …" p50 p99 req/s total
# shellcheck disable=SC2086
row "page 1, size 20, admin (scope all)" $L1
# shellcheck disable=SC2086
row "light=yellow, admin" $L2
# shellcheck disable=SC2086
row "page 1, 所 head ($HEAD_USER, own unit and below)" $L3
# shellcheck disable=SC2086
row "page 200, sort=-updated_at, admin" $L4
