"""Python source bytes to an ``ast.Module``, for every syntax from 3.8 to 3.13.

The interpreter running the audit may be older than the code it reads (CI
runs 3.11; projects are written for 3.12 and 3.13). ``ast.parse`` is tried
first; when it refuses, libcst's native parser (which knows the 3.13
grammar) reads the file, the few newer constructs are rewritten into
equivalents the running ``ast`` accepts — PEP 695 ``type`` aliases and type
parameters, PEP 701 f-strings with nested quotes, backslashes or comments —
line numbers kept, and the result is parsed by ``ast`` again. The tree that
comes out has the shape rules expect (f-strings are ``ast.JoinedStr``).

Limits: column offsets inside a down-levelled f-string are approximate;
type parameters are dropped (nothing in the auditor reads them).
"""

from __future__ import annotations

import ast
import codecs
import re
from dataclasses import dataclass
from typing import Any

PARSER_AST = "ast"
PARSER_DOWNLEVEL = "libcst-downlevel"

_CODING = re.compile(rb"^[ \t\f]*#.*?coding[:=][ \t]*([-\w.]+)")
_NEW_SYNTAX = re.compile(
    r"""(?m)^[ \t]*type[ \t]+\w+|^[ \t]*(?:async[ \t]+)?def[ \t]+\w+[ \t]*\[|"""
    r"""^[ \t]*class[ \t]+\w+[ \t]*\[|\b[fFrR]{1,2}["']|^[ \t]*except[ \t]*\*"""
)
MAX_DOWNLEVEL_NESTING = 100
_FSTR = "__bastion_fstr__"
_FVAL = "__bastion_fval__"


@dataclass(frozen=True)
class ParsedPython:
    """The outcome of reading one file: a tree, or the reason there is none."""

    source: str | None
    tree: ast.Module | None
    parser: str = PARSER_AST
    error_code: str | None = None
    """``FB001`` syntax, ``FB002`` encoding / binary; None when parsed."""
    error: str = ""
    error_line: int | None = None


def decode(data: bytes) -> tuple[str | None, str]:
    """Decode like the interpreter does (BOM, PEP 263 cookie, else UTF-8).

    Returns ``(text, "")`` or ``(None, why)`` for binary or undecodable input.
    """
    if b"\x00" in data:
        return None, "binary file (contains NUL bytes)"
    encoding = "utf-8"
    if data.startswith(codecs.BOM_UTF8):
        data, encoding = data[3:], "utf-8"
    else:
        for line in data.split(b"\n", 2)[:2]:
            match = _CODING.match(line)
            if match:
                encoding = match.group(1).decode("ascii")
                break
    try:
        return data.decode(encoding), ""
    except LookupError:
        return None, f"unknown source encoding {encoding!r} in the coding cookie"
    except UnicodeDecodeError as exc:
        return None, f"not valid {encoding} ({exc.reason} at byte {exc.start})"


def parse_python(data: bytes, filename: str = "<unknown>") -> ParsedPython:
    """Parse *data* once; never raises on bad input."""
    source, why = decode(data)
    if source is None:
        return ParsedPython(None, None, error_code="FB002", error=why)
    try:
        return ParsedPython(source, ast.parse(source, filename=filename))
    except (SyntaxError, ValueError) as exc:
        first = exc
    except (RecursionError, MemoryError):
        return ParsedPython(
            source, None, error_code="FB001", error="nested too deeply for the parser"
        )
    tree = None
    if _worth_downlevel(source, str(getattr(first, "msg", first))):
        try:
            tree = _downlevel_parse(source, filename)
        except Exception:  # any failure here means "really not parseable"
            tree = None
    if tree is not None:
        return ParsedPython(source, tree, parser=PARSER_DOWNLEVEL)
    line = getattr(first, "lineno", None)
    msg = getattr(first, "msg", str(first))
    return ParsedPython(source, None, error_code="FB001", error=msg, error_line=line)


def _worth_downlevel(source: str, error: str) -> bool:
    """Try libcst only where newer syntax can be the cause, and never on hostile nesting.

    libcst's native parser recurses without a guard: thousands of nested brackets
    crash the process (a segfault, not an exception), so depth is checked first.
    Python 2 and plainly broken files then cost no second parse.
    """
    if "too many" in error or "nested" in error:
        return False
    depth = deepest = 0
    for char in source:
        if char in "([{":
            depth += 1
            deepest = max(deepest, depth)
        elif char in ")]}":
            depth = max(0, depth - 1)
    if deepest > MAX_DOWNLEVEL_NESTING:
        return False
    indent = max((len(line) - len(line.lstrip()) for line in source.splitlines()), default=0)
    return indent <= 4 * MAX_DOWNLEVEL_NESTING and bool(_NEW_SYNTAX.search(source))


def _downlevel_parse(source: str, filename: str) -> ast.Module | None:
    import libcst as cst

    module = cst.parse_module(source, config=cst.PartialParserConfig(python_version="3.13"))
    transformer: Any = _Downlevel(module)
    code = module.visit(transformer).code
    tree = ast.parse(code, filename=filename)
    rebuilt: ast.Module = ast.fix_missing_locations(_RebuildFStrings().visit(tree))
    return rebuilt


def _make_downlevel() -> type:
    """Build the libcst transformer lazily: libcst is imported only on fallback."""
    import libcst as cst

    class Downlevel(cst.CSTTransformer):  # type: ignore[misc]
        def __init__(self, module: cst.Module) -> None:
            super().__init__()
            self._module = module

        def _code(self, node: cst.CSTNode) -> str:
            return str(self._module.code_for_node(node))

        def leave_TypeAlias(self, original: cst.TypeAlias, updated: cst.TypeAlias) -> cst.Assign:
            return cst.Assign(targets=[cst.AssignTarget(updated.name)], value=updated.value)

        def leave_FunctionDef(
            self, original: cst.FunctionDef, updated: cst.FunctionDef
        ) -> cst.FunctionDef:
            return updated.with_changes(type_parameters=None)

        def leave_ClassDef(self, original: cst.ClassDef, updated: cst.ClassDef) -> cst.ClassDef:
            return updated.with_changes(type_parameters=None)

        def leave_TryStar(self, original: cst.TryStar, updated: cst.TryStar) -> cst.Try:
            # except* (3.11) on an older interpreter: the handlers' bodies are what
            # the rules read, and a plain except keeps them on the same lines.
            handlers = [
                cst.ExceptHandler(
                    body=h.body, type=h.type, name=h.name, leading_lines=h.leading_lines
                )
                for h in updated.handlers
            ]
            return cst.Try(
                body=updated.body,
                handlers=handlers,
                orelse=updated.orelse,
                finalbody=updated.finalbody,
                leading_lines=updated.leading_lines,
            )

        def leave_FormattedString(
            self, original: cst.FormattedString, updated: cst.FormattedString
        ) -> cst.BaseExpression:
            prefix = updated.start[: -len(updated.end)].lower().replace("f", "")
            args = self._parts(updated.parts, prefix, updated.end)
            return cst.parse_expression(f"{_FSTR}({args})")

        def _parts(self, parts: object, prefix: str, quote: str) -> str:
            out: list[str] = []
            for part in parts:  # type: ignore[attr-defined]
                if isinstance(part, cst.FormattedStringText):
                    raw = part.value
                    text = ast.literal_eval(prefix + quote + raw + quote)
                    text = text.replace("{{", "{").replace("}}", "}")
                    out.append(repr(text) + "," + "\n" * raw.count("\n"))
                else:
                    out.append(self._field(part, prefix, quote))
            return "".join(out)

        def _field(self, part: cst.FormattedStringExpression, prefix: str, quote: str) -> str:
            expr = self._code(part.expression)
            before = self._code(part.whitespace_before_expression)
            after = self._code(part.whitespace_after_expression)
            pad = "\n" * (before.count("\n") + after.count("\n") + expr.count("\n"))
            expr_one_line = "(" + _strip_comments(expr) + ")"
            conversion = part.conversion
            head = ""
            if part.equal is not None:
                head = repr(expr.strip() + "=") + ","
                if conversion is None and part.format_spec is None:
                    conversion = "r"
            conv = ord(conversion) if conversion else 0
            spec = "None"
            if part.format_spec:
                spec = f"{_FSTR}({self._parts(part.format_spec, prefix, quote)})"
            return f"{head}{_FVAL}({expr_one_line}, {conv}, {spec}),{pad}"

    return Downlevel


def _strip_comments(code: str) -> str:
    """Comments inside f-string fields (PEP 701) become invalid once joined."""
    lines = []
    for line in code.splitlines():
        try:
            import io
            import tokenize

            tokens = list(tokenize.generate_tokens(io.StringIO(line).readline))
            cut = next((t.start[1] for t in tokens if t.type == tokenize.COMMENT), None)
        except (tokenize.TokenError, SyntaxError, IndentationError):
            cut = line.find("#") if "#" in line and "'" not in line and '"' not in line else None
        lines.append(line if cut is None else line[:cut])
    return " ".join(lines)


_DOWNLEVEL_CLASS: type | None = None


def _Downlevel(module: object) -> object:
    global _DOWNLEVEL_CLASS
    if _DOWNLEVEL_CLASS is None:
        _DOWNLEVEL_CLASS = _make_downlevel()
    return _DOWNLEVEL_CLASS(module)


class _RebuildFStrings(ast.NodeTransformer):
    """Turn the marker calls back into ``JoinedStr`` / ``FormattedValue``."""

    def visit_Call(self, node: ast.Call) -> ast.AST:
        self.generic_visit(node)
        if isinstance(node.func, ast.Name) and node.func.id == _FSTR:
            return self._joined(node)
        return node

    def _joined(self, node: ast.Call) -> ast.JoinedStr:
        values: list[ast.expr] = []
        for arg in node.args:
            if (
                isinstance(arg, ast.Call)
                and isinstance(arg.func, ast.Name)
                and arg.func.id == _FVAL
            ):
                values.append(self._formatted(arg))
                continue
            if isinstance(arg, ast.JoinedStr):  # a nested spec already rebuilt
                values.extend(arg.values)
                continue
            if isinstance(arg, ast.Constant) and isinstance(arg.value, str):
                if values and isinstance(values[-1], ast.Constant):
                    merged = ast.Constant(str(values[-1].value) + arg.value)
                    values[-1] = ast.copy_location(merged, values[-1])
                elif arg.value:
                    values.append(arg)
                continue
            values.append(arg)
        return ast.copy_location(ast.JoinedStr(values=values), node)

    def _formatted(self, call: ast.Call) -> ast.FormattedValue:
        value, conv, spec = call.args
        code = conv.value if isinstance(conv, ast.Constant) else 0
        fmt = spec if isinstance(spec, ast.JoinedStr) else None
        conversion = code if isinstance(code, int) and code else -1
        node = ast.FormattedValue(value=value, conversion=conversion, format_spec=fmt)
        return ast.copy_location(node, call)
