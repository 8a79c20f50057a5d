"""The numpy path at two heads, interleaved in one process: new (this checkout) against old (another commit's package).

    git archive OLD stable_softmax | tar -x -C /tmp/old && mv /tmp/old/stable_softmax /tmp/old/stable_softmax_old
    python bench/heads.py /tmp/old

Each case prints how far the two heads' results differ (ulps), then times 31 rounds, alternating which goes first, one thread; prints
the medians and the median of the rounds' ratios (new / old), and numpy's SIMD line.
"""
import os
for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ[v] = '1'
import sys, time, numpy as np
sys.path.insert(0, sys.argv[1]); sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parents[1]))
import stable_softmax as new, stable_softmax_old as old
rng = np.random.default_rng(0)
cases = [('softmax (512, 32000) f32', 'softmax', rng.standard_normal((512, 32000), dtype=np.float32), {}),
         ('log_softmax (512, 32000) f32', 'log_softmax', rng.standard_normal((512, 32000), dtype=np.float32), {}),
         ('logsumexp (512, 32000) f32', 'logsumexp', rng.standard_normal((512, 32000), dtype=np.float32), {}),
         ('softmax (16384, 128) f32', 'softmax', rng.standard_normal((16384, 128), dtype=np.float32), {}),
         ('logsumexp (10, 100000) f32 axis 0', 'logsumexp', rng.standard_normal((10, 100000), dtype=np.float32), {'axis': 0}),
         ('logsumexp (10**7,) f64', 'logsumexp', rng.standard_normal(10**7), {}),
         ('logsumexp (256, 4096) c128', 'logsumexp', rng.standard_normal((256, 4096)) + 1j * rng.standard_normal((256, 4096)), {}),
         ('cross_entropy (512, 32000) f32', 'cross_entropy', rng.standard_normal((512, 32000), dtype=np.float32), {'target': rng.integers(0, 32000, 512)})]
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent)); from machine import describe; print(describe())
for name, f, x, kw in cases:
    kw = dict(kw); t = kw.pop('target', None)
    args = (x,) if t is None else (x, t)
    fo, fn = getattr(old, f), getattr(new, f)
    a, b = np.asarray(fo(*args, **kw)), np.asarray(fn(*args, **kw))
    ulps = float(np.max(np.abs(a - b) / np.spacing(np.abs(a).astype(a.real.dtype)))) if a.size else 0.   # the two heads' results, in ulps
    to, tn = [], []
    for r in range(31):
        for fun, ts in ((fo, to), (fn, tn)) if r % 2 else ((fn, tn), (fo, to)):
            t0 = time.perf_counter(); fun(*args, **kw); ts.append(time.perf_counter() - t0)
    ratio = np.median(np.divide(tn, to))
    print(f"{name:40s} differ by <= {ulps:.0f} ulp  old {np.median(to)*1e3:8.2f} ms  new {np.median(tn)*1e3:8.2f} ms  new/old median ratio {ratio:.3f}")
