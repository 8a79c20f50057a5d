"""scipy's own logsumexp/softmax/log_softmax suite (scipy/special/tests/test_logsumexp.py, as installed) against ours,
through the plugin tests/scipy_dropin.py, on numpy arrays (scipy's default) and with SCIPY_ARRAY_API=1 (torch, jax, dask
and array-api-strict arrays too): every test passes, or is deselected by name with its reason there. scipy's count of
cases comes from its collection (`--collect-only`), so a suite that silently shrank on ours fails."""
from tests.scipy_dropin import DESELECTED, DESELECTED_ARRAY_API, run_scipy_suite, xfailed_by_scipy

def test_scipy_suite_passes_on_ours():
    theirs, rc_theirs, _ = run_scipy_suite(ours=False, collect=True)   # the suite's cases, as scipy collects them
    ours, rc, out = run_scipy_suite()
    assert rc_theirs == 0 and theirs['collected'] > 400, theirs
    assert rc == 0 and set(ours) <= {'passed', 'deselected'}, out[-3000:]
    assert ours.get('deselected', 0) >= len(DESELECTED)              # each named test matched at least one case
    assert ours['passed'] + ours.get('deselected', 0) == theirs['collected'], (ours, theirs)

def test_scipy_array_api_suite_passes_on_ours():
    theirs, rc_theirs, _ = run_scipy_suite(ours=False, array_api=True, collect=True)
    ours, rc, out = run_scipy_suite(array_api=True)
    assert rc_theirs == 0 and theirs['collected'] > 2000, theirs
    assert rc == 0 and set(ours) <= {'passed', 'deselected', 'xfailed'}, out[-3000:]
    assert len(xfailed_by_scipy(out)) == ours.get('xfailed', 0), out[-3000:]   # only scipy's own xfail markers, never our function
    assert ours.get('deselected', 0) >= len(DESELECTED) + len(DESELECTED_ARRAY_API)
    assert ours['passed'] + ours.get('deselected', 0) + ours.get('xfailed', 0) == theirs['collected'], (ours, theirs)
