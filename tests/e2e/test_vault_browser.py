"""Every catalogue entry the vault relies on, proven as a real browser sees it."""

from __future__ import annotations

import re
import secrets
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from .conftest import RATELIMIT_DB, VaultServer, flush_redis, screenshot

pytestmark = [pytest.mark.browser, pytest.mark.redis, pytest.mark.postgres]

PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e5270de10000000049454e44ae426082"
)
XSS_NOTE = '<script>window.__xss = 1</script><img src="x" onerror="window.__xss = 2">'
WATCH_CSP = """
window.__cspViolations = [];
document.addEventListener('securitypolicyviolation', e => {
  window.__cspViolations.push(e.violatedDirective + ' ' + e.blockedURI);
});
"""


class Visitor:
    """One browser context (one person) with CSP and console errors recorded."""

    def __init__(self, browser: Any, server: VaultServer) -> None:
        self.server = server
        self.context = browser.new_context(ignore_https_errors=True)
        self.context.add_init_script(WATCH_CSP)
        self.page = self.context.new_page()
        self.console_errors: list[str] = []
        self.violations: list[str] = []
        self.page.on(
            "console",
            lambda m: self.console_errors.append(m.text) if m.type == "error" else None,
        )

    def goto(self, path: str) -> Any:
        response = self.page.goto(self.server.url + path)
        self.collect()
        return response

    def collect(self) -> None:
        self.violations += self.page.evaluate("window.__cspViolations || []")
        self.page.evaluate("window.__cspViolations = []")

    def register(self, email: str, password: str) -> None:
        self.goto("/register")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        self.page.fill("#confirm", password)
        with self.page.expect_navigation():
            self.page.click("#register-form button[type=submit]")
        self.collect()

    def login(self, email: str, password: str) -> Any:
        self.goto("/login")
        self.page.fill("#email", email)
        self.page.fill("#password", password)
        with self.page.expect_navigation() as nav:
            self.page.click("#login-form button[type=submit]")
        self.collect()
        return nav.value

    def session_cookie(self) -> dict[str, Any]:
        cookies = [c for c in self.context.cookies() if "session" in c["name"]]
        assert len(cookies) == 1, cookies
        return cookies[0]

    def create_note(self, title: str, body: str) -> str:
        self.goto("/notes/new")
        self.page.fill("#title", title)
        self.page.fill("#body", body)
        with self.page.expect_navigation():
            self.page.click("#note-form button[type=submit]")
        self.collect()
        return self.page.url.removeprefix(self.server.url)

    def upload(self, name: str, content: bytes, mimetype: str) -> Any:
        self.goto("/files/")
        self.page.set_input_files(
            "#file", files=[{"name": name, "mimeType": mimetype, "buffer": content}]
        )
        with self.page.expect_navigation() as nav:
            self.page.click("#upload-form button[type=submit]")
        self.collect()
        return nav.value

    def close(self) -> None:
        self.context.close()


@pytest.fixture()
def visitor(browser: Any, vault_server: VaultServer) -> Iterator[Visitor]:
    v = Visitor(browser, vault_server)
    yield v
    v.close()


def new_account(v: Visitor) -> tuple[str, str]:
    email, password = f"user-{secrets.token_hex(4)}@vault.example", secrets.token_urlsafe(16)
    v.register(email, password)
    return email, password


def test_a_whole_visit(browser: Any, vault_server: VaultServer) -> None:
    v = Visitor(browser, vault_server)
    v.goto("/login")
    screenshot(v.page, "login")
    email, password = new_account(v)
    assert v.page.url.endswith("/"), "registration logs the user in"

    # M01-M03: the cookie as the browser stores it, and invisible to scripts.
    cookie = v.session_cookie()
    assert cookie["secure"] and cookie["httpOnly"] and cookie["sameSite"] == "Lax"
    assert cookie["name"] not in v.page.evaluate("document.cookie")

    # M11: stored XSS payloads are shown as text and never run.
    note_path = v.create_note("Payloads", XSS_NOTE)
    assert v.page.inner_text("#note-body") == XSS_NOTE
    assert v.page.evaluate("window.__xss") is None
    screenshot(v.page, "note")

    # M06 via fetch: the JSON endpoint works from the app's own page.
    v.goto("/")
    star = v.page.locator("button.star").first
    star.click()
    v.page.wait_for_selector("button.star.saved")
    assert star.inner_text() == "★"
    screenshot(v.page, "notes")

    # M10: a real PNG is accepted; an HTML file disguised as .png is refused.
    response = v.upload("pixel.png", PNG, "image/png")
    assert response.status == 200 and "pixel.png" in v.page.inner_text(".list")
    response = v.upload("cat.png", b"<html><script>alert(1)</script></html>", "image/png")
    assert response.status in (400, 415, 422)
    assert v.page.is_visible("#upload-error")
    screenshot(v.page, "files")

    # M10: a download arrives as an attachment, never rendered.
    href = v.page.get_attribute("a.download >> nth=0", "href")
    head = v.context.request.get(vault_server.url + href)
    assert head.status == 200
    assert head.headers["content-disposition"] == "attachment; filename=pixel.png"
    assert head.headers["x-content-type-options"] == "nosniff"
    assert head.body() == PNG
    with v.page.expect_download() as download:
        v.page.click("a.download >> nth=0")
    assert download.value.suggested_filename == "pixel.png"
    assert Path(download.value.path()).read_bytes() == PNG

    # M13: a copy of the session cookie replayed after logout is refused.
    stolen = v.session_cookie()
    with v.page.expect_navigation():
        v.page.click("#logout")
    replay = browser.new_context(ignore_https_errors=True)
    replay.add_cookies([stolen])
    page = replay.new_page()
    page.goto(vault_server.url + note_path)
    assert "/login" in page.url, "a revoked session must not reach the note"
    replay.close()

    # M13: logging in again gives a new session, never the old one back.
    v.login(email, password)
    assert v.page.url.endswith("/")
    assert v.session_cookie()["value"] != stolen["value"]

    # M09: no CSP violation and no console error on any page visited.
    assert v.violations == []
    assert [e for e in v.console_errors if "Content Security Policy" in e] == []
    v.close()


def test_other_users_records_are_404(browser: Any, vault_server: VaultServer) -> None:
    alice, bob = Visitor(browser, vault_server), Visitor(browser, vault_server)
    new_account(alice)
    note_path = alice.create_note("Alice's secret", "for Alice only")
    alice.upload("alice.png", PNG, "image/png")
    file_href = alice.page.get_attribute("a.download >> nth=0", "href")

    new_account(bob)
    for path in (note_path, note_path + "/edit", file_href):
        response = bob.goto(path)
        assert response.status == 404, path
        assert "for Alice only" not in bob.page.content()
    screenshot(bob.page, "error-404")
    alice.close()
    bob.close()


def test_cross_origin_form_is_refused(
    browser: Any, vault_server: VaultServer, attacker_site: tuple[str, Any]
) -> None:
    v = Visitor(browser, vault_server)
    new_account(v)
    origin, handler = attacker_site
    handler.page = (
        f'<form id="f" method="post" action="{vault_server.url}/notes/new">'
        '<input name="title" value="planted"><input name="body" value="by attacker">'
        "</form><script>document.getElementById('f').submit()</script>"
    ).encode()
    with v.page.expect_navigation(url=re.compile(r"/notes/new")) as nav:
        v.page.goto(origin + "/")
    assert nav.value.status in (400, 403)
    screenshot(v.page, "csrf-refused")
    v.goto("/")
    assert "planted" not in v.page.inner_text("main")
    v.close()


def test_error_pages_leak_nothing(visitor: Visitor) -> None:
    response = visitor.goto(f"/no-such-page-{secrets.token_hex(3)}")
    assert response.status == 404
    text = visitor.page.inner_text("body")
    assert "Traceback" not in text and 'File "' not in text
    assert re.search(r"[0-9a-f]{8,}", visitor.page.inner_text("#error-id"))


def test_login_is_rate_limited(visitor: Visitor, vault_server: VaultServer) -> None:
    statuses = []
    try:
        for _ in range(8):
            response = visitor.login(
                vault_server.admin_email, "wrong-password-" + secrets.token_hex(2)
            )
            statuses.append(response.status)
        assert statuses[0] == 401
        assert statuses[-1] == 429, statuses
        # Even the right password is refused while the limit holds.
        assert visitor.login(vault_server.admin_email, vault_server.admin_password).status == 429
    finally:
        flush_redis(RATELIMIT_DB)


def test_admin_area_by_role(browser: Any, vault_server: VaultServer) -> None:
    admin = Visitor(browser, vault_server)
    admin.login(vault_server.admin_email, vault_server.admin_password)
    assert admin.goto("/admin/").status == 200
    screenshot(admin.page, "admin")
    user = Visitor(browser, vault_server)
    new_account(user)
    assert user.goto("/admin/").status == 404
    admin.close()
    user.close()


def test_screenshot_of_the_audit_report(browser: Any, tmp_path: Path) -> None:
    """The HTML audit of the insecure twin renders offline (no network fetches)."""
    from flask_bastion.audit.engine import run_audit
    from flask_bastion.audit.report import render

    root = Path(__file__).resolve().parents[2]
    result = run_audit([root / "examples" / "vulnerable"])
    report = tmp_path / "report.html"
    report.write_text(render(result, "html"), encoding="utf-8")
    context = browser.new_context()
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda r: requests.append(r.url))
    page.goto(report.as_uri())
    assert [u for u in requests if not u.startswith("file:")] == []
    assert page.locator("text=M06").count() > 0
    context.close()


def test_500_page_leaks_nothing(
    browser: Any, tls_cert: tuple[Path, Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An unhandled exception, rendered by the production vault, shows only an id."""
    import sys
    import threading

    from werkzeug.serving import make_server

    from .conftest import VAULT

    monkeypatch.syspath_prepend(str(VAULT))
    monkeypatch.setenv("SECRET_KEY", secrets.token_urlsafe(48))
    for name in [m for m in sys.modules if m == "vault" or m.startswith("vault.")]:
        monkeypatch.delitem(sys.modules, name)
    from vault import create_app
    from vault.models import db

    app = create_app(
        {
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'vault.sqlite3'}",
            "BASTION_UPLOAD_FOLDER": str(tmp_path / "uploads"),
        }
    )

    @app.get("/test-only/explode")
    def explode() -> str:
        raise RuntimeError("secret detail /srv/vault/app.py password=hunter2")

    with app.app_context():
        db.create_all()
    server = make_server("127.0.0.1", 0, app, threaded=True, ssl_context=tuple(map(str, tls_cert)))
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        context = browser.new_context(ignore_https_errors=True)
        page = context.new_page()
        response = page.goto(f"https://127.0.0.1:{server.server_port}/test-only/explode")
        assert response.status == 500
        text = page.inner_text("body")
        for leak in ("Traceback", "RuntimeError", "hunter2", "/srv/vault", "app.py"):
            assert leak not in text
        assert re.fullmatch(r"[0-9a-f]{16}", page.inner_text("#error-id"))
        screenshot(page, "error-500")
        context.close()
    finally:
        server.shutdown()
