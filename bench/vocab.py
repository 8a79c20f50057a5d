"""Benchmark: the cross-entropy of a linear layer's logits, forward and backward, chunked (ours) against materialized, as V grows.

    python bench/vocab.py [--n 1024] [--d 256] [--rounds 5] [--torch-threads 1] [--out bench/results/vocab.json]

Four variants compute the loss of h W^T + b (float32, class-index targets) and its gradients with respect to h, W and b:
ours chunked on numpy (`linear_cross_entropy_and_vjp`), ours chunked on torch (`linear_cross_entropy(...).backward()`,
through our autograd.Function), the materialized path on numpy (the logits, `cross_entropy_and_vjp`, then G W, G^T h,
G^T 1) and torch's (`F.cross_entropy(h @ W.T + b, t).backward()`). Times are medians over `rounds` rounds; each round
runs every variant once, in turn, so that a change in the machine's load falls on all of them alike. Writes the
machine, the sizes and the times as JSON; nbs/12_vocab.ipynb plots them.

torch runs on one thread by default: on a small machine shared with other work (2 logical CPUs here), torch's pool of
2 threads waits at the end of every parallel operation for a thread that is not running, which costs the chunked path
(hundreds of medium-sized operations) several times more than the materialized one (a few large ones); numpy's BLAS
keeps its own threads.
"""
import argparse, json, os, platform, statistics, sys, time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from machine import describe          # bench/machine.py: this folder is on sys.path when run as a script
from stable_softmax import cross_entropy_and_vjp, linear_cross_entropy, linear_cross_entropy_and_vjp

VOCAB = [8192, 16384, 32768, 65536, 131072, 262144]


def variants(h, W, b, t):
    "The four ways to the loss and (dh, dW, db), as callables."
    th, tW, tb = (torch.from_numpy(a).requires_grad_() for a in (h, W, b))
    tt = torch.from_numpy(t)
    def materialized():
        loss, G = cross_entropy_and_vjp(h @ W.T + b, t)
        return loss, (G @ W, G.T @ h, G.sum(0))
    def torch_backward(f):
        for v in (th, tW, tb): v.grad = None
        f().backward()
    return {'ours chunked, numpy': lambda: linear_cross_entropy_and_vjp(h, W, t, b),
            'ours chunked, torch autograd': lambda: torch_backward(lambda: linear_cross_entropy(th, tW, tt, tb)),
            'materialized, numpy': materialized,
            'materialized, torch autograd': lambda: torch_backward(lambda: F.cross_entropy(th @ tW.T + tb, tt))}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--n', type=int, default=1024); ap.add_argument('--d', type=int, default=256)
    ap.add_argument('--rounds', type=int, default=5); ap.add_argument('--vocab', type=int, nargs='*', default=VOCAB)
    ap.add_argument('--torch-threads', type=int, default=1)
    ap.add_argument('--out', default=str(Path(__file__).resolve().parent / 'results' / 'vocab.json'))
    a = ap.parse_args()
    torch.set_num_threads(a.torch_threads)
    load0 = os.getloadavg()
    rng, times = np.random.default_rng(0), {}
    for V in a.vocab:
        h = rng.standard_normal((a.n, a.d), np.float32)
        W = rng.standard_normal((V, a.d), np.float32) / np.float32(np.sqrt(a.d))
        b, t = rng.standard_normal(V, np.float32), rng.integers(0, V, a.n)
        fs = variants(h, W, b, t)
        for f in fs.values(): f()                                     # warm up
        runs = {k: [] for k in fs}
        for _ in range(a.rounds):
            for k, f in fs.items():
                t0 = time.perf_counter(); f(); runs[k].append(time.perf_counter() - t0)
        for k, r in runs.items(): times.setdefault(k, []).append(statistics.median(r))
        print(f"V = {V:7}: " + ", ".join(f"{k} {statistics.median(r):.3f} s" for k, r in runs.items()), flush=True)
    m = describe()
    machine = (f"{m['cpu']}, {m['cores']} logical CPUs, numpy SIMD {m['simd']}, {platform.system()} {platform.release()}, "
               f"Python {platform.python_version()}; numpy {np.__version__}, torch {torch.__version__} ({torch.get_num_threads()} threads); "
               f"load average (1, 5, 15 min) before: {' '.join(f'{v:.2f}' for v in load0)}; after: {' '.join(f'{v:.2f}' for v in os.getloadavg())}")
    out = {'what': 'seconds per forward + backward (loss and dh, dW, db) of the cross-entropy of h W^T + b, float32, medians',
           'N': a.n, 'D': a.d, 'dtype': 'float32', 'rounds': a.rounds, 'V': a.vocab, 'seconds': times, 'machine': machine}
    Path(a.out).write_text(json.dumps(out, indent=1) + '\n')
    print(machine)


if __name__ == '__main__':
    main()
