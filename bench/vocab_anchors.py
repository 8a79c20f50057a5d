"""Benchmark: the vocabulary-scale loss against its anchors: time, peak memory and error, at three sizes.

    python bench/vocab_anchors.py [--rounds 3] [--sizes ci n512 v18] [--cce-site DIR] [--out bench/results/vocab_anchors.json]

The loss of h W^T (float32, D = 256, class-index targets, no bias: Cut Cross-Entropy takes none), forward and backward
(the loss, dh and dW), at three sizes: 'ci' N = 2048, V = 65536 (the vocabulary page's CI size), 'n512' N = 512,
V = 32768, and 'v18' N = 512, V = 2^18. The rows:

- ours on numpy (`linear_cross_entropy_and_vjp`) and ours on torch (`linear_cross_entropy(...).backward()`);
- torch's reference path, `F.linear_cross_entropy` without options (it builds the logits);
- torch's chunked path, `options=nn.LinearCrossEntropyOptions(acc_policy=...)` at 'accurate', 'balanced', 'compact';
- Cut Cross-Entropy's `torch_compile` implementation, where `cut_cross_entropy` imports (pass the folder it was
  installed into with `--cce-site`: `pip install --no-deps --target DIR cut-cross-entropy==25.1.1 triton`; its import
  needs triton, its torch_compile path does not run it).

Liger-Kernel's fused loss is a Triton kernel for a GPU: without one it runs under Triton's interpreter
(TRITON_INTERPRET=1), far too slowly to time, so `--liger-site DIR` (`pip install --no-deps --target DIR liger-kernel`,
with triton on the path from `--cce-site`) only checks its numbers at a small size ('interp': N = 64, D = 32,
V = 2048), beside ours and torch's reference path on the same inputs, into the file's 'interpreter check'.
`--liger-only` adds that check to an existing results file.

Each size: one process times every row, `rounds` rounds, each round running every row once in turn (so that a change
in the machine's load falls on all of them), after one call each that warms up (compiles) and gives the row's error
against the float64 loss and gradients of the same inputs (torch autograd on the materialized logits). Then each row
runs in a process of its own for its peak resident memory: a warm-up call, then the peak of one more call (VmHWM, reset
through /proc/self/clear_refs) above the resident memory just before it, which holds the inputs: the gradients that the
call returns count. One thread everywhere.
"""
import argparse, json, os, platform, statistics, subprocess, sys, time
for v in ('OMP_NUM_THREADS', 'OPENBLAS_NUM_THREADS', 'MKL_NUM_THREADS'): os.environ.setdefault(v, '1')
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent)); sys.path.insert(0, str(HERE))
from machine import describe
from stable_softmax import linear_cross_entropy, linear_cross_entropy_and_vjp

SIZES = {'ci': (2048, 256, 65536), 'n512': (512, 256, 32768), 'v18': (512, 256, 2 ** 18), 'interp': (64, 32, 2048)}
POLICIES = ('accurate', 'balanced', 'compact')


def inputs(size):
    "The size's h, W, targets (numpy, float32), the same in every process."
    N, D, V = SIZES[size]
    rng = np.random.default_rng(0)
    return rng.standard_normal((N, D), np.float32), (rng.standard_normal((V, D), np.float32) / np.float32(np.sqrt(D))), rng.integers(0, V, N)


def rows(h, W, t, cce_site=None):
    "name -> a call that runs forward and backward and returns (loss, dh, dW) as arrays."
    th, tW, tt = torch.from_numpy(h).requires_grad_(), torch.from_numpy(W).requires_grad_(), torch.from_numpy(t)
    def backward(f):
        loss = f(); loss.backward()
        g, th.grad, tW.grad = (th.grad, tW.grad), None, None          # the gradients held by the result alone, as numpy's are
        return loss.detach(), *g
    out = {'ours, numpy': lambda: (lambda r: (r[0], r[1][0], r[1][1]))(linear_cross_entropy_and_vjp(h, W, t)),
           'ours, torch': lambda: backward(lambda: linear_cross_entropy(th, tW, tt)),
           'torch reference': lambda: backward(lambda: F.linear_cross_entropy(th, tW, tt))}
    for p in POLICIES:
        out[f'torch chunked, {p}'] = (lambda p: lambda: backward(lambda: F.linear_cross_entropy(th, tW, tt, options=nn.LinearCrossEntropyOptions(acc_policy=p))))(p)
    if cce_site:
        sys.path.insert(0, cce_site)
        from cut_cross_entropy import linear_cross_entropy as cce
        out['Cut Cross-Entropy, torch_compile'] = lambda: backward(lambda: cce(th, tW, tt, impl='torch_compile'))
    return out


def exact(h, W, t):
    "The float64 loss, dh and dW of the same inputs: torch autograd on the materialized logits."
    h64, W64 = (torch.from_numpy(a).double().requires_grad_() for a in (h, W))
    loss = F.cross_entropy(h64 @ W64.T, torch.from_numpy(t))
    loss.backward()
    return loss.item(), h64.grad.numpy(), W64.grad.numpy()


def rss(field):
    "A field of /proc/self/status, in bytes."
    for line in Path('/proc/self/status').read_text().splitlines():
        if line.startswith(field + ':'): return int(line.split()[1]) * 1024


def peak(size, row, cce_site):
    "In a process of its own: the peak resident memory of one call of `row` above the resident memory before it, in MiB."
    torch.set_num_threads(1)
    h, W, t = inputs(size)
    f = rows(h, W, t, cce_site)[row]
    f()                                                               # warm up: compile, allocate pools
    import ctypes; libc = ctypes.CDLL('libc.so.6')
    libc.malloc_trim(0)
    Path('/proc/self/clear_refs').write_text('5')                     # reset VmHWM to the current resident size
    before = rss('VmRSS')
    r = f()
    return (rss('VmHWM') - before) / 2 ** 20


def child_peak(size, row, cce_site):
    "peak(size, row) run in a process of its own."
    cmd = [sys.executable, __file__, '--child', size, row] + (['--cce-site', cce_site] if cce_site else [])
    return json.loads(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1])


def liger_check(liger_site, cce_site):
    "Under Triton's interpreter (set by the caller): the errors of Liger's fused loss, ours on torch and torch's reference path at size 'interp'."
    torch.set_num_threads(1)
    sys.path[:0] = [liger_site, cce_site]
    from liger_kernel.ops.fused_linear_cross_entropy import LigerFusedLinearCrossEntropyFunction
    h, W, t = inputs('interp')
    want = exact(h, W, t)
    fs = {k: f for k, f in rows(h, W, t).items() if k in ('ours, torch', 'torch reference')}
    th, tW = torch.from_numpy(h).requires_grad_(), torch.from_numpy(W).requires_grad_()
    def liger():
        loss = LigerFusedLinearCrossEntropyFunction.apply(th, tW, torch.from_numpy(t))
        loss = loss[0] if isinstance(loss, tuple) else loss
        loss.backward()
        return loss.detach(), th.grad, tW.grad
    fs['Liger-Kernel, Triton interpreter'] = liger
    err = {}
    for k, f in fs.items():
        got = [np.asarray(v, np.float64) for v in f()]
        err[k] = {'loss': abs(got[0] - want[0]) / abs(want[0]), 'dh': float(np.abs(got[1] - want[1]).max() / np.abs(want[1]).max()),
                  'dW': float(np.abs(got[2] - want[2]).max() / np.abs(want[2]).max())}
    import importlib.metadata as md
    return {'N, D, V': SIZES['interp'], 'versions': {k: md.version(k) for k in ('liger-kernel', 'triton')}, 'error': err}


def timing(size, rounds, cce_site):
    "Every row's error (after its warm-up call) and its seconds per call, `rounds` interleaved rounds."
    torch.set_num_threads(1)
    h, W, t = inputs(size)
    want = exact(h, W, t)
    fs, err = rows(h, W, t, cce_site), {}
    for k, f in fs.items():
        got = [np.asarray(v, np.float64) for v in f()]
        err[k] = {'loss': abs(got[0] - want[0]) / abs(want[0]),
                  'dh': float(np.abs(got[1] - want[1]).max() / np.abs(want[1]).max()),
                  'dW': float(np.abs(got[2] - want[2]).max() / np.abs(want[2]).max())}
    secs = {k: [] for k in fs}
    for _ in range(rounds):
        for k, f in fs.items():
            t0 = time.perf_counter(); f(); secs[k].append(time.perf_counter() - t0)
    return err, secs


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--rounds', type=int, default=3); ap.add_argument('--sizes', nargs='*', default=['ci', 'n512', 'v18'])
    ap.add_argument('--cce-site', default=None); ap.add_argument('--out', default=str(HERE / 'results' / 'vocab_anchors.json'))
    ap.add_argument('--child', nargs=2, default=None)                 # internal: size, row: print the peak of one call
    ap.add_argument('--memory-only', action='store_true')             # measure the peaks again into the results file at --out, its times kept
    ap.add_argument('--liger-site', default=None); ap.add_argument('--liger-only', action='store_true')
    ap.add_argument('--liger-child', action='store_true')             # internal: print liger_check's result
    a = ap.parse_args()
    if a.child:
        print(json.dumps(peak(*a.child, a.cce_site))); return
    if a.liger_child:
        print(json.dumps(liger_check(a.liger_site, a.cce_site))); return
    def interpreter_check():
        cmd = [sys.executable, __file__, '--liger-child', '--liger-site', a.liger_site, '--cce-site', a.cce_site]
        r = subprocess.run(cmd, check=True, capture_output=True, text=True, env={**os.environ, 'TRITON_INTERPRET': '1'})
        return json.loads(r.stdout.strip().splitlines()[-1])
    if a.liger_only:
        out = json.loads(Path(a.out).read_text()); out['interpreter check'] = interpreter_check()
        Path(a.out).write_text(json.dumps(out, indent=1) + '\n'); print(json.dumps(out['interpreter check'], indent=1)); return
    if a.memory_only:
        out = json.loads(Path(a.out).read_text())
        for size in a.sizes: out['sizes'][size]['peak MiB'] = {row: child_peak(size, row, a.cce_site) for row in out['sizes'][size]['seconds']}
        Path(a.out).write_text(json.dumps(out, indent=1) + '\n'); print(json.dumps({k: r['peak MiB'] for k, r in out['sizes'].items()}, indent=1)); return
    load0, results = os.getloadavg(), {}
    for size in [s for s in a.sizes if s != 'interp']:
        err, secs = timing(size, a.rounds, a.cce_site)
        mem = {row: child_peak(size, row, a.cce_site) for row in secs}
        results[size] = {'N, D, V': SIZES[size], 'seconds': secs, 'peak MiB': mem, 'error': err}
        for row in secs:
            print(f"{size:5s} {row:34s} {statistics.median(secs[row]):7.3f} s  {mem[row]:7.1f} MiB  loss {err[row]['loss']:.1e}  dh {err[row]['dh']:.1e}  dW {err[row]['dW']:.1e}", flush=True)
    m = describe()
    versions = {'torch': torch.__version__, 'numpy': np.__version__}
    if a.cce_site:
        import importlib.metadata as md
        versions.update({k: md.version(k) for k in ('cut-cross-entropy', 'triton')})
    machine = (f"{m['cpu']}, {m['cores']} logical CPUs, numpy SIMD {m['simd']}, {platform.system()} {platform.release()}, Python {platform.python_version()}; "
               f"one thread; load average (1, 5, 15 min) before: {' '.join(f'{v:.2f}' for v in load0)}; after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    out = {'what': 'forward + backward (loss, dh, dW) of the cross-entropy of h W^T, float32, no bias: seconds per call (every round), '
                   'peak resident MiB of one call above the inputs, error against float64 (loss: relative; dh, dW: largest |error| over the largest entry)',
           'rounds': a.rounds, 'versions': versions, 'machine': machine, 'sizes': results}
    if a.liger_site: out['interpreter check'] = interpreter_check()
    Path(a.out).write_text(json.dumps(out, indent=1) + '\n')
    print(machine)


if __name__ == '__main__':
    main()
