"""What the Tumblr and WordPress.com replicas share: accounts with several blogs or sites,
names made from the username (so a demo account's blogs keep their names), and the faults
of settings pages and of saves.

The state of an account is keyed by the flow's result ids (``"third-party-sharing:<blog>"``),
True meaning the content is shared (the "Prevent third-party sharing" box is unticked).
"""

from __future__ import annotations

import hashlib
import re
from typing import Any
from urllib.parse import quote

from optout_bot.sandbox._common import (
    SiteReplica,
    consent_banner,
    deferred_markup,
    esc,
    js_string,
    local_target,
    path_with_query,
    reveal_js,
)
from optout_bot.sandbox._policies import PolicyPages
from optout_bot.sandbox.base import Request, Response, json_response, redirect

SHARING = "third-party-sharing"
FAULTS = ("cookie_banner", "interstitial", "slow_render", "save_error", "save_not_persisted",
          "session_expired", "rate_limit", "captcha", "challenge", "transient_error",
          "layout_variant", "language")
SLOW_MS = 2500


def base_name(username: str, joiner: str = "-") -> str:
    """A blog or site name from a username: ``"ada.l@example.com"`` -> ``"ada-l"``."""
    local = username.split("@", 1)[0].lower()
    name = re.sub(r"[^a-z0-9]+", joiner, local).strip("-")
    return (name or "blog")[:24]


def sharing_key(scope: str) -> str:
    return f"{SHARING}:{scope}"


def deferred(content: str, loading: str, slow: bool, name: str = "deferred") -> str:
    """Markup the page's script shows at once, or after a while (``slow_render``)."""
    return (deferred_markup(content, loading, name, f"{name}-loader")
            + f"<script>setTimeout(function () {{ {reveal_js(name, f'{name}-loader')}\n"
            f"  document.dispatchEvent(new Event('rendered')); }}, {SLOW_MS if slow else 0});"
            "</script>")


class ScopedReplica(PolicyPages, SiteReplica):
    """A replica whose accounts own several blogs or sites, each with its own setting."""

    FAULTS = FAULTS
    login_path = "/login"
    home_path = "/"  # where a signed-in person lands
    text: dict[str, dict[str, Any]] = {}  # language -> the texts the shared pages use

    def t(self, request: Request, user: str | None = None) -> dict[str, Any]:
        return self.text[self.language(request, user)]

    def form_key(self, request: Request) -> str:
        """The page's anti-forgery token, bound to the session."""
        token = request.cookies.get(self.session_cookie, "")
        return hashlib.sha256(f"form-key:{token}".encode()).hexdigest()[:24]

    # --- navigation ------------------------------------------------------------------
    def target(self, request: Request) -> str | None:
        """The on-site page the request asks to go to next (``redirect_to``), if any."""
        wanted = request.query.get("redirect_to") or request.form.get("redirect_to")
        return local_target(wanted or "", request, self.hosts)

    def detour(self, path: str, request: Request) -> Response:
        """A redirect to ``path`` (sign-in, a notice) that comes back to this page after."""
        return redirect(f"{path}?redirect_to=" + quote(path_with_query(request), safe=""))

    def login_or_home(self, request: Request, user: str | None) -> Response:
        """The sign-in page, or for someone signed in the page they were going to."""
        if user:
            return redirect(self.target(request) or self.home_path)
        return self.login_page(request)

    def login_page(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def pass_notice(self, request: Request) -> Response:
        """The notice page's "not now": the session goes on where it was going."""
        self.clear_interstitial(request)
        return redirect(self.target(request) or self.home_path, 303)

    # --- pages -----------------------------------------------------------------------
    def banner(self, request: Request, user: str | None) -> str:
        if not self.needs_consent(request):
            return ""
        t = self.t(request, user)
        return consent_banner(text=t["cookies"], accept=t["accept"], reject=t["reject"],
                              endpoint="/consent")

    def html(self, request: Request, user: str | None, title: str, body: str, css: str,
             status: int = 200) -> Response:
        return self.styled_page(request, user, title, body + self.banner(request, user), css,
                                status)

    def notice_page(self, request: Request, user: str, *, title: str, text: str, action: str,
                    button: str, css: str) -> Response:
        """The notice a fresh session must pass; ``button`` posts to ``action`` and goes on."""
        body = f"""<main class="card"><h1>{title}</h1><p>{text}</p>
<form method="post" action="{action}">
<input type="hidden" name="redirect_to" value="{esc(request.query.get("redirect_to", ""))}">
<button type="submit">{button}</button></form></main>"""
        return self.html(request, user, title, body, css)

    def page_fault(self, request: Request, user: str) -> tuple[int, str] | None:
        """A settings page refused: (status, message) for rate_limit or transient_error."""
        t = self.t(request, user)
        if self.fault("rate_limit"):
            return 429, t["rate"]
        if self.fault("transient_error", once=True):
            return 500, t["broken"]
        return None

    # --- saves -----------------------------------------------------------------------
    def store(self, request: Request, user: str | None, changes: dict[str, bool]) -> Response:
        """Save ``changes`` (state key -> shared?) as the page's own request asks."""
        if user is None:
            return json_response({"error": "not signed in"}, 401)
        if request.headers.get("x-form-key") != self.form_key(request):
            return json_response({"error": "bad form key"}, 403)
        result = self.apply_save(user, changes)
        if result == "session_expired":
            return self.end_session(request, json_response({"error": "signed out"}, 401))
        if result == "error":
            return json_response({"error": "internal error"}, 500)
        return json_response({"ok": True})


SAVE_JS = """
function postJSON(url, data) {
  return fetch(url, {method: 'POST', headers: {'content-type': 'application/json',
    'x-form-key': FORM_KEY}, body: JSON.stringify(data)}).then(function (r) {
      if (r.status === 401) {
        location.href = LOGIN + '?redirect_to=' + encodeURIComponent(location.pathname);
        throw new Error('signed out');
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json();
  });
}
"""


def save_script(request_key: str, login_path: str) -> str:
    return (f"var FORM_KEY = {js_string(request_key)}; var LOGIN = {js_string(login_path)};"
            + SAVE_JS)
