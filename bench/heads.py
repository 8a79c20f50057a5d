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
x32 = lambda *shape: rng.standard_normal(shape, dtype=np.float32)
N, D, V = 512, 256, 32768                                             # the vocabulary-scale loss: h (N, D), W (V, D), targets, bias
lce = (x32(N, D), x32(V, D) / 16, rng.integers(0, V, N), x32(V))
# (name, function, positional arguments, keywords, calls per timing: tiny calls are timed 300 at a time)
cases = [('softmax (512, 32000) f32', 'softmax', (x32(512, 32000),), {}, 1),
         ('log_softmax (512, 32000) f32', 'log_softmax', (x32(512, 32000),), {}, 1),
         ('logsumexp (512, 32000) f32', 'logsumexp', (x32(512, 32000),), {}, 1),
         ('softmax (16384, 128) f32', 'softmax', (x32(16384, 128),), {}, 1),
         ('logsumexp (10, 100000) f32 axis 0', 'logsumexp', (x32(10, 100000),), {'axis': 0}, 1),
         ('logsumexp (10**7,) f64', 'logsumexp', (rng.standard_normal(10**7),), {}, 1),
         ('logsumexp (256, 4096) c128', 'logsumexp', (rng.standard_normal((256, 4096)) + 1j * rng.standard_normal((256, 4096)),), {}, 1),
         ('cross_entropy (512, 32000) f32', 'cross_entropy', (x32(512, 32000), rng.integers(0, 32000, 512)), {}, 1),
         ('softmax (8,) f64, tiny', 'softmax', (rng.standard_normal(8),), {}, 300),
         ('logsumexp (8,) f64, tiny', 'logsumexp', (rng.standard_normal(8),), {}, 300),
         ('cross_entropy (4, 8) f64, tiny', 'cross_entropy', (rng.standard_normal((4, 8)), rng.integers(0, 8, 4)), {}, 300),
         ('linear_cross_entropy (512, 256) x (32768, 256) f32', 'linear_cross_entropy', lce, {}, 1),
         ('linear_cross_entropy, label_smoothing 0.1', 'linear_cross_entropy', lce, {'label_smoothing': 0.1}, 1),
         ('linear_cross_entropy_vjp (512, 256) x (32768, 256) f32', 'linear_cross_entropy_vjp', lce, {}, 1),
         ('linear_cross_entropy_vjp, label_smoothing 0.1', 'linear_cross_entropy_vjp', lce, {'label_smoothing': 0.1}, 1)]
sys.path.insert(0, str(__import__("pathlib").Path(__file__).resolve().parent)); from machine import describe; print(describe())
for name, f, args, kw, reps in cases:
    fo, fn = getattr(old, f), getattr(new, f)
    ra, rb = fo(*args, **kw), fn(*args, **kw)
    ulps = 0.
    for a, b in zip(*((r if isinstance(r, tuple) else (r,)) for r in (ra, rb))):   # the two heads' results (each array of a tuple), in ulps
        a, b = np.asarray(a), np.asarray(b)
        if a.size: ulps = max(ulps, float(np.max(np.abs(a - b) / np.spacing(np.abs(a).astype(a.real.dtype)))))
    to, tn = [], []
    for r in range(31):
        for fun, ts in ((fo, to), (fn, tn)) if r % 2 else ((fn, tn), (fo, to)):
            t0 = time.perf_counter()
            for _ in range(reps): fun(*args, **kw)
            ts.append((time.perf_counter() - t0) / reps)
    ratio = np.median(np.divide(tn, to))
    print(f"{name:56s} differ by <= {ulps:.0f} ulp  old {np.median(to)*1e3:8.3f} ms  new {np.median(tn)*1e3:8.3f} ms  new/old median ratio {ratio:.3f}", flush=True)
