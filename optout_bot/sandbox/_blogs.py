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

from optout_bot.sandbox._common import SiteReplica, consent_banner, esc, js_string
from optout_bot.sandbox._policies import PolicyPages
from optout_bot.sandbox.base import Request, Response, json_response, page

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
    return (f'<div id="{name}-loader" aria-busy="true">{esc(loading)}</div>'
            f'<template id="{name}">{content}</template>'
            f"<script>setTimeout(function () {{ var t = document.getElementById('{name}');"
            f"document.getElementById('{name}-loader').replaceWith(t.content.cloneNode(true));"
            f"t.remove(); document.dispatchEvent(new Event('rendered')); }}, "
            f"{SLOW_MS if slow else 0});</script>")


class ScopedReplica(PolicyPages, SiteReplica):
    """A replica whose accounts own several blogs or sites, each with its own setting."""

    FAULTS = FAULTS
    login_path = "/login"
    text: dict[str, dict[str, Any]] = {}  # language -> the texts the shared pages use

    def t(self, request: Request, user: str | None = None) -> dict[str, Any]:
        return self.text[self.language(request, user)]

    def form_key(self, request: Request) -> str:
        """The page's anti-forgery token, bound to the session."""
        token = request.cookies.get(self.session_cookie, "")
        return hashlib.sha256(f"form-key:{token}".encode()).hexdigest()[:24]

    # --- pages -----------------------------------------------------------------------
    def banner(self, request: Request, user: str | None) -> str:
        if not self.needs_consent(request):
            return ""
        t = self.t(request, user)
        return consent_banner(text=t["cookies"], accept=t["accept"], reject=t["reject"],
                              endpoint="/consent")

    def html(self, request: Request, user: str | None, title: str, body: str, css: str,
             status: int = 200) -> Response:
        response = page(title, body + self.banner(request, user),
                        lang=self.language(request, user), head=f"<style>{css}</style>")
        response.status = status
        return response

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
        for key, value in changes.items():
            if self.fault("session_expired", once=True):
                self.record_save(user, key, value, "session_expired")
                return self.end_session(request, json_response({"error": "signed out"}, 401))
            if self.fault("save_error"):
                self.record_save(user, key, value, "error")
                return json_response({"error": "internal error"}, 500)
            if self.fault("save_not_persisted"):
                self.record_save(user, key, value, "dropped")
                continue
            with self.lock:
                self.settings_of(user)[key] = value
            self.record_save(user, key, value, "saved")
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
