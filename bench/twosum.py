"""What a compensated shift would cost, and what float64 sums cost for float32 input, in the blocked kernel.

    python bench/twosum.py

The softmax kernel computes d = fl(x - m) and exp(d); the rounding error of d grows the error of e^(x - m) to about
|x - m| ulps. Knuth's TwoSum gives the error r = (x - m) - d exactly (5 more operations), and e^(x - m) = e^d (1 + r)
to first order (2 more): 9 numpy calls, each a pass over the block. This runs the package's own block loop (state, then
normalize) with and without those passes, interleaved, medians of 9 rounds, and also times softmax and logsumexp with float32 sums
(ACCUMULATE = float32) against the default float64 sums.
"""
import statistics, sys, time
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
import stable_softmax as ss
from stable_softmax import blocks, states


def softmax_blocks(x, twosum):
    "softmax along the last axis of a C-ordered 2-D x with the package's blocks, state and normalize; with the TwoSum correction if asked."
    plan = blocks.Plan(x, -1)
    out = np.empty(x.shape, plan.dtype)
    o3, (P, n, _) = out.reshape(plan.x.shape), plan.x.shape
    size = blocks.BLOCK // plan.work.itemsize
    r1, r2 = np.empty(size, plan.work), np.empty(size, plan.work)
    for ps, _, _ in blocks.tiles(P, n, 1, size):
        xb, e = plan.x[ps, :, 0], o3[ps, :, 0]
        m, c, t = states.state(xb, e, -1, plan.acc)
        if twosum:                                   # r = (x - m) - fl(x - m), exactly; e *= 1 + r
            d, b = r1[:xb.size].reshape(xb.shape), r2[:xb.size].reshape(xb.shape)
            np.subtract(xb, m, out=d)
            np.subtract(d, xb, out=b)                # b' = d - x
            np.subtract(d, b, out=d)                 # a' = d - b'
            np.subtract(xb, d, out=d)                # x - a'
            np.add(b, m, out=b); np.negative(b, out=b)   # -m - b'
            np.add(d, b, out=d)                      # r
            np.multiply(e, d, out=d); np.add(e, d, out=e)
        blocks.normalize('softmax', e, xb, e, m, c, t, None)
    return out


def medians(fs, rounds=9):
    "Median time (ms) of each callable, interleaved over rounds."
    ts = {k: [] for k in fs}
    for f in fs.values(): f()
    for _ in range(rounds):
        for k, f in fs.items():
            t0 = time.perf_counter(); f(); ts[k].append(time.perf_counter() - t0)
    return {k: 1e3 * statistics.median(v) for k, v in ts.items()}


def with_acc(f, dt):
    "f run with the kernel's sums in `dt`."
    def g():
        old, blocks.ACCUMULATE = blocks.ACCUMULATE, np.dtype(dt)
        try: return f()
        finally: blocks.ACCUMULATE = old
    return g


if __name__ == '__main__':
    rng = np.random.default_rng(0)
    for dt in ('float32', 'float64'):
        x = (rng.standard_normal((512, 32000)) * 3).astype(dt)
        r = medians({'plain': lambda: softmax_blocks(x, False), 'twosum': lambda: softmax_blocks(x, True)})
        print(f"softmax {dt} (512, 32000): blocks {r['plain']:.2f} ms, with TwoSum {r['twosum']:.2f} ms: +{100 * (r['twosum'] / r['plain'] - 1):.0f}%")
    x = (rng.standard_normal((512, 32000)) * 3).astype('float32')
    r = medians({'lse64': lambda: ss.logsumexp(x, -1), 'lse32': with_acc(lambda: ss.logsumexp(x, -1), np.float32),
                 'sm64': lambda: ss.softmax(x), 'sm32': with_acc(lambda: ss.softmax(x), np.float32)})
    print(f"float32 (512, 32000), float64 sums over float32 sums: logsumexp {r['lse64']:.2f} / {r['lse32']:.2f} ms = +{100 * (r['lse64'] / r['lse32'] - 1):.0f}%, "
          f"softmax {r['sm64']:.2f} / {r['sm32']:.2f} ms = +{100 * (r['sm64'] / r['sm32'] - 1):.0f}%")
