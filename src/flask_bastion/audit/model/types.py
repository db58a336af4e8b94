"""The Flask model's data: what the builder fills and rules read (see ``model``)."""

from __future__ import annotations

import ast
import re
from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from ..finding import Location

UNKNOWN: Any = type("Unknown", (), {"__repr__": lambda self: "UNKNOWN"})()
"""A value the auditor cannot know statically (computed, from the environment, ...)."""

EXTENSIONS = {
    "flask_bastion.Bastion": "Bastion",
    "flask_wtf.CSRFProtect": "CSRFProtect",
    "flask_talisman.Talisman": "Talisman",
    "flask_login.LoginManager": "LoginManager",
    "flask_limiter.Limiter": "Limiter",
    "flask_session.Session": "Session",
    "flask_seasurf.SeaSurf": "SeaSurf",
    "flask_security.Security": "Security",
    "flask_security_too.Security": "Security",
    "flask_cors.CORS": "CORS",
    "flask_sslify.SSLify": "SSLify",
    "flask_paranoid.Paranoid": "Paranoid",
    "werkzeug.middleware.proxy_fix.ProxyFix": "ProxyFix",
    "werkzeug.contrib.fixers.ProxyFix": "ProxyFix",
    "flask_httpauth.HTTPBasicAuth": "HTTPAuth",
    "flask_httpauth.HTTPTokenAuth": "HTTPAuth",
    "flask_jwt_extended.JWTManager": "JWTManager",
    "flask_principal.Principal": "Principal",
    "secure.Secure": "Secure",
    "flask_csp.csp_header": "CSP",
}
SESSION_LIBRARIES = frozenset(
    {"flask_login", "flask_security", "flask_session", "flask_httpauth", "flask_principal"}
)
ROUTE_METHODS = {"get": "GET", "post": "POST", "put": "PUT", "patch": "PATCH", "delete": "DELETE"}
STATE_CHANGING = frozenset({"POST", "PUT", "PATCH", "DELETE"})
VIEW_BASES = frozenset({"flask.views.MethodView", "flask.views.View"})
_PROFILE_WORDS = (
    ("testing", ("test",)),
    ("development", ("dev", "local", "debug")),
    ("production", ("prod", "live", "deploy")),
)
_CONVERTER = re.compile(r"<(?:([a-zA-Z_][\w]*)(?:\([^)]*\))?:)?([a-zA-Z_]\w*)>")


@dataclass
class App:
    qualname: str
    location: Location
    factory: str | None = None
    """The function that builds it (``create_app``), None at module level."""


@dataclass
class Blueprint:
    qualname: str
    name: str
    location: Location
    url_prefix: str | None = None
    registered: list[Location] = field(default_factory=list)


@dataclass
class Route:
    rule: str
    methods: frozenset[str]
    location: Location
    """The decorator (or ``add_url_rule`` call) that declares the route."""
    path: str
    function: ast.FunctionDef | ast.AsyncFunctionDef | ast.ClassDef | None
    endpoint: str
    owner: str
    """Qualified name of the app or blueprint object the route is declared on."""
    blueprint: Blueprint | None = None
    decorators: tuple[str, ...] = ()
    """Resolved names of the other decorators (``flask_login.login_required``)."""
    converters: tuple[tuple[str, str], ...] = ()
    """``(converter, name)`` per URL parameter: ``(("int", "note_id"),)``."""
    templates: tuple[str, ...] = ()

    @property
    def url(self) -> str:
        """The rule with its blueprint's URL prefix (``/admin`` + ``/users``)."""
        prefix = (self.blueprint.url_prefix or "") if self.blueprint else ""
        if not prefix:
            return self.rule
        return prefix.rstrip("/") + "/" + self.rule.lstrip("/")

    @property
    def state_changing(self) -> bool:
        return bool(self.methods & STATE_CHANGING)


@dataclass
class ConfigValue:
    key: str
    value: Any
    """The literal value, or :data:`UNKNOWN`."""
    location: Location
    origin: str
    """``app.config``, ``config.update``, ``from_mapping``, ``class NAME``, ``module``,
    ``attribute`` (``app.secret_key``), ``env-file``."""
    expr: ast.expr | None = None
    env_var: str | None = None
    """When the value is an environment read: the variable name (value = its default)."""
    profile: str | None = None
    """``production`` / ``development`` / ``testing`` when the class or file says so."""


@dataclass
class EnvRead:
    name: str
    default: ast.expr | None
    location: Location


@dataclass
class Extension:
    name: str
    qualname: str
    location: Location
    call: ast.Call | None = None

    def keyword(self, name: str) -> ast.expr | None:
        if self.call is None:
            return None
        return next((k.value for k in self.call.keywords if k.arg == name), None)


@dataclass
class Handler:
    key: str
    """``"500"``, ``"404"``, ``"Exception"``, ``"HTTPException"``..."""
    location: Location
    function: ast.FunctionDef | ast.AsyncFunctionDef | None
    path: str


@dataclass
class Hook:
    kind: str
    owner: str
    location: Location
    function: ast.FunctionDef | ast.AsyncFunctionDef
    path: str
    headers: tuple[str, ...] = ()
    """Response header names the hook sets (lower case)."""


@dataclass
class JinjaEnv:
    location: Location
    autoescape: ast.expr | None
    qualname: str


@dataclass
class FlaskModel:
    apps: list[App] = field(default_factory=list)
    blueprints: dict[str, Blueprint] = field(default_factory=dict)
    routes: list[Route] = field(default_factory=list)
    config: dict[str, list[ConfigValue]] = field(default_factory=lambda: defaultdict(list))
    env_reads: list[EnvRead] = field(default_factory=list)
    env_files: dict[str, ConfigValue] = field(default_factory=dict)
    extensions: list[Extension] = field(default_factory=list)
    error_handlers: list[Handler] = field(default_factory=list)
    hooks: list[Hook] = field(default_factory=list)
    jinja_envs: list[JinjaEnv] = field(default_factory=list)
    upload_sites: list[Location] = field(default_factory=list)
    forms: set[str] = field(default_factory=set)
    auth_guarded: dict[str, Location] = field(default_factory=dict)
    session_sites: list[Location] = field(default_factory=list)
    """Where the project keeps users in a cookie-borne session: ``flask.session`` use,
    Flask-Login / Flask-Security / HTTP auth imports. Without any, CSRF and cookie
    flags protect nothing and the rules about them stay quiet."""
    pyfiles: set[str] = field(default_factory=set)
    rate_limited: dict[str, Location] = field(default_factory=dict)
    """App/blueprint -> where ``limiter.limit(...)(bp)`` limits every route of it."""
    server_sessions: list[Location] = field(default_factory=list)
    """Where a server-side session store is set up (``app.session_interface = ...``)."""
    errors: list[tuple[str, str]] = field(default_factory=list)
    """``(path, what)`` for modules the model could not fully read (engine: FB007)."""
    renders_html: bool = False
    """Some view calls ``render_template`` (the app serves pages, not only JSON)."""
    """Apps/blueprints whose every route requires login (``login_required_by_default(bp)``)."""
    config_classes: dict[str, ast.ClassDef] = field(default_factory=dict)

    def find_blueprint(self, qual: str) -> Blueprint | None:
        """By qualified name, tolerating a scan root above the import root."""
        if qual in self.blueprints:
            return self.blueprints[qual]
        tail = "." + qual
        return next(
            (b for q, b in self.blueprints.items() if q.endswith(tail) or tail.endswith("." + q)),
            None,
        )

    def extension(self, *names: str) -> Extension | None:
        """The first installed extension among *names* (``"Bastion"``, ``"Talisman"``...)."""
        return next((e for e in self.extensions if e.name in names), None)

    def config_values(self, key: str, production_only: bool = False) -> list[ConfigValue]:
        values = self.config.get(key, [])
        if production_only:
            return [v for v in values if v.profile not in ("development", "testing")]
        return list(values)

    def is_configured(self, key: str) -> bool:
        return (
            bool(self.config.get(key)) or key in self.env_files or f"FLASK_{key}" in self.env_files
        )

    def state_changing_routes(self) -> list[Route]:
        return [r for r in self.routes if r.state_changing]

    def primary_location(self) -> Location | None:
        """Where app-wide fixes go: the first app, else the first route."""
        if self.apps:
            return self.apps[0].location
        return self.routes[0].location if self.routes else None

    @property
    def server_side_sessions(self) -> Location | None:
        """Where sessions are kept server-side (an id in the cookie), if anywhere."""
        if self.server_sessions:
            return self.server_sessions[0]
        ext = self.extension("Session", "Bastion")
        if ext is not None and ext.name == "Session":
            return ext.location
        values = self.config_values("SESSION_TYPE") + self.config_values("BASTION_SESSION_URL")
        return values[0].location if values else None

    @property
    def uses_sessions(self) -> bool:
        return bool(self.session_sites) or self.extension("LoginManager", "Security") is not None

    def not_applicable(self) -> set[str]:
        """Catalogue ids that cannot apply to this project."""
        out: set[str] = set()
        if not self.apps and not self.routes:
            return out
        if not self.uses_sessions:  # no cookie-borne identity: nothing to steal or forge
            out.update({"M01", "M03", "M06", "M13", "M17"})
        if not self.upload_sites:
            out.add("M10")
        if not self.state_changing_routes():
            out.add("M06")
        if not any(_is_login_route(r) for r in self.routes):
            out.update({"M13", "M22"})
        return out


def _is_login_route(route: Route) -> bool:
    text = f"{route.rule} {route.endpoint}".lower()
    return route.state_changing and any(w in text for w in ("login", "signin", "sign_in", "auth"))


def profile_of(name: str) -> str | None:
    lower = name.lower()
    for profile, words in _PROFILE_WORDS:
        if any(w in lower for w in words):
            return profile
    return None


def literal(expr: ast.AST | None) -> Any:
    """The Python value of a constant expression, else :data:`UNKNOWN`."""
    if expr is None:
        return UNKNOWN
    try:
        return ast.literal_eval(expr)
    except (ValueError, TypeError, SyntaxError, MemoryError, RecursionError):
        pass
    if isinstance(expr, ast.BinOp):
        left, right = literal(expr.left), literal(expr.right)
        if isinstance(left, (int, float)) and isinstance(right, (int, float)):
            if isinstance(expr.op, ast.Mult):
                return left * right
            if isinstance(expr.op, ast.Add):
                return left + right
    return UNKNOWN
