#!/usr/bin/env bash
# The Wall Robot MLP study (config/wall-robot-mlp.conf: 7 methods × 5 repeats × 20 rounds, 5 folds) on one GPU node,
# with the MLP trained by the TorchSharp batch trainer (models = [mlp-torch], ensemble members [mlp-torch, et, knn];
# slots take batches of up to --max-batch jobs). Prints the wall time, the GPU's utilisation (nvidia-smi, sampled each
# second) and fits per second; then the batch-size curve (bench batch) on cuda and cpu.
#   bash scripts/gpu/build-gpu-cli.sh            # on a machine with the .NET SDK (CI-like box), makes out/gpu-cli.tar.xz
#   bash scripts/gpu/study-gpu.sh [out/gpu-cli.tar.xz] [slots] [max-batch]   # on the GPU machine, repository root
# Target (issue #11): the whole study in < 20 s on one H200.
set -euo pipefail
tarball="${1:-out/gpu-cli.tar.xz}"
slots="${2:-8}"
max_batch="${3:-256}"
torch_lib="$(${PYTHON:-python3} -c 'import torch, os; print(os.path.join(os.path.dirname(torch.__file__), "lib"))')"
work="$(mktemp -d)"
smi_pid=""
cleanup() { [ -n "$smi_pid" ] && kill "$smi_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT
tar -xJf "$tarball" -C "$work"
export LD_LIBRARY_PATH="$torch_lib${LD_LIBRARY_PATH:+:$LD_LIBRARY_PATH}" DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1
cli="$work/gpu-cli/activelab"
nvidia-smi --query-gpu=name,memory.total --format=csv,noheader

# The preset, with the MLP on the GPU (the keys come from the environment: precedence flag > env > config).
export ACTIVELAB__SWEEP__MODELS='[mlp-torch]' ACTIVELAB__SWEEP__ENSEMBLE_MEMBERS='[mlp-torch, et, knn]'
export ACTIVELAB__SWEEP__NAME=wall-robot-mlp-gpu

nvidia-smi --query-gpu=utilization.gpu,memory.used --format=csv,noheader,nounits -l 1 > "$work/smi.csv" &
smi_pid=$!
start=$(date +%s.%N)
"$cli" run --config config/wall-robot-mlp.conf --data-dir data --results-dir "$work/results" \
  --device cuda --slots "$slots" --max-batch "$max_batch" | tee "$work/run.log" | grep -E "finished|error" || true
end=$(date +%s.%N)
kill "$smi_pid" 2>/dev/null || true; smi_pid=""
jobs=$(grep -oE 'finished: .*; [0-9]+ training jobs' "$work/run.log" | grep -oE '[0-9]+ training jobs' | grep -oE '[0-9]+' || echo 0)
awk -v s="$start" -v e="$end" -v j="$jobs" -v sl="$slots" -v mb="$max_batch" 'BEGIN {
  w = e - s; printf "study wall: %.1f s (slots %s, max-batch %s); %d training jobs (fits), %.0f fits/s\n", w, sl, mb, j, j / w }'
awk -F', ' '{ u += $1; if ($1 > m) m = $1; n++ } END { if (n) printf "GPU utilisation: mean %.0f %%, max %d %% over %d samples\n", u / n, m, n }' "$work/smi.csv"

for device in cuda cpu; do
  "$cli" bench batch --device "$device" --members 1,8,64,256,1024 --epochs 20 --data-dir data
done
