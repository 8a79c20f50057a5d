"""A pytest plugin that puts stable_softmax's logsumexp, softmax and log_softmax into scipy.special, with scipy's
defaults (axis=None), before scipy's own test module imports them: `pytest -p tests.scipy_dropin --pyargs
scipy.special.tests.test_logsumexp` then tests ours with scipy's suite. `run_scipy_suite()` runs it in a subprocess
and returns the counts; tests/test_scipy_suite.py and the logsumexp page both use it."""
import functools, os, re, subprocess, sys
from pathlib import Path
import scipy.special
import stable_softmax

SUITE = 'scipy.special.tests.test_logsumexp'
# scipy's tests that we leave out on purpose: the test's id (without its parameters, or with them for one case)
# -> the one-line reason for the difference. Listed on the logsumexp page. Empty: every test of scipy 1.17 passes.
DESELECTED: dict[str, str] = {}

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

def pytest_collection_modifyitems(config, items):
    drop = [it for it in items if test_id(it.nodeid) in DESELECTED or test_id(it.nodeid).split('[')[0] in DESELECTED]
    if drop:
        config.hook.pytest_deselected(items=drop)
        items[:] = [it for it in items if it not in drop]

def run_scipy_suite(ours=True):
    "Run scipy's installed test_logsumexp.py in a subprocess, on ours (through this plugin) or on scipy's own functions: the counts by outcome and the output."
    root = Path(__file__).resolve().parent.parent
    env = dict(os.environ, PYTHONPATH=os.pathsep.join([str(root)] + [p for p in [os.environ.get('PYTHONPATH')] if p]))
    env.pop('SCIPY_ARRAY_API', None)                                  # numpy arrays only, for now (see the logsumexp page)
    cmd = [sys.executable, '-m', 'pytest', '-q', '-p', 'no:cacheprovider', '-W', 'ignore::pytest.PytestUnknownMarkWarning']
    cmd += (['-p', 'tests.scipy_dropin'] if ours else []) + ['--pyargs', SUITE]
    r = subprocess.run(cmd, cwd=root, env=env, capture_output=True, text=True, timeout=600)
    counts = {k: int(n) for n, k in re.findall(r'(\d+) (passed|failed|deselected|skipped|xfailed|xpassed|errors?)\b', r.stdout.splitlines()[-1])}
    return counts, r.returncode, r.stdout
