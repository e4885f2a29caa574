#!/usr/bin/env bash
# Runs TorchCheck on a GPU machine that has PyTorch (CUDA build) but no .NET.
#   bash run-torchcheck.sh [path/to/torchcheck-linux-x64.tar.xz] [TorchCheck arguments...]
# Defaults: the tarball beside this script (or out/gpu/ of a checkout); arguments --device cuda:0 --require-cuda.
# PYTHON=/path/to/python picks the interpreter whose torch is used (default: python3).
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
tarball=""
if [ $# -gt 0 ] && [[ "$1" == *.tar.xz ]]; then tarball="$1"; shift; fi
if [ -z "$tarball" ]; then
  for candidate in "$here/torchcheck-linux-x64.tar.xz" "$here/../../out/gpu/torchcheck-linux-x64.tar.xz"; do
    if [ -f "$candidate" ]; then tarball="$candidate"; break; fi
  done
fi
if [ -z "$tarball" ] || [ ! -f "$tarball" ]; then
  echo "error: torchcheck-linux-x64.tar.xz not found (build it with scripts/gpu/build-torchcheck.sh)" >&2
  exit 1
fi
if [ $# -eq 0 ]; then set -- --device cuda:0 --require-cuda; fi

python="${PYTHON:-python3}"
torch_dir=$("$python" -c "import torch, os; print(os.path.dirname(torch.__file__))") || {
  echo "error: '$python' cannot import torch; set PYTHON=/path/to/python of the environment that has PyTorch" >&2
  exit 1
}
"$python" -c "import torch; print('python torch', torch.__version__, 'cuda', torch.version.cuda, 'available', torch.cuda.is_available())" || true
if [ ! -f "$torch_dir/lib/libtorch_cpu.so" ]; then
  echo "error: $torch_dir/lib has no libtorch_cpu.so" >&2
  exit 1
fi

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
start=$(date +%s.%N)
tar -xJf "$tarball" -C "$work"
echo "unpacked in $(echo "$(date +%s.%N) - $start" | bc 2>/dev/null || echo '?') s"

# libtorch (and its CUDA libraries, found through torch/lib's own RUNPATHs) come from PyTorch.
export LD_LIBRARY_PATH="$torch_dir/lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}"
export DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
export DOTNET_CLI_TELEMETRY_OPTOUT=1
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv,noheader 2>/dev/null || true
"$work/torchcheck/TorchCheck" "$@"
