"""FB5xx: file uploads (M10) and request size limits (M23)."""

from __future__ import annotations

import ast
from collections.abc import Iterator

from ..engine import ModuleContext
from ..finding import Confidence, Evidence, Finding, Severity
from ..model import FlaskModel
from ..project import Project, iter_subtree
from ..registry import Scope, rule
from ._common import is_test_path

SANITIZERS = ("secure_filename", "uuid4", "uuid1", "token_hex", "token_urlsafe", "UploadPolicy")
ALLOWLIST_HINTS = (
    "allowed", "allowlist", "whitelist", "valid", "extension", "splitext", "ext", "endswith",
    "mimetype", "content_type", "puremagic", "imghdr", "magic", "policy",
)  # fmt: skip


def _upload_vars(ctx: ModuleContext, fn: ast.AST) -> set[str]:
    """Local names bound to ``request.files[...]`` / ``.get()`` / ``form.x.data``."""
    out: set[str] = set()
    for node in iter_subtree(fn):
        if isinstance(node, ast.Assign) and _is_upload_expr(ctx, node.value):
            out |= {t.id for t in node.targets if isinstance(t, ast.Name)}
        elif isinstance(node, ast.For) and isinstance(node.target, ast.Name):
            source = ast.unparse(node.iter)
            if "files" in source and "request" in source:
                out.add(node.target.id)
    return out


def _is_upload_expr(ctx: ModuleContext, expr: ast.expr) -> bool:
    text = ast.unparse(expr)
    if "request.files" in text or (ctx.qualname(expr) or "").startswith("flask.request.files"):
        return True
    return isinstance(expr, ast.Attribute) and expr.attr == "data" and "file" in text.lower()


def _saves(ctx: ModuleContext, fn: ast.AST, uploads: set[str]) -> Iterator[ast.Call]:
    for node in iter_subtree(fn):
        if not isinstance(node, ast.Call) or not isinstance(node.func, ast.Attribute):
            continue
        if node.func.attr != "save" or not node.args:
            continue
        receiver = node.func.value
        if (isinstance(receiver, ast.Name) and receiver.id in uploads) or _is_upload_expr(
            ctx, receiver
        ):
            yield node


def _assigned(fn: ast.AST) -> dict[str, ast.expr]:
    out: dict[str, ast.expr] = {}
    for node in iter_subtree(fn):
        if isinstance(node, ast.Assign):
            for t in node.targets:
                if isinstance(t, ast.Name):
                    out[t.id] = node.value
    return out


def _uses_raw_filename(expr: ast.expr, env: dict[str, ast.expr], depth: int = 0) -> bool:
    """Does *expr* build on ``x.filename`` without a sanitizer in between?"""
    if depth > 5:
        return False
    if isinstance(expr, ast.Call):
        name = ast.unparse(expr.func).rsplit(".", 1)[-1]
        if name in SANITIZERS:
            return False
    if isinstance(expr, ast.Attribute) and expr.attr == "filename":
        return True
    if isinstance(expr, ast.Name) and expr.id in env:
        return _uses_raw_filename(env[expr.id], env, depth + 1)
    return any(_uses_raw_filename(c, env, depth + 1) for c in ast.iter_child_nodes(expr)
               if isinstance(c, ast.expr))  # fmt: skip


def _functions(ctx: ModuleContext) -> list[ast.FunctionDef | ast.AsyncFunctionDef]:
    """Functions that call ``.save(...)``: the only ones worth a closer look."""
    out: dict[int, ast.FunctionDef | ast.AsyncFunctionDef] = {}
    for call in ctx.nodes(ast.Call):
        if isinstance(call.func, ast.Attribute) and call.func.attr == "save":
            fn = ctx.enclosing_function(call)
            if fn is not None:
                out.setdefault(id(fn), fn)
    return list(out.values())


@rule(
    "FB500",
    "upload-saved-with-client-filename",
    "An upload is saved under the name the client sent",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=[22, 434],
    mitigation="M10",
    fix="Save under secure_filename(f.filename), or better a random name (uuid4) you store.",
    scope=Scope.MODULE,
)
def upload_saved_with_client_filename(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds ``file.save(path)`` on an uploaded file where ``path`` is built
    from ``file.filename`` without ``secure_filename`` (or a random name).

    ## Why is this bad?
    The filename is chosen by the client: ``../../app/templates/x.html``
    overwrites files outside the upload folder, and ``x.html`` placed in a
    served folder is stored XSS.

    ## Example
    ```python
    f.save(os.path.join(UPLOAD_DIR, f.filename))
    ```

    ## Use instead
    ```python
    f.save(os.path.join(UPLOAD_DIR, secure_filename(f.filename)))
    ```

    ## References
    - CWE-22: Path Traversal
    - https://flask.palletsprojects.com/en/stable/patterns/fileuploads/
    """
    if is_test_path(ctx.file.path):
        return
    for fn in _functions(ctx):
        uploads = _upload_vars(ctx, fn)
        env = _assigned(fn)
        for call in _saves(ctx, fn, uploads):
            if _uses_raw_filename(call.args[0], env):
                yield upload_saved_with_client_filename.finding(
                    "the upload is saved under the client's filename", ctx.location(call)
                )
            else:
                yield upload_saved_with_client_filename.evidence(
                    "the upload is saved under a sanitized or generated name", ctx.location(call)
                )


@rule(
    "FB501",
    "upload-without-type-allowlist",
    "An upload is saved without checking its type",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[434],
    mitigation="M10",
    fix="Check the extension against an allowlist (and the content with puremagic) before saving.",
    scope=Scope.MODULE,
)
def upload_without_type_allowlist(ctx: ModuleContext) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds views that save an uploaded file without any type check in the
    same function: no allowlist comparison, no ``allowed_file()``-style
    helper, no extension/mimetype/content check, no ``UploadPolicy``.

    ## Why is this bad?
    Without an allowlist users can upload HTML, SVG or scripts that the app
    later serves from its own origin (stored XSS), or executables.

    ## Example
    ```python
    f = request.files["file"]
    f.save(os.path.join(UPLOADS, secure_filename(f.filename)))
    ```

    ## Use instead
    ```python
    if not allowed_file(f.filename):
        abort(400)
    ```

    ## References
    - CWE-434: Unrestricted Upload of File with Dangerous Type
    """
    if is_test_path(ctx.file.path):
        return
    for call in ctx.nodes(ast.Call):
        if ctx.call_name(call).endswith("UploadPolicy"):
            yield upload_without_type_allowlist.evidence(
                "uploads go through Bastion's UploadPolicy (allowlist, magic bytes, size)",
                ctx.location(call),
            )
    for fn in _functions(ctx):
        uploads = _upload_vars(ctx, fn)
        saves = list(_saves(ctx, fn, uploads))
        if not saves:
            continue
        text = ast.unparse(fn).lower()
        if any(h in text for h in ALLOWLIST_HINTS):
            continue
        if any("form" in ast.unparse(s.func) for s in saves) and "validate" in text:
            continue  # FileAllowed validators of a Flask-WTF form
        yield upload_without_type_allowlist.finding(
            "the upload is saved without an extension or content allowlist",
            ctx.location(saves[0]),
        )


@rule(
    "FB502",
    "max-content-length-not-set",
    "Uploads are accepted with no request size limit",
    severity=Severity.MEDIUM,
    confidence=Confidence.MEDIUM,
    cwe=[400, 770],
    mitigation="M23",
    fix="Set MAX_CONTENT_LENGTH (e.g. 16 * 1024 * 1024) or install Bastion.",
    scope=Scope.PROJECT,
)
def max_content_length_not_set(project: Project) -> Iterator[Finding | Evidence]:
    """## What it does
    Finds projects that accept file uploads while ``MAX_CONTENT_LENGTH`` is
    never set (and Bastion, which sets limits, is not installed).

    ## Why is this bad?
    Flask reads request bodies of any size by default: one client can fill
    the disk or memory with a single upload.

    ## Example
    ```python
    app = Flask(__name__)   # request.files used, no MAX_CONTENT_LENGTH
    ```

    ## Use instead
    ```python
    app.config["MAX_CONTENT_LENGTH"] = 16 * 1024 * 1024
    ```

    ## References
    - CWE-400: Uncontrolled Resource Consumption
    - https://flask.palletsprojects.com/en/stable/config/#MAX_CONTENT_LENGTH
    """
    model: FlaskModel = project.model
    for v in model.config_values("MAX_CONTENT_LENGTH"):
        yield max_content_length_not_set.evidence("MAX_CONTENT_LENGTH is set", v.location)
        return
    bastion = model.extension("Bastion")
    if bastion is not None:
        yield max_content_length_not_set.evidence(
            "Bastion sets request size and form limits", bastion.location
        )
        return
    uploads = [u for u in model.upload_sites if not is_test_path(u.path)]
    if not uploads:
        return
    where = model.apps[0].location if model.apps else uploads[0]
    yield max_content_length_not_set.finding(
        "uploads are accepted but MAX_CONTENT_LENGTH is never set", where
    )
