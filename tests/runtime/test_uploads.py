"""M10: UploadPolicy validation, storage, serving and the ClamAV client."""

from __future__ import annotations

import base64
import hashlib
import io
import json
import logging
import socket
import struct
import threading
import zipfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask, jsonify, request
from werkzeug.datastructures import FileStorage

from flask_bastion import Bastion, ConfigurationError
from flask_bastion.clamav import ClamdError, ClamdScanner
from flask_bastion.mitigations.uploads import (
    InvalidUpload,
    RejectReason,
    UploadPolicy,
    UploadRejected,
    UploadTooLarge,
    delete_upload,
    send_upload,
)

PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg=="
)
JPEG = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00" + b"\x00" * 64
GIF = b"GIF89a\x01\x00\x01\x00\x80\x00\x00\xff\xff\xff\x00\x00\x00!\xf9\x04" + b"\x00" * 32
PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
EICAR = b"X5O!P%@AP[4\\PZX54(P^)7CC)7}$EICAR-STANDARD-ANTIVIRUS-TEST-FILE!$H+H*"
SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


def _zip() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("report.txt", "hello")
    return buffer.getvalue()


def upload(data: bytes, filename: str | None) -> FileStorage:
    return FileStorage(stream=io.BytesIO(data), filename=filename, name="file")


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(BASTION_PROFILE="testing", SECRET_KEY="k" * 40 + "u9Xq2")
    Bastion(app)
    return app


POLICY = UploadPolicy(extensions={"png", "jpg", "pdf", "txt", "gif"}, max_size=10_000)


@pytest.mark.parametrize(
    ("data", "filename", "mimetype"),
    [
        pytest.param(PNG, "photo.png", "image/png", id="png"),
        pytest.param(JPEG, "Photo.JPG", "image/jpeg", id="jpg-upper-case"),
        pytest.param(GIF, "anim.gif", "image/gif", id="gif"),
        pytest.param(PDF, "report.2024.pdf", "application/pdf", id="pdf-dotted-name"),
        pytest.param("héllo, wörld\n".encode(), "notes.txt", "text/plain; charset=utf-8", id="txt"),
    ],
)
def test_accepts_files_that_are_what_they_claim(
    app: Flask, data: bytes, filename: str, mimetype: str
) -> None:
    with app.test_request_context():
        checked = POLICY.validate(upload(data, filename))
    assert checked.filename == filename
    assert checked.mimetype == mimetype
    assert checked.size == len(data)
    assert checked.sha256 == hashlib.sha256(data).hexdigest()
    assert checked.stream.read() == data


@pytest.mark.parametrize(
    ("data", "filename", "reason"),
    [
        pytest.param(HTML, "cat.png", RejectReason.CONTENT_MISMATCH, id="html-named-png"),
        pytest.param(_zip(), "invoice.pdf", RejectReason.CONTENT_MISMATCH, id="zip-renamed-pdf"),
        pytest.param(PNG, "photo.jpg", RejectReason.CONTENT_MISMATCH, id="png-named-jpg"),
        pytest.param(PDF, "photo.png", RejectReason.CONTENT_MISMATCH, id="pdf-named-png"),
        pytest.param(
            b"GIF89a<script>alert(1)</script>",
            "x.gif",
            RejectReason.ACTIVE_CONTENT,
            id="gif-html-polyglot",
        ),
        pytest.param(
            PNG + b"<ScRiPt src=//evil.example/x.js></script>",
            "x.png",
            RejectReason.ACTIVE_CONTENT,
            id="png-with-trailing-script",
        ),
        pytest.param(
            b"<html><body>hi</body></html>",
            "page.txt",
            RejectReason.CONTENT_MISMATCH,
            id="html-txt",
        ),
        pytest.param(
            b"\x00\x01\x02binary", "data.txt", RejectReason.CONTENT_MISMATCH, id="bin-txt"
        ),
        pytest.param(PNG, "", RejectReason.EMPTY_NAME, id="empty-name"),
        pytest.param(PNG, None, RejectReason.EMPTY_NAME, id="no-name"),
        pytest.param(PNG, "../..", RejectReason.EMPTY_NAME, id="dots-only"),
        pytest.param(PNG, "../../etc/passwd", RejectReason.NO_EXTENSION, id="traversal-no-ext"),
        pytest.param(PNG, "x.php.png", RejectReason.DOUBLE_EXTENSION, id="php-png"),
        pytest.param(PNG, "x.png.php", RejectReason.DANGEROUS_TYPE, id="png-php"),
        pytest.param(PNG, "x.svg", RejectReason.DANGEROUS_TYPE, id="svg"),
        pytest.param(
            b"MZ\x90\x00" + b"\x00" * 60, "setup.exe", RejectReason.DANGEROUS_TYPE, id="exe"
        ),
        pytest.param(PNG, "x.webp", RejectReason.EXTENSION_NOT_ALLOWED, id="not-in-allowlist"),
        pytest.param(_zip(), "a.zip", RejectReason.EXTENSION_NOT_ALLOWED, id="archive"),
        pytest.param(b"", "empty.png", RejectReason.EMPTY_FILE, id="empty-file"),
    ],
)
def test_refuses_lies_and_dangerous_names(
    app: Flask, data: bytes, filename: str | None, reason: RejectReason
) -> None:
    with app.test_request_context(), pytest.raises(InvalidUpload) as caught:
        POLICY.validate(upload(data, filename))
    assert caught.value.reason is reason
    assert caught.value.code == 422


def test_traversal_name_is_reduced_to_a_plain_name(app: Flask) -> None:
    with app.test_request_context():
        checked = POLICY.validate(upload(PNG, "../../static/evil.png"))
    assert checked.filename == "static_evil.png"


def test_size_is_counted_from_the_bytes_not_the_declared_length(app: Flask) -> None:
    lying = FileStorage(
        stream=io.BytesIO(PNG + b"\x00" * 20_000), filename="big.png", content_length=10
    )
    with app.test_request_context(), pytest.raises(UploadTooLarge) as caught:
        POLICY.validate(lying)
    assert caught.value.reason is RejectReason.TOO_LARGE
    assert caught.value.code == 413
    assert isinstance(caught.value, UploadRejected)


@pytest.mark.parametrize(
    ("kwargs", "setting"),
    [
        pytest.param({"extensions": {"png", "svg"}}, "extensions", id="svg"),
        pytest.param({"extensions": {"html"}}, "extensions", id="html"),
        pytest.param({"extensions": {".PHP"}}, "extensions", id="php-dotted-upper"),
        pytest.param({"extensions": {"zip"}}, "allow_archives", id="archive-not-allowed"),
        pytest.param({"extensions": set()}, "extensions", id="empty"),
        pytest.param({"extensions": {"png"}, "max_size": 0}, "max_size", id="zero-size"),
    ],
)
def test_a_dangerous_policy_cannot_be_written(kwargs: dict[str, object], setting: str) -> None:
    with pytest.raises(ConfigurationError) as caught:
        UploadPolicy(**kwargs)  # type: ignore[arg-type]
    assert setting in caught.value.setting


def test_archives_only_when_explicitly_allowed(app: Flask) -> None:
    policy = UploadPolicy(extensions={"zip"}, allow_archives=True)
    with app.test_request_context():
        assert policy.validate(upload(_zip(), "bundle.zip")).extension == "zip"
        with pytest.raises(InvalidUpload):
            policy.validate(upload(PNG, "bundle.zip"))


def _upload_app(app: Flask) -> Flask:
    @app.errorhandler(UploadRejected)
    def rejected(error: UploadRejected):  # type: ignore[no-untyped-def]
        return jsonify(reason=error.reason.value, message=error.description), error.code

    @app.post("/upload")
    def receive():  # type: ignore[no-untyped-def]
        stored = POLICY.save(POLICY.validate(request.files["file"]))
        return jsonify(name=stored.name)

    @app.get("/files/<name>")
    def download(name: str):  # type: ignore[no-untyped-def]
        return send_upload(name, inline=request.args.get("inline") == "1")

    return app


def _post(client, data: bytes, filename: str):  # type: ignore[no-untyped-def]
    return client.post(
        "/upload",
        data={"file": (io.BytesIO(data), filename)},
        content_type="multipart/form-data",
        headers=SAME_ORIGIN,
    )


def test_refusal_is_an_http_error_and_a_logged_event(
    app: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    client = _upload_app(app).test_client()
    with caplog.at_level(logging.WARNING, logger="flask_bastion.security"):
        response = _post(client, HTML, "cat.png")
        too_big = _post(client, PNG + b"\x00" * 20_000, "big.png")
    assert response.status_code == 422
    assert response.json == {
        "reason": "content_mismatch",
        "message": "The content is not a .png file.",
    }
    assert too_big.status_code == 413
    assert too_big.json["reason"] == "too_large"
    events = [r for r in caplog.records if getattr(r, "bastion_event", None) == "upload.rejected"]
    assert [e.bastion_fields["reason"] for e in events] == ["content_mismatch", "too_large"]
    assert events[0].bastion_fields["filename"] == "cat.png"


def test_saved_under_a_random_name_with_metadata(app: Flask) -> None:
    client = _upload_app(app).test_client()
    first = _post(client, PNG, "../../holiday photo.png").json["name"]
    second = _post(client, PNG, "holiday photo.png").json["name"]
    folder = Path(app.instance_path) / "uploads"
    assert first != second
    assert len(first) >= 32 and "." not in first
    assert (folder / first).read_bytes() == PNG
    meta = json.loads((folder / f"{first}.json").read_text())
    assert meta["original_filename"] == "holiday_photo.png"
    assert meta["mimetype"] == "image/png"
    assert meta["sha256"] == hashlib.sha256(PNG).hexdigest()
    assert (folder / first).stat().st_mode & 0o077 == 0


def test_served_as_a_sandboxed_download(app: Flask) -> None:
    client = _upload_app(app).test_client()
    name = _post(client, PNG, "holiday.png").json["name"]
    response = client.get(f"/files/{name}")
    assert response.status_code == 200
    assert response.data == PNG
    assert response.headers["Content-Disposition"] == "attachment; filename=holiday.png"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Content-Security-Policy"] == "default-src 'none'; sandbox"
    assert response.mimetype == "image/png"
    inline = client.get(f"/files/{name}?inline=1")
    assert inline.headers["Content-Disposition"] == "inline; filename=holiday.png"


def test_inline_is_refused_for_types_outside_the_safe_list(app: Flask) -> None:
    client = _upload_app(app).test_client()
    name = _post(client, PDF, "report.pdf").json["name"]
    response = client.get(f"/files/{name}?inline=1")
    assert response.headers["Content-Disposition"].startswith("attachment;")


@pytest.mark.parametrize(
    "name",
    [
        pytest.param("..%2F..%2Fetc%2Fpasswd", id="encoded-traversal"),
        pytest.param("....................passwd", id="dots"),
        pytest.param("AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA", id="unknown"),
        pytest.param("short", id="too-short"),
    ],
)
def test_serving_refuses_anything_but_a_stored_name(app: Flask, name: str) -> None:
    client = _upload_app(app).test_client()
    _post(client, PNG, "a.png")
    assert client.get(f"/files/{name}").status_code == 404


def test_delete_removes_file_and_metadata(app: Flask) -> None:
    client = _upload_app(app).test_client()
    name = _post(client, PNG, "a.png").json["name"]
    folder = Path(app.instance_path) / "uploads"
    with app.test_request_context():
        assert delete_upload(name) is True
        assert delete_upload(name) is False
        assert delete_upload("../instance") is False
    assert not (folder / name).exists() and not (folder / f"{name}.json").exists()
    assert client.get(f"/files/{name}").status_code == 404


def test_sidecar_metadata_cannot_be_fetched(app: Flask) -> None:
    client = _upload_app(app).test_client()
    name = _post(client, PNG, "a.png").json["name"]
    assert client.get(f"/files/{name}.json").status_code == 404


@pytest.mark.parametrize("folder", ["static", "templates", "static/uploads"])
def test_storage_inside_a_served_folder_is_refused(app: Flask, tmp_path: Path, folder: str) -> None:
    with app.test_request_context(), pytest.raises(ConfigurationError) as caught:
        POLICY.save(POLICY.validate(upload(PNG, "a.png")), folder=Path(app.root_path, folder))
    assert caught.value.setting == "BASTION_UPLOAD_FOLDER"


def test_served_upload_folder_refused_at_start_up(tmp_path: Path) -> None:
    app = Flask(__name__)
    app.config.update(
        BASTION_PROFILE="testing", BASTION_UPLOAD_FOLDER=str(Path(app.root_path, "static", "up"))
    )
    with pytest.raises(ConfigurationError, match="BASTION_UPLOAD_FOLDER"):
        Bastion(app)


def test_configured_folder_is_used(tmp_path: Path) -> None:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(BASTION_PROFILE="testing", BASTION_UPLOAD_FOLDER=str(tmp_path / "store"))
    Bastion(app)
    with app.test_request_context():
        stored = POLICY.save(POLICY.validate(upload(PNG, "a.png")))
    assert stored.path.parent == tmp_path / "store"


# -- antivirus --------------------------------------------------------------


def test_scan_hook_refuses_infected_files(app: Flask) -> None:
    seen: list[bytes] = []

    def scanner(stream):  # type: ignore[no-untyped-def]
        seen.append(stream.read())
        return "Eicar-Test-Signature"

    policy = UploadPolicy(extensions={"txt"}, scan=scanner)
    with app.test_request_context(), pytest.raises(InvalidUpload) as caught:
        policy.validate(upload(EICAR, "eicar.txt"))
    assert caught.value.reason is RejectReason.INFECTED
    assert seen == [EICAR]


def test_a_failing_scanner_refuses_the_file(app: Flask) -> None:
    def scanner(stream):  # type: ignore[no-untyped-def]
        raise ClamdError("down")

    policy = UploadPolicy(extensions={"txt"}, scan=scanner)
    with app.test_request_context(), pytest.raises(InvalidUpload) as caught:
        policy.validate(upload(b"fine", "fine.txt"))
    assert caught.value.reason is RejectReason.SCAN_FAILED


class FakeClamd:
    """A loopback TCP peer speaking clamd's INSTREAM protocol (clamd is not installed)."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.port = self.server.getsockname()[1]
        self.received: list[bytes] = []
        self.chunk_sizes: list[list[int]] = []
        self.thread = threading.Thread(target=self._serve, daemon=True)
        self.thread.start()

    def _recv_exact(self, conn: socket.socket, n: int) -> bytes:
        data = b""
        while len(data) < n:
            part = conn.recv(n - len(data))
            if not part:
                raise ConnectionError("client closed early")
            data += part
        return data

    def _serve(self) -> None:
        while True:
            try:
                conn, _ = self.server.accept()
            except OSError:
                return
            with conn:
                command = self._recv_exact(conn, len(b"zINSTREAM\0"))
                if command != b"zINSTREAM\0":
                    conn.sendall(b"UNKNOWN COMMAND\0")
                    continue
                data, sizes = b"", []
                while True:
                    (size,) = struct.unpack("!L", self._recv_exact(conn, 4))
                    sizes.append(size)
                    if size == 0:
                        break
                    data += self._recv_exact(conn, size)
                self.received.append(data)
                self.chunk_sizes.append(sizes)
                if b"EICAR-STANDARD-ANTIVIRUS-TEST-FILE" in data:
                    conn.sendall(b"stream: Eicar-Test-Signature FOUND\0")
                else:
                    conn.sendall(b"stream: OK\0")

    def close(self) -> None:
        self.server.close()


@pytest.fixture
def clamd() -> Iterator[FakeClamd]:
    server = FakeClamd()
    yield server
    server.close()


def test_clamd_client_speaks_instream(clamd: FakeClamd) -> None:
    scanner = ClamdScanner(port=clamd.port, timeout=5)
    big = b"a" * (150 * 1024)
    assert scanner(io.BytesIO(big)) is None
    assert scanner(io.BytesIO(EICAR)) == "Eicar-Test-Signature"
    assert clamd.received == [big, EICAR]
    assert clamd.chunk_sizes[0] == [65536, 65536, 22528, 0]


def test_clamd_verdict_through_the_policy(app: Flask, clamd: FakeClamd) -> None:
    policy = UploadPolicy(extensions={"txt"}, scan=ClamdScanner(port=clamd.port, timeout=5))
    with app.test_request_context():
        assert policy.validate(upload(b"clean text", "ok.txt")).size == 10
        with pytest.raises(InvalidUpload) as caught:
            policy.validate(upload(EICAR, "eicar.txt"))
    assert caught.value.reason is RejectReason.INFECTED


def test_clamd_unreachable_is_an_error(app: Flask) -> None:
    with socket.create_server(("127.0.0.1", 0)) as placeholder:
        port = placeholder.getsockname()[1]
    with pytest.raises(ClamdError):
        ClamdScanner(port=port, timeout=2)(io.BytesIO(b"x"))
