#!/usr/bin/env bash
# Set up everything the tests and the docs build need, idempotently: a venv in .venv with torch 2.13.0
# (the CPU build; an unpinned torch pulls a multi-GB CUDA build) and the dev extras, pinned; Debian's chromium
# for the browser test (never `playwright install`); KaTeX and pagefind from npm, pinned in package-lock.json.
# Each part is skipped when it is already done, so that a second run takes a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then echo "[setup] creating .venv"; "$PY" -m venv .venv; fi
# Every Python package at the version pinned in tools/constraints.txt (regenerate it with tools/lock.sh), so
# that every machine tests the same environment; skipped when nothing it depends on changed since the last run.
stamp=.venv/.setup-done
if [ ! -f "$stamp" ] || [ -n "$(find settings.ini setup.py tools/constraints.txt -newer "$stamp" -print -quit)" ]; then
  echo "[setup] installing the pinned Python packages into .venv (a few minutes the first time)"
  pins="-c tools/constraints.txt"
  .venv/bin/python -m pip install -q -U pip $pins
  .venv/bin/python -m pip install -q torch==2.13.0 $pins
  .venv/bin/python -m pip install -q -e ".[dev]" $pins
  touch "$stamp"
fi
missing=""
command -v chromium >/dev/null || missing="chromium"
command -v npm >/dev/null || missing="$missing npm"
if [ -n "$missing" ]; then
  echo "[setup] installing Debian's$missing (waiting for the package manager if another install holds its lock)"
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  wait_lock="-o DPkg::Lock::Timeout=1800"        # wait up to 30 min for another apt or dpkg to finish, rather than fail
  $SUDO apt-get $wait_lock -qq update && $SUDO env DEBIAN_FRONTEND=noninteractive apt-get $wait_lock -qq install -y $missing >/dev/null
fi
# KaTeX and pagefind, as package-lock.json pins them; skipped when npm's record of its last install is newer than the lock
if ! [ -x node_modules/.bin/pagefind ] || ! [ node_modules/.package-lock.json -nt package-lock.json ]; then
  echo "[setup] installing KaTeX and pagefind from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi
echo "[setup] ready in $((SECONDS - start)) s: .venv ($(.venv/bin/python -c 'from importlib.metadata import version as v; print("torch", v("torch"), "numpy", v("numpy"))')), $(chromium --version 2>/dev/null | head -1), katex $(node -p 'require("./node_modules/katex/package.json").version'), pagefind $(node -p 'require("./node_modules/pagefind/package.json").version')"
