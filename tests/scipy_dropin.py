"""A pytest plugin that puts stable_softmax's logsumexp, softmax and log_softmax into scipy.special, with scipy's
defaults (axis=None), before scipy's own test module imports them: `pytest -p tests.scipy_dropin --pyargs
scipy.special.tests.test_logsumexp` then tests ours with scipy's suite."""
import functools
import scipy.special
import stable_softmax

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
