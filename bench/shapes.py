"""The numpy path on the shapes users meet, against the fastest peer on the same input, on this machine's SIMD level and
with AVX-512 turned off (numpy's NPY_DISABLE_CPU_FEATURES, torch's ATEN_CPU_CAPABILITY=avx2): an AVX2 machine's kernels.

    python bench/shapes.py [--rounds 9] [--out bench/results]      # both runs, each in a process of its own

Writes shapes.json: per run the machine (CPU, numpy's SIMD line, torch's CPU capability) and per case the medians (ms) of
ours and of each peer, the fastest peer, and the median of the rounds' ratios ours / fastest peer, against the goal.
One thread everywhere; each round runs every variant of a case once, in turn (interleaved), so that load falls alike.
Also the exps per entry each function computes (numpy's exp counted by the entries it is given), and numpy's steps on
one block as short rows and as long rows.
"""
import os, sys, json, subprocess
from pathlib import Path

AVX2 = {'NPY_DISABLE_CPU_FEATURES': 'X86_V4 AVX512_ICL AVX512_SPR', 'ATEN_CPU_CAPABILITY': 'avx2'}
PINNED = {'OMP_NUM_THREADS': '1', 'OPENBLAS_NUM_THREADS': '1', 'MKL_NUM_THREADS': '1'}

# (name, goal: at most this many times the fastest peer)
GOALS = {'softmax (10, 100000) float32, axis 0': 1.5, 'log_softmax (10, 100000) float32, axis 0': 1.5,
         'cross_entropy (32, 21, 64, 64) float32, axis 1': 1.5, 'logcumsumexp (1000000,) float64': 1.5,
         'softmax (16384, 128) float32, short rows': 2.0, 'softmax (512, 32000) float32': 1.5,
         'log_softmax (512, 32000) float32': 1.5, 'logsumexp (512, 32000) float32': 1.5}

def cases():
    "{name: {variant: callable}}: ours first, then the peers, each checked to agree with ours."
    import numpy as np, scipy.special as sp, torch, torch.nn.functional as F
    import stable_softmax as ss
    torch.set_num_threads(1)
    rng = np.random.default_rng(0)
    T = torch.from_numpy
    a0 = rng.standard_normal((10, 100000), dtype=np.float32)
    wide = rng.standard_normal((512, 32000), dtype=np.float32)
    short = rng.standard_normal((16384, 128), dtype=np.float32)
    seg = rng.standard_normal((32, 21, 64, 64), dtype=np.float32); tseg = rng.integers(0, 21, (32, 64, 64))
    row = rng.standard_normal(10**6)
    def naive_sm(v, a): e = np.exp(v - v.max(a, keepdims=True)); return e / e.sum(a, keepdims=True)
    def naive_lsm(v, a): d = v - v.max(a, keepdims=True); return d - np.log(np.exp(d).sum(a, keepdims=True))
    return {
        'softmax (10, 100000) float32, axis 0': {'ours': lambda: ss.softmax(a0, 0), 'scipy': lambda: sp.softmax(a0, 0),
            'torch': lambda: torch.softmax(T(a0), 0), 'naive numpy': lambda: naive_sm(a0, 0)},
        'log_softmax (10, 100000) float32, axis 0': {'ours': lambda: ss.log_softmax(a0, 0), 'scipy': lambda: sp.log_softmax(a0, 0),
            'torch': lambda: torch.log_softmax(T(a0), 0), 'naive numpy': lambda: naive_lsm(a0, 0)},
        'cross_entropy (32, 21, 64, 64) float32, axis 1': {'ours': lambda: ss.cross_entropy(seg, tseg, axis=1),
            'torch': lambda: F.cross_entropy(T(seg), T(tseg))},
        'logcumsumexp (1000000,) float64': {'ours': lambda: ss.logcumsumexp(row), 'np.logaddexp.accumulate': lambda: np.logaddexp.accumulate(row),
            'torch': lambda: torch.logcumsumexp(T(row), 0)},
        'softmax (16384, 128) float32, short rows': {'ours': lambda: ss.softmax(short), 'scipy': lambda: sp.softmax(short, -1),
            'torch': lambda: torch.softmax(T(short), -1), 'naive numpy': lambda: naive_sm(short, -1)},
        'softmax (512, 32000) float32': {'ours': lambda: ss.softmax(wide), 'scipy': lambda: sp.softmax(wide, -1),
            'torch': lambda: torch.softmax(T(wide), -1), 'naive numpy': lambda: naive_sm(wide, -1)},
        'log_softmax (512, 32000) float32': {'ours': lambda: ss.log_softmax(wide), 'scipy': lambda: sp.log_softmax(wide, -1),
            'torch': lambda: torch.log_softmax(T(wide), -1), 'naive numpy': lambda: naive_lsm(wide, -1)},
        'logsumexp (512, 32000) float32': {'ours': lambda: ss.logsumexp(wide, -1), 'scipy': lambda: sp.logsumexp(wide, -1),
            'torch': lambda: torch.logsumexp(T(wide), -1)}}

def exps_per_entry():
    "The entries numpy's exp is given per input entry, by function and shape: how many exps each computes."
    import numpy as np
    import stable_softmax as ss
    from stable_softmax import states
    count = [0]
    real = np.exp
    def counted(x, *a, **k): count[0] += np.size(x); return real(x, *a, **k)
    rng = np.random.default_rng(1)
    shapes = {'(512, 32000)': (rng.standard_normal((512, 32000), dtype=np.float32), -1),
              '(10, 100000) axis 0': (rng.standard_normal((10, 100000), dtype=np.float32), 0),
              '(10**7,)': (rng.standard_normal(10**7, dtype=np.float32), 0)}
    out = {}
    np.exp = states.NP.exp = counted                                      # numpy's, and the state formulas' namespace's
    try:
        for sname, (x, axis) in shapes.items():
            for f in (ss.logsumexp, ss.softmax, ss.log_softmax):
                count[0] = 0; f(x, axis); out[f'{f.__name__} {sname}'] = count[0] / x.size
            if axis == -1:
                t = rng.integers(0, x.shape[-1], x.shape[0])
                count[0] = 0; ss.cross_entropy(x, t); out[f'cross_entropy {sname}'] = count[0] / x.size
                count[0] = 0; ss.cross_entropy_and_vjp(x, t); out[f'cross_entropy_and_vjp {sname}'] = count[0] / x.size
        x = rng.standard_normal(10**5)
        count[0] = 0; ss.logcumsumexp(x); out['logcumsumexp (10**5,)'] = count[0] / x.size
    finally: np.exp = states.NP.exp = real
    return out

def block_profile(rounds):
    "Medians (ms) of numpy's steps on one block of 262144 float32 entries, as short rows (2048, 128) and as long rows (8, 32768)."
    import time, numpy as np
    rng, out = np.random.default_rng(2), {}
    for name, shape in (('short rows (2048, 128)', (2048, 128)), ('long rows (8, 32768)', (8, 32768))):
        x = rng.standard_normal(shape, dtype=np.float32); e = np.empty_like(x); m = x.max(-1, keepdims=True)
        steps = {'max': lambda: np.max(x, -1, keepdims=True), 'shift': lambda: np.subtract(x, m, out=e), 'exp': lambda: np.exp(e, out=e),
                 'sum in float64': lambda: np.einsum('...j->...', e, dtype=np.float64), 'division': lambda: np.divide(e, m, out=e)}
        ts = {k: [] for k in steps}
        for r in range(rounds + 1):
            np.subtract(x, m, out=e)                                     # the values the steps see: x - m, then exp of it
            for k, f in steps.items():
                t0 = time.perf_counter(); f(); dt = time.perf_counter() - t0
                if r: ts[k].append(dt)
        out[name] = {k: float(np.median(v)) * 1e3 for k, v in ts.items()}
    return out

def run(rounds):
    "This process's run: the machine, each case's medians and ratio, the exps per entry."
    import time, numpy as np, torch
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from machine import describe
    res = {'machine': dict(describe(), torch=torch.__version__, torch_cpu=torch.backends.cpu.get_cpu_capability(),
                           avx512_off=os.environ.get('NPY_DISABLE_CPU_FEATURES', '')), 'cases': {}}
    for name, variants in cases().items():
        ours = np.asarray(variants['ours']())
        for k, f in variants.items():                                   # every peer computes the same (to float32's noise)
            got = f(); got = got.numpy() if hasattr(got, 'numpy') else np.asarray(got)
            np.testing.assert_allclose(got, ours, rtol=2e-4, atol=1e-4, err_msg=f'{name}: {k}')
        ts = {k: [] for k in variants}
        for r in range(rounds + 1):
            for k, f in variants.items():
                t0 = time.perf_counter(); f(); dt = time.perf_counter() - t0
                if r: ts[k].append(dt)                                  # round 0 warms up
        med = {k: float(np.median(v)) * 1e3 for k, v in ts.items()}
        peer = min((k for k in med if k != 'ours'), key=med.get)
        ratio = float(np.median(np.divide(ts['ours'], ts[peer])))
        res['cases'][name] = {'ms': med, 'fastest peer': peer, 'ratio': ratio, 'goal': GOALS[name], 'met': ratio <= GOALS[name]}
        print(f"{name:48s} ours {med['ours']:8.2f} ms  {peer} {med[peer]:8.2f} ms  ratio {ratio:5.2f}  goal {GOALS[name]}", flush=True)
    res['exps per entry'] = exps_per_entry()
    res['block profile'] = block_profile(4 * rounds)
    return res

if __name__ == '__main__':
    import argparse
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=9); ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
    ap.add_argument('--one', action='store_true', help='run in this process only, print JSON')
    a = ap.parse_args()
    if a.one: print('JSON' + json.dumps(run(a.rounds))); sys.exit(0)
    runs = {}
    for label, env in (('this machine', {}), ('AVX-512 off (AVX2 kernels)', AVX2)):
        print(f'== {label}', flush=True)
        p = subprocess.run([sys.executable, __file__, '--one', '--rounds', str(a.rounds)], env={**os.environ, **PINNED, **env},
                           capture_output=True, text=True)
        if p.returncode: sys.exit(p.stderr)
        print('\n'.join(l for l in p.stdout.splitlines() if not l.startswith('JSON')))
        runs[label] = json.loads(next(l for l in p.stdout.splitlines() if l.startswith('JSON'))[4:])
    import datetime
    (Path(a.out)/'shapes.json').write_text(json.dumps({'date': datetime.date.today().isoformat(), 'runs': runs}, indent=1) + '\n')
