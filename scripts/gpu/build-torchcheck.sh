#!/usr/bin/env bash
# Builds the GPU check bundle on a machine with the .NET SDK:
#   out/gpu/torchcheck-linux-x64.tar.xz  (self-contained linux-x64 TorchCheck, no libtorch inside)
#   out/gpu/run-torchcheck.sh            (copy of the runner, to ship beside the tarball)
# Copy both to the GPU machine (PyTorch installed, no .NET needed) and run:  bash run-torchcheck.sh
set -euo pipefail
cd "$(dirname "$0")/../.."
out=out/gpu
rm -rf "$out"
mkdir -p "$out"

# TorchBackend=none: no libtorch natives (the GPU box's PyTorch provides libtorch + CUDA via LD_LIBRARY_PATH).
# TorchSharpPatchGlibcxx=always: libLibTorchSharp.so's GLIBCXX_3.4.32 need is made weak, so the bundle also loads on
# older distributions (harmless where libstdc++ has that version). Invariant globalization: no libicu needed.
dotnet publish scripts/gpu/TorchCheck/TorchCheck.csproj -c Release -r linux-x64 --self-contained \
  -p:TorchBackend=none -p:TorchSharpPatchGlibcxx=always -p:InvariantGlobalization=true \
  -p:DebugType=none -p:GenerateDocumentationFile=false \
  -o "$out/torchcheck" --nologo -v:q

if ls "$out/torchcheck" | grep -q '^libtorch'; then
  echo "error: libtorch natives ended up in the bundle" >&2
  exit 1
fi
tar -C "$out" -cf - torchcheck | xz -T0 -6 > "$out/torchcheck-linux-x64.tar.xz"
cp scripts/gpu/run-torchcheck.sh "$out/"
size=$(stat -c %s "$out/torchcheck-linux-x64.tar.xz")
echo "bundle: $out/torchcheck-linux-x64.tar.xz ($((size / 1024 / 1024)) MiB; unpacked $(du -sm "$out/torchcheck" | cut -f1) MB)"
if [ "$size" -ge $((64 * 1024 * 1024)) ]; then
  echo "error: bundle is 64 MiB or more" >&2
  exit 1
fi
