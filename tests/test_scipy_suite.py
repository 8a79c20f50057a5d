"""scipy's own logsumexp/softmax/log_softmax suite (scipy/special/tests/test_logsumexp.py, as installed) against ours,
through the plugin tests/scipy_dropin.py, on numpy arrays (scipy's default) and with SCIPY_ARRAY_API=1 (torch, jax, dask
and array-api-strict arrays too): every test passes, or is deselected by name with its reason there. scipy's count of
cases comes from its collection (`--collect-only`), so a suite that silently shrank on ours fails. The counts are
recorded in tests/results/scipy_suite.json, which the logsumexp page shows."""
from importlib.metadata import version

from tests.record import record
from tests.scipy_dropin import DESELECTED, DESELECTED_ARRAY_API, run_scipy_suite, xfailed_by_scipy

LIBS = ('numpy', 'torch', 'jax.numpy', 'dask.array', 'array_api_strict')
def ids(listing): return {l.split('::', 1)[1] for l in listing.splitlines() if '::' in l and ' ' not in l}   # collected ids, without the file's path

def test_scipy_suite_passes_on_ours():
    default, rc_default, listing0 = run_scipy_suite(ours=False, collect=True)          # the suite's cases, as scipy collects them
    theirs, rc_theirs, listing = run_scipy_suite(ours=False, array_api=True, collect=True)
    ours0, rc0, out0 = run_scipy_suite()
    ours, rc, out = run_scipy_suite(array_api=True)
    assert rc_default == rc_theirs == 0 and default['collected'] > 400 and theirs['collected'] > 2000, (default, theirs)
    libs = {lib: sum(f'[{lib}' in i for i in ids(listing)) for lib in LIBS}
    assert ids(listing0) <= ids(listing) and len(ids(listing0)) == default['collected'] and min(libs.values()) > 390, libs
    # default run: numpy arrays only
    assert rc0 == 0 and set(ours0) <= {'passed', 'deselected'}, out0[-3000:]
    assert ours0.get('deselected', 0) >= len(DESELECTED)              # each named test matched at least one case
    assert ours0['passed'] + ours0.get('deselected', 0) == default['collected'], (ours0, default)
    # SCIPY_ARRAY_API=1: every library
    assert rc == 0 and set(ours) <= {'passed', 'deselected', 'xfailed'}, out[-3000:]
    xfails = xfailed_by_scipy(out)
    assert len(xfails) == ours.get('xfailed', 0), out[-3000:]          # only scipy's own xfail markers, never our function
    assert ours.get('deselected', 0) >= len(DESELECTED) + len(DESELECTED_ARRAY_API)
    assert ours['passed'] + ours.get('deselected', 0) + ours.get('xfailed', 0) == theirs['collected'], (ours, theirs)
    record('scipy_suite', {
        'versions': {p: version(p) for p in ('scipy', 'numpy', 'torch', 'jax', 'dask', 'array-api-strict')},
        'default': {'collected': default['collected'], 'ours': ours0},
        'array_api': {'collected': theirs['collected'], 'libraries': libs, 'ours': ours, 'xfailed_by_scipy': dict(sorted(xfails.items()))},
        'deselected': DESELECTED | DESELECTED_ARRAY_API}, by='bash tools/test.sh (tests/test_scipy_suite.py)')
