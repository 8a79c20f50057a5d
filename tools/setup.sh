#!/usr/bin/env bash
# Set up everything the tests and the docs build need, idempotently: a venv in .venv with torch 2.13.0
# (the CPU build; an unpinned torch pulls a multi-GB CUDA build) and the dev extras.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then "$PY" -m venv .venv; fi
.venv/bin/python -m pip install -q -U pip
.venv/bin/python -m pip install -q torch==2.13.0
.venv/bin/python -m pip install -q -e ".[dev]"
echo "setup: .venv ready ($(.venv/bin/python -c 'import torch, numpy; print("torch", torch.__version__, "numpy", numpy.__version__)'))"
