#!/usr/bin/env bash
# Fails when a C file outside a module's store files (store*.c), its demo loader (demo*.c) and base/ runs SQL itself:
# db_prepare, db_exec, dbj_rows, dbj_one, dbj_page or db_id_by_text (CONTRIBUTING.md, "Store files: where SQL lives").
# Prints one line per call found, then "store-sql: N files, N calls outside store files".
set -uo pipefail
cd "$(dirname "$0")/.."
# Files still being moved by their module's engineer; each entry goes when its module is done. Empty means every
# module follows the rule.
allow=()
hits=$(grep -nE '\b(db_prepare|db_exec|dbj_rows|dbj_one|dbj_page|db_id_by_text)\(' src/*/*.c \
  | grep -vE '^src/base/|^src/[a-z_]+/(store|demo)[a-z_0-9]*\.c:')
bad=0; files=()
while IFS= read -r line; do
  [ -n "$line" ] || continue
  f=${line%%:*}
  skip=0
  for a in "${allow[@]}"; do [ "$f" = "$a" ] && skip=1; done
  [ $skip = 1 ] && continue
  echo "  SQL outside a store file: $line"
  bad=$((bad + 1))
  [[ " ${files[*]} " == *" $f "* ]] || files+=("$f")
done <<<"$hits"
echo "store-sql: ${#files[@]} files, $bad calls outside store files (allowed while in progress: ${allow[*]:-none})"
[ $bad = 0 ]
