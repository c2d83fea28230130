#!/usr/bin/env bash
# Create .venv with transpub and everything its tests need.
# CPU-only PyTorch is installed *before* argostranslate: argostranslate pulls stanza, which pulls torch, and a plain
# `pip install torch` fetches a multi-gigabyte CUDA build. Set TORCH_INDEX to PyTorch's CPU wheel index
# (https://download.pytorch.org/whl/cpu) on machines whose pip does not already provide a CPU build.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
TORCH_VERSION=${TORCH_VERSION:-2.13.0}
if [ ! -x .venv/bin/python ]; then
  "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install -q --upgrade pip
if ! .venv/bin/python -c "import torch" 2>/dev/null; then
  .venv/bin/python -m pip install -q "torch==${TORCH_VERSION}" ${TORCH_INDEX:+--index-url "$TORCH_INDEX"}
fi
.venv/bin/python -m pip install -q -e ".[test]"
echo "transpub is installed in .venv ($(.venv/bin/transpub --version))"
