#!/usr/bin/env bash
# On a GPU machine with PyTorch but no .NET: unpack a self-contained `activelab` publish built with
#   dotnet publish src/ActiveLab.Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=none \
#     -p:ActiveLabCopyResNet18Onnx=false -p:InvariantGlobalization=true -o out/gpu-cli && tar -C out -cJf out/gpu-cli.tar.xz gpu-cli
# and time 5-fold CV on 2000 Wall Robot rows on cuda:0 and on the CPU (run from the repository root: data/ holds the data).
set -euo pipefail
tarball="${1:-out/gpu-cli.tar.xz}"
torch_lib="$(python3 -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
work="$(mktemp -d)"; trap 'rm -rf "$work"' EXIT
tar -xJf "$tarball" -C "$work"
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
nvidia-smi --query-gpu=name --format=csv,noheader || true
cli="$work/gpu-cli/activelab"
for args in "--model mlp-torch --device cuda" "--model mlp-torch --device cpu" "--model mlp" "--model et" "--model knn"; do
  "$cli" bench train $args --dataset wall-robot --rows 2000 --data-dir data --json
done
