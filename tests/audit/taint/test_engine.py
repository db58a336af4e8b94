"""The taint engine alone: one source string per case, ``# sink: KIND`` marks each expected flow.

Findings are compared as sets of (kind, line), so a miss and an extra both fail.
"""

from __future__ import annotations

import re
import textwrap

import pytest

from .conftest import flows_of, kinds_of

MARK = re.compile(r"#\s*sink:\s*([\w-]+(?:\s*,\s*[\w-]+)*)")
HEAD = "from flask import Flask, request, redirect\napp = Flask(__name__)\n"


def expected(files: dict[str, str]) -> set[tuple[str, int]]:
    out = set()
    for text in files.values():
        for number, line in enumerate(textwrap.dedent(text).splitlines(), 1):
            for m in MARK.finditer(line):
                out.update((k.strip(), number) for k in m.group(1).split(","))
    return out


def case(body: str) -> dict[str, str]:
    return {"app.py": HEAD + textwrap.dedent(body)}


CASES = [
    pytest.param(
        case("""
        @app.route("/a")
        def a():
            import os
            os.system(request.args["x"])  # sink: cmd
        """),
        id="direct-source-to-sink",
    ),
    pytest.param(
        {
            "app.py": """
        from flask import Flask, request as rq
        import os
        app = Flask(__name__)
        @app.get("/a")
        def a():
            os.system(rq.form.get("x"))  # sink: cmd
        """
        },
        id="aliased-request",
    ),
    pytest.param(
        {
            "app.py": """
        import flask, os
        app = flask.Flask(__name__)
        @app.route("/a")
        def a():
            os.system(flask.request.values["x"])  # sink: cmd
        """
        },
        id="module-qualified-request",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a/<name>")
        def a(name):
            os.system(name)  # sink: cmd
        @app.route("/b/<int:n>")
        def b(n):
            os.system("x" + str(n))
        @app.route("/c/<path:p>")
        def c(p):
            os.system(p)  # sink: cmd
        """),
        id="route-converters",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a")
        def a():
            d = {"a": request.args["a"], "b": "fixed"}
            os.system(d["b"])
            os.system(d["a"])  # sink: cmd
            t = (request.args["t"], "ls")
            os.system(t[1])
            x, y = t
            os.system(y)
            os.system(x)  # sink: cmd
        """),
        id="per-key-and-index",
    ),
    pytest.param(
        case("""
        import os
        DEBUG = False
        LIVE = True
        @app.route("/a")
        def a():
            v = request.args["v"]
            if DEBUG:
                os.system(v)
            if LIVE:
                os.popen(v)  # sink: cmd
            if False:
                os.system(v)
            while 0:
                os.system(v)
        """),
        id="constant-branches",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a")
        def a():
            v = request.args["v"]
            if v == "x":
                cmd = "ls"
            else:
                cmd = "pwd"
            os.system(cmd)
            w = request.args["w"]
            if w not in {"a", "b"}:
                return "no"
            os.system(w)
        """),
        id="replaced-by-constants-and-allowlist",
    ),
    pytest.param(
        case("""
        import os, shlex
        from markupsafe import escape
        @app.route("/a")
        def a():
            v = request.args["v"]
            os.system("echo " + shlex.quote(v))
            os.system("echo " + escape(v))  # sink: cmd
            return "<p>" + escape(v) + "</p>"
        """),
        id="sanitizers-per-kind",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a")
        def a():
            parts = [p.strip() for p in request.args["csv"].split(",")]
            joined = " ".join(parts)
            msg = f"{joined}!"
            msg += "?"
            os.system(msg[1:])  # sink: cmd
            os.system("%s" % msg.upper())  # sink: cmd
            os.system("{}".format(msg))  # sink: cmd
            os.system(msg.encode().decode())  # sink: cmd
        """),
        id="string-propagation",
    ),
    pytest.param(
        {
            "app.py": HEAD
            + textwrap.dedent("""
            from pkg.db import run, query_for
            @app.route("/a")
            def a():
                return run(query_for(request.args["u"]))
            """),
            "pkg/__init__.py": "",
            "pkg/db.py": textwrap.dedent("""
            import sqlite3
            def query_for(user):
                return "SELECT * FROM t WHERE u = '" + user + "'"
            def run(sql):
                return sqlite3.connect("x").execute(sql)  # sink: sql
            """),
        },
        id="helpers-in-other-modules",
    ),
    pytest.param(
        {
            "app.py": HEAD
            + textwrap.dedent("""
            from .helpers import current_search
            import os
            @app.route("/a")
            def a():
                os.system(current_search())  # sink: cmd
            """),
            "helpers.py": textwrap.dedent("""
            from flask import request
            def current_search():
                return request.args.get("q", "")
            """),
        },
        id="helper-returning-request-data",
    ),
    pytest.param(
        case("""
        import os
        class Job:
            def __init__(self, cmd):
                self.cmd = cmd
            def run(self):
                os.system(self.cmd)  # sink: cmd
        @app.route("/a")
        def a():
            Job(request.args["c"]).run()
        """),
        id="class-fields",
    ),
    pytest.param(
        case("""
        import os
        from flask.views import MethodView
        class Item(MethodView):
            def get(self, name):
                os.system(name)  # sink: cmd
        app.add_url_rule("/items/<name>", view_func=Item.as_view("item"))
        """),
        id="class-based-view",
    ),
    pytest.param(
        case("""
        import os
        LAST = ""
        @app.route("/set")
        def set_():
            global LAST
            LAST = request.args["v"]
        @app.route("/use")
        def use():
            os.system(LAST)  # sink: cmd
        """),
        id="globals",
    ),
    pytest.param(
        case("""
        import os
        def create_app():
            app = Flask(__name__)
            @app.route("/a")
            def a():
                os.system(request.args["v"])  # sink: cmd
            return app
        """),
        id="app-factory",
    ),
    pytest.param(
        case("""
        import os
        def fact(n):
            return fact(n) if n else n
        @app.route("/a")
        def a():
            os.system(fact(request.args["v"]))  # sink: cmd
        """),
        id="recursion-terminates",
    ),
    pytest.param(
        case("""
        @app.route("/a")
        def a():
            return redirect(request.args.get("next") or "/")  # sink: redirect
        @app.route("/b")
        def b():
            return redirect("/u/" + request.args["u"])
        """),
        id="redirect-local-prefix-is-safe",
    ),
    pytest.param(
        case("""
        @app.route("/a")
        def a():
            return f"<p>{request.args['q']}</p>"  # sink: xss
        @app.route("/b")
        def b():
            return {"q": request.args["q"]}
        """),
        id="view-return-html-vs-json",
    ),
    pytest.param(
        case("""
        import os
        def run(*parts, **opts):
            os.system(" ".join(parts) + opts.get("extra", ""))  # sink: cmd
        def quiet(cmd, *, suffix=""):
            os.popen(cmd + suffix)  # sink: cmd
        @app.route("/a")
        def a():
            run("ls", extra=request.args["x"])
            quiet("ls", suffix=request.args["y"])
        """),
        id="star-args-and-keyword-only",
    ),
    pytest.param(
        case("""
        from flask import Response
        @app.route("/a")
        def a():
            name = request.args["n"]
            def generate():
                yield "<p>" + name + "</p>"
            return Response(generate(), mimetype="text/html")  # sink: xss
        """),
        id="closure-generator",
    ),
    pytest.param(
        case("""
        import os
        from flask import session, g
        @app.route("/set")
        def set_():
            session["cmd"] = request.args["c"]
            session["user_id"] = request.args["u"]  # sink: session
            g.lang = request.args["lang"]
        @app.route("/use")
        def use():
            os.system(session.get("cmd"))  # sink: cmd
            os.system(session["other"])
            os.system(g.lang)  # sink: cmd
        """),
        id="session-and-g-read-back",
    ),
    pytest.param(
        {
            "app.py": """
        import os
        from flask import Flask
        from flask_wtf import FlaskForm
        from flask_restful import reqparse
        from wtforms import StringField
        app = Flask(__name__)
        parser = reqparse.RequestParser()
        class F(FlaskForm):
            cmd = StringField()
        @app.route("/a")
        def a():
            os.system(F().cmd.data)  # sink: cmd
            os.system(parser.parse_args()["c"])  # sink: cmd
        """,
            "cli.py": """
        import argparse, os
        def main():
            args = argparse.ArgumentParser().parse_args()
            os.system(args.cmd)
        """,
        },
        id="forms-reqparse-not-argparse",
    ),
    pytest.param(
        {
            "app.py": HEAD
            + textwrap.dedent("""
            from helpers import search_sql
            @app.route("/a")
            def a():
                return search_sql(request)
            """),
            "helpers.py": textwrap.dedent("""
            import sqlite3
            def search_sql(req):
                return sqlite3.connect("x").execute("SELECT " + req.args["c"])  # sink: sql
            """),
        },
        id="request-object-passed-to-a-module-without-flask",
    ),
    pytest.param(
        case("""
        from flask import render_template_string, make_response
        PAGE = "<p>{{ a }}</p><div>{{ b|safe }}</div>"
        @app.route("/a")
        def a():
            return render_template_string(PAGE, a=request.args["a"], b=request.args["b"])  # sink: xss
        @app.route("/b")
        def b():
            resp = make_response("")
            resp.headers["Location"] = request.args["to"]  # sink: redirect
            return resp
        """),
        id="inline-template-and-location-header",
    ),
    pytest.param(
        case("""
        import os
        from concurrent.futures import ThreadPoolExecutor
        import threading
        pool = ThreadPoolExecutor()
        def work(cmd):
            os.system(cmd)  # sink: cmd
        def other(cmd):
            os.popen(cmd)  # sink: cmd
        @app.route("/a")
        def a():
            pool.submit(work, request.args["c"])
            threading.Thread(target=other, args=(request.args["d"],)).start()
        """),
        id="callbacks-run-later",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a")
        def a():
            name = request.args["n"]
            if ".." in name:
                return "no"
            open(os.path.join("/srv", name))  # sink: path
            if name.startswith("/"):
                return "no"
            open(os.path.join("/srv", name))
            nxt = request.args["next"]
            if nxt.startswith("/"):
                redirect(nxt)  # sink: redirect
            if nxt.startswith("/") and not nxt.startswith("//"):
                redirect(nxt)
        """),
        id="paired-checks",
    ),
    pytest.param(
        case("""
        import os
        @app.route("/a")
        def a():
            n = request.args["n"]
            try:
                int(n)
            except ValueError:
                return "bad", 400
            os.system("seq " + n)
            m = request.args["m"]
            try:
                int(m)
            except ValueError:
                pass
            os.system("seq " + m)  # sink: cmd
        """),
        id="validated-by-conversion",
    ),
]


@pytest.mark.parametrize("files", CASES)
def test_flows_match_markers(files: dict[str, str]) -> None:
    assert kinds_of(files) == expected(files)


def test_trace_runs_from_source_to_sink_across_modules() -> None:
    files = {
        "app.py": HEAD + "from lib import run\n"
        "@app.route('/a')\ndef a():\n    q = request.args['q']\n    return run(q)\n",
        "lib.py": "import os\ndef run(cmd):\n    return os.popen(cmd).read()\n",
    }
    (flow,) = flows_of(files)
    steps = [(s.path, s.line) for s in flow.trace]
    assert steps[0] == ("app.py", 6), "the source comes first"
    assert ("app.py", 7) in steps, "the call into the helper is a step"
    assert steps[-1] == ("lib.py", 3), "the sink comes last"
    assert "request.args" in flow.trace[0].expression
    assert flow.resolved


def test_unresolved_calls_propagate_and_are_named() -> None:
    files = case("""
        import os, somelib
        @app.route("/a")
        def a():
            os.system(somelib.transform(request.args["v"]))
        """)
    (flow,) = flows_of(files)
    assert flow.unresolved == ("somelib.transform",)


def test_template_variable_rendered_safe() -> None:
    files = {
        "app.py": HEAD + "from flask import render_template\n"
        "@app.route('/a')\ndef a():\n"
        "    return render_template('t.html', bio=request.args['b'], name=request.args['n'])\n",
        "templates/t.html": "<p>{{ name }}</p>\n<div>{{ bio|safe }}</div>\n",
    }
    (flow,) = flows_of(files)
    assert (flow.kind, flow.sink.line) == ("xss", 6)
    assert any(s.path == "templates/t.html" and s.line == 2 for s in flow.trace)


def test_analysis_survives_odd_code() -> None:
    body = "x = " + "(" * 200 + "1" + ")" * 200 + "\n"
    assert (
        flows_of({"app.py": HEAD + body + "async def f():\n    async with a as b: yield b\n"}) == []
    )
