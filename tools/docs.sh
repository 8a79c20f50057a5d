#!/usr/bin/env bash
# Set up, build the docs site into _docs/ (and README.md from nbs/index.ipynb), and say how to read it.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/build_docs.py
echo "docs: serve _docs/ with '.venv/bin/python -m http.server -d _docs 8000' and open http://127.0.0.1:8000"
