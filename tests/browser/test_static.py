"""`covergraph serve` serves the web UI at / and its packages at /vendor/, beside the API."""

from __future__ import annotations

import re

import httpx

from tests.support.serving import Server

SCRIPT_OR_STYLE = re.compile(r'(?:src|href)="([^"#][^"]*)"')  # links within the page aside


def test_index_and_everything_it_loads_are_served_locally(api_server: Server) -> None:
    index = httpx.get(f"{api_server.url}/")
    assert index.status_code == 200
    assert "text/html" in index.headers["content-type"]
    for path in SCRIPT_OR_STYLE.findall(index.text):
        assert path.startswith("/"), f"{path} is not served by covergraph"
        assert httpx.get(f"{api_server.url}{path}").status_code == 200, path


def test_the_modules_import_only_local_files(api_server: Server) -> None:
    app = httpx.get(f"{api_server.url}/js/app.js").text
    for module in re.findall(r"from '\./([\w.]+)'", app):
        text = httpx.get(f"{api_server.url}/js/{module}").text
        assert not re.search(r"https?://", text), module


def test_api_routes_stay_as_they_were(api_server: Server) -> None:
    assert httpx.get(f"{api_server.url}/health").status_code == 200
    graphiql = httpx.get(f"{api_server.url}/graphql", headers={"Accept": "text/html"})
    assert graphiql.status_code == 200
    assert "graphiql" in graphiql.text.lower()
    assert httpx.get(f"{api_server.url}/no-such-page.js").status_code == 404
