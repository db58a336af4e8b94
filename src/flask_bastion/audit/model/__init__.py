"""The Flask model: what a Flask project declares, read statically from its trees.

``types`` holds the data (what rules read), ``builder`` fills it from the
parsed files; this module re-exports both.

Built once per run by :func:`build_model` and stored on ``Project.model``;
rules, the taint engine (T1) and live checks (L1) read it. Names are
resolved through imports and aliases (:mod:`.names`), never matched as
substrings: ``from flask import Flask as F; F(__name__)`` is an app, and
``@bp.route`` in ``views.py`` belongs to the ``bp`` that ``app/__init__.py``
registers.

API (plain lists and dicts of dataclasses; ``FlaskModel.<attribute>``):

``apps``            :class:`App` — ``Flask(...)`` objects (module level or in a factory)
``blueprints``      :class:`Blueprint` by qualified name (``pkg.views.bp``)
``routes``          :class:`Route` — URL rule, methods, function node, resolved
                    decorators, owner blueprint, templates rendered, converters
``config``          key -> list of :class:`ConfigValue` (every assignment seen, with
                    origin and profile; see :meth:`FlaskModel.config_values`)
``env_reads``       :class:`EnvRead` — ``os.environ.get("X", default)`` / ``os.getenv``
``env_files``       key -> :class:`ConfigValue` from ``.env`` / ``.flaskenv`` files
``extensions``      :class:`Extension` — Bastion, CSRFProtect, Talisman, Limiter, ...
``error_handlers``  :class:`Handler` — ``errorhandler`` / ``register_error_handler``
``hooks``           :class:`Hook` — ``before_request`` / ``after_request``, headers set
``jinja_envs``      :class:`JinjaEnv` — ``jinja2.Environment(...)`` and its ``autoescape``
``upload_sites``    where ``request.files`` is read or a ``FileField`` declared
``forms``           qualified names of ``FlaskForm`` subclasses (per-form CSRF)
``auth_guarded``    app/blueprint -> where ``login_required_by_default(bp)`` is called
``session_sites``   where a cookie-borne identity is used (``flask.session``, Flask-Login...)
``renders_html``    some view renders a template
``pyfiles``         file names given to ``config.from_pyfile`` (read as Python config)
``rate_limited``    app/blueprint -> where ``limiter.limit(...)(bp)`` limits all its routes
``server_sessions`` where ``app.session_interface`` is replaced (server-side sessions);
                    see also ``server_side_sessions`` (Flask-Session, ``SESSION_TYPE``)

Helpers: ``extension(*names)``, ``config_values(key, production_only=False)``,
``is_configured(key)``, ``state_changing_routes()``, ``not_applicable()``.
Values that cannot be known statically are :data:`UNKNOWN`.
"""

from .builder import build_model as build_model
from .builder import is_example_name as is_example_name
from .types import EXTENSIONS as EXTENSIONS
from .types import ROUTE_METHODS as ROUTE_METHODS
from .types import STATE_CHANGING as STATE_CHANGING
from .types import UNKNOWN as UNKNOWN
from .types import App as App
from .types import Blueprint as Blueprint
from .types import ConfigValue as ConfigValue
from .types import EnvRead as EnvRead
from .types import Extension as Extension
from .types import FlaskModel as FlaskModel
from .types import Handler as Handler
from .types import Hook as Hook
from .types import JinjaEnv as JinjaEnv
from .types import Route as Route
from .types import literal as literal
from .types import profile_of as profile_of
