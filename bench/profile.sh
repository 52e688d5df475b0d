#!/usr/bin/env bash
# bench/profile.sh — where bureau spends its time on GET /api/v1/org/users?page=1&size=20 under wrk load.
# perf with the cpu-clock software event (hardware counters are not available in this VM), sampled on the bureau
# process only, while wrk drives the users list. Prints the flat self-time profile (user + kernel), the same with
# kernel samples left out, and a caller view. Not part of `make bench`; run by hand: bash bench/profile.sh
# Knobs: PROFILE_SECONDS (8), PROFILE_CONNS (64), PROFILE_KEEP=1 keeps the temp dir (perf.data) afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
SECS=${PROFILE_SECONDS:-8}
CONNS=${PROFILE_CONNS:-64}
ADMIN_PW=${BENCH_ADMIN_PASSWORD:-Bench-Secret-2026}
die() { echo "profile: FAILED: $*" >&2; exit 1; }
command -v perf >/dev/null || die "perf is not installed"
command -v wrk >/dev/null || bash scripts/deps.sh bench
[ -x build/bureau ] || make -s build/bureau >/dev/null

TMP=$(mktemp -d /tmp/bureau-profile.XXXXXX)
BUREAU_PID=""
cleanup() {
  local rc=$?
  if [ -n "$BUREAU_PID" ] && kill -0 "$BUREAU_PID" 2>/dev/null; then
    kill -TERM "$BUREAU_PID"; for _ in $(seq 50); do kill -0 "$BUREAU_PID" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$BUREAU_PID" 2>/dev/null || true; wait "$BUREAU_PID" 2>/dev/null || true
  fi
  if [ "${PROFILE_KEEP:-0}" = 1 ]; then echo "profile: kept $TMP" >&2; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

PORT=$((20000 + RANDOM % 40000))
BUREAU_ADMIN_PASSWORD=$ADMIN_PW ./build/bureau init --db "$TMP/b.db" --demo >"$TMP/init.log" 2>&1 || die "bureau init"
./build/bureau serve --db "$TMP/b.db" --listen "127.0.0.1:$PORT" --web "$TMP" >/dev/null 2>"$TMP/bureau.log" &
BUREAU_PID=$!
B=http://127.0.0.1:$PORT
for _ in $(seq 100); do curl -s -o /dev/null "$B/api/v1/health" && break; sleep 0.1; done
curl -s -o /dev/null -c "$TMP/cookies" -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$B/api/v1/auth/login"
SID=$(awk '$6 == "bureau_sid" { print $7 }' "$TMP/cookies")
[ -n "$SID" ] || die "login"
URL="$B/api/v1/org/users?page=1&size=20"
[ "$(curl -s -o /dev/null -w '%{http_code}' -H "Cookie: bureau_sid=$SID" "$URL")" = 200 ] || die "users list not 200"

wrk -t2 -c"$CONNS" -d2s -H "Cookie: bureau_sid=$SID" "$URL" >/dev/null
# Two recordings: flat (cheap, many samples) and with DWARF call chains (callers of the hot functions).
wrk -t2 -c"$CONNS" -d"$((2 * SECS + 4))s" -H "Cookie: bureau_sid=$SID" "$URL" >"$TMP/wrk.txt" &
WRK=$!
sleep 1
perf record -q -e cpu-clock -F 2000 -p "$BUREAU_PID" -o "$TMP/flat.data" -- sleep "$SECS" 2>/dev/null
perf record -q -e cpu-clock -F 250 --call-graph dwarf,16384 -p "$BUREAU_PID" -o "$TMP/cg.data" -- sleep "$SECS" 2>/dev/null
wait "$WRK"
grep -q Non-2xx "$TMP/wrk.txt" && die "non-2xx answers under load"

set +o pipefail # `head` closes the pipe early; perf report then dies of SIGPIPE, which is fine here
echo "== wrk during the recording"; grep -E 'Requests/sec|Latency ' "$TMP/wrk.txt"
echo; echo "== by DSO (self time, user + kernel)"
perf report -i "$TMP/flat.data" --stdio --no-children --sort dso 2>/dev/null | grep -E '^ +[0-9]' | head -12
echo; echo "== top functions (self time, user + kernel)"
perf report -i "$TMP/flat.data" --stdio --no-children --sort dso,sym 2>/dev/null | grep -E '^ +[0-9]' | head -40
echo; echo "== top functions in user space only (percent of all samples)"
perf report -i "$TMP/flat.data" --stdio --no-children --sort dso,sym 2>/dev/null | grep -E '^ +[0-9]' | grep -v '\[k\]' | head -30 || true
echo; echo "== inclusive time (children) of bureau's own functions"
perf report -i "$TMP/cg.data" --stdio --children --sort sym --dsos bureau -g none 2>/dev/null | grep -E '^ +[0-9]' | head -30 || true
