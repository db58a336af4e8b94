"""M12/M19: records are read by their owner only; blueprints can deny by default."""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Any

import pytest
from flask import Blueprint, Flask, g, session
from flask.testing import FlaskClient
from flask_login import LoginManager, UserMixin, login_user
from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, create_engine, select
from sqlalchemy.orm import DeclarativeBase, Mapped, Session, mapped_column

from flask_bastion import Bastion
from flask_bastion.mitigations.ownership import (
    current_user_id,
    get_owned_or_404,
    login_required,
    login_required_by_default,
    owner_required,
    public,
)

SAME_ORIGIN = {"Sec-Fetch-Site": "same-origin"}


class Base(DeclarativeBase):
    pass


class User(UserMixin, Base):
    __tablename__ = "users"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]


class Note(Base):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    body: Mapped[str]
    archived: Mapped[bool] = mapped_column(default=False)


def _guarded_app(tmp_path: Path) -> Flask:
    app = Flask(__name__, instance_path=str(tmp_path / "instance"))
    app.config.update(
        BASTION_PROFILE="testing",
        SECRET_KEY="ownership-tests-" + "x7Qp" * 8,
        SQLALCHEMY_DATABASE_URI=f"sqlite:///{tmp_path / 'notes.db'}",
    )
    Bastion(app)
    return app


@pytest.fixture
def app(tmp_path: Path) -> Flask:
    app = _guarded_app(tmp_path)
    db = SQLAlchemy(app, model_class=Base)
    manager = LoginManager(app)

    @manager.user_loader
    def load_user(user_id: str) -> User | None:
        return db.session.get(User, int(user_id))

    with app.app_context():
        db.create_all()
        db.session.add_all([User(id=1, name="alice"), User(id=2, name="bob")])
        db.session.add_all(
            [
                Note(id=10, user_id=1, body="alice's note"),
                Note(id=20, user_id=2, body="bob's note"),
                Note(id=11, user_id=1, body="alice's old note", archived=True),
            ]
        )
        db.session.commit()

    @app.post("/login/<int:user_id>")
    def login(user_id: int) -> str:
        login_user(db.session.get(User, user_id))
        return "ok"

    @app.get("/notes/<int:note_id>")
    def by_model(note_id: int) -> str:
        return str(get_owned_or_404(Note, note_id).body)

    @app.get("/active/<int:note_id>")
    def by_select(note_id: int) -> str:
        stmt = select(Note).where(Note.archived.is_(False))
        return str(get_owned_or_404(stmt, note_id).body)

    @app.get("/legacy/<int:note_id>")
    def by_query(note_id: int) -> str:
        return str(get_owned_or_404(db.session.query(Note), note_id).body)

    return app


def as_user(client: FlaskClient, user_id: int) -> FlaskClient:
    assert client.post(f"/login/{user_id}", headers=SAME_ORIGIN).status_code == 200
    return client


@pytest.mark.parametrize("prefix", ["/notes", "/legacy", "/active"])
def test_owner_reads_their_record(app: Flask, prefix: str) -> None:
    response = as_user(app.test_client(), 1).get(f"{prefix}/10")
    assert response.status_code == 200
    assert response.text == "alice's note"


@pytest.mark.parametrize("prefix", ["/notes", "/legacy", "/active"])
def test_someone_elses_record_is_404_not_403(app: Flask, prefix: str) -> None:
    client = as_user(app.test_client(), 1)
    other = client.get(f"{prefix}/20")
    missing = client.get(f"{prefix}/999")
    assert other.status_code == missing.status_code == 404


def test_query_filters_are_kept(app: Flask) -> None:
    client = as_user(app.test_client(), 1)
    assert client.get("/notes/11").status_code == 200
    assert client.get("/active/11").status_code == 404


def test_user_id_from_the_request_is_ignored(app: Flask) -> None:
    client = as_user(app.test_client(), 1)
    assert client.get("/notes/20?user_id=2").status_code == 404
    assert client.get("/notes/20", headers={"X-User-Id": "2"}).status_code == 404


def test_anonymous_is_unauthorized_before_any_lookup(app: Flask) -> None:
    assert app.test_client().get("/notes/10").status_code == 401


def test_denial_is_a_security_event(app: Flask, caplog: pytest.LogCaptureFixture) -> None:
    client = as_user(app.test_client(), 2)
    with caplog.at_level(logging.WARNING, logger="flask_bastion.security"):
        client.get("/notes/10")
    denied = [r for r in caplog.records if getattr(r, "bastion_event", "") == "ownership.denied"]
    assert [(r.bastion_fields["kind"], r.bastion_fields["record_id"]) for r in denied] == [
        ("Note", "10")
    ]


def test_plain_sqlalchemy_session(tmp_path: Path) -> None:
    engine = create_engine(f"sqlite:///{tmp_path / 'plain.db'}")
    Base.metadata.create_all(engine)
    with Session(engine) as db:
        db.add_all([User(id=1, name="a"), Note(id=5, user_id=1, body="mine")])
        db.commit()
        app = _guarded_app(tmp_path)
        with app.test_request_context():
            assert get_owned_or_404(Note, 5, user_id=1, session=db).body == "mine"
            with pytest.raises(Exception) as caught:
                get_owned_or_404(Note, 5, user_id=2, session=db)
    assert getattr(caught.value, "code", None) == 404


# -- without Flask-Login -------------------------------------------------------

RECORDS: dict[int, dict[str, Any]] = {1: {"owner": "7", "text": "seven's"}, 2: {"owner": "8"}}


@pytest.fixture
def plain_app(tmp_path: Path) -> Flask:
    app = _guarded_app(tmp_path)

    @app.post("/as/<uid>")
    def become(uid: str) -> str:
        session["_user_id"] = uid
        return "ok"

    @app.get("/records/<int:record_id>")
    @owner_required(lambda record_id: RECORDS.get(record_id), owner_attr="owner")
    def show(record_id: int, record: dict[str, Any]) -> str:
        return str(record["text"])

    @app.get("/me")
    @login_required
    def me() -> str:
        return str(current_user_id())

    return app


def test_owner_required_without_flask_login(plain_app: Flask) -> None:
    client = plain_app.test_client()
    assert client.get("/records/1").status_code == 401
    client.post("/as/7", headers=SAME_ORIGIN)
    assert client.get("/records/1").text == "seven's"
    assert client.get("/records/2").status_code == 404
    assert client.get("/records/3").status_code == 404
    assert client.get("/me").text == "7"


def test_g_user_is_the_last_source(tmp_path: Path) -> None:
    app = _guarded_app(tmp_path)

    class Person:
        id = 42

    with app.test_request_context():
        assert current_user_id() is None
        g.user = Person()
        assert current_user_id() == "42"


# -- default deny --------------------------------------------------------------


def _default_deny_app(tmp_path: Path, with_login_view: bool) -> Flask:
    app = _guarded_app(tmp_path)
    manager = LoginManager(app)
    if with_login_view:
        manager.login_view = "sign_in"

    class Member(UserMixin):
        def __init__(self, uid: str) -> None:
            self.id = uid

    manager.user_loader(Member)

    @app.route("/sign-in", methods=["GET", "POST"])
    def sign_in() -> str:
        login_user(Member("3"))
        return "signed in"

    admin = login_required_by_default(Blueprint("admin", __name__))

    @admin.get("/")
    def dashboard() -> str:
        return "dashboard"

    @admin.get("/health")
    @public
    def health() -> str:
        return "ok"

    nested = Blueprint("reports", __name__)

    @nested.get("/daily")
    def daily() -> str:
        return "daily"

    admin.register_blueprint(nested, url_prefix="/reports")
    app.register_blueprint(admin, url_prefix="/admin")
    return app


@pytest.mark.parametrize("path", ["/admin/", "/admin/reports/daily"])
def test_default_deny_blueprint_refuses_anonymous(tmp_path: Path, path: str) -> None:
    client = _default_deny_app(tmp_path, with_login_view=False).test_client()
    assert client.get(path).status_code == 401


def test_default_deny_redirects_to_the_login_view(tmp_path: Path) -> None:
    client = _default_deny_app(tmp_path, with_login_view=True).test_client()
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response.location.startswith("/sign-in")


def test_public_routes_stay_open_and_login_opens_the_rest(tmp_path: Path) -> None:
    client = _default_deny_app(tmp_path, with_login_view=False).test_client()
    assert client.get("/admin/health").text == "ok"
    assert client.get("/sign-in").text == "signed in"
    assert client.get("/admin/").text == "dashboard"
    assert client.get("/admin/reports/daily").text == "daily"


def test_whole_app_default_deny_keeps_static_open(tmp_path: Path) -> None:
    static = tmp_path / "static"
    static.mkdir()
    (static / "app.css").write_text("body{}")
    app = Flask(__name__, static_folder=str(static), instance_path=str(tmp_path / "i"))
    app.config.update(BASTION_PROFILE="testing")
    Bastion(app)
    login_required_by_default(app)

    @app.get("/")
    def index() -> str:
        return "home"

    client = app.test_client()
    assert client.get("/").status_code == 401
    assert client.get("/static/app.css").status_code == 200
