"""On a CUDA GPU: ours (linear_cross_entropy, and cross_entropy of the logits, eager and compiled) against torch's own
(F.cross_entropy of the logits, F.linear_cross_entropy) and, where they install, Liger-Kernel's and Cut Cross-Entropy's
fused losses: forward and backward, time (CUDA events, medians of interleaved rounds), peak memory, and the loss's
relative error against float64.

    python bench/fused_gpu.py [--n 4096] [--d 2048] [--v 65536] [--rounds 10] [--out bench/results]

Writes fused_gpu.json with the GPU's name; refuses to run without a CUDA device. tools/gpu_check.sh runs it.
"""
import argparse, datetime, json, sys
from pathlib import Path

import torch
import torch.nn.functional as F

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from stable_softmax import cross_entropy, linear_cross_entropy

def peers():
    "name: loss(h, W, t) for every loss that runs here; the others as name: reason."
    fns, missing = {'ours linear_cross_entropy': lambda h, W, t: linear_cross_entropy(h, W, t),
                    'ours cross_entropy of the logits': lambda h, W, t: cross_entropy(h @ W.T, t),
                    'ours cross_entropy compiled': torch.compile(lambda h, W, t: cross_entropy(h @ W.T, t), fullgraph=True),
                    'torch F.cross_entropy of the logits': lambda h, W, t: F.cross_entropy(h @ W.T, t)}, {}
    if hasattr(F, 'linear_cross_entropy'): fns['torch F.linear_cross_entropy'] = lambda h, W, t: F.linear_cross_entropy(h, W, t)
    else: missing['torch F.linear_cross_entropy'] = f'not in torch {torch.__version__}'
    try:
        from liger_kernel.transformers.functional import liger_fused_linear_cross_entropy
        fns['Liger-Kernel fused'] = lambda h, W, t: liger_fused_linear_cross_entropy(h, W, t)
    except Exception as e: missing['Liger-Kernel fused'] = f'{type(e).__name__}: {e}'
    try:
        from cut_cross_entropy import linear_cross_entropy as cce
        fns['Cut Cross-Entropy'] = lambda h, W, t: cce(h, W, t)
    except Exception as e: missing['Cut Cross-Entropy'] = f'{type(e).__name__}: {e}'
    return fns, missing

def run(n, d, v, rounds):
    g = torch.Generator(device='cuda').manual_seed(0)
    h0 = torch.randn(n, d, device='cuda', generator=g) / d ** 0.5
    W0 = torch.randn(v, d, device='cuda', generator=g)
    t = torch.randint(0, v, (n,), device='cuda', generator=g)
    exact = F.cross_entropy(h0.double() @ W0.double().T, t).item()
    fns, missing = peers()
    out, times = {}, {k: [] for k in fns}
    for r in range(rounds + 1):
        for k, f in fns.items():
            h, W = h0.clone().requires_grad_(), W0.clone().requires_grad_()
            torch.cuda.synchronize(); torch.cuda.reset_peak_memory_stats(); base = torch.cuda.memory_allocated()
            a, b = torch.cuda.Event(enable_timing=True), torch.cuda.Event(enable_timing=True)
            try:
                a.record(); loss = f(h, W, t); loss.backward(); b.record(); torch.cuda.synchronize()
            except Exception as e:
                missing[k] = f'{type(e).__name__}: {e}'; continue
            if r: times[k].append(a.elapsed_time(b))
            out[k] = {'peak_MiB_above_inputs': (torch.cuda.max_memory_allocated() - base) / 2**20,
                      'loss_rel_error': abs(loss.item() - exact) / abs(exact)}
    for k in out:
        if times[k]: out[k]['ms'] = sorted(times[k])[len(times[k]) // 2]
    return out, missing

if __name__ == '__main__':
    ap = argparse.ArgumentParser()
    for k, v in (('n', 4096), ('d', 2048), ('v', 65536), ('rounds', 10)): ap.add_argument(f'--{k}', type=int, default=v)
    ap.add_argument('--out', default=str(Path(__file__).parent/'results'))
    a = ap.parse_args()
    if not torch.cuda.is_available(): sys.exit('bench/fused_gpu.py needs a CUDA device; torch sees none')
    res, missing = run(a.n, a.d, a.v, a.rounds)
    doc = {'case': f'N={a.n}, D={a.d}, V={a.v} float32, forward and backward, medians of {a.rounds} interleaved rounds',
           'gpu': torch.cuda.get_device_name(), 'torch': torch.__version__, 'date': datetime.date.today().isoformat(),
           'results': res, 'not_run': missing}
    (Path(a.out)/'fused_gpu.json').write_text(json.dumps(doc, indent=1) + '\n')
    print(json.dumps(doc, indent=1))
