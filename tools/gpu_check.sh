#!/usr/bin/env bash
# On a machine with a CUDA GPU (never in CI): the checks that need one.
#  1. the other-libraries page and the torch-and-jax page with every torch tensor on the GPU (STABLE_SOFTMAX_DEVICE=cuda);
#  2. bench/torch_speed.py on the GPU: ours eager and compiled (Triton kernels) against torch's own ops;
#  3. bench/fused_gpu.py: ours against torch's, Liger-Kernel's and Cut Cross-Entropy's fused losses, where they install.
# It uses a torch with CUDA that is already installed (a venv with --system-site-packages sees it), or installs
# torch==2.13.0 from PyPI, which is the CUDA build there. On a machine without the internet, put the wheels in .whl/
# at the repository's root (pip download ... -d .whl on a machine with it): pip then installs from there alone.
# Results land in bench/results/torch_speed_cuda.json and fused_gpu.json.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}
if [ -d .whl ]; then export PIP_NO_INDEX=1 PIP_FIND_LINKS="$PWD/.whl"; fi
if [ ! -x .venv-gpu/bin/python ]; then "$PY" -m venv --system-site-packages .venv-gpu; fi
V=.venv-gpu/bin/python
$V -c 'import torch' 2>/dev/null || $V -m pip install -q torch==2.13.0
$V -c 'import torch, sys; sys.exit(0 if torch.cuda.is_available() else "no CUDA device: torch " + torch.__version__ + " sees none; nothing to check")'
# the project and what the two pages import, without touching the installed torch
$V -m pip install -q --no-deps -e .
$V -m pip install -q 'nbdev==2.4.14' 'fastcore<2' 'execnb<0.2' 'ghapi<2' numpy array-api-compat array-api-strict jax 'dask[distributed]' \
    ml_dtypes mpmath scipy matplotlib ipykernel
$V -m pip install -q liger-kernel cut-cross-entropy || echo "[gpu] Liger-Kernel or Cut Cross-Entropy did not install: bench/fused_gpu.py says which"
echo "[gpu] $($V -c 'import torch; print(torch.__version__, torch.cuda.get_device_name())')"
export OMP_NUM_THREADS=1 STABLE_SOFTMAX_DEVICE=cuda
echo "[gpu] the pages on CUDA tensors"
.venv-gpu/bin/nbdev_test --path nbs/11_backends.ipynb --do_print
.venv-gpu/bin/nbdev_test --path nbs/15_autodiff.ipynb --do_print
echo "[gpu] ours eager and compiled against torch's ops"
$V bench/torch_speed.py --device cuda
echo "[gpu] the fused losses"
$V bench/fused_gpu.py
