"""Sources, sinks and sanitizers as data: what the taint engine looks for, by qualified name.

The engine resolves every call through imports and aliases to a dotted name
(``from flask import request as rq`` makes ``rq.args`` mean
``flask.request.args``) and looks it up here. Sink *kinds* are plain strings
(``"sql"``, ``"path"``...): the engine knows no rule ids; rules map kinds to
findings. Adding a library is adding rows here, not code.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


def _names(text: str) -> frozenset[str]:
    """A set of names written as one space-separated string (tables stay readable)."""
    return frozenset(text.split())


ALL = "*"
"""In a sanitizer's kinds: safe for every sink (a number is never an injection)."""

# --- sources ---------------------------------------------------------------

REQUEST_OBJECTS = frozenset(
    {"flask.request", "flask.globals.request", "quart.request", "werkzeug.local.request"}
)
"""Qualified names that are the current request (client-controlled attributes below)."""

REQUEST_ATTRS: dict[str, str] = {
    # attribute -> shape of the value read
    "args": "container",
    "form": "container",
    "values": "container",
    "json": "container",
    "files": "container",
    "cookies": "container",
    "headers": "container",
    "environ": "container",
    "view_args": "container",
    "data": "str",
    "stream": "file",
    "input_stream": "file",
    "path": "str",
    "full_path": "str",
    "script_root": "str",
    "url": "str",
    "base_url": "str",
    "url_root": "str",
    "host_url": "str",
    "host": "str",
    "query_string": "str",
    "referrer": "str",
    "user_agent": "str",
    "authorization": "container",
    "content_type": "str",
    "mimetype": "str",
    "accept_languages": "container",
    "if_match": "container",
    "origin": "str",
}
REQUEST_CLASSES = frozenset(
    {"werkzeug.wrappers.Request", "werkzeug.Request", "flask.Request", "flask.wrappers.Request"}
)
"""``Request(environ)`` in a plain WSGI app: the object is the request."""
RESPONSE_CLASSES = frozenset(
    {"flask.Response", "werkzeug.Response", "werkzeug.wrappers.Response", "flask.wrappers.Response"}
)
JINJA_ENVIRONMENTS = frozenset({"jinja2.Environment", "jinja2.environment.Environment"})
JINJA_TEMPLATES = frozenset({"jinja2.Template", "jinja2.environment.Template"})
JINJA_LOADERS = frozenset(
    {"get_template", "from_string", "select_template", "get_or_select_template"}
)
SQL_COMPOSERS = frozenset({"psycopg2.sql.SQL", "psycopg.sql.SQL", "psycopg2.sql.Composed"})
"""psycopg's ``sql.SQL("...").format(sql.Identifier(x))``: composed safely."""
INLINE_TEMPLATES = frozenset(
    {"flask.render_template_string", "flask.templating.render_template_string"}
)
ARCHIVES = frozenset({"tarfile.open", "zipfile.ZipFile"})
MARKUP_CLASSES = frozenset(
    {"markupsafe.Markup", "flask.Markup", "jinja2.Markup", "jinja2.utils.Markup"}
)
MARKUP_TO_TEXT = frozenset({"unescape", "striptags"})
"""``Markup(value).unescape()``: plain text back (input normalised), no HTML is served."""
RESPONSE_BUILDERS = frozenset({"flask.make_response", "flask.helpers.make_response"})
"""Their result is sent as HTML unless a content type says otherwise before the view returns."""

REQUEST_METHODS: dict[str, str] = {
    "get_json": "container",
    "get_data": "str",
    "form.get": "str",
}

SOURCE_CLEARED: dict[str, frozenset[str]] = {
    # the app's own URL, rebuilt from the request: sending the user back there is
    # not an open redirect (the browser chose the host). The Referer is not: any
    # page can link here and name itself.
    name: frozenset({"redirect", "session"})
    for name in (
        "url",
        "base_url",
        "url_root",
        "host_url",
        "host",
        "path",
        "full_path",
        "script_root",
    )
}

RESPONSE_HOOKS = frozenset({"errorhandler", "app_errorhandler", "register_error_handler"})
FORM_MODULES = ("flask_wtf.", "wtforms.")
FORM_BASES = frozenset({"FlaskForm", "Form", "BaseForm", "SecureForm"})
SOURCE_METHODS = frozenset({"parse_args"})
"""``reqparse`` parsers: request data, in modules that import flask-restful or flask-restx."""
SOURCE_METHOD_MODULES = ("flask_restful", "flask_restx", "flask_restplus")
SOURCE_ATTRIBUTES = frozenset({"payload"})
"""flask-restx / flask-restplus ``api.payload`` (``ns.payload``, ``self.api.payload``): the
request's JSON body, in modules that import those packages."""
SHELLS = frozenset({"sh", "bash", "zsh", "/bin/sh", "/bin/bash", "cmd", "cmd.exe", "powershell"})

_SOURCE_IMPORT_PREFIXES = (
    "flask_wtf",
    "wtforms",
    "flask_restful",
    "flask_restx",
    "flask_restplus",
    "quart",
)


def is_source_import(qualname: str) -> bool:
    """An imported name through which a module can read request data."""
    return (
        qualname == "flask"
        or qualname in REQUEST_OBJECTS
        or qualname in SESSION_OBJECTS
        or qualname in REQUEST_CLASSES
        or qualname in ("flask.g", "flask.globals.g")
        or qualname.startswith(_SOURCE_IMPORT_PREFIXES)
    )


CALLBACK_RUNNERS: dict[str, tuple[int | str, int | str]] = {
    # method or function name -> (where the callable is, where its arguments start)
    "submit": (0, 1),  # ThreadPoolExecutor.submit(fn, *args)
    "run_in_executor": (1, 2),  # loop.run_in_executor(None, fn, *args)
    "apply_async": (0, "args"),  # pool.apply_async(fn, args=(...))
    "Thread": ("target", "args"),  # threading.Thread(target=fn, args=(...))
    "Process": ("target", "args"),
    "enqueue": (0, 1),  # rq Queue.enqueue(fn, *args)
    "add_task": (0, 1),
}
"""Calls that run a project function later with the given arguments."""
TASK_METHODS = frozenset({"delay", "apply_async", "send", "spawn"})
"""``task.delay(x)`` on a project function (Celery, Dramatiq, gevent): calls it with x."""

ARGUMENT_DECORATORS = frozenset({"use_args", "use_kwargs", "arguments", "input", "expect"})
"""webargs / flask-smorest / APIFlask decorators that pass parsed request data as arguments."""

ROUTE_DECORATORS = frozenset({"route", "get", "post", "put", "patch", "delete"})
TAINTING_CONVERTERS = frozenset({"", "string", "path", "any", "default"})
"""Route converters whose values are free text (``int``/``float``/``uuid`` are not)."""
VIEW_METHODS = frozenset({"get", "post", "put", "patch", "delete", "head", "dispatch_request"})
VIEW_BASES = frozenset({"MethodView", "View", "Resource", "MethodResource"})

# --- sinks -----------------------------------------------------------------


@dataclass(frozen=True)
class Sink:
    """Which arguments of a call must not carry taint of this *kind*.

    ``check`` names an extra condition in the interpreter (``shell``: only
    with ``shell=True`` or a tainted program; ``yaml``: only without a safe
    loader; ...).
    """

    kind: str
    args: tuple[int, ...] = (0,)
    keywords: tuple[str, ...] = ()
    check: str = ""
    receiver: bool = False
    """The receiver (``Path(x).read_text()``) carries the dangerous value."""


def _rows(kind: str, names: str, sink: Sink | None = None) -> dict[str, Sink]:
    return {n: sink or Sink(kind) for n in names.split()}


_SQL = Sink("sql", (0,), ("sql", "statement", "query", "operation"))
_SHELL = Sink("cmd", (0,), ("args", "cmd", "command"), check="shell")
_HTTP = Sink("ssrf", (0,), ("url",))

FUNCTION_SINKS: dict[str, Sink] = {
    **_rows(
        "sql",
        "sqlalchemy.text sqlalchemy.sql.text sqlalchemy.sql.expression.text "
        "sqlalchemy.literal_column pandas.read_sql pandas.read_sql_query",
        _SQL,
    ),
    **_rows(
        "ssti",
        "flask.render_template_string flask.templating.render_template_string "
        "jinja2.Template jinja2.environment.Template mako.template.Template",
        Sink("ssti", (0,), ("source", "text")),
    ),
    **_rows("xss", " ".join(MARKUP_CLASSES)),
    **_rows(
        "xss",
        "flask.Response werkzeug.Response werkzeug.wrappers.Response flask.wrappers.Response",
        Sink("xss", (0,), ("response",), check="html"),
    ),
    **_rows(
        "xss",
        "flask.render_template flask.templating.render_template",
        Sink("xss", check="template"),
    ),
    **_rows(
        "path",
        "builtins.open io.open codecs.open os.open os.remove os.unlink os.rmdir "
        "os.removedirs os.mkdir os.makedirs os.listdir os.scandir os.chmod os.chown "
        "os.truncate os.walk shutil.rmtree shutil.copytree shutil.copyfile shutil.copy "
        "shutil.copy2 shutil.move os.rename os.replace os.renames fileinput.input",
        Sink("path", (0,), ("file", "path", "name", "src", "dst")),
    ),
    **_rows(
        "path",
        "tarfile.open zipfile.ZipFile",
        Sink("path", (0,), ("name", "file"), check="path-like"),  # a file object is not a path
    ),
    **_rows(
        "path",
        "shutil.copyfile shutil.copy shutil.copy2 shutil.move os.rename os.replace",
        Sink("path", (0, 1), ("src", "dst")),
    ),
    **_rows(
        "file-serve",
        "flask.send_file flask.helpers.send_file werkzeug.utils.send_file",
        Sink("file-serve", (0,), ("path_or_file", "filename_or_fp"), check="path-like"),
    ),
    **_rows(
        "file-serve",
        "flask.send_from_directory flask.helpers.send_from_directory "
        "werkzeug.utils.send_from_directory",
        Sink("file-serve", (0,), ("directory",)),
    ),
    **_rows(
        "redirect",
        "flask.redirect flask.helpers.redirect werkzeug.utils.redirect werkzeug.redirect",
        Sink("redirect", (0,), ("location",)),
    ),
    **_rows(
        "cmd",
        "os.system os.popen os.popen2 os.popen3 os.popen4 commands.getoutput "
        "commands.getstatusoutput subprocess.getoutput subprocess.getstatusoutput "
        "asyncio.create_subprocess_shell os.execl os.execle os.execlp os.execlpe "
        "os.execv os.execve os.execvp os.execvpe os.posix_spawn os.posix_spawnp pty.spawn "
        "pexpect.spawn pexpect.run pexpect.popen_spawn.PopenSpawn",
        Sink("cmd", (0,), ("command", "cmd")),
    ),
    **_rows(
        "cmd",
        "os.spawnl os.spawnle os.spawnlp os.spawnlpe os.spawnv os.spawnve os.spawnvp os.spawnvpe",
        Sink("cmd", (1,), ("file", "path")),
    ),
    **_rows(
        "cmd",
        "subprocess.call subprocess.run subprocess.Popen subprocess.check_output "
        "subprocess.check_call asyncio.create_subprocess_exec",
        _SHELL,
    ),
    **_rows(
        "code",
        "builtins.eval builtins.exec builtins.compile builtins.__import__ importlib.import_module "
        "timeit.timeit timeit.repeat",
        Sink("code", (0,), ("source", "name")),
    ),
    **_rows(
        "deser",
        "pickle.loads pickle.load cPickle.loads cPickle.load _pickle.loads "
        "_pickle.load dill.loads dill.load marshal.loads marshal.load shelve.open "
        "jsonpickle.decode jsonpickle.unpickler.decode pandas.read_pickle yaml.unsafe_load "
        "yaml.unsafe_load_all joblib.load cloudpickle.loads pickle.Unpickler "
        "_pickle.Unpickler dill.Unpickler",
        Sink("deser", (0,), ("data", "s", "file", "string")),
    ),
    **_rows("deser", "yaml.load yaml.load_all", Sink("deser", (0,), ("stream",), check="yaml")),
    **_rows("deser", "numpy.load", Sink("deser", (0,), ("file",), check="allow-pickle")),
    **_rows(
        "xxe",
        "lxml.etree.fromstring lxml.etree.XML lxml.etree.parse lxml.etree.iterparse "
        "lxml.etree.fromstringlist lxml.objectify.fromstring lxml.objectify.parse",
        Sink("xxe", (0,), ("text", "source"), check="lxml"),
    ),
    **_rows(
        "xxe",
        "xml.dom.pulldom.parseString xml.dom.pulldom.parse xml.sax.parseString xml.sax.parse",
        Sink("xxe", check="sax"),
    ),
    **_rows("xpath", "lxml.etree.XPath lxml.etree.ETXPath", Sink("xpath", (0,), ("path",))),
    **_rows("xpath", "elementpath.select elementpath.iter_select", Sink("xpath", (1,), ("path",))),
    **_rows(
        "ssrf",
        "requests.get requests.post requests.put requests.patch requests.delete "
        "requests.head requests.options httpx.get httpx.post httpx.put httpx.patch "
        "httpx.delete httpx.head httpx.stream urllib.request.urlopen urllib.urlopen "
        "urllib2.urlopen urllib.request.Request urllib.request.urlretrieve "
        "urllib.urlretrieve http.client.HTTPConnection http.client.HTTPSConnection "
        "httplib.HTTPConnection aiohttp.request",
        _HTTP,
    ),
    **_rows("ssrf", "requests.request httpx.request", Sink("ssrf", (1,), ("url",))),
    **_rows(
        "regex",
        "re.compile re.match re.search re.fullmatch re.findall re.finditer re.sub re.subn "
        "re.split regex.compile regex.match regex.search regex.fullmatch regex.findall "
        "regex.finditer regex.sub regex.split",
        Sink("regex", (0,), ("pattern",)),
    ),
    "builtins.setattr": Sink("mass", (1,), ("name",), check="setattr"),
}
ORM_MODEL_BASES = frozenset({"Model", "Base", "DeclarativeBase", "Document", "DynamicDocument"})
ORM_COLUMNS = frozenset({"Column", "mapped_column", "relationship", "StringField", "IntField"})
"""A class with one of these bases (``db.Model``) or columns is an ORM model: its default
constructor sets any attribute it is given (``User(**data)``)."""
VALIDATED_DATA = frozenset({"load", "validate", "model_dump", "dict", "validated_data"})
"""Schema methods (marshmallow ``load``, pydantic ``model_dump``) whose result holds only
declared fields: ``User(**schema.load(request.json))`` is not mass assignment."""
PASS_THROUGH_SINKS = frozenset({"xss", "regex", "mass"})
"""Sink kinds that do not consume the value: ``re.sub(pattern, repl, text)`` still hands
back the text, ``re.compile(x)`` a pattern that carries x."""

METHOD_SINKS: dict[str, tuple[Sink, ...]] = {
    "execute": (_SQL,),
    "executemany": (_SQL,),
    "executescript": (Sink("sql", (0,), ("sql_script",)),),
    "exec_driver_sql": (_SQL,),
    "raw": (Sink("sql", check="not-str"),),
    "filter": (Sink("sql", check="sqla-str"),),
    "query": (Sink("sql", check="sqla-str"),),
    "order_by": (Sink("sql", check="sqla-str"),),
    "group_by": (Sink("sql", check="sqla-str"),),
    "having": (Sink("sql", check="sqla-str"),),
    "where": (Sink("sql", check="sqla-str"),),
    "mogrify": (_SQL,),
    "read_sql": (_SQL,),
    "text": (Sink("sql", check="not-str"),),
    "from_string": (Sink("ssti", (0,), ("source",)),),
    "save": (Sink("file-save", (0,), ("dst",), check="upload"),),
    "read_text": (Sink("path", (), receiver=True),),
    "read_bytes": (Sink("path", (), receiver=True),),
    "write_text": (Sink("path", (), receiver=True),),
    "write_bytes": (Sink("path", (), receiver=True),),
    "unlink": (Sink("path", (), receiver=True, check="not-str"),),
    "rmdir": (Sink("path", (), receiver=True, check="not-str"),),
    "mkdir": (Sink("path", (), receiver=True, check="not-str"),),
    "open": (Sink("path", (), receiver=True, check="path-receiver"),),
    "xpath": (Sink("xpath", (0,), ("_path",)),),
    "exec_command": (Sink("cmd", (0,), ("command",)),),
    "parse": (Sink("xxe", (0,), ("source",), check="sax"),),
    "extractall": (Sink("path", (), receiver=True, check="tar"),),
    "find": (Sink("xpath", check="xpath-like"),),
    "findall": (Sink("xpath", check="xpath-like"),),
    "iterfind": (Sink("xpath", check="xpath-like"),),
    "findtext": (Sink("xpath", check="xpath-like"),),
    "search_s": (Sink("ldap", (2,), ("filterstr",)),),
    "search_st": (Sink("ldap", (2,), ("filterstr",)),),
    "search_ext": (Sink("ldap", (2,), ("filterstr",)),),
    "search_ext_s": (Sink("ldap", (2,), ("filterstr",)),),
    "search": (Sink("ldap", (1,), ("search_filter",), check="ldap3"),),
    "urlopen": (_HTTP,),
    "request": (Sink("ssrf", (1,), ("url",), check="http-client"),),
    "get": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "post": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "put": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "delete": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "patch": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "head": (Sink("ssrf", (0,), ("url",), check="http-client"),),
    "debug": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "info": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "warning": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "warn": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "error": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "critical": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "exception": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "fatal": (Sink("log", (0, 1, 2, 3), check="logger"),),
    "log": (Sink("log", (1, 2, 3), check="logger"),),
}

LOG_MODULES = frozenset({"logging"})
HTTP_CLIENT_HINTS = (
    "session",
    "client",
    "http",
    "requests",
    "httpx",
    "s",
    "api",
    "pool",
    "urllib3",
    "poolmanager",
    "scraper",
)
"""Receiver names whose ``.get(url)`` is an outgoing HTTP request."""

SAFE_YAML_LOADERS = frozenset({"SafeLoader", "CSafeLoader", "BaseLoader", "CBaseLoader"})
SESSION = "flask.session"
"""Where values written into the session are kept, per constant key, for later reads."""
_TRUSTED_SESSION_KEY = re.compile(
    r"user|uid|login|role|admin|auth|perm|group|level|account|token|email|owner|csrf|"
    r"(^|_)id$|^is_|next|redirect|url|path|file|dir|tenant|org|plan|tier|verified|access",
    re.I,
)


def trusted_session_key(key: str) -> bool:
    """Keys later code trusts as the server's word (who, what they may do, where to go).

    ``session["comments"] = ...`` or a theme is the client's own data kept for them;
    ``session["role"]`` or ``session["user_id"]`` from the request is a trust boundary
    violation (CWE-501).
    """
    return bool(_TRUSTED_SESSION_KEY.search(key))


SESSION_OBJECTS = frozenset({"flask.session", "flask.globals.session"})
HEADER_CONTAINERS = frozenset({"headers"})

# --- sanitizers and other known calls ---------------------------------------

SANITIZERS: dict[str, frozenset[str]] = {
    **dict.fromkeys(
        _names(
            "builtins.int builtins.float builtins.bool builtins.len builtins.complex builtins.ord "
            "builtins.hash builtins.id builtins.abs builtins.round builtins.isinstance "
            "builtins.callable builtins.type uuid.UUID decimal.Decimal math.floor math.ceil "
            "datetime.date.fromisoformat datetime.datetime.fromisoformat "
            "datetime.datetime.strptime ipaddress.ip_address ipaddress.ip_network "
            "flask.url_for flask.helpers.url_for flask.jsonify flask.json.jsonify "
            "secrets.token_hex secrets.token_urlsafe uuid.uuid4 uuid.uuid1 "
            "hashlib.sha256 hashlib.md5 hashlib.sha1 hashlib.sha512 "
            "werkzeug.security.generate_password_hash werkzeug.security.check_password_hash "
            "os.path.exists os.path.isfile os.path.isdir os.path.getsize time.time "
            "bcrypt.hashpw bcrypt.checkpw ast.literal_eval"
        ),
        frozenset({ALL}),
    ),
    **dict.fromkeys(
        _names(
            "markupsafe.escape flask.escape jinja2.escape html.escape cgi.escape "
            "werkzeug.utils.escape werkzeug.escape xml.sax.saxutils.escape bleach.clean "
            "bleach.linkify nh3.clean markupsafe.Markup.escape flask.json.htmlsafe_dumps "
            "lxml.html.clean.clean_html"
        ),
        frozenset({"xss", "header", "log"}),
    ),
    **dict.fromkeys(
        _names(
            "werkzeug.utils.secure_filename werkzeug.secure_filename flask.safe_join "
            "werkzeug.security.safe_join werkzeug.utils.safe_join os.path.basename "
            "ntpath.basename posixpath.basename"
        ),
        frozenset({"path", "file-save", "file-serve", "cmd", "header", "log"}),
    ),
    **dict.fromkeys(
        _names("shlex.quote pipes.quote shlex.join"), frozenset({"cmd", "header", "log"})
    ),
    **dict.fromkeys(
        _names("urllib.parse.quote urllib.parse.quote_plus urllib.quote urllib.parse.urlencode"),
        frozenset({"xss", "header", "log", "cmd", "redirect"}),
    ),
    **dict.fromkeys(
        _names(
            "ldap.filter.escape_filter_chars ldap3.utils.conv.escape_filter_chars "
            "ldap.dn.escape_dn_chars ldap3.utils.dn.escape_rdn"
        ),
        frozenset({"ldap"}),
    ),
    "builtins.repr": frozenset({"log", "header"}),
    "re.escape": frozenset({"regex"}),
    "regex.escape": frozenset({"regex"}),
    **dict.fromkeys(
        _names(
            "psycopg2.sql.Identifier psycopg2.sql.Literal psycopg.sql.Identifier "
            "psycopg.sql.Literal psycopg2.extensions.quote_ident"
        ),
        frozenset({"sql"}),
    ),
    "json.dumps": frozenset({"log", "header"}),  # keeps "<": still HTML in a text/html body
    "flask.json.dumps": frozenset({"log", "header"}),
    "flask.escape": frozenset({"xss", "header", "log"}),
}

XSS_ESCAPING_METHODS = frozenset({"escape", "striptags"})

PROPAGATORS = _names(
    "builtins.str builtins.bytes builtins.bytearray builtins.list builtins.dict builtins.tuple "
    "builtins.set builtins.frozenset builtins.sorted builtins.reversed builtins.format "
    "builtins.iter builtins.next builtins.enumerate builtins.zip builtins.map builtins.filter "
    "os.path.join os.path.normpath os.path.abspath os.path.realpath os.path.expanduser "
    "os.path.splitext os.path.dirname os.fspath pathlib.Path pathlib.PurePath "
    "pathlib.PosixPath json.loads json.load base64.b64decode base64.b64encode "
    "base64.urlsafe_b64decode base64.urlsafe_b64encode base64.decodebytes binascii.unhexlify "
    "binascii.a2b_base64 urllib.parse.unquote urllib.parse.unquote_plus urllib.parse.urljoin "
    "urllib.parse.urlparse urllib.parse.urlsplit urllib.parse.parse_qs urllib.parse.parse_qsl "
    "codecs.decode codecs.encode zlib.decompress gzip.decompress io.StringIO io.BytesIO "
    "textwrap.dedent string.Template copy.copy copy.deepcopy re.sub builtins.getattr "
    "shlex.split typing.cast str.format str.join bytes.decode"
)

DB_RESULT_METHODS = _names(
    "first all one one_or_none scalar scalars scalar_one scalar_one_or_none fetchone "
    "fetchall fetchmany first_or_404 get_or_404 one_or_404 paginate count exists "
    "query filter filter_by order_by limit offset join options execute executemany "
    "executescript exec_driver_sql"
)
"""Methods on a clean receiver that read the database: results are stored data, not request data."""

STR_METHODS = _names(
    "strip lstrip rstrip lower upper casefold title capitalize swapcase split rsplit "
    "splitlines partition rpartition replace encode decode format format_map join center "
    "ljust rjust zfill expandtabs removeprefix removesuffix translate get getlist pop "
    "values items keys copy to_dict read readline readlines getvalue decode_contents "
    "as_string get_data getall setdefault popitem"
)
"""Methods of str, bytes, dict and request containers: the result carries the receiver's data."""

PATH_METHODS = frozenset(
    {"resolve", "absolute", "expanduser", "joinpath", "with_name", "with_suffix", "with_stem"}
)
"""``pathlib`` methods whose result is still the (client-chosen) path."""

SQL_BUILDERS = frozenset(
    {"where", "filter", "filter_by", "like", "ilike", "in_", "not_in", "contains", "startswith"}
    | {"endswith", "values", "bindparams", "params", "having", "op", "is_", "between"}
    | {"select_from", "order_by", "group_by", "limit", "offset", "join", "outerjoin"}
)
"""SQLAlchemy expression methods: request values given to them become bound parameters."""
SQL_CONSTRUCTORS = frozenset(
    {"sqlalchemy.select", "sqlalchemy.update", "sqlalchemy.insert", "sqlalchemy.delete"}
    | {"sqlalchemy.and_", "sqlalchemy.or_", "sqlalchemy.not_", "sqlalchemy.bindparam"}
    | {"sqlalchemy.sql.select", "sqlalchemy.func", "sqlalchemy.desc", "sqlalchemy.asc"}
)

MUTATORS = frozenset({"append", "extend", "add", "insert", "update", "appendleft", "setdefault"})

CLEAN_BUILTINS = _names(
    "print len range min max sum any all isinstance issubclass hasattr callable id hash "
    "int float bool abs round divmod pow ord chr super object vars dir globals locals"
)

SECURITY_WORDS = _names(
    "password passwd pwd pw pass passphrase token secret key auth session sid otp nonce "
    "salt credential credentials apikey api csrf pin signature sign verification verify "
    "reset confirm activation invite code cookie jwt hmac private certificate cert"
)
PASSWORD_WORDS = _names("password passwd pwd pw pass passphrase credential")
ID_WORDS = _names("id uid uuid guid identifier")
BENIGN_WORDS = _names(
    "cache etag checksum fingerprint file filename content contents gravatar avatar email "
    "color colour shuffle display sample jitter delay sleep backoff retry shard bucket dedup "
    "dedupe quote tip greeting fact joke game dice card question demo test example seed "
    "weight choice banner theme partition port chunk etags static asset version "
    "index idx position offset ordering layout git blob"
)
