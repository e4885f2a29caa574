#!/usr/bin/env bash
# Builds the self-contained `activelab` CLI for a GPU machine that has PyTorch (CUDA) but no .NET:
#   out/gpu-cli.tar.xz  (linux-x64, no libtorch inside: the GPU machine's PyTorch provides it via LD_LIBRARY_PATH)
# Used by study-gpu.sh and bench-train-gpu.sh.
set -euo pipefail
cd "$(dirname "$0")/../.."
rm -rf out/gpu-cli out/gpu-cli.tar.xz
dotnet publish src/ActiveLab.Cli -c Release -r linux-x64 --self-contained -p:TorchBackend=none -p:TorchSharpPatchGlibcxx=always \
  -p:ActiveLabCopyResNet18Onnx=false -p:InvariantGlobalization=true -p:DebugType=none -p:GenerateDocumentationFile=false \
  -o out/gpu-cli --nologo -v:q
if ls out/gpu-cli | grep -q '^libtorch'; then echo "error: libtorch natives ended up in the bundle" >&2; exit 1; fi
tar -C out -cf - gpu-cli | xz -T0 -6 > out/gpu-cli.tar.xz
echo "bundle: out/gpu-cli.tar.xz ($(( $(stat -c %s out/gpu-cli.tar.xz) / 1024 / 1024 )) MiB)"
