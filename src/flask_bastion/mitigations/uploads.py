"""M10: uploads that are what they claim, stored where nothing serves them.

An :class:`UploadPolicy` says which file types a form accepts and how big
they may be; ``policy.validate(file)`` returns a :class:`CheckedUpload` or
raises :class:`UploadRejected` (a Werkzeug HTTP error, so an app handles it
with a normal ``errorhandler``). ``policy.save(checked)`` stores it under a
random name outside every static and template folder, and
:func:`send_upload` serves it back as a download that a browser will not run.

What the checks do **not** do: they do not parse documents, so a PDF with
embedded JavaScript or a well-formed image exploiting a decoder bug passes;
markup is looked for in the first and last 8 KB only (where browsers sniff
and where polyglot payloads are appended), not in the middle of a file;
an Office file (a zip container) is indistinguishable from another zip; a
CSV may still carry spreadsheet formulas. Add an antivirus ``scan`` hook
(:class:`flask_bastion.clamav.ClamdScanner`) for the first two. Who may read
a stored file is the caller's decision: check ownership first
(:func:`flask_bastion.mitigations.ownership.get_owned_or_404`).
"""

from __future__ import annotations

import enum
import hashlib
import io
import json
import os
import re
import secrets
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import puremagic
from flask import Flask, current_app, send_file
from werkzeug.exceptions import HTTPException, NotFound, RequestEntityTooLarge, UnprocessableEntity
from werkzeug.security import safe_join
from werkzeug.utils import secure_filename

from ..errors import ConfigurationError
from .events import security_event

if TYPE_CHECKING:
    from flask import Response
    from werkzeug.datastructures import FileStorage

    from ..extension import BastionState

#: Types a browser may render or a server may execute: refused whatever the
#: allowlist says, and refused as an inner extension (``x.php.png``).
DANGEROUS_EXTENSIONS = frozenset(
    {
        *("html", "htm", "xhtml", "xht", "shtml", "mht", "mhtml", "xml", "xsl", "xslt"),
        *("svg", "svgz", "js", "mjs", "cjs", "jsx", "ts", "wasm", "swf", "hta"),
        *("php", "php3", "php4", "php5", "php7", "phtml", "phar", "asp", "aspx", "jsp", "jspx"),
        *("cgi", "pl", "py", "pyc", "pyw", "rb", "sh", "bash", "zsh", "ksh", "csh", "ps1"),
        *("psm1", "vbs", "vbe", "wsf", "wsh", "exe", "dll", "com", "bat", "cmd", "msi", "msp"),
        *("scr", "cpl", "sys", "jar", "war", "class", "apk", "app", "deb", "rpm", "dmg"),
        *("elf", "so", "dylib", "lnk", "reg", "inf", "htaccess", "appcache", "manifest"),
    }
)
#: Containers whose content is not checked here: only when explicitly allowed.
ARCHIVE_EXTENSIONS = frozenset(
    {"zip", "gz", "tgz", "tar", "bz2", "tbz2", "xz", "txz", "7z", "rar", "zst", "lz", "lzma", "cab"}
)
#: Served inline only when the caller asks for it; everything else is a download.
SAFE_INLINE_MIMETYPES = frozenset({"image/png", "image/jpeg", "image/gif", "image/webp"})
#: Plain-text types have no magic bytes: they must decode as UTF-8 with no NUL.
TEXT_EXTENSIONS = frozenset({"txt", "csv", "tsv", "md", "json", "log"})

_MIMETYPES = {
    "png": "image/png",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "gif": "image/gif",
    "webp": "image/webp",
    "pdf": "application/pdf",
    "txt": "text/plain; charset=utf-8",
    "csv": "text/csv; charset=utf-8",
    "tsv": "text/tab-separated-values; charset=utf-8",
    "md": "text/markdown; charset=utf-8",
    "json": "application/json",
    "log": "text/plain; charset=utf-8",
}
# Extensions puremagic may report for the same format as the claimed one.
_ALIASES: dict[str, frozenset[str]] = {
    "jpg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "jpeg": frozenset({"jpg", "jpeg", "jpe", "jfif"}),
    "tif": frozenset({"tif", "tiff"}),
    "tiff": frozenset({"tif", "tiff"}),
    "tgz": frozenset({"gz", "tgz"}),
}
# Markup that makes a browser (or a lax server) treat bytes as a page or code.
_ACTIVE_MARKERS = (
    b"<script",
    b"<html",
    b"<!doctype html",
    b"<body",
    b"<iframe",
    b"<svg",
    b"<object",
    b"<embed",
    b"<?php",
    b"<%",
    b"javascript:",
)
_CHUNK = 64 * 1024
_HEAD = 8 * 1024
_SPOOL_MAX = 1024 * 1024
_STORED_NAME = re.compile(r"^[A-Za-z0-9_-]{20,64}$")


class RejectReason(str, enum.Enum):
    """Stable codes for why an upload was refused (logged and on the error)."""

    EMPTY_NAME = "empty_name"
    NO_EXTENSION = "no_extension"
    DANGEROUS_TYPE = "dangerous_type"
    DOUBLE_EXTENSION = "double_extension"
    EXTENSION_NOT_ALLOWED = "extension_not_allowed"
    EMPTY_FILE = "empty_file"
    TOO_LARGE = "too_large"
    CONTENT_MISMATCH = "content_mismatch"
    ACTIVE_CONTENT = "active_content"
    INFECTED = "infected"
    SCAN_FAILED = "scan_failed"


class UploadRejected(HTTPException):
    """An upload the policy refused; catch this one class for every refusal.

    Its code is on the concrete subclasses (422 :class:`InvalidUpload`,
    413 :class:`UploadTooLarge`), so ``errorhandler(422)`` and
    ``errorhandler(413)`` work too. ``reason`` is a :class:`RejectReason`;
    ``description`` is a message that can be shown to the user.
    """

    def __init__(self, reason: RejectReason, message: str) -> None:
        self.reason = reason
        super().__init__(description=message)


class InvalidUpload(UploadRejected, UnprocessableEntity):
    """The name, type or content is refused (422)."""


class UploadTooLarge(UploadRejected, RequestEntityTooLarge):
    """The file exceeds the policy's ``max_size`` (413)."""


@dataclass(frozen=True, eq=False)
class CheckedUpload:
    """An upload that passed every check; ``stream`` is positioned at 0."""

    filename: str
    """The sanitised original name (``secure_filename``), for display only."""
    extension: str
    mimetype: str
    size: int
    sha256: str
    stream: IO[bytes]


@dataclass(frozen=True)
class StoredUpload:
    """Where :meth:`UploadPolicy.save` put a file; keep ``name`` in your DB."""

    name: str
    path: Path
    original_filename: str
    mimetype: str
    size: int
    sha256: str


Scanner = Callable[[IO[bytes]], "str | None"]
"""An antivirus hook: return None when clean, the signature name when not."""


class UploadPolicy:
    """What one upload field accepts.

    Example::

        avatars = UploadPolicy(extensions={"png", "jpg"}, max_size=2_000_000)

        @app.post("/avatar")
        def avatar():
            checked = avatars.validate(request.files["avatar"])
            stored = avatars.save(checked)

    A dangerous type in *extensions* (``svg``, ``html``, scripts,
    executables) is a :class:`ConfigurationError` at construction, and so is
    an archive unless *allow_archives* is true: a policy cannot be written
    that lets a browser or a server run the upload.
    """

    def __init__(
        self,
        extensions: Iterable[str],
        max_size: int = 5_000_000,
        *,
        allow_archives: bool = False,
        scan: Scanner | None = None,
    ) -> None:
        self.extensions = frozenset(e.lower().lstrip(".") for e in extensions)
        self.max_size = max_size
        self.allow_archives = allow_archives
        self.scan = scan
        self._check_config()

    def _check_config(self) -> None:
        if not self.extensions:
            raise ConfigurationError(
                "UploadPolicy(extensions=...)", "no extension allowed", "list the types you accept"
            )
        dangerous = sorted(self.extensions & DANGEROUS_EXTENSIONS)
        if dangerous:
            raise ConfigurationError(
                "UploadPolicy(extensions=...)",
                f"{', '.join(dangerous)} can run in a browser or on a server",
                "accept a passive format instead (png for svg, pdf or txt for html)",
            )
        archives = sorted(self.extensions & ARCHIVE_EXTENSIONS)
        if archives and not self.allow_archives:
            raise ConfigurationError(
                "UploadPolicy(allow_archives=...)",
                f"{', '.join(archives)} hide their content from every check here",
                "pass allow_archives=True and scan the upload, or accept single files",
            )
        if self.max_size <= 0:
            raise ConfigurationError(
                "UploadPolicy(max_size=...)", "max_size must be positive", "give a size in bytes"
            )

    def validate(self, file: FileStorage) -> CheckedUpload:
        """Return the checked upload, or raise :class:`UploadRejected` (logged)."""
        safe_name = secure_filename(file.filename or "")
        try:
            extension = self._check_name(safe_name)
            return self._check_content(file, safe_name, extension)
        except UploadRejected as error:
            security_event(
                "upload.rejected", reason=error.reason.value, filename=safe_name, policy=self.name
            )
            raise

    @property
    def name(self) -> str:
        return ",".join(sorted(self.extensions))

    def _check_name(self, safe_name: str) -> str:
        if not safe_name:
            raise InvalidUpload(RejectReason.EMPTY_NAME, "The file has no usable name.")
        parts = safe_name.lower().split(".")
        if len(parts) < 2 or not parts[-1]:
            raise InvalidUpload(RejectReason.NO_EXTENSION, "The file name has no extension.")
        inner, extension = parts[1:-1], parts[-1]
        if extension in DANGEROUS_EXTENSIONS:
            raise InvalidUpload(RejectReason.DANGEROUS_TYPE, "This type of file is not accepted.")
        if any(part in DANGEROUS_EXTENSIONS for part in inner):
            raise InvalidUpload(
                RejectReason.DOUBLE_EXTENSION, "The file name hides a second, refused extension."
            )
        if extension not in self.extensions:
            allowed = ", ".join(sorted(self.extensions))
            raise InvalidUpload(
                RejectReason.EXTENSION_NOT_ALLOWED, f"Only these types are accepted: {allowed}."
            )
        return extension

    def _check_content(self, file: FileStorage, safe_name: str, extension: str) -> CheckedUpload:
        spool, head, tail, size, digest = self._read(file)
        try:
            if size == 0:
                raise InvalidUpload(RejectReason.EMPTY_FILE, "The file is empty.")
            _check_magic(head, extension)
            if _is_passive(extension) and (_has_markup(head) or _has_markup(tail)):
                raise InvalidUpload(
                    RejectReason.ACTIVE_CONTENT, "The file contains web page or script content."
                )
            self._antivirus(spool)
        except BaseException:
            spool.close()
            raise
        spool.seek(0)
        mimetype = _MIMETYPES.get(extension, "application/octet-stream")
        return CheckedUpload(safe_name, extension, mimetype, size, digest, spool)

    def _read(self, file: FileStorage) -> tuple[IO[bytes], bytes, bytes, int, str]:
        """Copy the stream in chunks, never trusting ``content_length``.

        Returns the spooled copy, its first and last ``_HEAD`` bytes (where
        content sniffing looks and where polyglot payloads are appended),
        its size and its SHA-256.
        """
        spool = tempfile.SpooledTemporaryFile(max_size=_SPOOL_MAX)  # noqa: SIM115
        digest = hashlib.sha256()
        head = previous = last = b""
        size = 0
        while chunk := file.stream.read(_CHUNK):
            size += len(chunk)
            if size > self.max_size:
                spool.close()
                raise UploadTooLarge(
                    RejectReason.TOO_LARGE,
                    f"The file is larger than {self.max_size:,} bytes.",
                )
            spool.write(chunk)
            digest.update(chunk)
            if len(head) < _HEAD:
                head += chunk[: _HEAD - len(head)]
            previous, last = last, chunk
        return spool, head, (previous + last)[-_HEAD:], size, digest.hexdigest()

    def _antivirus(self, spool: IO[bytes]) -> None:
        if self.scan is None:
            return
        spool.seek(0)
        try:
            signature = self.scan(spool)
        except Exception as error:  # any scanner failure refuses: fail closed
            raise InvalidUpload(
                RejectReason.SCAN_FAILED, "The file could not be checked; try again later."
            ) from error
        if signature:
            raise InvalidUpload(RejectReason.INFECTED, "The file was flagged by the virus scanner.")

    def save(
        self, checked: CheckedUpload, folder: str | os.PathLike[str] | None = None
    ) -> StoredUpload:
        """Store *checked* under a random name; keep ``.name`` to find it again.

        The folder defaults to ``BASTION_UPLOAD_FOLDER`` (or
        ``<instance_path>/uploads``) and may not be inside a static or
        template folder. The original name, type, size and hash go to a
        ``<name>.json`` file next to it and on the returned object.
        """
        target = _upload_folder(current_app, folder)
        target.mkdir(mode=0o700, parents=True, exist_ok=True)
        name = secrets.token_urlsafe(24)
        path = target / name
        checked.stream.seek(0)
        with os.fdopen(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "wb") as out:
            shutil.copyfileobj(checked.stream, out)
        checked.stream.seek(0)
        stored = StoredUpload(
            name, path, checked.filename, checked.mimetype, checked.size, checked.sha256
        )
        _write_metadata(stored)
        return stored


def _is_passive(extension: str) -> bool:
    """Types a browser could be tricked into reading as markup (images, text)."""
    return extension in TEXT_EXTENSIONS or _MIMETYPES.get(extension, "").startswith("image/")


def _has_markup(sample: bytes) -> bool:
    lowered = sample.lower()
    return any(marker in lowered for marker in _ACTIVE_MARKERS)


def _detected_extensions(head: bytes) -> list[tuple[str, float]]:
    try:
        matches = puremagic.magic_stream(io.BytesIO(head))
    except puremagic.PureError:
        return []
    return [(m.extension.lower().lstrip("."), float(m.confidence)) for m in matches]


def _check_magic(head: bytes, extension: str) -> None:
    detected = _detected_extensions(head)
    names = {name for name, _ in detected}
    if detected:
        best = max(detected, key=lambda d: d[1])[0]
        if best in DANGEROUS_EXTENSIONS and best not in _ALIASES.get(extension, {extension}):
            raise InvalidUpload(
                RejectReason.CONTENT_MISMATCH, f"The content is not a .{extension} file."
            )
    if extension in TEXT_EXTENSIONS:
        if b"\x00" in head or not _is_utf8_prefix(head) or names & DANGEROUS_EXTENSIONS:
            raise InvalidUpload(
                RejectReason.CONTENT_MISMATCH, f"The content is not a .{extension} text file."
            )
        return
    if not names & _ALIASES.get(extension, frozenset({extension})):
        raise InvalidUpload(
            RejectReason.CONTENT_MISMATCH, f"The content is not a .{extension} file."
        )


def _is_utf8_prefix(head: bytes) -> bool:
    """True when *head* is UTF-8, allowing a character cut at the sniff boundary."""
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return len(head) == _HEAD and error.start >= len(head) - 3
    return True


def _served_folders(app: Flask) -> list[Path]:
    """Every static and template folder of the app and its blueprints, resolved."""
    folders: list[Path] = []
    for scaffold in (app, *app.blueprints.values()):
        if scaffold.static_folder:  # already joined to root_path by Flask
            folders.append(Path(scaffold.static_folder).resolve())
        if scaffold.template_folder:
            folders.append(Path(scaffold.root_path, scaffold.template_folder).resolve())
    return folders


def _upload_folder(app: Flask, folder: str | os.PathLike[str] | None) -> Path:
    """The storage folder, refused when a static or template folder contains it."""
    raw = folder or app.config.get("BASTION_UPLOAD_FOLDER") or Path(app.instance_path, "uploads")
    target = Path(raw).resolve()
    for served in _served_folders(app):
        if target == served or served in target.parents:
            raise ConfigurationError(
                "BASTION_UPLOAD_FOLDER",
                "uploads would be stored inside a folder Flask serves or renders from",
                "store them outside static/ and templates/, e.g. under the instance folder",
            )
    return target


def _write_metadata(stored: StoredUpload) -> None:
    meta = {
        "original_filename": stored.original_filename,
        "mimetype": stored.mimetype,
        "size": stored.size,
        "sha256": stored.sha256,
    }
    sidecar = stored.path.with_name(stored.name + ".json")
    with os.fdopen(os.open(sidecar, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600), "w") as out:
        json.dump(meta, out)


def _read_metadata(path: Path) -> dict[str, Any]:
    try:
        data = json.loads(path.with_name(path.name + ".json").read_text())
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def send_upload(
    stored_name: str,
    download_name: str | None = None,
    mimetype: str | None = None,
    inline: bool = False,
    *,
    folder: str | os.PathLike[str] | None = None,
) -> Response:
    """Serve a stored upload so that no browser runs it.

    *stored_name* must be a name returned by :meth:`UploadPolicy.save`;
    anything else (a path, a traversal, an unknown name) is a 404. The
    response is a download (``Content-Disposition: attachment``) unless
    *inline* is true **and** the type is in :data:`SAFE_INLINE_MIMETYPES`,
    and always carries ``X-Content-Type-Options: nosniff`` and
    ``Content-Security-Policy: default-src 'none'; sandbox``.

    It does not decide who may read the file: check that first.
    """
    if not _STORED_NAME.fullmatch(stored_name):
        raise NotFound()
    base = _upload_folder(current_app, folder)
    joined = safe_join(str(base), stored_name)
    if joined is None or not os.path.isfile(joined):
        raise NotFound()
    path = Path(joined)
    meta = _read_metadata(path)
    kind = mimetype or str(meta.get("mimetype") or "application/octet-stream")
    show_inline = inline and kind.split(";")[0].strip() in SAFE_INLINE_MIMETYPES
    response = send_file(
        path,
        mimetype=kind,
        as_attachment=not show_inline,
        download_name=download_name or str(meta.get("original_filename") or stored_name),
        max_age=0,
    )
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Cache-Control"] = "private, no-cache"
    return response


def delete_upload(stored_name: str, *, folder: str | os.PathLike[str] | None = None) -> bool:
    """Remove a stored upload and its metadata; False when there was none.

    Like :func:`send_upload`, only a name returned by :meth:`UploadPolicy.save`
    is accepted (anything else deletes nothing), and who may delete is the
    caller's check.
    """
    if not _STORED_NAME.fullmatch(stored_name):
        return False
    joined = safe_join(str(_upload_folder(current_app, folder)), stored_name)
    if joined is None:
        return False
    path = Path(joined)
    existed = path.is_file()
    path.unlink(missing_ok=True)
    path.with_name(path.name + ".json").unlink(missing_ok=True)
    return existed


def install(app: Flask, state: BastionState) -> None:
    """Refuse at start-up an upload folder that Flask would serve."""
    if app.config.get("BASTION_UPLOAD_FOLDER"):
        _upload_folder(app, None)
