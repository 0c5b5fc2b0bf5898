"""A tiny HTTP client for the bench: keeps the session cookie, never follows redirects.

The app marks its cookies Secure in production; on loopback the bench sends them back
over plain HTTP itself (a browser would not, which is why the bench does it by hand).
"""

from __future__ import annotations

import http.client
from urllib.parse import urlencode

from bench.pages import csrf_from, login_form


class Client:
    """One signed-in (or anonymous) visitor of a server on 127.0.0.1:port."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: str | None = None) -> tuple[int, str]:
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=60)
        headers = {"Cookie": self.cookie_header()} if self.cookies else {}
        if body is not None:
            headers["Content-Type"] = "application/x-www-form-urlencoded"
        conn.request(method, path, body=body, headers=headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            value = rest.split(";", 1)[0]
            if value:
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        conn.close()
        return response.status, text

    def get(self, path: str) -> tuple[int, str]:
        return self.request("GET", path)

    def post(self, path: str, fields: dict | list) -> tuple[int, str]:
        return self.request("POST", path, urlencode(fields, doseq=True))

    def cookie_header(self) -> str:
        return "; ".join(f"{k}={v}" for k, v in self.cookies.items())

    def login(self, username: str) -> None:
        status, html = self.get("/login")
        status, text = self.post("/login", login_form(username, csrf_from(html)))
        if status != 302:
            raise RuntimeError(f"sign-in of {username} failed with HTTP {status}: {text[:300]}")
