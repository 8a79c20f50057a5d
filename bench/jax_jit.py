"""Ours against jax.nn's own functions under jax.jit, (512, 32000) float32, one CPU thread, 15 interleaved rounds.

    python bench/jax_jit.py [--out bench/results]

Writes jax_jit.json: per function the medians (ms) of ours, of jax.nn and of the select variant (the state written with a
select and a count of x == m, as it first was) and of ours without the optimization barrier between the state's two
sums (generic.xp_apart off), and the medians of the rounds' ratios to jax.nn; the
machine (CPU, numpy's SIMD line from np.show_runtime(), versions) and the date. The performance page shows it.
"""
import os
os.environ['XLA_FLAGS'] = '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1'   # one thread, before jax is imported
import argparse, datetime, json, sys, time
from pathlib import Path

import numpy as np
import jax, jax.numpy as jnp

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from stable_softmax import softmax, log_softmax, logsumexp
from machine import describe          # bench/machine.py: this folder is on sys.path when run as a script

def machine(): return dict(describe(), jax=jax.__version__, date=datetime.date.today().isoformat())

def select_state(v):
    "The state as first written: the max's terms left out of t by a select, the ties by a count of x == m (the variant the page explains away)."
    m = jnp.max(v, -1, keepdims=True)
    e, top = jnp.exp(v - jnp.where(jnp.isfinite(m), m, 0)), v == m
    return m, jnp.sum(top, -1, keepdims=True, dtype=v.dtype), jnp.sum(jnp.where(top, 0, e), -1, keepdims=True), e

SELECT = {'logsumexp': lambda v: (lambda m, c, t, e: (m + jnp.log(c) + jnp.log1p(t / c))[:, 0])(*select_state(v)),
          'softmax': lambda v: (lambda m, c, t, e: e / (c + t))(*select_state(v)),
          'log_softmax': lambda v: (lambda m, c, t, e: (v - m) - (jnp.log(c) + jnp.log1p(t / c)))(*select_state(v))}

def without_barrier(f):
    "`f` jitted and traced with generic.xp_apart off: the state's two sums without the optimization barrier between them."
    import stable_softmax.generic as generic
    g = jax.jit(f)
    def traced(v):
        keep, generic.xp_apart = generic.xp_apart, lambda xp, *a: None
        try: return g(v)
        finally: generic.xp_apart = keep
    return traced

def run(rounds=15):
    x = jnp.asarray(np.random.default_rng(0).standard_normal((512, 32000), dtype=np.float32))
    pairs = {name: (jax.jit(lambda v, f=f: f(v, -1)), jax.jit(lambda v, g=g: g(v, axis=-1)), jax.jit(SELECT[name]), without_barrier(lambda v, f=f: f(v, -1)))
             for name, f, g in (('logsumexp', logsumexp, jax.nn.logsumexp), ('softmax', softmax, jax.nn.softmax), ('log_softmax', log_softmax, jax.nn.log_softmax))}
    for k, (ours, _, sel, bare) in pairs.items():                     # the variants compute the same
        np.testing.assert_allclose(sel(x), ours(x), rtol=1e-5); np.testing.assert_allclose(bare(x), ours(x), rtol=1e-5)
    ts = {(k, i): [] for k in pairs for i in range(4)}
    for r in range(rounds + 1):
        for k, pair in pairs.items():
            for i, f in enumerate(pair):
                t0 = time.perf_counter(); f(x).block_until_ready()
                if r: ts[k, i].append(time.perf_counter() - t0)         # round 0 compiles
    return {k: {'ours_ms': float(np.median(ts[k, 0])) * 1e3, 'jax_nn_ms': float(np.median(ts[k, 1])) * 1e3,
                'ratio': float(np.median(np.divide(ts[k, 0], ts[k, 1]))),
                'select_ms': float(np.median(ts[k, 2])) * 1e3, 'select_ratio': float(np.median(np.divide(ts[k, 2], ts[k, 1]))),
                'no_barrier_ms': float(np.median(ts[k, 3])) * 1e3, 'no_barrier_ratio': float(np.median(np.divide(ts[k, 3], ts[k, 1])))} for k in pairs}

if __name__ == '__main__':
    ap = argparse.ArgumentParser(); ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
    a = ap.parse_args()
    res = {'case': '(512, 32000) float32, jax.jit, one thread, medians of 15 interleaved rounds', 'machine': machine(), 'ms': run()}
    (Path(a.out)/'jax_jit.json').write_text(json.dumps(res, indent=1) + '\n')
    print(json.dumps(res, indent=1))
