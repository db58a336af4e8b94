"""M02/M21: the HTTPS redirect, ProxyFix hop counts and trusted hosts."""

from __future__ import annotations

import pytest
from flask import Flask, jsonify, request
from werkzeug.http import parse_list_header
from werkzeug.middleware.proxy_fix import ProxyFix

from flask_bastion import Bastion, ConfigurationError
from flask_bastion.mitigations.transport import _list_items, _ProxyFix


def build(app_factory, **config) -> Flask:
    app: Flask = app_factory(**config)

    @app.route("/where", methods=["GET", "POST"])
    def where():
        return jsonify(
            scheme=request.scheme,
            host=request.host,
            remote_addr=request.remote_addr,
            secure=request.is_secure,
        )

    return app


def production(app_factory, **config) -> Flask:
    return build(app_factory, BASTION_PROFILE="production", **config)


# -- HTTPS redirect ----------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "base_url", "location"),
    [
        pytest.param("/where", "http://app.example", "https://app.example/where", id="path"),
        pytest.param(
            "/where?q=a%20b&x=%26",
            "http://app.example",
            "https://app.example/where?q=a%20b&x=%26",
            id="query-kept",
        ),
        pytest.param("/where", "http://app.example:80", "https://app.example/where", id="port-80"),
        pytest.param(
            "/where", "http://app.example:8080", "https://app.example:8080/where", id="other-port"
        ),
        pytest.param(
            "/where", "http://app.example/mounted/", "https://app.example/mounted/where", id="root"
        ),
        pytest.param(
            "/a%3Fb", "http://app.example", "https://app.example/a%3Fb", id="encoded-path"
        ),
    ],
)
def test_plain_http_get_is_redirected_to_the_same_url_on_https(
    app_factory, url, base_url, location
) -> None:
    response = production(app_factory).test_client().get(url, base_url=base_url)
    assert response.status_code == 308
    assert response.headers["Location"] == location


@pytest.mark.parametrize("method", ["HEAD", "OPTIONS"])
def test_other_safe_methods_are_redirected(app_factory, method) -> None:
    response = production(app_factory).test_client().open("/where", method=method)
    assert response.status_code == 308


@pytest.mark.parametrize("method", ["POST", "PUT", "DELETE"])
def test_plain_http_state_changes_are_refused_not_redirected(app_factory, method) -> None:
    response = production(app_factory).test_client().open("/where", method=method, data={"a": 1})
    assert response.status_code == 403
    assert "Location" not in response.headers
    assert "HTTPS" in response.get_data(as_text=True)


def test_https_requests_reach_the_view(app_factory) -> None:
    response = production(app_factory).test_client().get("/where", base_url="https://localhost")
    assert response.status_code == 200
    assert response.get_json()["scheme"] == "https"


def test_redirect_carries_the_security_headers(app_factory) -> None:
    response = production(app_factory).test_client().get("/where")
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert "Strict-Transport-Security" not in response.headers, "HSTS is ignored over http"


def test_development_and_testing_do_not_redirect(app_factory) -> None:
    for profile in ("development", "testing"):
        app = build(app_factory, BASTION_PROFILE=profile)
        assert app.test_client().get("/where").status_code == 200


# -- ProxyFix ----------------------------------------------------------------

FORGED = {
    "X-Forwarded-Proto": "https",
    "X-Forwarded-Host": "evil.example",
    "X-Forwarded-For": "6.6.6.6",
}


def test_forwarded_headers_are_ignored_without_trusted_proxies(app_factory) -> None:
    app = build(app_factory)
    assert not isinstance(app.wsgi_app, ProxyFix)
    seen = app.test_client().get("/where", headers=FORGED, environ_base={"REMOTE_ADDR": "10.0.0.9"})
    assert seen.get_json() == {
        "scheme": "http",
        "host": "localhost",
        "remote_addr": "10.0.0.9",
        "secure": False,
    }


def test_forged_forwarded_proto_does_not_escape_the_https_redirect(app_factory) -> None:
    response = production(app_factory).test_client().get("/where", headers=FORGED)
    assert response.status_code == 308


def test_one_trusted_proxy_is_honoured(app_factory) -> None:
    app = production(app_factory, BASTION_TRUSTED_PROXIES=1)
    seen = app.test_client().get("/where", headers=FORGED)
    assert seen.status_code == 200
    assert seen.get_json() == {
        "scheme": "https",
        "host": "evil.example",
        "remote_addr": "6.6.6.6",
        "secure": True,
    }


@pytest.mark.parametrize(
    ("proxies", "client_ip"),
    [pytest.param(1, "198.51.100.2", id="one-hop"), pytest.param(2, "203.0.113.1", id="two-hops")],
)
def test_hop_count_picks_the_address_the_last_trusted_proxy_saw(
    app_factory, proxies, client_ip
) -> None:
    app = build(app_factory, BASTION_TRUSTED_PROXIES=proxies)
    headers = {"X-Forwarded-For": "6.6.6.6, 203.0.113.1, 198.51.100.2"}
    assert app.test_client().get("/where", headers=headers).get_json()["remote_addr"] == client_ip


@pytest.mark.parametrize(
    "value",
    [
        pytest.param("203.0.113.7", id="one-address"),
        pytest.param("6.6.6.6, 203.0.113.1,198.51.100.2", id="chain"),
        pytest.param("[2001:db8::1]:8443, 2001:db8::2", id="ipv6"),
        pytest.param("https", id="scheme"),
        pytest.param("app.example:8443", id="host-port"),
        pytest.param("  padded , x ", id="padding"),
        pytest.param("a,,b", id="empty-item"),
        pytest.param(",", id="only-comma"),
        pytest.param(" ", id="only-space"),
        pytest.param('"quoted, item", 1.2.3.4', id="quoted-comma"),
        pytest.param('1.2.3.4, "unclosed', id="unclosed-quote"),
        pytest.param("a\\,b", id="backslash"),
        pytest.param("1.2.3.4\t, 5.6.7.8", id="tab"),
        pytest.param("1.2.3.4\x0b", id="vertical-tab"),
        pytest.param("caf\u00e9.example", id="non-ascii"),
    ],
)
@pytest.mark.parametrize("hops", [1, 2, 3])
def test_header_values_are_read_exactly_as_werkzeug_proxy_fix_reads_them(
    value: str, hops: int
) -> None:
    ours = _ProxyFix(lambda e, s: [], x_for=hops)
    werkzeugs = ProxyFix(lambda e, s: [], x_for=hops)
    assert ours._get_real_value(hops, value) == werkzeugs._get_real_value(hops, value)
    assert _list_items(value) == parse_list_header(value)


def test_the_proxy_layer_is_still_a_proxy_fix(app_factory) -> None:
    app = app_factory(BASTION_TRUSTED_PROXIES=1, BASTION_HEADERS=False)
    assert isinstance(app.wsgi_app, ProxyFix), "tools that look for ProxyFix still find it"


def test_an_app_that_already_wraps_proxy_fix_is_refused(app_factory) -> None:
    app = app_factory(guard=False, BASTION_TRUSTED_PROXIES=1)
    app.wsgi_app = ProxyFix(app.wsgi_app, x_proto=1)
    with pytest.raises(ConfigurationError, match="twice") as caught:
        Bastion(app)
    assert caught.value.setting == "BASTION_TRUSTED_PROXIES"


# -- trusted hosts -----------------------------------------------------------


@pytest.mark.parametrize(
    ("host", "status"),
    [
        pytest.param("app.example", 200, id="trusted"),
        pytest.param("app.example:8443", 200, id="trusted-with-port"),
        pytest.param("eu.cdn.example", 200, id="subdomain-pattern"),
        pytest.param("evil.example", 400, id="forged"),
        pytest.param("app.example.evil.example", 400, id="forged-suffix"),
    ],
)
def test_forged_host_is_refused(app_factory, host, status) -> None:
    app = build(app_factory, BASTION_TRUSTED_HOSTS=["app.example", ".cdn.example"])
    assert app.config["TRUSTED_HOSTS"] == ["app.example", ".cdn.example"]
    response = app.test_client().get("/where", headers={"Host": host})
    assert response.status_code == status


def test_forged_host_gets_no_redirect_to_itself(app_factory) -> None:
    app = production(app_factory, BASTION_TRUSTED_HOSTS=["app.example"])
    response = app.test_client().get("/where", base_url="http://evil.example")
    assert response.status_code == 400
    assert "Location" not in response.headers


def test_forwarded_host_is_checked_too(app_factory) -> None:
    app = build(app_factory, BASTION_TRUSTED_PROXIES=1, BASTION_TRUSTED_HOSTS=["app.example"])
    client = app.test_client()
    assert client.get("/where", headers={"X-Forwarded-Host": "app.example"}).status_code == 200
    assert client.get("/where", headers={"X-Forwarded-Host": "evil.example"}).status_code == 400


def test_matching_flask_trusted_hosts_is_accepted(app_factory) -> None:
    app = build(app_factory, TRUSTED_HOSTS=["app.example"], BASTION_TRUSTED_HOSTS=["app.example"])
    assert app.config["TRUSTED_HOSTS"] == ["app.example"]


# -- settings ----------------------------------------------------------------


@pytest.mark.parametrize(
    ("config", "key"),
    [
        pytest.param(
            {"BASTION_TRUSTED_PROXIES": -1}, "BASTION_TRUSTED_PROXIES", id="proxies-negative"
        ),
        pytest.param(
            {"BASTION_TRUSTED_PROXIES": True}, "BASTION_TRUSTED_PROXIES", id="proxies-bool"
        ),
        pytest.param(
            {"BASTION_TRUSTED_PROXIES": "1"}, "BASTION_TRUSTED_PROXIES", id="proxies-string"
        ),
        pytest.param(
            {"BASTION_TRUSTED_PROXIES": 1.0}, "BASTION_TRUSTED_PROXIES", id="proxies-float"
        ),
        pytest.param(
            {"BASTION_TRUSTED_HOSTS": "app.example"}, "BASTION_TRUSTED_HOSTS", id="hosts-string"
        ),
        pytest.param({"BASTION_TRUSTED_HOSTS": []}, "BASTION_TRUSTED_HOSTS", id="hosts-empty"),
        pytest.param(
            {"BASTION_TRUSTED_HOSTS": [""]}, "BASTION_TRUSTED_HOSTS", id="hosts-empty-name"
        ),
        pytest.param(
            {"BASTION_TRUSTED_HOSTS": ["a.example"], "TRUSTED_HOSTS": ["b.example"]},
            "BASTION_TRUSTED_HOSTS",
            id="hosts-disagree-with-flask",
        ),
        pytest.param(
            {"BASTION_FORCE_HTTPS": "yes"}, "BASTION_FORCE_HTTPS", id="force-https-string"
        ),
    ],
)
def test_bad_settings_fail_at_start_up_naming_the_key(app_factory, config, key) -> None:
    with pytest.raises(ConfigurationError) as caught:
        app_factory(**config)
    assert caught.value.setting == key
    assert key in str(caught.value)


def test_trusted_hosts_set_after_init_still_guard_the_redirect(app_factory) -> None:
    app = production(app_factory)
    app.config["TRUSTED_HOSTS"] = ["app.example"]
    client = app.test_client()
    assert client.get("/where", base_url="http://evil.example").status_code == 400
    assert client.get("/where", base_url="http://app.example").status_code == 308
