"""What the LinkedIn and X replicas share: language choice, consent banners, interstitials,
verification codes, session teardown and a few page snippets.

``SiteReplica`` adds to ``Replica`` the behaviour both sites have in common; each site module
keeps only its own pages, texts and endpoints.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote, urlsplit

import pyotp

from optout_bot.sandbox.base import Replica, Request, Response, page

DEFAULT_PIN = "123456"


class SiteReplica(Replica):
    """A replica with consent memory, pending interstitials and verification codes."""

    consent_cookie = "consent"
    extra_session_cookies: tuple[str, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.pending_interstitial: set[str] = set()  # session tokens that must see it first
        self.saves: list[dict[str, Any]] = []  # every save request: user, setting, value, result

    # --- language --------------------------------------------------------------------
    def language(self, request: Request, user: str | None = None) -> str:
        """German when the fault asks, the account prefers it, or (signed out) the browser."""
        if self.fault("language"):
            return "de"
        account = self.accounts.get(user or "") if user else None
        if account and account.get("language"):
            return "de" if str(account["language"]).lower().startswith("de") else "en"
        accept = request.headers.get("accept-language", "").strip().lower()
        return "de" if accept.startswith("de") else "en"

    # --- consent banner --------------------------------------------------------------
    def needs_consent(self, request: Request) -> bool:
        return self.fault("cookie_banner") and self.consent_cookie not in request.cookies

    def record_consent(self, request: Request) -> Response:
        choice = "accept" if (request.form.get("choice") or "accept") == "accept" else "reject"
        response = Response(204)
        return response.set_cookie(self.consent_cookie, choice, max_age=180 * 24 * 3600)

    # --- sessions --------------------------------------------------------------------
    def sign_in(self, response: Response, username: str) -> Response:
        """Start a session; with the ``interstitial`` fault it must first pass a notice page."""
        self.start_session(response, username)
        token = _cookie_value(response, self.session_cookie)
        if self.fault("interstitial") and token:
            with self.lock:
                self.pending_interstitial.add(token)
        return response

    def interstitial_due(self, request: Request) -> bool:
        with self.lock:
            return request.cookies.get(self.session_cookie, "") in self.pending_interstitial

    def clear_interstitial(self, request: Request) -> None:
        with self.lock:
            self.pending_interstitial.discard(request.cookies.get(self.session_cookie, ""))

    def end_session(self, request: Request, response: Response) -> Response:
        """Forget the session server-side and tell the browser to drop its cookies."""
        token = request.cookies.get(self.session_cookie)
        with self.lock:
            self.sessions.pop(token or "", None)
            self.pending_interstitial.discard(token or "")
        for name in (self.session_cookie, *self.extra_session_cookies):
            response.set_cookie(name, "", max_age=0)
        return response

    # --- verification codes ----------------------------------------------------------
    def code_ok(self, username: str, code: str) -> bool:
        account = self.accounts.get(username) or {}
        code = code.strip().replace(" ", "")
        if code and code == str(account.get("pin", DEFAULT_PIN)):
            return True
        secret = account.get("totp_secret")
        return bool(secret and code and pyotp.TOTP(secret).verify(code, valid_window=1))

    def record_save(self, user: str, setting: str, value: bool, result: str) -> None:
        with self.lock:
            self.saves.append({"user": user, "setting": setting, "value": value,
                               "result": result})

    def apply_save(self, user: str, changes: dict[str, bool]) -> str:
        """Keep ``changes`` (setting -> data use on?) unless a save fault stops them.

        Returns what happened, as recorded for each change: "saved", "dropped"
        (``save_not_persisted``), "error" (``save_error``) or "session_expired"; the caller
        turns it into the site's own answer.
        """
        if not changes:
            return "saved"
        result = "saved"
        if self.fault("session_expired", once=True):
            result = "session_expired"
        elif self.fault("save_error"):
            result = "error"
        elif self.fault("save_not_persisted"):
            result = "dropped"
        for setting, value in changes.items():
            self.record_save(user, setting, value, result)
        if result == "saved":
            with self.lock:
                self.settings_of(user).update(changes)
        return result

    # --- pages -----------------------------------------------------------------------
    def styled_page(self, request: Request, user: str | None, title: str, body: str, css: str,
                    status: int = 200) -> Response:
        """A whole page in the reader's language with the site's style sheet."""
        response = page(title, body, lang=self.language(request, user),
                        head=f"<style>{css}</style>")
        response.status = status
        return response


def _cookie_value(response: Response, name: str) -> str | None:
    for header, value in response.headers:
        if header == "Set-Cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None


def request_host(request: Request, default: str) -> str:
    return request.headers.get("host") or default


def absolute_url(request: Request, default_host: str, path: str) -> str:
    """The real-site URL of ``path`` as the browser sees it (https on the real host)."""
    scheme = request.headers.get("x-forwarded-proto", "https")
    return f"{scheme}://{request_host(request, default_host)}{path}"


def local_target(target: str, request: Request, hosts: tuple[str, ...]) -> str | None:
    """The path of a post-login target if it stays on this site, else None."""
    if not target:
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc:
        if parts.scheme not in ("http", "https"):
            return None
        if parts.netloc not in (*hosts, request.headers.get("host", "")):
            return None
    elif not target.startswith("/") or target.startswith("//"):
        return None
    path = parts.path or "/"
    return path + (f"?{parts.query}" if parts.query else "")


def path_with_query(request: Request) -> str:
    """The request's path and query, as the browser asked for it."""
    query = "&".join(f"{quote(k)}={quote(v)}" for k, v in request.query.items())
    return request.path + (f"?{query}" if query else "")


def esc(text: str) -> str:
    return html.escape(text, quote=True)


def js_string(value: Any) -> str:
    """A value embedded safely in an inline script."""
    return json.dumps(value, ensure_ascii=False).replace("</", "<\\/")


def consent_banner(*, text: str, accept: str, reject: str, endpoint: str) -> str:
    """A blocking consent overlay; either button records the choice and removes it."""
    return f"""
<div class="overlay consent" id="consent-overlay" role="dialog" aria-modal="true"
 aria-label="Cookies"><div><p>{esc(text)}</p>
<button type="button" data-choice="accept">{esc(accept)}</button>
<button type="button" class="secondary" data-choice="reject">{esc(reject)}</button></div></div>
<script>
document.querySelectorAll('#consent-overlay button').forEach(function (b) {{
  b.addEventListener('click', function () {{
    fetch({js_string(endpoint)}, {{method: 'POST', headers: {{'content-type':
      'application/json'}}, body: JSON.stringify({{choice: b.dataset.choice}})}})
      .finally(function () {{ document.getElementById('consent-overlay').remove(); }});
  }});
}});
</script>"""


def deferred_markup(content: str, loading: str, template_id: str, loader_id: str) -> str:
    """``content`` held in a template behind a loading note, until ``reveal_js`` shows it."""
    return (f'<div id="{loader_id}" aria-busy="true">{esc(loading)}</div>'
            f'<template id="{template_id}">{content}</template>')


def reveal_js(template_id: str, loader_id: str) -> str:
    """Script that puts the held content (``deferred_markup``) in place of the loading note."""
    return (f"var tpl = document.getElementById('{template_id}');\n"
            f"  if (tpl) {{\n"
            f"    document.getElementById('{loader_id}').replaceWith("
            f"tpl.content.cloneNode(true));\n"
            f"    tpl.remove();\n  }}")


TOAST_JS = """
function showToast(message, ok) {
  var old = document.getElementById('toast');
  if (old) old.remove();
  var t = document.createElement('div');
  t.id = 'toast';
  t.className = 'toast ' + (ok ? 'toast-ok' : 'toast-error');
  t.setAttribute('role', ok ? 'status' : 'alert');
  t.setAttribute('data-testid', 'toast');
  t.textContent = message;
  document.body.appendChild(t);
}
"""


def find_account(replica: Replica, identifier: str) -> str | None:
    """The username an identifier (username, email or phone) belongs to."""
    wanted = identifier.strip().lower()
    digits = "".join(ch for ch in wanted if ch.isdigit())
    for username, account in replica.accounts.items():
        if wanted and wanted in (username.lower(), str(account.get("email", "")).lower()):
            return username
        phone = "".join(ch for ch in str(account.get("phone", "")) if ch.isdigit())
        if digits and phone and (digits == phone or digits.endswith(phone)):
            return username
    return None
