"""Small helpers of replica pages: URLs as the browser sees them, escaping, a consent
banner, content shown late, a toast, and finding an account by what a person types.
"""

from __future__ import annotations

import html
import json
from typing import Any
from urllib.parse import quote, urlsplit

from optout_bot.sandbox.base import Replica, Request


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
