"""A tiny web framework for replica sites: one threaded HTTP server per replica on loopback.

A replica keeps its state server-side per account (so a setting survives a reload only if
the page's own save request reached the server), issues session cookies, redirects like
the real site, and can switch on faults. Replicas are reached through the tool's site
override, so they see the real host name in ``Host`` and answer with real-host URLs.

Control endpoints for tests and for a person exploring ``optout sandbox serve``:
``GET /__sandbox__/state`` (JSON: accounts, their settings, faults) and
``POST /__sandbox__/faults`` (form or JSON ``{"faults": "a,b"}``).
"""

from __future__ import annotations

import html
import json
import secrets
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from http.cookies import SimpleCookie
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import parse_qs, urlsplit


@dataclass
class Request:
    method: str
    path: str
    query: dict[str, str]
    headers: dict[str, str]
    cookies: dict[str, str]
    body: bytes = b""

    @property
    def form(self) -> dict[str, str]:
        ctype = self.headers.get("content-type", "")
        if "json" in ctype:
            try:
                data = json.loads(self.body or b"{}")
            except ValueError:
                return {}
            return {k: v if isinstance(v, str) else json.dumps(v) for k, v in data.items()}
        return {k: v[-1] for k, v in parse_qs(self.body.decode("utf-8", "replace")).items()}

    @property
    def json(self) -> Any:
        try:
            return json.loads(self.body or b"null")
        except ValueError:
            return None


@dataclass
class Response:
    status: int = 200
    body: str | bytes = ""
    content_type: str = "text/html; charset=utf-8"
    headers: list[tuple[str, str]] = field(default_factory=list)

    def set_cookie(self, name: str, value: str, *, max_age: int | None = None) -> Response:
        cookie = f"{name}={value}; Path=/; Secure; HttpOnly; SameSite=Lax"
        if max_age is not None:
            cookie += f"; Max-Age={max_age}"
        self.headers.append(("Set-Cookie", cookie))
        return self


def redirect(location: str, status: int = 302) -> Response:
    return Response(status=status, headers=[("Location", location)])


def json_response(data: Any, status: int = 200) -> Response:
    return Response(status=status, body=json.dumps(data), content_type="application/json")


def page(title: str, body: str, *, lang: str = "en", head: str = "") -> Response:
    return Response(body=(
        f'<!doctype html><html lang="{lang}"><head><meta charset="utf-8">'
        f"<title>{html.escape(title)}</title>"
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<style>{BASE_CSS}</style>{head}</head><body>{body}</body></html>"
    ))


BASE_CSS = """
body{font-family:system-ui,sans-serif;margin:0;background:#f4f2ee;color:#1d1d1d}
main,.card{max-width:760px;margin:24px auto;background:#fff;border-radius:8px;padding:24px}
label{display:block;margin:8px 0}
input[type=text],input[type=email],input[type=password],textarea{width:100%;padding:8px;
 font-size:16px;box-sizing:border-box}
button{padding:8px 16px;font-size:15px;border-radius:16px;border:1px solid #0a66c2;
 background:#0a66c2;color:#fff;cursor:pointer}
.toast{position:fixed;bottom:16px;left:16px;padding:12px;background:#333;color:#fff}
.overlay{position:fixed;inset:0;background:rgba(0,0,0,.5);display:flex;align-items:center;
 justify-content:center;z-index:10}
.overlay>div{background:#fff;padding:24px;border-radius:8px;max-width:480px}
"""


class Replica:
    """Base of every replica: accounts, sessions, faults and the request dispatch.

    Subclasses set ``platform`` and ``hosts`` and implement ``route(request) -> Response``.
    ``FAULTS`` names the faults a replica understands; ``settings_defaults`` the per-account
    state a new account starts with.
    """

    platform = ""
    hosts: tuple[str, ...] = ()
    FAULTS: tuple[str, ...] = ()
    session_cookie = "session"

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.accounts: dict[str, dict[str, Any]] = {}
        self.sessions: dict[str, str] = {}
        self.faults: set[str] = set()
        self.requests: list[tuple[str, str]] = []  # (method, path) log, for tests

    # --- accounts and sessions -------------------------------------------------------
    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        with self.lock:
            account = {"username": username, "password": password,
                       "settings": dict(self.settings_defaults()), **state}
            self.accounts[username] = account
            return account

    def settings_defaults(self) -> dict[str, Any]:
        return {}

    def demo_environment(self, username: str) -> dict[str, str]:
        """What a person of ``optout demo`` would set for this site's account (a page to
        check, an API key of the replica's own), by environment variable."""
        return {}

    def settings_of(self, username: str) -> dict[str, Any]:
        return self.accounts[username]["settings"]

    def check_password(self, username: str, password: str) -> dict[str, Any] | None:
        account = self.accounts.get(username)
        if account and secrets.compare_digest(account["password"], password):
            return account
        return None

    def start_session(self, response: Response, username: str) -> Response:
        token = secrets.token_urlsafe(24)
        with self.lock:
            self.sessions[token] = username
        return response.set_cookie(self.session_cookie, token)

    def current_user(self, request: Request) -> str | None:
        token = request.cookies.get(self.session_cookie)
        with self.lock:
            return self.sessions.get(token) if token else None

    def expire_sessions(self) -> None:
        with self.lock:
            self.sessions.clear()

    # --- faults ----------------------------------------------------------------------
    def set_faults(self, names: set[str] | str) -> None:
        if isinstance(names, str):
            names = {n.strip() for n in names.split(",") if n.strip()}
        unknown = set(names) - set(self.FAULTS)
        if unknown:
            raise ValueError(f"{self.platform} replica has no fault {sorted(unknown)}; "
                             f"known: {', '.join(self.FAULTS)}")
        with self.lock:
            self.faults = set(names)

    def fault(self, name: str, *, once: bool = False) -> bool:
        """Is this fault on? ``once``: it fires a single time and switches itself off."""
        with self.lock:
            if name in self.faults:
                if once:
                    self.faults.discard(name)
                return True
            return False

    # --- dispatch --------------------------------------------------------------------
    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {
                "platform": self.platform,
                "faults": sorted(self.faults),
                "accounts": {u: {k: v for k, v in a.items() if k != "password"}
                             for u, a in self.accounts.items()},
            }

    def dispatch(self, request: Request) -> Response:
        with self.lock:
            self.requests.append((request.method, request.path))
        if request.path == "/__sandbox__/state":
            return json_response(self.snapshot())
        if request.path == "/__sandbox__/faults" and request.method == "POST":
            try:
                self.set_faults(request.form.get("faults", ""))
            except ValueError as exc:
                return json_response({"error": str(exc)}, 400)
            return json_response(self.snapshot())
        return self.route(request)

    def route(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    replica: Replica

    def _serve(self) -> None:
        parts = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        cookies: dict[str, str] = {}
        for header in self.headers.get_all("Cookie") or []:
            jar = SimpleCookie()
            try:
                jar.load(header)
            except Exception:  # noqa: BLE001 - a malformed cookie header is ignored
                continue
            cookies.update({k: m.value for k, m in jar.items()})
        request = Request(
            method=self.command,
            path=parts.path,
            query={k: v[-1] for k, v in parse_qs(parts.query).items()},
            headers={k.lower(): v for k, v in self.headers.items()},
            cookies=cookies,
            body=body,
        )
        try:
            response = self.replica.dispatch(request)
        except Exception as exc:  # noqa: BLE001 - a replica bug is a 500, as on a real site
            response = Response(500, f"replica error: {type(exc).__name__}: {exc}",
                                "text/plain")
        data = response.body.encode() if isinstance(response.body, str) else response.body
        self.send_response(response.status)
        self.send_header("Content-Type", response.content_type)
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Cache-Control", "no-store")
        for name, value in response.headers:
            self.send_header(name, value)
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(data)

    do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = do_HEAD = _serve

    def log_message(self, *args: Any) -> None:
        pass


class ReplicaServer:
    """Serve one replica on 127.0.0.1 in a background thread."""

    def __init__(self, replica: Replica, port: int = 0):
        handler = type("Handler", (_Handler,), {"replica": replica})
        self.replica = replica
        self.httpd = ThreadingHTTPServer(("127.0.0.1", port), handler)
        self.httpd.daemon_threads = True
        self.thread = threading.Thread(target=self.httpd.serve_forever, args=(0.05,),
                                       daemon=True)

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.httpd.server_port}"

    def start(self) -> ReplicaServer:
        self.thread.start()
        return self

    def serve(self, replica: Replica) -> None:
        """Answer with ``replica`` from now on."""
        self.replica = replica
        self.httpd.RequestHandlerClass.replica = replica  # type: ignore[attr-defined]

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


def field_html(label: str, **attrs: str) -> str:
    rendered = " ".join(f'{k.rstrip("_").replace("_", "-")}="{html.escape(v)}"'
                        for k, v in attrs.items())
    return f"<label>{html.escape(label)}<input {rendered}></label>"


Route = Callable[[Request], Response]
