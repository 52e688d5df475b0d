#!/usr/bin/env bash
# bench/evals.sh — the evals module on a province-sized quarter (called by bench/run.sh; bench/RESULTS-evals.md):
#   (a) bench/evals_bench.c fills a fresh database with one round of EVALS_N evaluations (default 100,000) and three
#       photos each (300,000 hashes), then measures the near-duplicate photo search through the multi-index against a
#       brute-force baseline in the same run (comparisons/s, and the time each would take for every photo), and the
#       full batch check (`bureau evals check --all`'s code) in evaluations/s;
#   (b) the round-completeness page GET /api/v1/evals/rounds/:id/progress over that round, p50/p99 with wrk.
# Knobs: BUREAU_BIN (the binary served), EVALS_N, BENCH_DURATION (5s), BENCH_THREADS (2), BENCH_CONNS (4), BENCH_KEEP=1 keeps the temp directory.
set -euo pipefail
cd "$(dirname "$0")/.."
N=${EVALS_N:-100000}
DURATION=${BENCH_DURATION:-5s}
WRK_THREADS=${BENCH_THREADS:-2}
WRK_CONNS=${BENCH_CONNS:-4}
ADMIN_PW=${BENCH_ADMIN_PASSWORD:-Bench-Secret-2026}
BIN=${BUREAU_BIN:-$PWD/build/bureau}   # a copy of the binary keeps a long run apart from rebuilds
LIB=$PWD/build/rel/libbureau.a
die() { echo "bench evals: FAILED: $*" >&2; exit 1; }
command -v wrk >/dev/null || die "wrk is not installed (scripts/deps.sh bench)"
make -s build/bureau "$LIB" >/dev/null || die "cannot build"
TMP=$(mktemp -d /tmp/bureau-bench-evals.XXXXXX)
PID=
cleanup() { [ -n "$PID" ] && kill "$PID" 2>/dev/null && wait "$PID" 2>/dev/null; [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$TMP"; }
trap cleanup EXIT
trap 'exit 130' INT TERM

PK=$(pkg-config --cflags --libs libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat libjpeg)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/evals_bench.c "$LIB" $PK -lpthread -lm -o "$TMP/evals_bench" || die "cannot build evals_bench"
BUREAU_ADMIN_PASSWORD=$ADMIN_PW "$BIN" init --db "$TMP/b.db" >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "bureau init"; }
"$TMP/evals_bench" "$TMP/b.db" "$N" >"$TMP/bench.txt" 2>"$TMP/bench.log" || { cat "$TMP/bench.log" >&2; die "evals_bench"; }
v() { awk -v k="$1" '$1 == k { print $2 }' "$TMP/bench.txt"; }

PORT=$((20000 + RANDOM % 40000))
"$BIN" serve --db "$TMP/b.db" --listen "127.0.0.1:$PORT" >"$TMP/serve.out" 2>"$TMP/serve.log" &
PID=$!
B=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -s -o /dev/null --max-time 1 "$B/api/v1/health" && break; kill -0 "$PID" || die "bureau exited"; sleep 0.1; done
curl -s -c "$TMP/c" -o /dev/null -H 'Content-Type: application/json' -H "Origin: $B" --data "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$B/api/v1/auth/login"
SID=$(awk '$6 == "bureau_sid" { print $7 }' "$TMP/c")
[ -n "$SID" ] || die "login"
ROUND=$(sqlite3 "$TMP/b.db" "SELECT max(id) FROM eval_rounds")
URL="$B/api/v1/evals/rounds/$ROUND/progress"
curl -s -H "Cookie: bureau_sid=$SID" "$URL" | grep -q '"county"' || die "progress answer"
wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d2s -H "Cookie: bureau_sid=$SID" "$URL" >/dev/null 2>&1 || true
wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$DURATION" --latency --timeout 30s -H "Cookie: bureau_sid=$SID" "$URL" >"$TMP/wrk.txt" 2>&1 || die "wrk"
grep -q '^Requests/sec' "$TMP/wrk.txt" || { cat "$TMP/wrk.txt" >&2; die "wrk measured nothing"; }
read -r P50 P99 RPS < <(awk 'function ms(v) { if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000; if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0; if (v ~ /s$/) return substr(v, 1, length(v) - 1) * 1000; return v + 0 }
  /^Requests\/sec:/ { rps = $2 } $1 == "50%" { p50 = ms($2) } $1 == "99%" { p99 = ms($2) } END { printf "%.1fms %.1fms %.0f\n", p50, p99, rps }' "$TMP/wrk.txt")

CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
echo "bureau evals bench — $(date +%F), ${CPU:-$(uname -m)}, $(nproc) cores"
echo "one round of $(v batch_evaluations) evaluations, $(v photos) photo hashes (generated in $(v generate_s) s)"
printf '%-58s %14s\n' "near-duplicate photos (≤ 10 bits of 64), every photo" ""
printf '%-58s %14s\n' "  multi-index: comparisons/s" "$(v index_comparisons_per_s)"
printf '%-58s %14s\n' "  multi-index: photos searched/s" "$(v index_queries_per_s)"
printf '%-58s %14s\n' "  multi-index: all photos, s (build $(v index_build_s) s)" "$(v index_all_queries_s)"
printf '%-58s %14s\n' "  brute force (same run, 2,000-photo sample): comparisons/s" "$(v brute_comparisons_per_s)"
printf '%-58s %14s\n' "  brute force: all photos, s (estimated)" "$(v brute_all_queries_s_estimated)"
printf '%-58s %14s\n' "  same matches on the sample" "$(v same_matches_on_sample)"
printf '%-58s %14s\n' "full batch check: evaluations/s" "$(v batch_evaluations_per_s)"
printf '%-58s %14s\n' "GET …/rounds/:id/progress p50 / p99 / req/s (-c$WRK_CONNS)" "$P50 / $P99 / $RPS"
