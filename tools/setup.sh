#!/usr/bin/env bash
# Set up everything the tests and the docs build need, idempotently: a venv in .venv with torch 2.13.0
# (the CPU build; an unpinned torch pulls a multi-GB CUDA build) and the dev extras, pinned; Debian's chromium
# for the browser test (never `playwright install`); KaTeX from npm, pinned in package-lock.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
# Every Python package at the version pinned in tools/constraints.txt (regenerate it with tools/lock.sh), so
# that every machine tests the same environment; skipped when nothing it depends on changed since the last run.
stamp=.venv/.setup-done
if [ ! -f "$stamp" ] || [ -n "$(find settings.ini setup.py tools/constraints.txt -newer "$stamp" -print -quit)" ]; then
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
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update && $SUDO apt-get install -y $missing
fi
npm ci --no-audit --no-fund --loglevel=error
echo "setup: .venv ready ($(.venv/bin/python -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)')), $(chromium --version 2>/dev/null | head -1), katex $(node -p 'require("katex/package.json").version'), $(node_modules/.bin/pagefind --version)"
