"""Ours on torch tensors against torch's own ops, (512, 32000) float32, one thread, interleaved rounds: eager, and under
torch.compile(fullgraph=True) on the CPU; the goals of issue 19 beside each ratio.

    python bench/torch_speed.py [--out bench/results] [--rounds 9] [--device cpu]

Writes torch_speed.json (torch_speed_<device>.json off the CPU): per function the medians (ms) of ours eager, torch's
op eager, ours compiled and torch's op compiled, the medians of the rounds' ratios to torch's eager op, the compile
times (s) and the largest difference between compiled and eager results in units of the eager result's ulp; the
machine (CPU, numpy's SIMD line, torch's CPU capability, versions) and the date. The page on torch and jax shows it.
"""
import os
os.environ.setdefault('OMP_NUM_THREADS', '1')
import argparse, datetime, json, sys, time
from pathlib import Path

import numpy as np
import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from stable_softmax import softmax, log_softmax, logsumexp, cross_entropy
from machine import describe          # bench/machine.py: this folder is on sys.path when run as a script

GOALS = {'eager': 1.3, 'compiled': 0.6}                                 # ours / torch's eager op, at most

def machine(device):
    d = dict(describe(), torch=torch.__version__, torch_cpu=torch.backends.cpu.get_cpu_capability(), date=datetime.date.today().isoformat())
    if device != 'cpu': d['gpu'] = torch.cuda.get_device_name()
    return d

def cases(device):
    x = torch.randn(512, 32000, generator=torch.Generator().manual_seed(0)).to(device)
    t = torch.randint(0, 32000, (512,), generator=torch.Generator().manual_seed(1)).to(device)
    return x, {'logsumexp': (lambda v: logsumexp(v, -1), lambda v: torch.logsumexp(v, -1)),
               'softmax': (lambda v: softmax(v, -1), lambda v: torch.softmax(v, -1)),
               'log_softmax': (lambda v: log_softmax(v, -1), lambda v: torch.log_softmax(v, -1)),
               'cross_entropy': (lambda v: cross_entropy(v, t), lambda v: F.cross_entropy(v, t))}

def sync(device):
    if device != 'cpu': torch.cuda.synchronize()

def run(rounds=9, device='cpu'):
    torch.set_num_threads(1)
    x, fns = cases(device)
    out = {}
    for name, (ours, theirs) in fns.items():
        torch._dynamo.reset()
        fs, compile_s = [ours, theirs], []
        for f in (ours, theirs):
            c = torch.compile(f, fullgraph=True)
            t0 = time.perf_counter(); c(x); sync(device); compile_s.append(time.perf_counter() - t0)
            fs.append(c)
        eager, comp = ours(x), fs[2](x)
        ulp = torch.finfo(eager.dtype).eps * eager.abs().clamp_min(torch.finfo(eager.dtype).tiny)
        diff = float(((comp - eager).abs() / ulp).max())
        ts = [[] for _ in fs]
        for r in range(rounds + 1):
            for i, f in enumerate(fs):
                sync(device); t0 = time.perf_counter(); f(x); sync(device)
                if r: ts[i].append(time.perf_counter() - t0)             # round 0 warms up
        ratio = lambda i: float(np.median(np.divide(ts[i], ts[1])))
        out[name] = {'ours_ms': float(np.median(ts[0])) * 1e3, 'torch_ms': float(np.median(ts[1])) * 1e3,
                     'ours_compiled_ms': float(np.median(ts[2])) * 1e3, 'torch_compiled_ms': float(np.median(ts[3])) * 1e3,
                     'eager_ratio': ratio(0), 'compiled_ratio': ratio(2), 'torch_compiled_ratio': ratio(3),
                     'compile_s': compile_s[0], 'torch_compile_s': compile_s[1], 'compiled_minus_eager_ulps': diff}
        print(name, {k: round(v, 3) for k, v in out[name].items()}, flush=True)
    return out

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    ap.add_argument('--out', default=str(Path(__file__).parent/'results')); ap.add_argument('--rounds', type=int, default=9)
    ap.add_argument('--device', default='cpu')
    a = ap.parse_args()
    res = {'case': f'(512, 32000) float32 on {a.device}, one CPU thread, medians of {a.rounds} interleaved rounds; ratios to torch\'s eager op',
           'goals': GOALS, 'machine': machine(a.device), 'ms': run(a.rounds, a.device)}
    name = 'torch_speed.json' if a.device == 'cpu' else f'torch_speed_{a.device.split(":")[0]}.json'
    (Path(a.out)/name).write_text(json.dumps(res, indent=1) + '\n')
