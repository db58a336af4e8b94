"""What each format promises beyond its golden file: schemas, escaping, no leaks."""

from __future__ import annotations

import json
import re
from dataclasses import replace

import pytest
from report_sample import SAMPLE_RULES, sample_result, validate_json, validate_sarif

from flask_bastion import catalog
from flask_bastion.audit.finding import (
    AuditResult,
    Confidence,
    Evidence,
    Finding,
    Location,
    Probe,
    Severity,
    TraceStep,
)
from flask_bastion.audit.registry import load_rules
from flask_bastion.audit.report import FORMATS, render

HOSTILE = '<script>alert("x")</script>'
ANSI = re.compile(r"\x1b\[")


def _hostile_result() -> AuditResult:
    """Scanned-project text everywhere a reporter prints it."""
    rule = SAMPLE_RULES["FB401"]
    location = Location(f"app/{HOSTILE}.py", 2, 1)
    finding = replace(
        rule.finding(
            f"message {HOSTILE} ![img](https://evil.example/x.png) \x1b[31mred\x1b[0m",
            location,
            trace=(TraceStep(location, f"request.args[{HOSTILE!r}]", HOSTILE),),
            probe=Probe("GET", f"https://x.example/?q={HOSTILE}", 200, (("X-Echo", HOSTILE),)),
            fix=f"fix {HOSTILE}",
        ),
        snippet=f"render_template_string('{HOSTILE}')  # \u202e reversed",
    )
    return AuditResult(
        root=f"root-{HOSTILE}",
        findings=[finding],
        evidence=[Evidence("M01", f"evidence {HOSTILE}", location)],
    )


def test_unknown_format_names_the_choices() -> None:
    with pytest.raises(ValueError, match=r"'pdf'.*text, json, sarif, html, markdown"):
        render(AuditResult(root="."), "pdf")


@pytest.mark.parametrize("fmt", FORMATS)
def test_an_empty_result_renders(fmt: str) -> None:
    """No findings, no evidence: every real catalogue entry is 'not determined'."""
    output = render(AuditResult(root="empty"), fmt, rules={})
    assert output.endswith("\n")
    if fmt in ("text", "html", "markdown"):
        for entry in catalog.load().values():
            assert entry.title.split()[0] in output


# --- JSON -----------------------------------------------------------------


@pytest.mark.usefixtures("frozen_catalogue")
def test_json_validates_against_its_published_schema() -> None:
    document = json.loads(render(sample_result(), "json", rules=SAMPLE_RULES))
    validate_json(document)
    assert document["schema_version"] == 1
    assert [v["mitigation"] for v in document["verdicts"]] == list(catalog.load())


@pytest.mark.usefixtures("frozen_catalogue")
def test_json_carries_trace_probe_and_verdict_references() -> None:
    document = json.loads(render(sample_result(), "json", rules=SAMPLE_RULES))
    by_rule = {f["rule_id"]: f for f in document["findings"]}
    assert [step["expression"] for step in by_rule["FB401"]["trace"]] == [
        'request.args["q"]',
        'page = f"<h1>{q}</h1>"',
        "render_template_string(page)",
    ]
    live = by_rule["FB702"]
    assert (live["kind"], live["path"], live["probe"]["status"]) == ("live", None, 200)
    verdicts = {v["mitigation"]: v for v in document["verdicts"]}
    assert verdicts["M06"]["status"] == "partial"
    assert verdicts["M06"]["findings"] == [by_rule["FB301"]["fingerprint"]]
    assert verdicts["M10"]["status"] == "not applicable"
    assert document["summary"]["by_severity"] == {"critical": 2, "high": 2, "medium": 2, "low": 1}


def test_json_with_the_real_catalogue_validates() -> None:
    result = sample_result()
    document = json.loads(render(result, "json", rules=SAMPLE_RULES))
    validate_json(document)
    assert len(document["verdicts"]) == len(catalog.load())


# --- SARIF ----------------------------------------------------------------


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_validates_against_the_oasis_schema() -> None:
    validate_sarif(json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES)))


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_rules_carry_what_github_reads() -> None:
    run = json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    assert [r["id"] for r in rules] == [
        "FB101",
        "FB112",
        "FB282",
        "FB301",
        "FB401",
        "FB702",
        "FB901",
    ]
    fb101 = rules[0]
    assert fb101["properties"]["tags"] == [
        "security",
        "external/cwe/cwe-798",
        "external/cwe/cwe-321",
    ]
    assert fb101["properties"]["security-severity"] == "9.5"
    assert fb101["properties"]["mitigation"] == "M05"
    assert fb101["properties"]["precision"] == "high"
    assert "## Why is this bad?" in fb101["help"]["markdown"]
    assert "Anyone who reads the repository" in fb101["help"]["text"]
    assert fb101["helpUri"].endswith("docs/rules/FB101-hardcoded-secret-key.md")
    severities = {r["id"]: r["properties"]["security-severity"] for r in rules}
    assert severities == {
        "FB101": "9.5",
        "FB112": "8.0",
        "FB282": "5.5",
        "FB301": "8.0",
        "FB401": "9.5",
        "FB702": "5.5",
        "FB901": "3.0",
    }


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_results_point_at_relative_regions_and_their_rule() -> None:
    run = json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    rules = run["tool"]["driver"]["rules"]
    for result in run["results"]:
        assert rules[result["ruleIndex"]]["id"] == result["ruleId"]
        assert result["partialFingerprints"]["flaskBastion/v1"]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    physical = by_rule["FB101"]["locations"][0]["physicalLocation"]
    assert physical["artifactLocation"] == {"uri": "shop/config.py", "uriBaseId": "%SRCROOT%"}
    assert physical["region"] == {
        "startLine": 3,
        "startColumn": 14,
        "endLine": 3,
        "endColumn": 19,
        "snippet": {"text": 'SECRET_KEY = "dev"'},
    }
    whole_line = by_rule["FB301"]["locations"][0]["physicalLocation"]["region"]
    assert "startColumn" not in whole_line  # column 0 means "the whole line"


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_code_flows_follow_the_trace_source_first() -> None:
    run = json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    by_rule = {r["ruleId"]: r for r in run["results"]}
    steps = by_rule["FB401"]["codeFlows"][0]["threadFlows"][0]["locations"]
    assert [s["location"]["physicalLocation"]["region"]["startLine"] for s in steps] == [28, 29, 31]
    assert steps[0]["location"]["message"]["text"] == 'request.args["q"] (source)'
    assert "codeFlows" not in by_rule["FB101"]


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_live_finding_is_located_at_the_probed_url() -> None:
    run = json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    live = next(r for r in run["results"] if r["ruleId"] == "FB702")
    location = live["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {"uri": "https://shop.example/"}
    assert location["logicalLocations"][0]["fullyQualifiedName"] == "GET https://shop.example/"
    assert live["properties"]["probe"]["status"] == 200


def test_sarif_uris_are_percent_encoded() -> None:
    run = json.loads(render(_hostile_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    uri = run["results"][0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"]
    assert uri == "app/%3Cscript%3Ealert%28%22x%22%29%3C/script%3E.py"
    validate_sarif({"version": "2.1.0", "runs": [run]})


@pytest.mark.parametrize(
    ("target", "uri"),
    [
        pytest.param("examples.vault.app:create_app()", "examples/vault/app.py", id="module"),
        pytest.param("wsgi.py:app", "wsgi.py", id="file"),
    ],
)
def test_sarif_imported_app_finding_is_located_at_its_module(target: str, uri: str) -> None:
    finding = Finding(
        rule_id="FB180",
        rule_name="live-weak-secret-key",
        mitigation="M05",
        severity=Severity.CRITICAL,
        confidence=Confidence.HIGH,
        cwe=(798,),
        message="SECRET_KEY is short",
        fix="Use bastion keygen.",
        probe=Probe("IMPORT", target, note="app.config['SECRET_KEY'] after init_app"),
    )
    document = json.loads(render(AuditResult(root=".", findings=[finding]), "sarif", rules={}))
    validate_sarif(document)
    location = document["runs"][0]["results"][0]["locations"][0]
    assert location["physicalLocation"]["artifactLocation"] == {
        "uri": uri,
        "uriBaseId": "%SRCROOT%",
    }
    assert location["logicalLocations"] == [{"kind": "module", "fullyQualifiedName": target}]


@pytest.mark.usefixtures("frozen_catalogue")
def test_sarif_diagnostics_are_tool_notifications() -> None:
    run = json.loads(render(sample_result(), "sarif", rules=SAMPLE_RULES))["runs"][0]
    notes = run["invocations"][0]["toolExecutionNotifications"]
    assert [n["descriptor"]["id"] for n in notes] == ["FB001", "FB003"]


def test_every_registered_rule_renders_valid_sarif_and_json() -> None:
    """Whatever rules the team registers, their paperwork makes valid reports."""
    rules = load_rules()
    result = AuditResult(root=".")
    for rule in rules.values():
        result.findings.append(rule.finding("sample", Location("app.py", 1)))
    sarif = json.loads(render(result, "sarif", rules=rules))
    validate_sarif(sarif)
    validate_json(json.loads(render(result, "json", rules=rules)))
    assert len(sarif["runs"][0]["tool"]["driver"]["rules"]) == len(rules)


# --- HTML -----------------------------------------------------------------


def test_html_escapes_every_piece_of_scanned_text() -> None:
    page = render(_hostile_result(), "html", rules=SAMPLE_RULES)
    assert "<script" not in page
    assert page.count("&lt;script&gt;") >= 8  # root, path, message, snippet, trace, probe, fix...
    assert "<img" not in page
    assert "\u202e" not in page and "\x1b" not in page


def test_html_is_self_contained() -> None:
    page = render(sample_result(), "html", rules=SAMPLE_RULES)
    assert re.search(r"<(script|link|img|iframe|object|embed)\b", page) is None
    assert re.search(r"\bsrc\s*=|@import|url\(", page) is None
    csp = re.search(r'http-equiv="Content-Security-Policy" content="([^"]+)"', page)
    assert csp is not None and "default-src 'none'" in csp.group(1)


@pytest.mark.usefixtures("frozen_catalogue")
def test_html_filters_cover_each_severity_and_entry_with_findings() -> None:
    page = render(sample_result(), "html", rules=SAMPLE_RULES)
    for sev in ("critical", "high", "medium", "low"):
        assert f'id="show-{sev}"' in page
        assert f'#show-{sev}:not(:checked)) .finding[data-severity="{sev}"]' in page
    options = re.findall(r'<option value="([^"]*)"', page)
    assert options == ["", "M03", "M05", "M06", "M09", "M14", "other"]


# --- text -----------------------------------------------------------------


@pytest.mark.usefixtures("frozen_catalogue")
@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_within_an_entry_the_worst_finding_comes_first(fmt: str) -> None:
    output = render(sample_result(), fmt, rules=SAMPLE_RULES)
    assert output.index("FB101") < output.index("FB112")  # critical before high, though later


def test_text_without_colour_has_no_escape_codes() -> None:
    assert ANSI.search(render(_hostile_result(), "text", rules=SAMPLE_RULES)) is None


def test_text_with_colour_styles_but_neutralises_scanned_escapes() -> None:
    output = render(_hostile_result(), "text", color=True, rules=SAMPLE_RULES)
    assert ANSI.search(output)
    assert "\x1b[31mred" not in output
    assert "\\u001b[31mred" in output
    assert "\u202e" not in output


# --- Markdown -------------------------------------------------------------


def test_markdown_escapes_html_links_and_images() -> None:
    document = render(_hostile_result(), "markdown", rules=SAMPLE_RULES)
    outside_code = re.sub(r"`+[^`]*`+", "", document)
    outside_code = re.sub(r"```.*?```", "", outside_code, flags=re.S)
    assert "<script" not in outside_code
    assert "![img](" not in outside_code
    assert "\\!\\[img\\](https://evil.example/x.png)" in document


def test_markdown_lists_every_real_catalogue_entry_in_order() -> None:
    document = render(AuditResult(root="."), "markdown", rules={})
    headings = re.findall(r"^## (M\d\d) ", document, flags=re.M)
    assert headings == list(catalog.load())


@pytest.mark.usefixtures("frozen_catalogue")
def test_markdown_states_implemented_and_missing_with_locations() -> None:
    document = render(sample_result(), "markdown", rules=SAMPLE_RULES)
    m06 = document.split("## M06 ")[1].split("\n## ")[0]
    implemented, missing = m06.split("### Missing implementation")
    assert "CSRFProtect(app) installed (`shop/__init__.py:9`)" in implemented
    assert "`shop/views.py:40`" in missing
    assert "Fix: Install Bastion(app) or CSRFProtect(app)." in missing


# --- model edge cases ------------------------------------------------------


@pytest.mark.parametrize("fmt", ["text", "html", "markdown"])
def test_a_minified_line_is_cut_in_human_formats(fmt: str) -> None:
    line = "var x=1;" * 2000
    finding = replace(
        SAMPLE_RULES["FB401"].finding("minified", Location("static/app.min.js", 1, 9000)),
        snippet=line,
    )
    output = render(AuditResult(root=".", findings=[finding]), fmt, rules=SAMPLE_RULES)
    assert line[:240] in output
    assert line[:300] not in output


def test_finding_without_any_location_still_renders_everywhere() -> None:
    finding = Finding(
        rule_id="FB999",
        rule_name="made-up",
        mitigation="M99",
        severity=Severity.LOW,
        confidence=Confidence.LOW,
        cwe=(),
        message="somewhere",
        fix="something",
    )
    result = AuditResult(root=".", findings=[finding])
    for fmt in FORMATS:
        assert "somewhere" in render(result, fmt, rules={})
    validate_sarif(json.loads(render(result, "sarif", rules={})))
    validate_json(json.loads(render(result, "json", rules={})))
