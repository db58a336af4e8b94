#!/usr/bin/env bash
# The main job: set everything up, audit both example apps, then serve the
# reference app on 127.0.0.1 with a demo account.
set -euo pipefail
cd "$(dirname "$0")/.."
BASTION_SKIP_SERVICES=1 BASTION_SKIP_BROWSER=1 bash scripts/setup.sh
exec .venv/bin/python scripts/demo.py "$@"
