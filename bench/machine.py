"""What a benchmark result depends on: the CPU, its cores, and numpy's SIMD line (as np.show_runtime() prints it), so
that every result says which machine it came from (numpy's exp is several times faster with AVX-512 than without)."""
import os, platform
from pathlib import Path

import numpy as np

def cpu():
    "The CPU's model name."
    if not Path('/proc/cpuinfo').exists(): return platform.processor()
    return next((l.split(':', 1)[1].strip() for l in open('/proc/cpuinfo') if l.startswith('model name')), platform.processor())

def simd():
    "numpy's SIMD line, as np.show_runtime() prints it (from the same numpy internals): the extensions found and not found."
    from numpy._core._multiarray_umath import __cpu_dispatch__, __cpu_features__
    found = [f for f in __cpu_dispatch__ if __cpu_features__[f]]
    return f"found {' '.join(found)}; not found {' '.join(f for f in __cpu_dispatch__ if f not in found) or '-'}"

def describe():
    "The machine as a dict: cpu, logical cores, numpy's SIMD line, numpy's version."
    return {'cpu': cpu(), 'cores': os.cpu_count(), 'simd': simd(), 'numpy': np.__version__}
