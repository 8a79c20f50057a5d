#!/usr/bin/env bash
# Set up, then run every test: all notebooks (as nbdev_test runs them).
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/test_notebooks.py
