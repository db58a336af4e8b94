#!/usr/bin/env bash
# The whole gate, as CI runs it: lint, format, types, then every test
# (runtime, auditor, live checks, the reference app in a real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff check";  ruff check src tests benchmarks examples scripts
echo "== ruff format"; ruff format --check src tests benchmarks examples scripts
echo "== mypy";        mypy
echo "== pytest"
set +e
# Two workers (CI has 2 cores); --dist loadfile keeps each file on one
# worker, so the browser tests share one production-shaped vault server.
python -m pytest -n 2 --dist loadfile --timeout 600 "$@"
code=$?
set -e
if [ "$code" = 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
[ "$code" = 0 ] || exit "$code"

# The oldest and newest supported Pythons, when this machine has them (the
# browser suite needs only one interpreter; everything else runs again).
[ "${BASTION_OTHER_PYTHONS:-1}" = 1 ] || exit 0
for version in 3.10 3.13; do
    interpreter=$(ls -d "$HOME"/.pyenv/versions/"$version".*/bin/python 2>/dev/null | sort -V | tail -n 1)
    [ -n "$interpreter" ] || interpreter=$(command -v "python$version" || true)
    if [ -z "$interpreter" ]; then echo "== python $version: not on this machine, skipped"; continue; fi
    venv=".venv-$version"
    if [ ! -f "$venv/.bastion-installed" ] || [ pyproject.toml -nt "$venv/.bastion-installed" ]; then
        "$interpreter" -m venv "$venv"
        "$venv/bin/python" -m pip install -q --upgrade pip
        "$venv/bin/python" -m pip install -q -e '.[dev]'
        touch "$venv/.bastion-installed"
    fi
    echo "== pytest on python $version"
    "$venv/bin/python" -m pytest -q -n 2 --dist loadfile --timeout 600 \
        tests/runtime tests/audit tests/live tests/test_catalog.py
done
