"""A fixed set of calls of every public function, recorded bit for bit: to show that a change of layout changes no result.

    python bench/behaviour.py OUT.pkl            # record the calls' results with the package importable from here
    python bench/behaviour.py --compare A.pkl B.pkl

Every public function, on numpy, torch, jax (64-bit on), dask and array_api_strict; float16, bfloat16, float32, float64, int,
bool and complex input; axes -1, 0, (0, 2) and None; weights, signs, masks, dtype=, keepdims; the conventions' rows (all
-inf, +inf, nan, huge entries of both signs); and the errors of bad calls (type and message). Each result is kept as its
type, dtype, shape and bytes, so that the comparison is bit for bit (nan's bits included) and in dtype.
"""
import os, sys
os.environ.setdefault('XLA_FLAGS', '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1')
os.environ.setdefault('OMP_NUM_THREADS', '1')
import pickle, warnings
from pathlib import Path

import numpy as np

def snapshot(r):
    "A result as (type, dtype, shape, bytes), nested for tuples, lists and generators."
    if isinstance(r, (tuple, list)) or hasattr(r, '__next__'): return ('seq', [snapshot(v) for v in r])
    if hasattr(r, 'compute'): r = r.compute()
    kind = type(r).__module__.split('.')[0] + '.' + type(r).__name__
    if hasattr(r, 'detach'): r = r.detach().numpy()
    a = np.asarray(r)
    return (kind, str(a.dtype), a.shape, a.tobytes())

def calls():
    "{name: thunk} of the fixed calls."
    import ml_dtypes, torch, jax, jax.numpy as jnp, dask.array as da, array_api_strict as strict
    jax.config.update('jax_enable_x64', True)
    import stable_softmax as S
    from stable_softmax import naive
    rng = np.random.default_rng(7)
    inf, nan = np.inf, np.nan
    x = np.round(rng.standard_normal((3, 4, 5)) * 4, 1)                  # rounded: ties
    x[0, 0] = [-inf] * 5; x[0, 1, 2] = inf; x[1, 0, 1] = nan; x[2, 3] = [1e308, -1e308, 0., 1e308, 5.]
    mask = rng.random(x.shape) > 0.25; mask[1, 1] = False
    b = np.round(rng.standard_normal(x.shape), 1); b[2, 2, 2] = 0.
    z = x + 1j * np.round(rng.standard_normal(x.shape) * 3, 1); z[1, 2, 3] = complex(2., inf)
    g = rng.standard_normal(x.shape)
    fin = np.round(rng.standard_normal((6, 7)) * 3, 1)
    t = rng.integers(0, 7, 6); t[2] = -100
    probs = S.softmax(rng.standard_normal((6, 7)))
    libs = {'numpy': lambda a: a, 'torch': torch.asarray, 'jax': jnp.asarray,
            'dask': lambda a: da.from_array(a, chunks=tuple(max(1, s // 2) for s in np.shape(a))), 'strict': strict.asarray}
    out = {}
    dtypes = {'f16': np.float16, 'bf16': ml_dtypes.bfloat16, 'f32': np.float32, 'f64': np.float64, 'i64': np.int64, 'bool': bool}
    for ln, to in libs.items():
        for dn, dt in dtypes.items():
            if ln != 'numpy' and dn == 'bf16': continue
            xd = x > 0 if dt is bool else np.round(np.nan_to_num(x, posinf=9, neginf=-9, nan=0) % 50).astype(dt) if dt is np.int64 else x.astype(dt)
            for f in (S.softmax, S.log_softmax, S.logsumexp):
                for axis in (-1, 0, (0, 2), None):
                    out[ln, dn, f.__name__, str(axis)] = lambda f=f, a=xd, axis=axis, to=to: f(to(a), axis)
                out[ln, dn, f.__name__, 'where'] = lambda f=f, a=xd, to=to: f(to(a), -1, where=to(mask))
        for f in (S.softmax, S.log_softmax, S.logsumexp):
            out[ln, 'c128', f.__name__] = lambda f=f, to=to: f(to(z), -1)
            out[ln, 'c64', f.__name__] = lambda f=f, to=to: f(to(z.astype(np.complex64)), (0, 2))
            out[ln, 'f32->f64', f.__name__] = lambda f=f, to=to: f(to(x.astype(np.float32)), -1, dtype=np.float64)
        out[ln, 'lse b sign'] = lambda to=to: S.logsumexp(to(x), -1, b=to(b), return_sign=True)
        out[ln, 'lse b keepdims'] = lambda to=to: S.logsumexp(to(x), (0, 2), b=to(b), keepdims=True)
        out[ln, 'lse complex b sign'] = lambda to=to: S.logsumexp(to(z), -1, b=to(b), return_sign=True)
        for f in (S.softmax_jacobian, S.log_softmax_jacobian):
            out[ln, f.__name__] = lambda f=f, to=to: f(to(x), -1, where=to(mask))
        for f in (S.softmax_vjp, S.log_softmax_vjp):
            for axis in (-1, (0, 2)): out[ln, f.__name__, str(axis)] = lambda f=f, to=to, axis=axis: f(to(x), to(g), axis, to(mask))
        out[ln, 'logsumexp_vjp'] = lambda to=to: S.logsumexp_vjp(to(x), to(g[:, 0]), 1, where=to(mask))
        for red in ('mean', 'sum', 'none'):
            for ls in (0.0, 0.1):
                out[ln, 'ce', red, ls] = lambda to=to, red=red, ls=ls: S.cross_entropy_and_vjp(to(fin), to(t), reduction=red, label_smoothing=ls, weight=to(np.arange(1., 8.)))
            out[ln, 'ce probs', red] = lambda to=to, red=red: S.cross_entropy_and_vjp(to(fin), to(probs), reduction=red)
            out[ln, 'ce nonfinite', red] = lambda to=to, red=red: S.cross_entropy_and_vjp(to(x[2]), to(np.array([0, 1, 2, 4])), reduction=red)
        out[ln, 'ce 3d'] = lambda to=to: S.cross_entropy(to(x[1:]), to(np.zeros((2, 5), int)), axis=1, reduction='none')
        if ln in ('numpy', 'torch', 'strict'):
            h, W, bias = rng.standard_normal((5, 8)).astype(np.float32), rng.standard_normal((11, 8)).astype(np.float32), rng.standard_normal(11).astype(np.float32)
            tt = np.array([0, 3, -100, 10, 4])
            for red in ('mean', 'none'):
                out[ln, 'lce', red] = lambda to=to, red=red, h=h, W=W, bias=bias, tt=tt: S.linear_cross_entropy_and_vjp(to(h), to(W), to(tt), bias=to(bias), reduction=red, chunk=4)
    for dn, dt in (('f32', np.float32), ('f64', np.float64), ('c128', np.complex128)):
        a = (z if dn == 'c128' else x).astype(dt)
        out['online', dn, 'logcumsumexp'] = lambda a=a: S.logcumsumexp(a, 1)
        out['online', dn, 'dask_logsumexp'] = lambda a=a: S.dask_logsumexp(da.from_array(a, chunks=(2, 2, 2)), (0, 2))
        def stream(a=a):
            s = S.StreamingLogSumExp()
            for k in range(0, 5, 2): s.update(a[..., k:k + 2])
            return s.compute()
        out['online', dn, 'stream'] = stream
        out['online', dn, 'chunked_softmax'] = lambda a=a: list(S.chunked_softmax(lambda: (a[..., k:k + 2] for k in range(0, 5, 2)), log=True))
    q, k_, v = (rng.standard_normal((2, 9, 4)) for _ in range(3))
    out['online', 'attention'] = lambda: S.blockwise_attention(q, k_, v, causal=True, block=4)
    for f in (naive.naive_softmax, naive.naive_log_softmax, naive.naive_logsumexp): out['naive', f.__name__] = lambda f=f: f(fin)
    bad = {'axis 5': lambda: S.softmax(x, 5), 'complex vjp': lambda: S.softmax_vjp(z, z), 'None': lambda: S.softmax(None),
           'ls None': lambda: S.cross_entropy(fin, t, label_smoothing=None), 'ce 3d no axis': lambda: S.cross_entropy(x, np.zeros((3, 4), int)),
           'out torch': lambda: S.softmax(torch.asarray(x), out=np.empty(x.shape)), 'where int': lambda: S.softmax(x, where=np.ones(x.shape, int)),
           'b shape': lambda: S.logsumexp(x, b=np.ones(3)), 'ragged': lambda: S.softmax([[1., 2.], [3.]]), 'dtype int': lambda: S.softmax(x, dtype=np.int32),
           'torch dtype int': lambda: S.softmax(torch.asarray(x), dtype=torch.int32), 'strings': lambda: S.softmax(np.array(['a']))}
    for name, f in bad.items(): out['error', name] = f
    return out

def record(path):
    res = {}
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter('always')
        for key, f in calls().items():
            try: res[key] = snapshot(f())
            except Exception as e: res[key] = ('error', type(e).__name__, str(e))
    res['warnings'] = sorted({f'{w.category.__name__}: {w.message}' for w in caught})
    Path(path).write_bytes(pickle.dumps(res))
    print(f"behaviour: {len(res) - 1} calls recorded in {path} ({sum(v[0] == 'error' for k, v in res.items() if k != 'warnings')} raised; {len(res['warnings'])} distinct warnings)")

def compare(a, b):
    A, B = pickle.loads(Path(a).read_bytes()), pickle.loads(Path(b).read_bytes())
    keys = sorted(set(A) | set(B), key=str)
    diff = [k for k in keys if A.get(k) != B.get(k)]
    for k in diff: print('differs:', k, '\n   ', str(A.get(k))[:300], '\n   ', str(B.get(k))[:300])
    print(f"behaviour: {len(keys) - len(diff)} of {len(keys)} results equal bit for bit and in dtype; {len(diff)} differ")
    return not diff

if __name__ == '__main__':
    if sys.argv[1] == '--compare': sys.exit(0 if compare(sys.argv[2], sys.argv[3]) else 1)
    record(sys.argv[1])
