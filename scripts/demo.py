"""The main job: audit both example apps, then serve the vault on 127.0.0.1.

1. ``bastion audit`` on ``examples/vault`` (expected: no missing mitigation)
   and on ``examples/vulnerable`` (expected: every marked flaw), with the HTML
   reports written to ``demo-output/`` and a summary printed;
2. the reference app on its embedded SQLite default with a demo account,
   served on http://127.0.0.1:5000 under the *development* profile (plain
   HTTP on loopback; production would insist on HTTPS, as the tests show).
"""

from __future__ import annotations

import argparse
import os
import secrets
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "demo-output"
DEMO_EMAIL = "demo@vault.example"


def audit_examples() -> None:
    from flask_bastion.audit.engine import run_audit
    from flask_bastion.audit.finding import Status
    from flask_bastion.audit.report import render

    OUT.mkdir(exist_ok=True)
    for name in ("vault", "vulnerable"):
        result = run_audit([ROOT / "examples" / name])
        (OUT / f"{name}-report.html").write_text(render(result, "html"), encoding="utf-8")
        (OUT / f"{name}-analysis.md").write_text(render(result, "markdown"), encoding="utf-8")
        verdicts = result.verdicts()
        missing = [v.entry.id for v in verdicts if v.status in (Status.MISSING, Status.PARTIAL)]
        implemented = [v.entry.id for v in verdicts if v.status is Status.IMPLEMENTED]
        print(f"\n== bastion audit examples/{name}")
        print(
            f"   {result.files_scanned} files, {len(result.findings)} findings, "
            f"{len(implemented)} mitigations implemented, {len(missing)} missing"
        )
        if missing:
            print("   missing: " + ", ".join(missing))
        print(f"   HTML report: {OUT / f'{name}-report.html'}")


def _instance_secret(instance: Path) -> str:
    """A strong key kept in the instance folder so demo logins survive a restart."""
    path = instance / "demo-secret-key"
    if not path.exists():
        instance.mkdir(parents=True, exist_ok=True)
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _gunicorn(app: object, port: int) -> None:
    """Serve *app* with gunicorn, the production server the vault is built for (M21)."""
    from gunicorn.app.base import BaseApplication

    class Demo(BaseApplication):  # type: ignore[misc]
        def load_config(self) -> None:
            for key, value in {
                "bind": f"127.0.0.1:{port}",
                "workers": 2,
                "worker_class": "gthread",
                "threads": 4,
                "accesslog": "-",
            }.items():
                self.cfg.set(key, value)

        def load(self) -> object:
            return app

    Demo().run()


def serve_vault(port: int) -> None:
    sys.path.insert(0, str(ROOT / "examples" / "vault"))
    from vault import create_app
    from vault.auth import hasher
    from vault.models import User, db

    instance = ROOT / "examples" / "vault" / "instance"
    os.environ.setdefault("SECRET_KEY", _instance_secret(instance))
    os.environ["BASTION_PROFILE"] = "development"
    app = create_app()
    password = os.environ.get("VAULT_DEMO_PASSWORD") or secrets.token_urlsafe(12)
    with app.app_context():
        db.create_all()
        user = db.session.execute(db.select(User).filter_by(email=DEMO_EMAIL)).scalar_one_or_none()
        if user is None:
            user = User(email=DEMO_EMAIL, password_hash="", is_admin=True)
            db.session.add(user)
        user.password_hash = hasher.hash(password)
        db.session.commit()
    print("\n== The vault (reference app), development profile, SQLite")
    print(f"   URL:      http://127.0.0.1:{port}/")
    print(f"   login:    {DEMO_EMAIL}")
    print(f"   password: {password}")
    print("   Ctrl-C to stop.\n", flush=True)
    _gunicorn(app, port)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--port", type=int, default=int(os.environ.get("PORT", "5000")))
    parser.add_argument("--no-serve", action="store_true", help="only run the audits")
    args = parser.parse_args()
    audit_examples()
    if not args.no_serve:
        serve_vault(args.port)


if __name__ == "__main__":
    main()
