"""A pytest plugin that puts stable_softmax's logsumexp, softmax and log_softmax into scipy.special, with scipy's
defaults (axis=None), before scipy's own test module imports them: `pytest -p tests.scipy_dropin --pyargs
scipy.special.tests.test_logsumexp` then tests ours with scipy's suite. `run_scipy_suite()` runs it in a subprocess
and returns the counts, on numpy arrays only (scipy's default) or, with `array_api=True`, with SCIPY_ARRAY_API=1, where
scipy's suite also runs on torch, jax, dask and array-api-strict arrays; tests/test_scipy_suite.py and the logsumexp page
both use it."""
import functools, os, re, subprocess, sys
from pathlib import Path
import scipy.special
import stable_softmax

SUITE = 'scipy.special.tests.test_logsumexp'
# scipy's tests that we leave out on purpose: the test's id (without its parameters, or with them for one case)
# -> the one-line reason for the difference. Listed on the logsumexp page. Empty: every test of scipy 1.17 passes.
DESELECTED: dict[str, str] = {}
# the same, for the run with SCIPY_ARRAY_API=1 (DESELECTED applies there too). Empty: every case passes on every library.
DESELECTED_ARRAY_API: dict[str, str] = {}

def scipy_defaults(f):
    "`f` with scipy's default axis=None (ours: -1 for softmax and log_softmax), otherwise the same call."
    @functools.wraps(f)
    def g(x, axis=None, **kwargs): return f(x, axis=axis, **kwargs)
    return g

def pytest_configure(config):
    from scipy._lib._array_api import xp_capabilities_table    # scipy's suite looks up each function's array-API capabilities
    for name, ours in [('logsumexp', stable_softmax.logsumexp), ('softmax', scipy_defaults(stable_softmax.softmax)),
                       ('log_softmax', scipy_defaults(stable_softmax.log_softmax))]:
        theirs = getattr(scipy.special, name)
        xp_capabilities_table[ours] = xp_capabilities_table[theirs]
        setattr(scipy.special, name, ours)

def test_id(nodeid):
    "A collected test's id as DESELECTED names it: 'TestClass::test_name[params]' (the module part dropped)."
    return nodeid.split('::', 1)[1]

def deselected():
    "The tests left out in this process's mode: DESELECTED, and DESELECTED_ARRAY_API too where SCIPY_ARRAY_API=1."
    return DESELECTED | (DESELECTED_ARRAY_API if os.environ.get('SCIPY_ARRAY_API') == '1' else {})

def pytest_collection_modifyitems(config, items):
    out = deselected()
    drop = [it for it in items if test_id(it.nodeid) in out or test_id(it.nodeid).split('[')[0] in out]
    config.named_deselected = len(drop)
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [it for it in items if it not in drop]

def pytest_terminal_summary(terminalreporter, config):
    "Say how many cases this plugin deselected by name (pytest's own count also holds those `-k` left out)."
    terminalreporter.write_line(f"scipy_dropin: {getattr(config, 'named_deselected', 0)} deselected by name")

# scipy's array-API run takes about 2 minutes on one core, most of it jax's and dask's cases (gh-22601's above all): it
# runs as two shards at once, of about the same length.
HALF = '(jax and gh22601) or (dask and not gh22601)'
SHARDS = {False: [None], True: [HALF, f'not ({HALF})']}
HANG = 1800    # seconds: a guard against a hang only, over ten times a shard's usual time on a busy 2-core machine

def start_scipy_suite(ours=True, array_api=False, collect=False, keyword=None):
    "Start scipy's installed test_logsumexp.py in a subprocess, on ours (through this plugin) or on scipy's own functions, on numpy arrays or (`array_api`) every library scipy tests, its cases selected by pytest's `-k keyword`, or only `collect` them: the process."
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root)] + [p for p in [os.environ.get('PYTHONPATH')] if p]))
    env.update(OMP_NUM_THREADS='1', MKL_NUM_THREADS='1', OPENBLAS_NUM_THREADS='1',   # one thread each: shards run side by side
               XLA_FLAGS='--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1')
    if array_api: env['SCIPY_ARRAY_API'] = '1'                       # scipy's suite over numpy, torch, jax, dask and array-api-strict
    else: env.pop('SCIPY_ARRAY_API', None)                           # scipy's default: numpy arrays only
    cmd = [sys.executable, '-m', 'pytest', '-q', '-rx', '-p', 'no:cacheprovider', '-W', 'ignore::pytest.PytestUnknownMarkWarning']
    cmd += (['-p', 'tests.scipy_dropin'] if ours else []) + (['--collect-only'] if collect else []) + (['-k', keyword] if keyword else [])
    p = subprocess.Popen(cmd + ['--pyargs', SUITE], cwd=root, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    p.what = f"scipy's suite ({'ours' if ours else 'scipy'}, {'SCIPY_ARRAY_API=1' if array_api else 'default'}{', -k ' + repr(keyword) if keyword else ''}{', collect only' if collect else ''})"
    return p

def counts_of(out, collect=False):
    "pytest's closing counts from its output: {outcome: n}, and with `collect` the number collected."
    last = out.strip().splitlines()[-1]
    counts = {k: int(n) for n, k in re.findall(r'(\d+) (passed|failed|deselected|skipped|xfailed|xpassed|errors?)\b', last)}
    if collect: counts['collected'] = int(re.search(r'(\d+)(?:/\d+)? tests? collected', last).group(1))
    return counts

def run_scipy_suite(ours=True, array_api=False, collect=False):
    "Run scipy's suite (see `start_scipy_suite`), as shards side by side where it is long: the counts by outcome (summed over the shards), the exit code (the worst) and the output (the shards' in turn). A shard that runs past `HANG` seconds is killed and named."
    procs = [start_scipy_suite(ours, array_api, collect, k) for k in (SHARDS[array_api] if not collect else [None])]
    outs, rcs = [], []
    for p in procs:
        try: out, _ = p.communicate(timeout=HANG)
        except subprocess.TimeoutExpired:
            for q in procs: q.kill()
            raise RuntimeError(f"{p.what} hung: no result after {HANG} s (it usually takes 1-2 minutes)") from None
        outs.append(out); rcs.append(p.returncode)
    counts = {}
    for out in outs:
        c = counts_of(out, collect)
        c.pop('deselected', None)                                    # also counts the cases a shard's -k leaves to the other shard
        named = re.search(r'^scipy_dropin: (\d+) deselected by name$', out, re.M)
        if named and int(named.group(1)): c['deselected'] = int(named.group(1))
        for k, n in c.items(): counts[k] = counts.get(k, 0) + n
    return counts, max(rcs), '\n'.join(outs)

def xfailed_by_scipy(out):
    "The cases scipy's own markers declare failing for a library (`xfail_xp_backends`), met at setup, before the function under test is called: {test id: reason}."
    return dict(re.findall(r'^XFAIL at setup of \S*?::(\S+) - (.*)$', out, re.M))
