#!/usr/bin/env bash
# Set up, then run every test, and end with a summary (pages, tests, failures, time):
# - scipy's suite on ours in both modes (tests/test_scipy_suite.py), in the background from the start; it records
#   its counts in tests/results/scipy_suite.json, which the logsumexp page shows;
# - every page (notebook) run afresh by the docs build, which is the notebooks' test; skipped when the last
#   successful build ran on exactly these sources (tools/build_docs.py --if-stale), so a page runs once, not twice;
# - the built site in headless Chromium (tests/test_site.py).
# No step has a time limit; each has a guard against a hang that names what hung.
set -uo pipefail
cd "$(dirname "$0")/.."
start=$SECONDS
bash tools/setup.sh || exit 1
logs=$(mktemp -d /tmp/stable_softmax-test.XXXXXX)
step() { echo "[test] $1"; }
took() { echo "[test] $1 in $(($SECONDS - $2)) s"; }

suite_start=$SECONDS
step "scipy's suite on ours, both modes, in the background (log: $logs/suite.log)"
( .venv/bin/python -m pytest -q -p no:cacheprovider tests/test_scipy_suite.py >"$logs/suite.log" 2>&1; echo $? >"$logs/suite.rc" ) &
suite=$!

t=$SECONDS
step "the pages: every notebook run afresh by the docs build"
.venv/bin/python tools/build_docs.py --if-stale 2>&1 | tee "$logs/pages.log"
pages_rc=${PIPESTATUS[0]}
took "pages done" $t

t=$SECONDS
step "the site in headless Chromium"
.venv/bin/python -m pytest -q -p no:cacheprovider tests --ignore=tests/test_scipy_suite.py 2>&1 | tee "$logs/site.log"
site_rc=${PIPESTATUS[0]}
took "site done" $t

if kill -0 $suite 2>/dev/null; then step "waiting for scipy's suite"; fi
wait $suite
suite_rc=$(cat "$logs/suite.rc")
tail -n 1 "$logs/suite.log" | sed 's/^/[test] scipy suite: /'
[ "$suite_rc" -eq 0 ] || cat "$logs/suite.log"
took "scipy's suite done" $suite_start
if ! git diff --quiet -- tests/results 2>/dev/null; then
  echo "[test] tests/results/ changed (the pages show the committed results): rebuild the docs and commit them"; git diff --stat -- tests/results
fi

# the summary: pages and pytest's tests, passed and failed
count() { grep -Eo "[0-9]+ $1" "$2" | tail -n 1 | grep -Eo '^[0-9]+' || echo 0; }
pp=$(grep -E '^pages: ' "$logs/pages.log" | tail -n 1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
pf=$(grep -E '^pages: ' "$logs/pages.log" | tail -n 1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
[ "$pages_rc" -eq 0 ] || [ "$pf" -gt 0 ] || pf=1                     # the build failed before counting its pages
tp=$(( $(count passed "$logs/site.log") + $(count passed "$logs/suite.log") ))
tf=$(( $(count failed "$logs/site.log") + $(count failed "$logs/suite.log") + $(count error "$logs/site.log") + $(count error "$logs/suite.log") ))
[ "$site_rc" -eq 0 ] && [ "$suite_rc" -eq 0 ] || [ "$tf" -gt 0 ] || tf=1
echo "[test] pages: $pp passed, $pf failed; tests: $tp passed, $tf failed; $((SECONDS - start)) s (logs: $logs)"
echo "test: $((pp + tp)) passed, $((pf + tf)) failed"
[ "$pages_rc" -eq 0 ] && [ "$site_rc" -eq 0 ] && [ "$suite_rc" -eq 0 ]
