"""What the Tumblr and WordPress.com replicas share: accounts with several blogs or sites,
names made from the username (so a demo account's blogs keep their names), content a
page's script shows late, and the script that saves a change.

The state of an account is keyed by the flow's result ids (``"third-party-sharing:<blog>"``),
True meaning the content is shared (the "Prevent third-party sharing" box is unticked).
"""

from __future__ import annotations

import re

from optout_bot.sandbox._common import deferred_markup, js_string, reveal_js

SHARING = "third-party-sharing"
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
