"""Benchmark: ours against naive numpy, scipy, torch (1 and 2 threads) and jax.jit (1 thread), interleaved in one process.

    python bench/bench.py [--scale full|tiny] [--rounds 9] [--out bench/results]

Writes results.csv, results.md (the table and the machine) and results.png (ratios to torch on one thread).
Times are medians over `rounds` rounds; each round runs every variant of a case once, in turn, so that a change in
the machine's load falls on all of them alike. Peak extra memory is tracemalloc's peak, which sees numpy's
allocations (ours, naive, scipy, the floors) but not torch's or jax's: theirs is not measured.
"""
import os
os.environ.setdefault('XLA_FLAGS', '--xla_cpu_multi_thread_eigen=false intra_op_parallelism_threads=1')   # before jax is imported
import argparse, csv, platform, statistics, sys, time, tracemalloc
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
sys.path.insert(0, str(Path(__file__).resolve().parent))
import machine as described                                        # bench/machine.py: the CPU and numpy's SIMD line
import stable_softmax as ss
from stable_softmax._cross_entropy import cross_entropy_and_vjp   # not yet in the package namespace (index.ipynb)

try:
    import jax, jax.numpy as jnp
    jax.config.update('jax_enable_x64', True)
except ImportError: jax = None
try: import torch, torch.nn.functional as F
except ImportError: torch = None
try: import scipy.special as sp
except ImportError: sp = None

# (name, function, shape, axis, dtype); 'full' sizes are the table, plus float64 and one 1-D row of 1e7
CASES = [('logsumexp', 'lse', (512, 32000), -1, 'float32'), ('softmax', 'softmax', (512, 32000), -1, 'float32'),
         ('log_softmax', 'log_softmax', (512, 32000), -1, 'float32'), ('softmax, short rows', 'softmax', (16384, 128), -1, 'float32'),
         ('softmax, axis 0', 'softmax', (32000, 512), 0, 'float32'), ('cross_entropy', 'ce', (4096, 32000), -1, 'float32'),
         ('cross_entropy + grad', 'ce_grad', (4096, 32000), -1, 'float32'), ('softmax (4096, 16384)', 'softmax', (4096, 16384), -1, 'float32'),
         ('softmax, where', 'softmax_where', (4096, 16384), -1, 'float32'), ('logsumexp f64', 'lse', (512, 32000), -1, 'float64'),
         ('softmax f64', 'softmax', (512, 32000), -1, 'float64'), ('logsumexp 1-D', 'lse', (10**7,), 0, 'float32'),
         ('softmax 1-D', 'softmax', (10**7,), 0, 'float32')]
TINY = {(512, 32000): (16, 500), (16384, 128): (256, 16), (32000, 512): (500, 16), (4096, 32000): (64, 500),
        (4096, 16384): (64, 256), (10**7,): (10**4,)}


def numpy_variants(kind, x, axis, t, mask):
    "ours, naive numpy (the max-shifted formula with full-size temporaries) and scipy, as callables."
    def naive_sm(v, a): e = np.exp(v - v.max(a, keepdims=True)); return e / e.sum(a, keepdims=True)
    def naive_lsm(v, a): d = v - v.max(a, keepdims=True); return d - np.log(np.exp(d).sum(a, keepdims=True))
    def naive_lse(v, a): m = v.max(a, keepdims=True); return (m + np.log(np.exp(v - m).sum(a, keepdims=True))).squeeze(a)
    def naive_ce(v):
        ls = naive_lsm(v, -1); return -np.take_along_axis(ls, t[:, None], -1).mean()
    def naive_ce_grad(v):
        s = naive_sm(v, -1); s[np.arange(len(t)), t] -= 1; return naive_ce(v), s / len(t)
    def masked_naive(v): return naive_sm(np.where(mask, v, -np.inf), axis)
    ours = {'lse': lambda: ss.logsumexp(x, axis), 'softmax': lambda: ss.softmax(x, axis), 'log_softmax': lambda: ss.log_softmax(x, axis),
            'ce': lambda: ss.cross_entropy(x, t), 'ce_grad': lambda: cross_entropy_and_vjp(x, t),
            'softmax_where': lambda: ss.softmax(x, axis, where=mask)}[kind]
    naive = {'lse': lambda: naive_lse(x, axis), 'softmax': lambda: naive_sm(x, axis), 'log_softmax': lambda: naive_lsm(x, axis),
             'ce': lambda: naive_ce(x), 'ce_grad': lambda: naive_ce_grad(x), 'softmax_where': lambda: masked_naive(x)}[kind]
    out = {'ours': ours, 'naive numpy': naive}
    if sp is not None and kind in ('lse', 'softmax', 'log_softmax'):
        out['scipy'] = {'lse': lambda: sp.logsumexp(x, axis), 'softmax': lambda: sp.softmax(x, axis), 'log_softmax': lambda: sp.log_softmax(x, axis)}[kind]
    return out


def torch_fn(kind, x, axis, t, mask):
    "torch's function for the case on tensors made once (outside the timing)."
    xt, tt, mt = torch.from_numpy(x), torch.from_numpy(t), torch.from_numpy(mask)
    def ce_grad():
        v = xt.detach().requires_grad_(True); loss = F.cross_entropy(v, tt); loss.backward(); return loss, v.grad
    return {'lse': lambda: torch.logsumexp(xt, axis), 'softmax': lambda: torch.softmax(xt, axis), 'log_softmax': lambda: torch.log_softmax(xt, axis),
            'ce': lambda: F.cross_entropy(xt, tt), 'ce_grad': ce_grad,
            'softmax_where': lambda: torch.softmax(xt.masked_fill(~mt, -torch.inf), axis)}[kind]


def jax_fn(kind, x, axis, t, mask):
    "jax.jit of jax's function for the case, compiled and run once before timing; the result is waited for."
    xj, tj, mj = jnp.asarray(x), jnp.asarray(t), jnp.asarray(mask)
    def ce(v): return jnp.mean(jax.nn.logsumexp(v, -1) - jnp.take_along_axis(v, tj[:, None], -1)[:, 0])
    f = {'lse': lambda v: jax.nn.logsumexp(v, axis), 'softmax': lambda v: jax.nn.softmax(v, axis), 'log_softmax': lambda v: jax.nn.log_softmax(v, axis),
         'ce': ce, 'ce_grad': jax.value_and_grad(ce), 'softmax_where': lambda v: jax.nn.softmax(v, axis, where=mj)}[kind]
    g = jax.jit(f)
    jax.block_until_ready(g(xj))
    return lambda: jax.block_until_ready(g(xj))


def with_threads(f, n):
    "f run with torch on n threads."
    def g():
        torch.set_num_threads(n); return f()
    return g


def peak_mib(f):
    "tracemalloc's peak while f runs, in MiB (numpy's allocations; not torch's or jax's)."
    tracemalloc.start()
    try: f(); return tracemalloc.get_traced_memory()[1] / 2**20
    finally: tracemalloc.stop()


def machine():
    "Two lines about the machine and the libraries: the CPU, the versions, and numpy's SIMD line (np.show_runtime()'s)."
    libs = [f"numpy {np.__version__}"] + [f"{m.__name__.split('.')[0]} {getattr(sys.modules[m.__name__.split('.')[0]], '__version__', '?')}" for m in (sp, torch, jax) if m is not None]
    return (f"{described.cpu()}, {os.cpu_count()} logical CPUs, {platform.system()} {platform.release()}, Python {platform.python_version()}; "
            + ', '.join(libs) + f"\nnumpy's SIMD: {described.simd()}")


def run(scale='full', rounds=9, out='bench/results', cases=None, plot=True):
    "Run every case, interleaved, and write results.csv, results.md and results.png under `out`; return the rows."
    out = Path(out); out.mkdir(parents=True, exist_ok=True)
    rng, rows, load0 = np.random.default_rng(0), [], os.getloadavg()
    for name, kind, shape, axis, dt in (cases or CASES):
        shape = TINY[shape] if scale == 'tiny' else shape
        x = (rng.standard_normal(shape) * 3).astype(dt)
        t = rng.integers(0, shape[-1], shape[0]).astype(np.int64)
        mask = rng.random(shape) < 0.8
        variants = numpy_variants(kind, x, axis, t, mask)
        if torch is not None:
            f = torch_fn(kind, x, axis, t, mask)
            variants['torch 1 thread'], variants['torch 2 threads'] = with_threads(f, 1), with_threads(f, 2)
        if jax is not None: variants['jax.jit 1 thread'] = jax_fn(kind, x, axis, t, mask)
        variants['floor: copy'], variants['floor: one read (sum)'] = (lambda: x.copy()), (lambda: x.sum())
        for f in variants.values(): f()                                          # warm up
        times = {v: [] for v in variants}
        for _ in range(rounds):
            for v, f in variants.items():
                t0 = time.perf_counter(); f(); times[v].append(time.perf_counter() - t0)
        med = {v: statistics.median(ts) for v, ts in times.items()}
        for v, f in variants.items():
            mem = peak_mib(f) if not v.startswith(('torch', 'jax')) else float('nan')
            rows.append(dict(case=name, shape='x'.join(map(str, shape)), axis=axis, dtype=dt, variant=v, median_ms=1e3 * med[v],
                             vs_torch1=med[v] / med['torch 1 thread'] if 'torch 1 thread' in med else float('nan'),
                             peak_mib=mem, input_mib=x.nbytes / 2**20))
        if torch is not None: torch.set_num_threads(1)
    load1 = os.getloadavg()
    with open(out / 'results.csv', 'w', newline='') as f:
        w = csv.DictWriter(f, fieldnames=list(rows[0])); w.writeheader(); w.writerows(rows)
    desc = machine()
    (out / 'machine.txt').write_text(f"{desc}\nload average (1, 5, 15 min) before: {load0[0]:.2f} {load0[1]:.2f} {load0[2]:.2f}; "
                                     f"after: {load1[0]:.2f} {load1[1]:.2f} {load1[2]:.2f}\nscale {scale}, {rounds} rounds\n")
    (out / 'results.md').write_text(table(rows) + f"\n\nMachine: {desc}. Load average before {load0[0]:.2f}, after {load1[0]:.2f}; {rounds} rounds, scale {scale}.\n")
    if plot: draw(rows, out / 'results.png', desc)
    return rows


def table(rows):
    "A markdown table: one line per case, the median time of each variant and its ratio to torch on one thread, and ours' peak memory."
    cases = list(dict.fromkeys(r['case'] for r in rows))
    variants = list(dict.fromkeys(r['variant'] for r in rows))
    get = {(r['case'], r['variant']): r for r in rows}
    head = '| case | shape | ' + ' | '.join(variants) + ' | ours: peak extra MiB (input MiB) |'
    lines = [head, '|' + '---|' * (len(variants) + 3)]
    for c in cases:
        r0 = get[c, 'ours']
        cells = [f"{get[c, v]['median_ms']:.2f} ms ({get[c, v]['vs_torch1']:.2f})" if (c, v) in get else '' for v in variants]
        lines.append(f"| {c} | {r0['shape']} {r0['dtype']} | " + ' | '.join(cells) + f" | {r0['peak_mib']:.1f} ({r0['input_mib']:.0f}) |")
    return '\n'.join(lines)


def draw(rows, path, desc):
    "Bars: each variant's median time over torch's on one thread, per case, on a log scale."
    import matplotlib; matplotlib.use('Agg')
    import matplotlib.pyplot as plt
    cases = list(dict.fromkeys(r['case'] for r in rows))
    variants = [v for v in dict.fromkeys(r['variant'] for r in rows) if not v.startswith('floor')]
    get = {(r['case'], r['variant']): r['vs_torch1'] for r in rows}
    fig, ax = plt.subplots(figsize=(11, 4.5))
    wdt = 0.8 / len(variants)
    for i, v in enumerate(variants):
        ax.bar(np.arange(len(cases)) + i * wdt, [get.get((c, v), np.nan) for c in cases], wdt, label=v)
    ax.axhline(1, color='k', lw=0.6)
    ax.set(yscale='log', ylabel='median time / torch (1 thread)', xticks=np.arange(len(cases)) + 0.4 - wdt / 2,
           title='time relative to torch on one thread (lower is faster)')
    ax.set_xticklabels(cases, rotation=30, ha='right', fontsize=8)
    ax.legend(fontsize=7, ncol=3); fig.text(0.01, 0.01, desc[:160], fontsize=6)
    fig.tight_layout(); fig.savefig(path, dpi=110); plt.close(fig)


if __name__ == '__main__':
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--scale', default='full', choices=['full', 'tiny']); p.add_argument('--rounds', type=int, default=9)
    p.add_argument('--out', default=str(Path(__file__).resolve().parent / 'results'))
    a = p.parse_args()
    rows = run(a.scale, a.rounds, a.out)
    print(table(rows))
