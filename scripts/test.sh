#!/usr/bin/env bash
# Set up everything from scratch (virtualenv, the package with its dev, local, tracker and ray
# extras (ray: the --executor ray integration test runs, not skips), Debian's
# chromium for the browser test), run the checks, then the whole test suite with coverage.
# Versions come from constraints.txt (the tested set). llama-cpp-python builds from source
# (about 5 minutes) the first time; pip's cache makes later runs fast. The suite includes the
# install tests (tests/integration/test_install.py): a venv made the README's way (no pip
# upgrade) and the built wheel installed non-editable.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
if [ ! -x .venv/bin/python ]; then
    "$PYTHON" -m venv .venv
fi
.venv/bin/python -m pip install --quiet --upgrade pip
.venv/bin/python -m pip install --quiet -e '.[dev,local,tracker,ray]' -c constraints.txt
if [ ! -x /usr/bin/chromium ]; then
    echo "== installing Debian's chromium for the browser test"
    if command -v apt-get >/dev/null; then
        (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null) \
            || echo "warning: could not install chromium"
    fi
fi
bash scripts/check.sh
echo "== pytest"
set +e
.venv/bin/python -m pytest --cov --cov-report=term:skip-covered "$@"
code=$?
set -e
exit $code
