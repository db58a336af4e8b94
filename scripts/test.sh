#!/usr/bin/env bash
# The whole gate, as CI runs it: lint, format, types, then every test
# (runtime, auditor, live checks, the reference app in a real browser).
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
export PATH="$PWD/.venv/bin:$PATH"

echo "== ruff check";  ruff check src tests benchmarks examples
echo "== ruff format"; ruff format --check src tests benchmarks examples
echo "== mypy";        mypy
echo "== pytest"
set +e
# Two workers (CI has 2 cores); --dist loadfile keeps each file on one
# worker, so the browser tests share one production-shaped vault server.
python -m pytest -n 2 --dist loadfile --timeout 600 "$@"
code=$?
set -e
if [ "$code" = 5 ]; then echo "pytest collected no tests" >&2; exit 1; fi
exit "$code"
