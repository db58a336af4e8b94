"""Live checks: an imported app probed with its test client, or a URL probed over HTTP.

Boundary: ``probes.py`` (in-process) and ``http.py`` (network) observe and
fill a :class:`target.LiveTarget`; the rule modules, one per family
(``config_checks.py`` FB18x, ``cookie_checks.py`` FB28x, ``csrf_checks.py``
FB38x, ``error_checks.py`` FB68x, ``transport_checks.py`` FB78x,
``access_checks.py`` FB88x, ``deployment_checks.py`` FB98x), judge it and
never send a request; ``runner.py``
runs them into the same :class:`~flask_bastion.audit.finding.AuditResult` a
static audit produces, so reports merge. ``--app`` imports (runs) the
project's code; ``--url`` only sends GET, HEAD and OPTIONS unless told more.
"""

from .loader import AppLoadError as AppLoadError
from .runner import add_live_checks as add_live_checks
from .runner import run_app_checks as run_app_checks
from .runner import run_url_checks as run_url_checks
