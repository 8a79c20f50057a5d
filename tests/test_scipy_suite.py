"""scipy's own logsumexp/softmax/log_softmax suite (scipy/special/tests/test_logsumexp.py, as installed) against ours,
through the plugin tests/scipy_dropin.py: every test passes, or is deselected by name with its reason there."""
from tests.scipy_dropin import DESELECTED, run_scipy_suite

def test_scipy_suite_passes_on_ours():
    theirs, rc_theirs, _ = run_scipy_suite(ours=False)                # the suite on scipy itself: how many tests it has
    ours, rc, out = run_scipy_suite()
    assert rc_theirs == 0 and theirs['passed'] > 400, theirs
    assert rc == 0 and set(ours) <= {'passed', 'deselected'}, out[-3000:]
    assert ours.get('deselected', 0) >= len(DESELECTED)              # each named test matched at least one case
    assert ours['passed'] + ours.get('deselected', 0) == theirs['passed'], (ours, theirs)
