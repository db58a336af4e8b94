"""FB550-FB559: the data-flow half of M10 — uploads saved or files served by request-chosen names.

The syntactic upload rules live in ``uploads.py``: FB500 already reports
``f.save(... f.filename ...)`` in one function. FB550 reports what it cannot
see: a save path built from other request data (a form field, a route
parameter) or reaching ``save`` through the project's helpers.
"""

from __future__ import annotations

from ..finding import Severity
from ..taint import Flow
from ._flows import FlowRule, declare


def _beyond_filename(flow: Flow) -> bool:
    """Not the one-function ``f.save(f.filename)`` shape FB500 reports."""
    crosses = any(s.note.startswith(("calls ", "parameter ")) for s in flow.trace)
    from_upload = flow.trace[0].expression.startswith("request.files")
    return crosses or not from_upload


SAVE = declare(
    FlowRule(
        "FB550",
        "upload-saved-to-request-path",
        "Upload saved to a path chosen by request data",
        ("file-save",),
        Severity.HIGH,
        (22, 434),
        "M10",
        "Save under `secure_filename(f.filename)` (better: a random name) in a folder that is "
        "not served.",
        "the path an upload is saved to",
        "## What it does\nFinds `FileStorage.save(path)` where the path is built from request "
        "data (a form field, a route parameter, the filename through a helper) that was not "
        "passed through `secure_filename`; FB500 covers the one-line `f.filename` case.\n\n"
        "## Why is this bad?\nThe client picks the name: `../../app/templates/base.html` "
        "overwrites code or templates; `x.html` plants stored XSS on your origin.\n\n"
        '## Example\n```python\nf = request.files["doc"]\n'
        'f.save(os.path.join(UPLOADS, request.form["folder"], "doc.pdf"))\n```\n\n'
        "## Use instead\n```python\n"
        'f.save(os.path.join(UPLOADS, secure_filename(request.form["folder"]), "doc.pdf"))\n'
        "```\n\n## References\nCWE-22, CWE-434; OWASP ASVS V12.3.1; catalogue M10.\n",
        keep=_beyond_filename,
    )
)

SERVE = declare(
    FlowRule(
        "FB551",
        "file-served-from-client-path",
        "File served from a client-chosen path",
        ("file-serve",),
        Severity.HIGH,
        (22,),
        "M10",
        "Serve with `send_from_directory(FOLDER, name)` (it refuses `..`) and check access.",
        "a served file path",
        "## What it does\nFinds `send_file(path)` (or the directory of `send_from_directory`) "
        "built from request data.\n\n## Why is this bad?\n`?name=../../etc/passwd` downloads "
        "any file the app can read, source and secrets included.\n\n"
        '## Example\n```python\nreturn send_file(os.path.join(UPLOADS, request.args["name"]))'
        "\n```\n\n## Use instead\n```python\n"
        'return send_from_directory(UPLOADS, request.args["name"], as_attachment=True)\n```\n\n'
        "## References\nCWE-22; OWASP ASVS V12.3.1; catalogue M10.\n",
    )
)
