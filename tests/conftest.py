"""Fixtures every test area may use. Keep this file small."""

from __future__ import annotations

import datetime
import ipaddress
import secrets
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from flask_bastion import Bastion

AppFactory = Callable[..., Flask]


@pytest.fixture
def app_factory(tmp_path: Path) -> AppFactory:
    """Build a fresh Flask app, guarded unless ``guard=False``.

    ``BASTION_PROFILE`` is ``"testing"`` and ``SECRET_KEY`` a strong random
    key unless overridden: ``app_factory(BASTION_PROFILE="production")``.
    Pass ``guard=False`` to register routes or handlers before
    ``Bastion(app)``; ``template_folder`` is forwarded to ``Flask``. The
    instance folder (SQLite stores, uploads) is a fresh temporary directory.
    """

    def build(*, guard: bool = True, template_folder: str | None = None, **config: Any) -> Flask:
        app = Flask(
            "bastion_test_app",
            template_folder=template_folder or "templates",
            instance_path=str(tmp_path / "instance"),
        )
        app.config.update(BASTION_PROFILE="testing", SECRET_KEY=secrets.token_urlsafe(32))
        app.config.update(config)
        if guard:
            Bastion(app)
        return app

    return build


@pytest.fixture(scope="session")
def tls_cert(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """A self-signed certificate (and its own CA) for 127.0.0.1 and localhost: (cert, key)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "127.0.0.1")])
    now = datetime.datetime.now(datetime.timezone.utc)
    cert = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - datetime.timedelta(minutes=5))
        .not_valid_after(now + datetime.timedelta(days=1))
        .add_extension(
            x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]
            ),
            critical=False,
        )
        .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
        .sign(key, hashes.SHA256())
    )
    folder = tmp_path_factory.mktemp("tls")
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_path, key_path
