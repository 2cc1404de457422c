"""A small OpenID Connect provider for tests: discovery, a sign-in page, the code flow, RS256
ID tokens (Authlib's JOSE), JWKS and userinfo, on a local port.

Users sign in by pressing the button with their address on the provider's page, as they would
choose an account at their organisation's provider; no password. Enough for Streamlit's st.login
(Authlib's client) to run its real flow against it: nothing of the app is mocked.
"""

from __future__ import annotations

import contextlib
import html
import json
import secrets
import threading
import time
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

from authlib.jose import JsonWebKey, jwt

CLIENT_ID = "programme-dashboard"
CLIENT_SECRET = "test-client-secret"


@dataclass
class Provider:
    users: Mapping[str, Sequence[str]]  # e-mail address -> groups
    url: str = ""
    key: object = field(
        default_factory=lambda: JsonWebKey.generate_key("RSA", 2048, is_private=True)
    )
    codes: dict[str, dict] = field(default_factory=dict)
    tokens: dict[str, dict] = field(default_factory=dict)

    def claims(self, email: str, nonce: str | None) -> dict:
        now = int(time.time())
        claims = {
            "iss": self.url,
            "sub": email,
            "aud": CLIENT_ID,
            "iat": now,
            "exp": now + 600,
            "email": email,
            "email_verified": True,
            "name": email.split("@")[0],
            "groups": list(self.users[email]),
        }
        if nonce:
            claims["nonce"] = nonce
        return claims

    def metadata(self) -> dict:
        return {
            "issuer": self.url,
            "authorization_endpoint": f"{self.url}/authorize",
            "token_endpoint": f"{self.url}/token",
            "userinfo_endpoint": f"{self.url}/userinfo",
            "jwks_uri": f"{self.url}/jwks",
            "response_types_supported": ["code"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["openid", "email", "profile"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post"],
            "code_challenge_methods_supported": ["S256", "plain"],
            "claims_supported": ["sub", "email", "email_verified", "name", "groups"],
        }


def _handler(provider: Provider) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        def log_message(self, *args: object) -> None:  # quiet
            pass

        def _send(self, status: int, body: bytes, kind: str, headers: dict | None = None) -> None:
            self.send_response(status)
            self.send_header("Content-Type", kind)
            self.send_header("Content-Length", str(len(body)))
            for name, value in (headers or {}).items():
                self.send_header(name, value)
            self.end_headers()
            self.wfile.write(body)

        def _json(self, data: dict, status: int = 200) -> None:
            self._send(status, json.dumps(data).encode(), "application/json")

        def do_GET(self) -> None:
            parts = urlsplit(self.path)
            query = {k: v[0] for k, v in parse_qs(parts.query).items()}
            if parts.path == "/.well-known/openid-configuration":
                self._json(provider.metadata())
            elif parts.path == "/jwks":
                self._json({"keys": [provider.key.as_dict(is_private=False, alg="RS256")]})
            elif parts.path == "/authorize":
                buttons = "".join(
                    f'<button name="email" value="{html.escape(e)}">{html.escape(e)}</button>'
                    for e in provider.users
                )
                hidden = "".join(
                    f'<input type="hidden" name="{html.escape(k)}" value="{html.escape(v)}">'
                    for k, v in query.items()
                )
                form = f'<form method="post" action="/authorize">{hidden}{buttons}</form>'
                page = f"<h1>Test provider</h1>{form}"
                self._send(200, page.encode(), "text/html; charset=utf-8")
            elif parts.path == "/userinfo":
                token = self.headers.get("Authorization", "").removeprefix("Bearer ")
                if token not in provider.tokens:
                    self._json({"error": "invalid_token"}, 401)
                    return
                self._json(provider.tokens[token])
            else:
                self._send(404, b"not found", "text/plain")

        def do_POST(self) -> None:
            length = int(self.headers.get("Content-Length") or 0)
            form = {k: v[0] for k, v in parse_qs(self.rfile.read(length).decode()).items()}
            parts = urlsplit(self.path)
            if parts.path == "/authorize":
                email = form["email"]
                code = secrets.token_urlsafe(16)
                provider.codes[code] = {"email": email, "nonce": form.get("nonce")}
                target = (
                    form["redirect_uri"] + "?" + urlencode({"code": code, "state": form["state"]})
                )
                self._send(302, b"", "text/plain", {"Location": target})
            elif parts.path == "/token":
                grant = provider.codes.pop(form.get("code", ""), None)
                if grant is None:
                    self._json({"error": "invalid_grant"}, 400)
                    return
                claims = provider.claims(grant["email"], grant["nonce"])
                id_token = jwt.encode(
                    {"alg": "RS256", "kid": provider.key.as_dict()["kid"]}, claims, provider.key
                ).decode()
                access = secrets.token_urlsafe(16)
                provider.tokens[access] = claims
                self._json(
                    {
                        "access_token": access,
                        "token_type": "Bearer",
                        "expires_in": 600,
                        "id_token": id_token,
                        "scope": "openid email profile",
                    }
                )
            else:
                self._send(404, b"not found", "text/plain")

    return Handler


@contextlib.contextmanager
def serve(users: Mapping[str, Sequence[str]]) -> Iterator[Provider]:
    provider = Provider(users)
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(provider))
    provider.url = f"http://127.0.0.1:{server.server_address[1]}"
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield provider
    finally:
        server.shutdown()
        server.server_close()
