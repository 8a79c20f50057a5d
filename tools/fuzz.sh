#!/usr/bin/env bash
# Set up, then look for new counterexamples: the notebooks' property tests with fresh random seeds and 10x the
# examples of the README's test command (the `fuzz` hypothesis profile, see the reference page). Each
# counterexample is printed ready to paste above its test as `@example(...)`.
set -euo pipefail
cd "$(dirname "$0")/.."
bash tools/setup.sh
.venv/bin/python tools/fuzz.py
