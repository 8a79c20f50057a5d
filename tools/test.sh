#!/usr/bin/env bash
# Set up, then run every test: the built docs site in a browser (building it first if it is missing or older
# than its sources), and all notebooks (as nbdev_test runs them). The last line is the notebooks' count.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
if [ ! -f _docs/index.html ] || [ -n "$(find nbs stable_softmax tools/build_docs.py tools/site package-lock.json -newer _docs/index.html -print -quit)" ]; then
  .venv/bin/python tools/build_docs.py
fi
status=0
.venv/bin/python -m pytest -q -s tests || status=1
.venv/bin/python tools/test_notebooks.py || status=1
exit $status
