#!/usr/bin/env bash
# Installs what bureau needs and is missing: Debian packages for the C build and tests, npm packages for the web UI and browser tests.
# Idempotent and quiet when everything is there. `deps.sh web` only sees to the web UI's node_modules.
set -euo pipefail
cd "$(dirname "$0")/.."

DEB_PKGS=(build-essential pkg-config clang libclang-rt-dev git
  libmicrohttpd-dev libjansson-dev libsqlite3-dev sqlite3 libsodium-dev libxlsxwriter-dev libzip-dev libexpat1-dev libcmocka-dev libjpeg62-turbo-dev zlib1g-dev
  nodejs npm chromium fonts-noto-cjk tzdata)
BENCH_PKGS=(wrk nginx-light)
# Only for tests: the 年度总结 DOCX test converts bureau's Word file with LibreOffice headless (bureau itself never runs it).
TEST_PKGS=(libreoffice-writer-nogui)

need_apt() {
  local missing=()
  for p in "$@"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  # node from another source (not Debian's package) is fine when new enough.
  if command -v node >/dev/null && node -e 'process.exit(+process.versions.node.split(".")[0] >= 18 ? 0 : 1)'; then
    local keep=(); for p in "${missing[@]}"; do [[ $p == nodejs || $p == npm ]] || keep+=("$p"); done; missing=("${keep[@]}")
  fi
  if ((${#missing[@]})); then
    echo "deps: installing ${missing[*]}"
    local SUDO=""; [ "$(id -u)" = 0 ] || SUDO=sudo
    $SUDO apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null
  fi
}

need_npm() { # dir
  local d=$1
  [ -f "$d/package.json" ] || return 0
  if [ ! -d "$d/node_modules" ] || [ "$d/package-lock.json" -nt "$d/node_modules/.package-lock.json" ]; then
    echo "deps: npm ci in $d"
    (cd "$d" && npm ci --no-audit --no-fund --loglevel=error)
  fi
}

case "${1:-all}" in
  web) need_npm web ;;
  run) need_apt "${DEB_PKGS[@]}"; need_npm web ;;
  bench) need_apt "${DEB_PKGS[@]}" "${BENCH_PKGS[@]}" ;;
  *) need_apt "${DEB_PKGS[@]}" "${TEST_PKGS[@]}"; need_npm web; need_npm tests ;;
esac
