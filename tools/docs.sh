#!/usr/bin/env bash
# Set up, build the docs site into _docs/ (and README.md from nbs/index.ipynb) from a fresh run of every page, and
# say how to read it. The heavy checks (scipy's suites) are not run here: the test command runs them and the pages
# show the results it recorded (tests/results/).
set -euo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash tools/setup.sh
echo "[docs] building the site: every page runs afresh"
.venv/bin/python tools/build_docs.py
echo "docs: done in $((SECONDS - start)) s; serve _docs/ with '.venv/bin/python -m http.server -d _docs 8000' and open http://127.0.0.1:8000"
