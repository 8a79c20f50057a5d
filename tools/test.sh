#!/usr/bin/env bash
# Set up, then run every test, and end with a summary (pages, tests, failures, time):
# - the heavy checks, in the background from the start: scipy's suite on ours in both modes (tests/test_scipy_suite.py)
#   and every page with its slow cells (tests/test_slow_cells.py: the accuracy grid's long rows, the backends page's
#   accuracy sweeps); they record their results in tests/results/, which the pages show;
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

# the checks whose results the pages read from tests/results/: scipy's suite, and each page with slow cells, a process each
heavy="tests/test_scipy_suite.py $(.venv/bin/python tests/test_slow_cells.py)"
suite_start=$SECONDS
step "the heavy checks in the background, each in a process of its own: scipy's suite on ours in both modes, the pages with slow cells (logs: $logs/heavy-*.log)"
for f in $heavy; do
  name=$(echo "$f" | tr -c 'A-Za-z0-9_\n' '-')
  # one thread per library, as in the docs build: what they record does not depend on the machine's core count
  ( export OMP_NUM_THREADS=1 MKL_NUM_THREADS=1 OPENBLAS_NUM_THREADS=1 XLA_FLAGS='--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1'
    .venv/bin/python -m pytest -q -p no:cacheprovider "$f" >"$logs/heavy-$name.log" 2>&1; echo $? >"$logs/heavy-$name.rc" ) &
done

t=$SECONDS
step "the pages: every notebook run afresh by the docs build"
.venv/bin/python tools/build_docs.py --if-stale 2>&1 | tee "$logs/pages.log"
pages_rc=${PIPESTATUS[0]}
took "pages done" $t

t=$SECONDS
step "the site in headless Chromium"
.venv/bin/python -m pytest -q -p no:cacheprovider tests --ignore=tests/test_scipy_suite.py --ignore=tests/test_slow_cells.py 2>&1 | tee "$logs/site.log"
site_rc=${PIPESTATUS[0]}
took "site done" $t

step "waiting for the heavy checks"
wait
suite_rc=0
for f in $heavy; do
  name=$(echo "$f" | tr -c 'A-Za-z0-9_\n' '-')
  echo "[test] $f: $(tail -n 1 "$logs/heavy-$name.log")"
  if [ "$(cat "$logs/heavy-$name.rc")" -ne 0 ]; then suite_rc=1; cat "$logs/heavy-$name.log"; fi
done
took "heavy checks done" $suite_start
if ! git diff --quiet -- tests/results 2>/dev/null; then
  echo "[test] tests/results/ changed (the pages show the committed results): rebuild the docs and commit them"; git diff --stat -- tests/results
fi

# the summary: pages and pytest's tests, passed and failed
count() {   # count WORD FILE...: the sum over the files of pytest's closing "N WORD"
  local word=$1 n=0 f; shift
  for f in "$@"; do n=$((n + $(grep -Eo "[0-9]+ $word" "$f" | tail -n 1 | grep -Eo '^[0-9]+' || echo 0))); done; echo $n; }
pp=$(grep -E '^pages: ' "$logs/pages.log" | tail -n 1 | grep -Eo '[0-9]+ passed' | grep -Eo '[0-9]+' || echo 0)
pf=$(grep -E '^pages: ' "$logs/pages.log" | tail -n 1 | grep -Eo '[0-9]+ failed' | grep -Eo '[0-9]+' || echo 0)
[ "$pages_rc" -eq 0 ] || [ "$pf" -gt 0 ] || pf=1                     # the build failed before counting its pages
tp=$(count passed "$logs/site.log" "$logs"/heavy-*.log)
tf=$(( $(count failed "$logs/site.log" "$logs"/heavy-*.log) + $(count error "$logs/site.log" "$logs"/heavy-*.log) ))
[ "$site_rc" -eq 0 ] && [ "$suite_rc" -eq 0 ] || [ "$tf" -gt 0 ] || tf=1
echo "[test] pages: $pp passed, $pf failed; tests: $tp passed, $tf failed; $((SECONDS - start)) s (logs: $logs)"
echo "test: $((pp + tp)) passed, $((pf + tf)) failed"
[ "$pages_rc" -eq 0 ] && [ "$site_rc" -eq 0 ] && [ "$suite_rc" -eq 0 ]
