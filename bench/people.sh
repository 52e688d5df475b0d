#!/usr/bin/env bash
# bench/people.sh — the people module (called by bench/run.sh; bench/RESULTS-people.md): the tally of 10,000 ballots over
# 500 candidates and the 年度考核 cards of 5,000 people with every input, each beside the plain SQL count of the same
# rows in the same run, and the cards of a 年度考核 campaign of those 5,000 (bench/people_bench.c). BENCH_KEEP=1 keeps the temp directory.
set -euo pipefail
cd "$(dirname "$0")/.."
ADMIN_PW=${BENCH_ADMIN_PASSWORD:-Bench-Secret-2026}
BIN=$PWD/build/bureau
LIB=$PWD/build/rel/libbureau.a
die() { echo "bench people: FAILED: $*" >&2; exit 1; }
make -s build/bureau "$LIB" >/dev/null || die "cannot build"
TMP=$(mktemp -d /tmp/bureau-bench-people.XXXXXX)
cleanup() { [ "${BENCH_KEEP:-0}" = 1 ] || rm -rf "$TMP"; }
trap cleanup EXIT
PK=$(pkg-config --cflags --libs libmicrohttpd jansson sqlite3 libsodium xlsxwriter libzip expat libjpeg)
# shellcheck disable=SC2086
cc -std=c11 -D_GNU_SOURCE -O2 -Isrc bench/people_bench.c "$LIB" $PK -lpthread -lm -o "$TMP/people_bench" || die "cannot build people_bench"
# the demo county, so the inputs read real rows: the cockpit's indicators and targets, tasks, evaluations, training
BUREAU_ADMIN_PASSWORD=$ADMIN_PW BUREAU_DEMO_PASSWORD=${BENCH_DEMO_PASSWORD:-Bench-Staff-2026} "$BIN" init --db "$TMP/b.db" --demo >"$TMP/init.log" 2>&1 || { cat "$TMP/init.log" >&2; die "bureau init"; }
echo "## people ($(date -u +%Y-%m-%d), $(nproc) cores)"
"$TMP/people_bench" "$TMP/b.db" || die "people_bench"
