"""FB400-FB449: request data reaching injection sinks (data flow), and secrets made weakly.

Each rule reports the flows of one taint sink kind found by
:mod:`flask_bastion.audit.taint`, with the path from the request to the
sink. FB430/FB431 judge MD5/SHA-1 and ``random`` by what the value is for
(names of the variables, functions and arguments involved).
"""

from __future__ import annotations

from collections.abc import Iterator

from ..finding import Confidence, Finding, Location, Severity
from ..project import Project
from ..registry import Scope, rule
from ..taint import Flow
from . import _kdf, _secrets_use
from ._common import is_test_path
from ._flows import FlowRule, declare

_M16 = "M16"


def _doc(what: str, why: str, example: str, instead: str, refs: str) -> str:
    return (
        f"## What it does\n{what}\n\n## Why is this bad?\n{why}\n\n"
        f"## Example\n```python\n{example}\n```\n\n## Use instead\n```python\n{instead}\n```\n\n"
        f"## References\n{refs}\n"
    )


_XXE_ON = (
    "resolve_entities=True",
    "no_network=False",
    "load_dtd=True",
    "feature_external_ges,True",
)


def _xxe_confidence(project: Project, flow: Flow) -> Confidence | None:
    """lxml >= 5 resolves no external entities with its default parser: LOW unless the
    file turns entity resolution, DTD loading or the network on."""
    source = next((f.source for f in project.python_files if f.path == flow.sink.path), "")
    return None if any(on in source.replace(" ", "") for on in _XXE_ON) else Confidence.LOW


SQL = declare(
    FlowRule(
        "FB401",
        "sql-injection",
        "SQL built from request data",
        ("sql",),
        Severity.CRITICAL,
        (89,),
        "M15",
        "Pass request values as bound parameters (`?`, `:name`) or use the ORM.",
        "SQL query",
        _doc(
            "Finds request data (query string, form, JSON, headers, cookies, route text) that "
            "reaches `cursor.execute`, SQLAlchemy `text()`/`execute`/`exec_driver_sql`, "
            "`pandas.read_sql` as part of the SQL text.",
            "String-built SQL lets the client rewrite the query: read every table, log in "
            "as anyone, change or delete data.",
            'name = request.args["name"]\n'
            "cur.execute(f\"SELECT * FROM users WHERE name = '{name}'\")",
            'cur.execute("SELECT * FROM users WHERE name = ?", (request.args["name"],))',
            "CWE-89; OWASP ASVS V5.3.4; catalogue M15.",
        ),
    )
)

SSTI = declare(
    FlowRule(
        "FB402",
        "server-side-template-injection",
        "Template source built from request data",
        ("ssti",),
        Severity.CRITICAL,
        (1336, 94),
        "M14",
        "Keep templates in files and pass request data as variables: "
        "`render_template_string(TEMPLATE, name=name)`.",
        "template source",
        _doc(
            "Finds request data compiled as Jinja template source: `render_template_string`, "
            "`Environment.from_string`, `jinja2.Template`.",
            "Template source is code: `{{ cycler.__init__.__globals__.os.popen('id').read() }}` "
            "runs commands on the server.",
            'return render_template_string("<h1>Hello " + request.args["name"] + "</h1>")',
            'return render_template_string("<h1>Hello {{ name }}</h1>", name=request.args["name"])',
            "CWE-1336, CWE-94; OWASP ASVS V5.2.5; catalogue M14.",
        ),
        absent="templates are files rendered with render_template; "
        "no template source is built at run time",
    )
)

XSS = declare(
    FlowRule(
        "FB403",
        "cross-site-scripting",
        "Request data in HTML without escaping",
        ("xss",),
        Severity.HIGH,
        (79,),
        "M11",
        "Render through a template with autoescaping, or escape with `markupsafe.escape`.",
        "an HTML response unescaped",
        _doc(
            "Finds request data sent back as HTML without escaping: a view returning text built "
            "from it, `make_response`/`Response` with HTML, `Markup(data)`, or a template "
            "variable rendered with `|safe` or under `{% autoescape false %}`.",
            "The client's text becomes markup in the victim's browser: scripts run with the "
            "victim's session (reflected or stored XSS).",
            "return f\"<p>Hello {request.args['name']}</p>\"",
            'return render_template("hello.html", name=request.args["name"])',
            "CWE-79; OWASP ASVS V5.3.3; catalogue M11.",
        ),
    )
)

PATH = declare(
    FlowRule(
        "FB404",
        "path-traversal",
        "File path built from request data",
        ("path",),
        Severity.HIGH,
        (22,),
        _M16,
        "Pass names through `secure_filename` or serve with `send_from_directory`.",
        "a file path",
        _doc(
            "Finds request data used in a file path: `open`, `os`/`shutil`/`pathlib` file "
            "operations.",
            "`../../etc/passwd` walks out of the intended folder: read secrets, overwrite code.",
            'open(os.path.join(BASE, request.args["name"]))',
            'open(os.path.join(BASE, secure_filename(request.args["name"])))',
            "CWE-22; OWASP ASVS V12.3.1; catalogue M16.",
        ),
    )
)

REDIRECT = declare(
    FlowRule(
        "FB405",
        "open-redirect",
        "Redirect target from request data",
        ("redirect",),
        Severity.MEDIUM,
        (601,),
        _M16,
        "Redirect to `url_for(...)`, or check the target is a local path on this host.",
        "a redirect target",
        _doc(
            "Finds request data used as the target of `redirect`.",
            "A link on your domain that sends users to a phishing page looks trustworthy; "
            "login `next=` parameters are the classic case.",
            'return redirect(request.args.get("next"))',
            'target = request.args.get("next", "")\n'
            'if urlparse(target).netloc or not target.startswith("/"):\n'
            '    target = url_for("index")\nreturn redirect(target)',
            "CWE-601; OWASP ASVS V5.1.5; catalogue M16.",
        ),
    )
)

COMMAND = declare(
    FlowRule(
        "FB406",
        "command-injection",
        "Shell command built from request data",
        ("cmd",),
        Severity.CRITICAL,
        (78,),
        _M16,
        "Call `subprocess.run([...])` with a fixed program and no shell; `shlex.quote` otherwise.",
        "a shell command",
        _doc(
            "Finds request data in `os.system`, `os.popen`, `subprocess` with `shell=True`, or "
            "as the program run.",
            "`; rm -rf /` in a field runs any command with the app's rights.",
            'os.system("ping -c 1 " + request.args["host"])',
            'subprocess.run(["ping", "-c", "1", request.args["host"]], check=False)',
            "CWE-78; OWASP ASVS V5.3.8; catalogue M16.",
        ),
    )
)

CODE = declare(
    FlowRule(
        "FB407",
        "code-injection",
        "Python code from request data",
        ("code",),
        Severity.CRITICAL,
        (94, 95),
        _M16,
        "Never evaluate request data; parse it (`int`, `json.loads`, "
        "`ast.literal_eval`) or map it through an allowlist.",
        "Python evaluation",
        _doc(
            "Finds request data passed to `eval`, `exec`, `compile`, `__import__` or "
            "`importlib.import_module`.",
            "Evaluating client text runs the client's Python in your process.",
            'result = eval(request.args["expr"])',
            'result = ast.literal_eval(request.args["expr"])',
            "CWE-94, CWE-95; OWASP ASVS V5.2.4; catalogue M16.",
        ),
    )
)

DESERIALIZATION = declare(
    FlowRule(
        "FB408",
        "unsafe-deserialization",
        "Request data deserialized unsafely",
        ("deser",),
        Severity.CRITICAL,
        (502,),
        _M16,
        "Exchange JSON (`json.loads`) or use `yaml.safe_load`; never unpickle client data.",
        "an unsafe deserializer",
        _doc(
            "Finds request data given to `pickle`, `marshal`, `shelve`, `jsonpickle`, or "
            "`yaml.load` without a safe loader.",
            "Unpickling builds arbitrary objects: a crafted payload runs code on load.",
            'obj = pickle.loads(base64.b64decode(request.cookies["state"]))',
            'obj = json.loads(request.cookies["state"])',
            "CWE-502; OWASP ASVS V5.5.3; catalogue M16.",
        ),
    )
)

XXE = declare(
    FlowRule(
        "FB409",
        "xml-external-entities",
        "Request XML parsed with entity resolution",
        ("xxe",),
        Severity.HIGH,
        (611,),
        _M16,
        "Parse with `defusedxml`, or an lxml parser made with `resolve_entities=False`.",
        "an XML parser that resolves entities",
        _doc(
            "Finds request data parsed by lxml with its default parser or by SAX/pulldom "
            "with external entities turned on. lxml >= 5 resolves no external entities by "
            "default, so the default parser is LOW confidence unless the file turns on "
            "`resolve_entities=True`, `load_dtd=True` or `no_network=False`.",
            "`<!ENTITY x SYSTEM 'file:///etc/passwd'>` reads server files or makes requests.",
            "doc = etree.fromstring(request.data)",
            "doc = defusedxml.lxml.fromstring(request.data)",
            "CWE-611; OWASP ASVS V5.5.2; catalogue M16.",
        ),
        confidence=lambda project, flow: _xxe_confidence(project, flow),
    )
)

LDAP = declare(
    FlowRule(
        "FB410",
        "ldap-injection",
        "LDAP filter built from request data",
        ("ldap",),
        Severity.HIGH,
        (90,),
        _M16,
        "Escape values with `escape_filter_chars` before building filters.",
        "an LDAP filter",
        _doc(
            "Finds request data in LDAP search filters (`search_s`, ldap3 `search`).",
            "`*)(uid=*` widens the filter: enumerate the directory or bypass a login check.",
            "conn.search_s(BASE, SCOPE, f\"(uid={request.form['user']})\")",
            "conn.search_s(BASE, SCOPE, f\"(uid={escape_filter_chars(request.form['user'])})\")",
            "CWE-90; OWASP ASVS V5.3.7; catalogue M16.",
        ),
    )
)

XPATH = declare(
    FlowRule(
        "FB411",
        "xpath-injection",
        "XPath built from request data",
        ("xpath",),
        Severity.HIGH,
        (643,),
        _M16,
        "Use XPath variables (`tree.xpath('//u[@n=$n]', n=value)`).",
        "an XPath expression",
        _doc(
            "Finds request data in XPath expressions (`xpath`, `XPath`, ElementTree `find*`).",
            "`' or '1'='1` changes the query: read nodes the user should not see.",
            "root.xpath(f\"//user[@name='{request.args['name']}']\")",
            'root.xpath("//user[@name=$name]", name=request.args["name"])',
            "CWE-643; catalogue M16.",
        ),
    )
)

SSRF = declare(
    FlowRule(
        "FB412",
        "server-side-request-forgery",
        "Outgoing request to a URL from request data",
        ("ssrf",),
        Severity.HIGH,
        (918,),
        _M16,
        "Fix the scheme and host in code and check the client's part against an allowlist.",
        "an outgoing request URL",
        _doc(
            "Finds request data used as the URL (or host) of `requests`, `httpx`, `urllib` calls.",
            "The server fetches what the client names: cloud metadata (169.254.169.254), "
            "internal admin services, local files.",
            'requests.get(request.args["url"])',
            "requests.get(f\"https://api.example.com/items/{int(request.args['id'])}\")",
            "CWE-918; OWASP ASVS V12.6.1; catalogue M16.",
        ),
    )
)

HEADER = declare(
    FlowRule(
        "FB413",
        "http-header-injection",
        "Response header from request data",
        ("header",),
        Severity.MEDIUM,
        (113,),
        _M16,
        "Validate header values; strip CR and LF.",
        "a response header",
        _doc(
            "Finds request data written into response headers.",
            "CR/LF splits the response (cache poisoning, injected cookies); Werkzeug refuses "
            "newlines today, but the value still controls the header.",
            'resp.headers["X-Name"] = request.args["name"]',
            'resp.headers["X-Name"] = request.args["name"].replace("\\r", "").replace("\\n", "")',
            "CWE-113; catalogue M16.",
        ),
    )
)

LOG = declare(
    FlowRule(
        "FB414",
        "log-injection",
        "Request data written to logs unneutralised",
        ("log",),
        Severity.LOW,
        (117,),
        "M20",
        "Log `%r` of the value, or strip CR/LF before logging.",
        "a log record",
        _doc(
            "Finds request data passed to `logging` calls, at LOW confidence (forged log "
            "lines are rarely acted on; `--confidence medium` hides them).",
            "Newlines forge log lines (fake `login ok` entries) and hide attacks from review.",
            'app.logger.info("login failed for %s", request.form["user"])',
            'app.logger.info("login failed for %r", request.form["user"])',
            "CWE-117; OWASP ASVS V7.3.1; catalogue M20.",
        ),
        confidence=lambda project, flow: Confidence.LOW,
    )
)
"""LOW: forged log lines are real but rarely acted on; ``--confidence medium`` hides them."""

SESSION = declare(
    FlowRule(
        "FB415",
        "untrusted-data-in-session",
        "Request data stored in the session unvalidated",
        ("session",),
        Severity.MEDIUM,
        (501,),
        _M16,
        "Validate (allowlist, type conversion) before storing request data in the session.",
        "the session",
        _doc(
            "Finds request data stored in Flask's `session` without validation.",
            "Code trusts the session as server state; storing client text there lets the "
            "client set what later code treats as trusted (a role, a user id, a path).",
            'session["role"] = request.form["role"]',
            'role = request.form["role"]\nif role in ALLOWED_ROLES:\n    session["role"] = role',
            "CWE-501; catalogue M16.",
        ),
    )
)

ARGUMENT = declare(
    FlowRule(
        "FB416",
        "argument-injection",
        "Request data passed where a program reads options",
        ("argv",),
        Severity.HIGH,
        (88,),
        _M16,
        'Put `"--"` before client values in the argument list, or refuse values starting '
        'with `-`; prefer fixed option forms (`f"--output={name}"`).',
        "a program's argument list as a possible option",
        _doc(
            "Finds request data as an item of a `subprocess` argument list (no shell) where "
            "the program can read it as an option: not after a `--` item, not behind a "
            'fixed text prefix (`f"--out={name}"`, `"refs/" + x`), and not after a '
            "check that it does not start with `-` or that it starts with a fixed prefix "
            "such as `https://`; a path under a fixed folder (`os.path.join(BASE, name)`, "
            "`UPLOADS / name`) is no option either. Only argument lists whose items are "
            "known are judged (a list grown with `append` is not). An item right after an "
            'option that takes a value (`["tar", "-xf", name]`) is reported too: '
            "whether the program reads it as that value depends on the option. The "
            "program itself from request data is FB406.",
            "No shell is involved, yet the client still controls the program: "
            "`--upload-pack=touch /tmp/x` makes `git clone` run a command, `-o /app/app.py` "
            "makes `curl` overwrite code, `--to-command=sh` makes `tar` run one (CWE-88).",
            'subprocess.run(["git", "clone", request.json["repo"], "/srv/mirror"])',
            'repo = request.json["repo"]\n'
            'if not repo.startswith("https://"):\n    abort(400)\n'
            'subprocess.run(["git", "clone", "--", repo, "/srv/mirror"])',
            "CWE-88; OWASP ASVS V5.3.8; catalogue M16.",
        ),
        evidence=False,
    )
)

REFLECTION = declare(
    FlowRule(
        "FB417",
        "unsafe-reflection",
        "Code chosen by name from request data",
        ("reflect",),
        Severity.HIGH,
        (470,),
        _M16,
        "Map the client's choice through a dict of allowed callables "
        '(`EXPORTERS = {"csv": to_csv}`), or check it against an allowlist first.',
        "a call of code it names",
        _doc(
            "Finds a function or class picked by a request value and then called: "
            "`getattr(module_or_object, name)()`, `handler = getattr(obj, name); handler()`, "
            "`globals()[name]()`. A fixed prefix on the name (`getattr(self, "
            '"on_" + action)`), a dict of allowed callables and an allowlist check '
            "(`if name not in ALLOWED: abort(404)`) are not reported; an attribute read "
            "without a call (`getattr(Model, sort_key)`) is not either. "
            "`importlib.import_module(name)` is FB407.",
            "The client names any attribute reachable from the object: private helpers, "
            "imported modules (`os`), dunder methods; the call runs code the route never "
            "meant to expose.",
            'fmt = request.args["format"]\nreturn getattr(exporters, fmt)()',
            'EXPORTERS = {"csv": exporters.csv, "json": exporters.json}\n'
            'export = EXPORTERS.get(request.args["format"])\n'
            "if export is None:\n    abort(404)\nreturn export()",
            "CWE-470; OWASP ASVS V5.2.4; catalogue M16.",
        ),
        evidence=False,
    )
)

REGEX = declare(
    FlowRule(
        "FB418",
        "regex-from-request",
        "Request data compiled as a regular expression",
        ("regex",),
        Severity.MEDIUM,
        (1333, 400),
        _M16,
        "Search for the client's text literally: `re.escape(q)` in the pattern, or "
        "`q in text`; if users must write patterns, use the `re2` engine with a timeout.",
        "a regular expression pattern",
        _doc(
            "Finds request data used as the pattern of `re` (or `regex`) calls: "
            "`re.compile`, `re.search`, `re.match`, `re.fullmatch`, `re.findall`, "
            "`re.finditer`, `re.sub`, `re.split`. Text passed through `re.escape` is not "
            "reported, nor a value that passed an allowlist or an anchored `fullmatch` "
            "check. Request data as the *text* searched is fine.",
            "Python's backtracking engine takes exponential time on patterns such as "
            "`(a+)+$`: one request with a crafted pattern and a 30-character string ties "
            "up a worker for minutes (ReDoS); a pattern also reads more than the search "
            "meant (`.*` matches every record).",
            'matches = [n for n in names if re.search(request.args["q"], n)]',
            'q = re.escape(request.args["q"])\nmatches = [n for n in names if re.search(q, n)]',
            "CWE-1333, CWE-400; OWASP ReDoS; catalogue M16.",
        ),
        evidence=False,
    )
)

MASS_ASSIGNMENT = declare(
    FlowRule(
        "FB419",
        "mass-assignment",
        "Request data chooses which attributes of a record are set",
        ("mass",),
        Severity.HIGH,
        (915,),
        _M16,
        "Copy the fields the form may change by name (`user.name = data['name']`), or load "
        "the body through a schema (marshmallow, pydantic) or a WTForms form.",
        "the attribute names of a record",
        _doc(
            "Finds request data used as attribute names of an object or record: "
            "`User(**request.json)` on an ORM model with its default constructor, "
            "`setattr(obj, key, value)` over the request's keys, "
            "`User.query.filter_by(id=i).update(request.json)`, "
            "`update(User).values(**data)`, `obj.__dict__.update(data)`, and "
            "`user.update(**data)` when a project class has an `update(**kwargs)` calling "
            "`setattr` (cookiecutter-flask's `CRUDMixin`). Not reported: "
            "keys checked against an allowlist (`if key in EDITABLE:`), a schema's result "
            "(`schema.load(...)`, `model.model_dump()`), a form's `data` and "
            "`setattr(obj, field.name, ...)` over a form's declared fields, a dict whose "
            'keys the code writes (`User(**{"name": name})`), models whose `__init__` '
            "takes named parameters, and a helper spreading its own `**fields` (its callers "
            "name the keys; a caller spreading request data into it is a known miss).",
            'A client who adds `"is_admin": true` or `"owner_id": 1` to the body sets '
            "columns the form never showed: privilege escalation, records moved to "
            "another user.",
            "user = User(**request.get_json())\ndb.session.add(user)",
            'data = request.get_json()\nuser = User(name=data["name"], email=data["email"])\n'
            "db.session.add(user)",
            "CWE-915; OWASP Mass Assignment Cheat Sheet; OWASP ASVS V5.1.2; catalogue M16.",
        ),
        evidence=False,
    )
)


@rule(
    "FB430",
    "weak-hash-for-secrets",
    "MD5/SHA-1 used for passwords or tokens",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(328, 916),
    mitigation="M05",
    fix="Hash passwords with `werkzeug.security.generate_password_hash` (scrypt) or argon2; "
    "compare tokens with HMAC-SHA-256.",
    scope=Scope.PROJECT,
)
def weak_hash_for_secrets(project: Project) -> Iterator[Finding]:
    """## What it does
    Finds MD5 and SHA-1 (and any fast unsalted hash for passwords) applied to passwords,
    tokens, keys or signatures, judged by the names of the variables, functions and
    arguments involved. The same hashes for cache keys, ETags, checksums or git object ids
    are not reported, nor SHA-1 of fresh random bytes (`sha1(os.urandom(64))`: a token as
    strong as the bytes) or for the Have I Been Pwned range API (SHA-1 by protocol).

    ## Why is this bad?
    MD5 and SHA-1 are broken for collisions and fast to brute force: a leaked table of
    MD5 password hashes is cracked in hours. Catalogue M05 (strong secrets) is where the
    project's secret material is judged; password and token hashing is part of it.

    ## Example
    ```python
    user.password_hash = hashlib.md5(password.encode()).hexdigest()
    ```

    ## Use instead
    ```python
    user.password_hash = generate_password_hash(password)
    ```

    ## References
    CWE-328, CWE-916; OWASP ASVS V2.4.1; catalogue M05.
    """
    for f in project.python_files:
        for line, col, message in _secrets_use.weak_hashes(f.tree, f.source):
            yield weak_hash_for_secrets.finding(message, Location(f.path, line, col))


@rule(
    "FB432",
    "weak-password-hash-parameters",
    "Password hashing with a work factor set too low",
    severity=Severity.HIGH,
    confidence=Confidence.HIGH,
    cwe=(916,),
    mitigation="M05",
    fix="Drop the literal and keep the library default (`generate_password_hash(password)`: "
    "scrypt), or raise it: PBKDF2-SHA256 600,000 iterations, bcrypt cost 12.",
    scope=Scope.PROJECT,
)
def weak_password_hash_parameters(project: Project) -> Iterator[Finding]:
    """## What it does
    Finds password hashing whose work factor is written in the code below today's
    minimum: `hashlib.pbkdf2_hmac` with fewer than 600,000 iterations for SHA-256
    (210,000 for SHA-512, 1,300,000 for SHA-1), `generate_password_hash(method=
    "pbkdf2:sha256:1000")` or a single-round method (`"sha256"`), `scrypt` with n below
    2**14, bcrypt (`gensalt`, Flask-Bcrypt, passlib `using`) with a cost below 10.
    Counts read from configuration or variables are not judged, nor test files (low
    costs keep test suites fast).

    ## Why is this bad?
    The cost is the whole defence of a slow hash: PBKDF2 with 1,000 iterations is
    cracked 600 times faster than OWASP's minimum, so a leaked table of hashes falls
    to a single GPU in days instead of years. Catalogue M05 (strong secrets).

    ## Example
    ```python
    digest = hashlib.pbkdf2_hmac("sha256", password.encode(), salt, 1000)
    ```

    ## Use instead
    ```python
    user.password_hash = generate_password_hash(password)
    ```

    ## References
    CWE-916; OWASP Password Storage Cheat Sheet; OWASP ASVS V2.4.2; catalogue M05.
    """
    for f in project.python_files:
        if is_test_path(f.path):
            continue
        for line, col, message in _kdf.weak_parameters(f):
            yield weak_password_hash_parameters.finding(message, Location(f.path, line, col))


@rule(
    "FB431",
    "insecure-random-for-secrets",
    "random module used for tokens, ids, passwords or keys",
    severity=Severity.HIGH,
    confidence=Confidence.MEDIUM,
    cwe=(330, 338),
    mitigation="M05",
    fix="Use `secrets.token_urlsafe()`, `secrets.token_hex()` or `secrets.choice()`.",
    scope=Scope.PROJECT,
)
def insecure_random_for_secrets(project: Project) -> Iterator[Finding]:
    """## What it does
    Finds the `random` module making tokens, passwords, keys, one-time codes or ids,
    judged by names (`token = random...`, `def generate_password(): ... random.choice`).
    Shuffles for display, jitter, sampling and games are not reported, nor a value passed
    straight to `sleep()` / a backoff, whatever function it sits in.

    ## Why is this bad?
    `random` is a Mersenne Twister: 624 outputs reveal its state and every future
    token. Catalogue M05 requires secrets generated with `secrets`.

    ## Example
    ```python
    token = "".join(random.choice(string.ascii_letters) for _ in range(32))
    ```

    ## Use instead
    ```python
    token = secrets.token_urlsafe(32)
    ```

    ## References
    CWE-330, CWE-338; OWASP ASVS V6.3.1; catalogue M05.
    """
    for f in project.python_files:
        for line, col, message in _secrets_use.weak_randoms(f.tree, f.source):
            yield insecure_random_for_secrets.finding(message, Location(f.path, line, col))


__all__ = [
    "ARGUMENT",
    "CODE",
    "COMMAND",
    "DESERIALIZATION",
    "HEADER",
    "LDAP",
    "LOG",
    "MASS_ASSIGNMENT",
    "PATH",
    "REDIRECT",
    "REFLECTION",
    "REGEX",
    "SESSION",
    "SQL",
    "SSRF",
    "SSTI",
    "XPATH",
    "XSS",
    "XXE",
    "insecure_random_for_secrets",
    "weak_hash_for_secrets",
    "weak_password_hash_parameters",
]
