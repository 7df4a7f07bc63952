#!/usr/bin/env bash
# Installs what handbook's browser tests need on Debian (Chromium, Thai/Noto fonts, Java, npm packages); safe to re-run.
#
# Usage (as root): bash tests/browser/install.sh
# Quiet on success; on failure prints what failed with the tail of the command's log and exits non-zero.
set -euo pipefail

HERE="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
LOG="$(mktemp -t browser-install.XXXXXX.log)"
trap 'rm -f "$LOG"' EXIT
export DEBIAN_FRONTEND=noninteractive

die() {
  echo "tests/browser/install.sh: ERROR: $*" >&2
  exit 1
}

# Run a command with its output in $LOG; on failure show the end of that log and stop.
run() {
  if ! "$@" >"$LOG" 2>&1; then
    echo "tests/browser/install.sh: ERROR: command failed: $*" >&2
    tail -n 30 "$LOG" >&2
    exit 1
  fi
}

# True when a Debian package is installed.
installed() {
  dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q '^install ok installed$'
}

# --- System packages -------------------------------------------------------
# Chromium for the tests, Thai and Noto fonts so Thai text renders (and measures) as on real
# machines, and a Java runtime for the Nu Html Checker (vnu.jar).
packages=()
for pkg in chromium fonts-thai-tlwg fonts-noto-core; do
  installed "$pkg" || packages+=("$pkg")
done
command -v java >/dev/null 2>&1 || packages+=(default-jre-headless)

if ((${#packages[@]})); then
  [[ $(id -u) -eq 0 ]] || die "need root to install: ${packages[*]} (run this script as root)"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this script supports Debian/Ubuntu only"
  # Refresh the package lists once when the big pieces are missing (a fresh machine); otherwise
  # try with the lists we have and refresh only if that fails.
  if ! installed chromium || ! command -v java >/dev/null 2>&1; then
    run apt-get update -qq
    run apt-get install -y -qq "${packages[@]}"
  elif ! apt-get install -y -qq "${packages[@]}" >"$LOG" 2>&1; then
    run apt-get update -qq
    run apt-get install -y -qq "${packages[@]}"
  fi
fi

[[ -x /usr/bin/chromium ]] || die "/usr/bin/chromium is missing after installing the chromium package"
command -v java >/dev/null 2>&1 || die "java is missing after installing default-jre-headless"

# --- npm packages ----------------------------------------------------------
command -v node >/dev/null 2>&1 || die "node not found: Node.js 20 or newer is required (with npm)"
command -v npm >/dev/null 2>&1 || die "npm not found: Node.js 20 or newer is required (with npm)"
node_major="$(node -p 'process.versions.node.split(".")[0]')"
((node_major >= 20)) || die "Node.js $(node -v) is too old: playwright-core needs Node.js 20 or newer"

cd "$HERE"
[[ -f package-lock.json ]] || die "tests/browser/package-lock.json is missing"
# node_modules is up to date when it was installed from this exact lock file and the files the
# tests load are present.
stamp="node_modules/.installed-lock.sha256"
want="$(sha256sum package-lock.json | cut -d' ' -f1)"
if [[ "$(cat "$stamp" 2>/dev/null || true)" != "$want" ]] ||
  [[ ! -f node_modules/playwright-core/package.json ]] ||
  [[ ! -f node_modules/axe-core/axe.min.js ]] ||
  [[ ! -f node_modules/vnu-jar/build/dist/vnu.jar ]]; then
  # --ignore-scripts: vnu-jar's postinstall would try to download a JDK from outside the
  # package registries; the system Java installed above is used instead.
  run npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
  echo "$want" >"$stamp"
fi
