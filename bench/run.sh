#!/usr/bin/env bash
# bench/run.sh — `make bench`: throughput and latency of bureau next to nginx serving the same file, on loopback.
#
#   (a) bureau GET /api/v1/org/users?page=1&size=20   (logged-in admin, session cookie; the page reused while the
#       tables it reads are unchanged — base/pagecache.h)
#   (a') the same on a second bureau process over the same database with BUREAU_PAGE_CACHE=0: every request misses
#   (b) bureau GET /index.html                         (static UI file)
#   (c) nginx  GET /index.html                         (same file, same directory)
#
# Everything lives in a temp directory and is stopped on exit. All traffic stays on 127.0.0.1.
# Knobs (environment): BENCH_ROUNDS (3), BENCH_DURATION (5s, per target and round), BENCH_WARMUP (2s),
#                      BENCH_THREADS (2), BENCH_CONNS (64),
#                      BENCH_GENERATED_INDEX=1 uses the generated ~1 KB index.html even when web/dist exists,
#                      BENCH_KEEP=1 keeps the temp directory (logs) for a look afterwards.
set -euo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD

DURATION=${BENCH_DURATION:-5s}
ROUNDS=${BENCH_ROUNDS:-3}
WARMUP=${BENCH_WARMUP:-2s}
WRK_THREADS=${BENCH_THREADS:-2}
WRK_CONNS=${BENCH_CONNS:-64}
# The brief's 'Bench-Admin-2026' is refused by bureau's password policy (a password may not contain the
# username, case-insensitively: "Admin" ⊃ "admin"), so the bench uses a password without it.
ADMIN_PW=${BENCH_ADMIN_PASSWORD:-Bench-Secret-2026}

die() { echo "bench: FAILED: $*" >&2; exit 1; }

# ---- 1. tools ----
if ! command -v wrk >/dev/null || ! command -v nginx >/dev/null; then
  bash scripts/deps.sh bench
fi
command -v wrk >/dev/null || die "wrk is not installed"
command -v nginx >/dev/null || die "nginx is not installed"
command -v curl >/dev/null || die "curl is not installed"
[ -x build/bureau ] || make -s build/bureau >/dev/null || die "cannot build build/bureau"

# ---- temp dir and cleanup ----
TMP=$(mktemp -d /tmp/bureau-bench.XXXXXX)
BUREAU_PID=""
BUREAU_PID2=""
NGINX_PID=""
cleanup() {
  local rc=$?
  for pid in $BUREAU_PID $BUREAU_PID2 $NGINX_PID; do
    if kill -0 "$pid" 2>/dev/null; then
      kill -TERM "$pid" 2>/dev/null || true
      for _ in $(seq 50); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$pid" 2>/dev/null || true
      wait "$pid" 2>/dev/null || true
    fi
  done
  if [ "${BENCH_KEEP:-0}" = 1 ]; then echo "bench: temp files kept in $TMP" >&2; else rm -rf "$TMP"; fi
  exit $rc
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A loopback port nobody listens on (random, checked with a connect attempt).
free_port() {
  local p
  for _ in $(seq 100); do
    p=$((20000 + RANDOM % 40000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then echo "$p"; return 0; fi
  done
  return 1
}
wait_http() { # url pid what
  for _ in $(seq 100); do
    curl -s -o /dev/null --max-time 1 "$1" && return 0
    kill -0 "$2" 2>/dev/null || die "$3 exited at start (see its log)"
    sleep 0.1
  done
  die "$3 did not answer $1 within 10 s"
}

# ---- the web directory: the built UI when there is one, else a generated ~1 KB SPA-like index.html ----
if [ -f web/dist/index.html ] && [ "${BENCH_GENERATED_INDEX:-0}" != 1 ]; then
  WEB=$ROOT/web/dist
else
  WEB=$TMP/web
  mkdir -p "$WEB"
  {
    echo '<!doctype html>'
    echo '<html lang="zh-CN">'
    echo '  <head>'
    echo '    <meta charset="UTF-8" />'
    echo '    <link rel="icon" type="image/svg+xml" href="/favicon.svg" />'
    echo '    <meta name="viewport" content="width=device-width, initial-scale=1.0" />'
    echo '    <meta name="description" content="县局数字化管理平台 — bench stand-in page of about the size of the real SPA index" />'
    echo '    <title>县局数字化管理平台</title>'
    echo '    <script type="module" crossorigin src="/assets/index-bench0000.js"></script>'
    echo '    <link rel="modulepreload" crossorigin href="/assets/vendor-bench0000.js">'
    echo '    <link rel="stylesheet" crossorigin href="/assets/index-bench0000.css">'
    echo '  </head>'
    echo '  <body>'
    echo '    <noscript>请启用 JavaScript 以使用县局数字化管理平台。Please enable JavaScript to use this application.</noscript>'
    echo '    <div id="app"></div>'
    echo '  </body>'
    echo '</html>'
    head -c 300 /dev/zero | tr '\0' ' '; echo
  } >"$WEB/index.html"
fi
INDEX_BYTES=$(stat -c %s "$WEB/index.html")

# ---- 2. bureau ----
BPORT=$(free_port) || die "no free port"
BUREAU_ADMIN_PASSWORD=$ADMIN_PW ./build/bureau init --db "$TMP/b.db" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "bureau init"; }
./build/bureau serve --db "$TMP/b.db" --listen "127.0.0.1:$BPORT" --web "$WEB" >"$TMP/bureau.out" 2>"$TMP/bureau.log" &
BUREAU_PID=$!
B=http://127.0.0.1:$BPORT
wait_http "$B/api/v1/health" "$BUREAU_PID" bureau

code=$(curl -s -o "$TMP/login.json" -w '%{http_code}' -c "$TMP/cookies" -H 'Content-Type: application/json' \
  --data "{\"username\":\"admin\",\"password\":\"$ADMIN_PW\"}" "$B/api/v1/auth/login")
[ "$code" = 200 ] || { cat "$TMP/login.json" >&2; echo >&2; die "login answered $code"; }
SID=$(awk '$6 == "bureau_sid" { print $7 }' "$TMP/cookies")
[ -n "$SID" ] || die "login set no bureau_sid cookie"

# The same server with page reuse off, on the same database (the session is in the database: the cookie works there too).
BPORT2=$(free_port) || die "no free port"
[ "$BPORT2" != "$BPORT" ] || BPORT2=$(free_port)
BUREAU_PAGE_CACHE=0 ./build/bureau serve --db "$TMP/b.db" --listen "127.0.0.1:$BPORT2" --web "$WEB" >"$TMP/bureau2.out" 2>"$TMP/bureau2.log" &
BUREAU_PID2=$!
B2=http://127.0.0.1:$BPORT2
wait_http "$B2/api/v1/health" "$BUREAU_PID2" "bureau (no reuse)"

# Peak memory before any load: login hashes the password (libsodium pwhash), which alone takes tens of MiB.
HWM0_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BUREAU_PID/status")

# ---- 3. nginx ----
NPORT=$(free_port) || die "no free port"
[ "$NPORT" != "$BPORT" ] || NPORT=$(free_port)
mkdir -p "$TMP/nginx"
cat >"$TMP/nginx.conf" <<EOF
daemon off;
master_process on;
worker_processes auto;
user root;
pid $TMP/nginx/nginx.pid;
error_log $TMP/nginx/error.log warn;
events { worker_connections 1024; }
http {
  include /etc/nginx/mime.types;
  default_type application/octet-stream;
  access_log off;
  sendfile on;
  tcp_nopush on;
  keepalive_requests 100000;
  client_body_temp_path $TMP/nginx/body;
  proxy_temp_path $TMP/nginx/proxy;
  fastcgi_temp_path $TMP/nginx/fastcgi;
  uwsgi_temp_path $TMP/nginx/uwsgi;
  scgi_temp_path $TMP/nginx/scgi;
  server {
    listen 127.0.0.1:$NPORT;
    server_name localhost;
    root $WEB;
    location / { try_files \$uri /index.html; }
  }
}
EOF
[ -f /etc/nginx/mime.types ] || sed -i '/mime.types/d' "$TMP/nginx.conf"
nginx -t -q -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx.conf" 2>"$TMP/nginx/test.log" || { cat "$TMP/nginx/test.log" >&2; die "nginx config"; }
nginx -e "$TMP/nginx/error.log" -p "$TMP/nginx" -c "$TMP/nginx.conf" 2>>"$TMP/nginx/error.log" &
NGINX_PID=$!
N=http://127.0.0.1:$NPORT
wait_http "$N/index.html" "$NGINX_PID" nginx

# ---- 4. checks, then wrk ----
USERS_URL="$B/api/v1/org/users?page=1&size=20"
MISS_URL="$B2/api/v1/org/users?page=1&size=20"
COOKIE="Cookie: bureau_sid=$SID"
cmp -s <(curl -s -H "$COOKIE" "$USERS_URL") <(curl -s -H "$COOKIE" "$MISS_URL") || die "the reused and the fresh users page differ"
for spec in "$USERS_URL|$COOKIE" "$MISS_URL|$COOKIE" "$B/index.html|" "$N/index.html|"; do
  url=${spec%%|*}; hdr=${spec#*|}
  code=$(curl -s -o "$TMP/check.body" -w '%{http_code}' ${hdr:+-H "$hdr"} "$url")
  [ "$code" = 200 ] || { head -c 500 "$TMP/check.body" >&2; echo >&2; die "GET $url answered $code"; }
done
grep -q '"items"' <(curl -s -H "$COOKIE" "$USERS_URL") || die "users list has no items"
cmp -s <(curl -s "$B/index.html") "$WEB/index.html" || die "bureau /index.html differs from the file"
cmp -s <(curl -s "$N/index.html") "$WEB/index.html" || die "nginx /index.html differs from the file"
NUSERS=$(curl -s -H "$COOKIE" "$USERS_URL" | grep -o '"username"' | wc -l)
USERS_BYTES=$(curl -s -H "$COOKIE" "$USERS_URL" | wc -c)

# CPU ticks (user + system) used so far by bureau, or by nginx's workers (children of the master).
cpu_ticks() { # name
  local pids=$BUREAU_PID
  [ "$1" = nginx ] && pids=$(pgrep -P "$NGINX_PID" | tr '\n' ' ')
  [ "$1" = users_miss ] && pids=$BUREAU_PID2
  for p in $pids; do cat "/proc/$p/stat"; done | sed 's/^.*) //' | awk '{ t += $12 + $13 } END { print t + 0 }'
}
# One wrk run; appends "round rps p50_ms p99_ms requests cpu_ticks" to $TMP/res-NAME; fails on errors or non-2xx answers.
run_wrk() { # name round duration url [header]
  local name=$1 round=$2 dur=$3 url=$4 hdr=${5:-} out=$TMP/wrk-$1-$2.txt t0
  t0=$(cpu_ticks "$name")
  wrk -t"$WRK_THREADS" -c"$WRK_CONNS" -d"$dur" --latency ${hdr:+-H "$hdr"} "$url" >"$out" 2>&1 || { cat "$out" >&2; die "wrk $name"; }
  if grep -q 'Non-2xx' "$out"; then cat "$out" >&2; die "$name: wrk saw non-2xx answers"; fi
  if grep -q 'Socket errors' "$out"; then echo "bench: warning: $name: $(grep 'Socket errors' "$out" | sed 's/^ *//')" >&2; fi
  [ "$round" = warm ] && return 0
  awk -v round="$round" -v ticks="$(($(cpu_ticks "$name") - t0))" '
    function ms(v) {
      if (v ~ /us$/) return substr(v, 1, length(v) - 2) / 1000
      if (v ~ /ms$/) return substr(v, 1, length(v) - 2) + 0
      if (v ~ /m$/)  return substr(v, 1, length(v) - 1) * 60000
      if (v ~ /s$/)  return substr(v, 1, length(v) - 1) * 1000
      return v + 0
    }
    /^Requests\/sec:/ { rps = $2 }
    / requests in / { nreq = $1 }
    $1 == "50%" { p50 = ms($2) }
    $1 == "99%" { p99 = ms($2) }
    END { if (rps == "" || p50 == "" || p99 == "") exit 1; printf "%s %.0f %.3f %.3f %d %d\n", round, rps, p50, p99, nreq, ticks }
  ' "$out" >>"$TMP/res-$name" || die "cannot parse wrk output of $name"
}
# Median of column COL of a results file (rounds are few: 1, 3 or 5).
median() { # file col
  sort -g -k"$2,$2" "$1" | awk -v c="$2" '{ v[NR] = $c } END { if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}
spread() { # file: "min-max" of req/s
  sort -g -k2,2 "$1" | awk 'NR == 1 { lo = $2 } { hi = $2 } END { printf "%s-%s", lo, hi }'
}

# The machine (a shared VM) drifts by a factor of 2–3 between minutes, so the three targets take turns:
# ROUNDS rounds of users, static, nginx; the table gives medians and each ratio is the median of per-round ratios.
run_wrk users warm "$WARMUP" "$USERS_URL" "$COOKIE"
run_wrk users_miss warm "$WARMUP" "$MISS_URL" "$COOKIE"
run_wrk static warm "$WARMUP" "$B/index.html"
run_wrk nginx warm "$WARMUP" "$N/index.html"
for r in $(seq "$ROUNDS"); do
  run_wrk users "$r" "$DURATION" "$USERS_URL" "$COOKIE"
  run_wrk users_miss "$r" "$DURATION" "$MISS_URL" "$COOKIE"
  run_wrk static "$r" "$DURATION" "$B/index.html"
  run_wrk nginx "$r" "$DURATION" "$N/index.html"
done
for t in users users_miss static nginx; do
  [ "$(wc -l <"$TMP/res-$t")" = "$ROUNDS" ] || die "$t: missing wrk results"
done
U_RPS=$(median "$TMP/res-users" 2); U_P50=$(median "$TMP/res-users" 3); U_P99=$(median "$TMP/res-users" 4)
M_RPS=$(median "$TMP/res-users_miss" 2); M_P50=$(median "$TMP/res-users_miss" 3); M_P99=$(median "$TMP/res-users_miss" 4)
S_RPS=$(median "$TMP/res-static" 2); S_P50=$(median "$TMP/res-static" 3); S_P99=$(median "$TMP/res-static" 4)
N_RPS=$(median "$TMP/res-nginx" 2); N_P50=$(median "$TMP/res-nginx" 3); N_P99=$(median "$TMP/res-nginx" 4)
paste -d" " "$TMP/res-users" "$TMP/res-nginx" | awk '{ print $1, $2 / $8 }' >"$TMP/ratio-users"
paste -d" " "$TMP/res-users_miss" "$TMP/res-nginx" | awk '{ print $1, $2 / $8 }' >"$TMP/ratio-users_miss"
paste -d" " "$TMP/res-static" "$TMP/res-nginx" | awk '{ print $1, $2 / $8 }' >"$TMP/ratio-static"
# Server CPU per request (all rounds): CPU time of bureau / of nginx's workers over the requests wrk completed.
HZ=$(getconf CLK_TCK)
cpu_us() { awk -v hz="$HZ" '{ n += $5; t += $6 } END { printf "%.0fus", n ? t / hz * 1e6 / n : 0 }' "$1"; }
R_USERS=$(median "$TMP/ratio-users" 2 | xargs printf '%.2f')
R_MISS=$(median "$TMP/ratio-users_miss" 2 | xargs printf '%.2f')
R_STATIC=$(median "$TMP/ratio-static" 2 | xargs printf '%.2f')

# A last check that bureau still answers properly after the load.
code=$(curl -s -o /dev/null -w '%{http_code}' -H "$COOKIE" "$USERS_URL")
[ "$code" = 200 ] || die "after the runs, users list answered $code"

# ---- 5. memory ----
RSS_KB=$(awk '/^VmRSS:/ { print $2 }' "/proc/$BUREAU_PID/status")
HWM_KB=$(awk '/^VmHWM:/ { print $2 }' "/proc/$BUREAU_PID/status")
BTHREADS=$(awk '/^Threads:/ { print $2 }' "/proc/$BUREAU_PID/status")

# ---- 6. table ----
CPU=$(awk -F': *' '/^model name/ { print $2; exit }' /proc/cpuinfo)
[ -n "$CPU" ] || CPU=$(uname -m)
NCPU=$(nproc)
LOGLINES=$(wc -l <"$TMP/bureau.log")
row() { printf '%-30s %9s %9s %9s   %-13s %s\n' "$1" "$2" "$3" "$4" "$5" "$6"; }
fmt_ms() { awk -v v="$1" 'BEGIN { printf "%.2fms", v }'; }
echo "bureau bench — $(date +%F), $CPU, $NCPU cores"
echo "wrk -t$WRK_THREADS -c$WRK_CONNS --latency, $ROUNDS interleaved rounds of $DURATION per target (after $WARMUP warm-ups), medians"
echo "index.html $INDEX_BYTES bytes from $WEB; users page $NUSERS rows, $USERS_BYTES bytes"
row target req/s p50 p99 "req/s range" "server CPU/req"
row "bureau /api/v1/org/users" "$(printf %.0f "$U_RPS")" "$(fmt_ms "$U_P50")" "$(fmt_ms "$U_P99")" "$(spread "$TMP/res-users")" "$(cpu_us "$TMP/res-users")"
row "  same, every request misses" "$(printf %.0f "$M_RPS")" "$(fmt_ms "$M_P50")" "$(fmt_ms "$M_P99")" "$(spread "$TMP/res-users_miss")" "$(cpu_us "$TMP/res-users_miss")"
row "bureau /index.html" "$(printf %.0f "$S_RPS")" "$(fmt_ms "$S_P50")" "$(fmt_ms "$S_P99")" "$(spread "$TMP/res-static")" "$(cpu_us "$TMP/res-static")"
row "nginx  /index.html" "$(printf %.0f "$N_RPS")" "$(fmt_ms "$N_P50")" "$(fmt_ms "$N_P99")" "$(spread "$TMP/res-nginx")" "$(cpu_us "$TMP/res-nginx")"
echo "ratio bureau users / nginx static: $R_USERS (page reused while unchanged); every request missing: $R_MISS"
echo "ratio bureau static / nginx static: $R_STATIC"
echo "bureau RSS after run: $((RSS_KB / 1024)) MiB (peak $((HWM_KB / 1024)) MiB)"
echo "  (peak was already $((HWM0_KB / 1024)) MiB after the login, before any load; $BTHREADS threads; access log: $LOGLINES lines)"
echo; node bench/cockpit.mjs  # the cockpit: matrix latency, SSE fan-out, import rows/s (bench/RESULTS-cockpit.md)
echo; bash bench/shops.sh  # shops: 200,000-shop set — import rows/s vs sqlite3 .import, batch shops/s, county picture p99 (bench/RESULTS-shops.md)
echo; bash bench/tasks.sh  # tasks: plan-parser MB/s, 督办台账 p50/p99 with 100,000 tasks (bench/RESULTS-tasks.md)
echo; node bench/web_load.mjs  # the UI on slow 4G with a 4x slower CPU, cold cache: login and heavy pages (bench/RESULTS-web.md)
echo; bash bench/people.sh  # people: ballot tally 10,000 × 500 and 5,000 appraisal cards, each beside a plain SQL count (bench/RESULTS-people.md)
echo; bash bench/evals.sh  # evals: batch check evaluations/s, near-duplicate photo search vs brute force, completeness p99 (bench/RESULTS-evals.md)
