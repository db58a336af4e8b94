#!/usr/bin/env bash
# Installs everything the project needs from its own files: a virtual
# environment with the package and its dev dependencies, the services the
# tests use (Redis, PostgreSQL) and Debian's Chromium for the browser tests.
# Idempotent: a second run only checks.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}
APT_UPDATED=0
apt_install() {
    if ! command -v apt-get >/dev/null; then
        echo "setup: $* missing and no apt-get to install it" >&2; return 1
    fi
    if [ "$APT_UPDATED" = 0 ]; then apt-get update -qq; APT_UPDATED=1; fi
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}

# -- Python environment ----------------------------------------------------
if [ ! -x .venv/bin/python ]; then
    "$PY" -m venv .venv
fi
stamp=.venv/.bastion-installed
if [ ! -f "$stamp" ] || [ pyproject.toml -nt "$stamp" ]; then
    .venv/bin/python -m pip install -q --upgrade pip
    .venv/bin/python -m pip install -q -e '.[dev]'
    touch "$stamp"
fi

# -- Chromium for the browser tests ----------------------------------------
if [ "${BASTION_SKIP_BROWSER:-0}" != 1 ] && [ ! -x /usr/bin/chromium ]; then
    echo "setup: installing Debian's chromium (browser tests)"
    apt_install chromium
fi

# -- Services --------------------------------------------------------------
if [ "${BASTION_SKIP_SERVICES:-0}" != 1 ]; then
    bash scripts/services.sh
fi
