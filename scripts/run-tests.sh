#!/usr/bin/env bash
# Runs bureau's test suites and adds up what they report; ends with the line "N passed, N failed".
# run-tests.sh [unit|asan|api|e2e|fuzz]...   (no argument: all of them, in that order)
set -uo pipefail
cd "$(dirname "$0")/.."
JOBS=$(nproc)
pass=0; fail=0; failed_suites=()
log=build/test-logs; mkdir -p "$log"

count_cmocka() { # file -> adds to pass/fail
  local p f
  p=$(grep -cE '^\[       OK \]' "$1"); f=$(grep -cE '^\[  FAILED  \] [a-z_]' "$1")
  local err; err=$(grep -cE '^\[  ERROR   \]' "$1")
  pass=$((pass + p)); fail=$((fail + f + err))
}
count_node() { # TAP-ish summary of node --test
  local p f
  p=$(grep -E '^# pass ' "$1" | tail -1 | awk '{print $3}'); f=$(grep -E '^# fail ' "$1" | tail -1 | awk '{print $3}')
  pass=$((pass + ${p:-0})); fail=$((fail + ${f:-0}))
  [ -n "$p" ] || { fail=$((fail+1)); echo "!! no test summary in $1"; }
}

run_unit() { # dir label
  local dir=$1 label=$2
  for t in "$dir"/tests/test_*; do
    [ -x "$t" ] || continue
    local n; n=$(basename "$t")
    if ! "$t" >"$log/$label-$n.log" 2>&1; then failed_suites+=("$label/$n"); fi
    count_cmocka "$log/$label-$n.log"
    grep -E '^\[  (FAILED|ERROR)' "$log/$label-$n.log" | sed "s|^|  $label/$n |"
    grep -E 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log/$label-$n.log" | head -5 && { fail=$((fail+1)); failed_suites+=("$label/$n sanitizer"); }
  done
  echo "[$label] unit: cumulative $pass passed, $fail failed"
}

run_store_check() { # no SQL outside store files (scripts/check-store-sql.sh)
  if scripts/check-store-sql.sh >"$log/store-sql.log" 2>&1; then pass=$((pass + 1)); else fail=$((fail + 1)); failed_suites+=("store-sql"); fi
  tail -20 "$log/store-sql.log"
}

run_node() { # dir label bin
  local dir=$1 label=$2 bin=$3
  ls "$dir"/*.test.mjs >/dev/null 2>&1 || return 0
  BUREAU_BIN=$PWD/$bin BUREAU_WEB=$PWD/web/dist node --test --test-concurrency=1 --test-reporter=tap "$dir"/*.test.mjs >"$log/$label.log" 2>&1 || failed_suites+=("$label")
  grep -E '^\s*not ok' "$log/$label.log" | head -20 | sed "s|^|  $label |"
  if grep -qE 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log/$label.log" "$log"/server-*.log 2>/dev/null; then
    echo "!! sanitizer report during $label"; grep -hE -A5 'ERROR: (Address|Leak)Sanitizer|runtime error:' "$log/$label.log" "$log"/server-*.log | head -40
    fail=$((fail+1)); failed_suites+=("$label sanitizer")
  fi
  count_node "$log/$label.log"
  echo "[$label] cumulative $pass passed, $fail failed"
}

run_fuzz() {
  for b in build/fuzz/fuzz_*; do
    [ -x "$b" ] || continue
    local n; n=$(basename "$b")
    local c=fuzz/corpus/$n
    [ -d "$c" ] || { echo "!! no corpus for $n"; fail=$((fail+1)); continue; }
    # Replay the corpus, then a short seeded run; new inputs go to a scratch folder, never into the repo.
    local scratch; scratch=$(mktemp -d)
    if "$b" -runs=0 "$c" >"$log/$n.log" 2>&1 && "$b" -runs=2000 -max_total_time=20 -seed=1 "$scratch" "$c" >>"$log/$n.log" 2>&1; then
      pass=$((pass+1))
    else
      fail=$((fail+1)); failed_suites+=("fuzz/$n"); tail -30 "$log/$n.log"
    fi
    rm -rf "$scratch"
  done
  echo "[fuzz] cumulative $pass passed, $fail failed"
}

steps=("$@"); [ ${#steps[@]} -gt 0 ] || steps=(unit asan api e2e fuzz)
for s in "${steps[@]}"; do
  case $s in
    unit) make -s -j"$JOBS" unit-bins build/bureau || { echo "build failed"; exit 2; }; run_unit build/rel unit; run_store_check ;;
    asan) make -s -j"$JOBS" asan-bins || { echo "asan build failed"; exit 2; }
          run_unit build/asan asan
          ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 UBSAN_OPTIONS=print_stacktrace=1 run_node tests/api api-asan build/bureau-asan ;;
    api)  make -s -j"$JOBS" build/bureau || exit 2; run_node tests/api api build/bureau ;;
    e2e)  make -s -j"$JOBS" build/bureau web || exit 2; run_node tests/e2e e2e build/bureau ;;
    fuzz) make -s -j"$JOBS" fuzz-bins || { echo "fuzz build failed"; exit 2; }; run_fuzz ;;
    *) echo "unknown step $s"; exit 2 ;;
  esac
done
echo
((${#failed_suites[@]})) && echo "failed: ${failed_suites[*]}"
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ] && [ ${#failed_suites[@]} -eq 0 ]
