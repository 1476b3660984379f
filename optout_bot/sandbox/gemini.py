"""Gemini replica: "Keep Activity" on myactivity.google.com/product/gemini, signed in by hand.

The page says whether Keep Activity is on and offers "Turn off" (or "Turn on"); "Turn
off" opens a menu: "Turn off" or "Turn off and delete activity". Each choice is saved by
the page's own ``POST``; ``deleted`` lists the accounts whose history was deleted. The
older layout (``layout_variant``) calls it "Gemini Apps Activity". A Workspace account
(``plan="workspace"``) is managed by its administrator: the page says so, no button.
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._common import TOAST_JS, js_string
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response

WORDS = {
    "en": {"name": "Keep Activity", "old": "Gemini Apps Activity", "is": "{name} is {state}",
           "on": "on", "off": "off", "turn_off": "Turn off", "turn_on": "Turn on",
           "delete": "Turn off and delete activity",
           "managed": "Your administrator manages Gemini Apps Activity for this account."},
    "de": {"name": "Aktivitäten speichern", "old": "Gemini-Apps-Aktivitäten",
           "is": "{name} ist {state}", "on": "an", "off": "aus", "turn_off": "Deaktivieren",
           "turn_on": "Aktivieren", "delete": "Deaktivieren und Aktivitäten löschen",
           "managed": "Ihr Administrator verwaltet die Gemini-Apps-Aktivitäten."},
}

PAGE = """<h1>Gemini Apps</h1><h2>{label}</h2>
{late}
<script>{toast}var CONFIG = {config};
function send(change) {{
  fetch(CONFIG.save, {{method: 'POST', headers: {{'content-type': 'application/json',
    'x-form-key': CONFIG.key}}, body: JSON.stringify(change)}}).then(function (r) {{
      if (r.status === 401) {{
        location.href = CONFIG.login + encodeURIComponent(location.pathname); return; }}
      if (!r.ok) throw new Error('HTTP ' + r.status);
      showToast(CONFIG.saved, true);
    }}).catch(function () {{ showToast(CONFIG.failed, false); }});
}}
document.addEventListener('click', function (e) {{
  if (e.target.id === 'activity-button') {{
    if (e.target.dataset.on === 'true') document.getElementById('activity-menu').hidden = false;
    else send({{'keep-activity': true}});
  }}
  if (e.target.dataset && e.target.dataset.delete) {{
    document.getElementById('activity-menu').hidden = true;
    send({{'keep-activity': false, 'delete': e.target.dataset.delete === '1'}});
  }}
}});
setTimeout(function () {{
  var tpl = document.getElementById('switches-deferred');
  if (tpl) {{
    document.getElementById('switches-loader').replaceWith(tpl.content.cloneNode(true));
    tpl.remove();
  }}
}}, CONFIG.delay);
</script>"""

CONTROLS = """<p role="status">{status}</p>
<button type="button" id="activity-button" aria-haspopup="menu" data-on="{on}">{button}</button>
<div role="menu" id="activity-menu" hidden>
<button type="button" role="menuitem" data-delete="0">{w[turn_off]}</button>
<button type="button" role="menuitem" data-delete="1">{w[delete]}</button></div>"""


class GeminiReplica(ByHandSite):
    platform = "gemini"
    title = "My Activity"
    hosts = ("myactivity.google.com", "accounts.google.com", "policies.google.com",
             "support.google.com")
    session_cookie = "SID"
    session_host = "myactivity.google.com"
    login_path = "/ServiceLogin"
    settings_path = "/product/gemini"
    save_path = "/product/gemini/settings"
    switches = (Switch("keep-activity", {"en": "Keep Activity", "de": "Aktivitäten speichern"}),)
    policy_pages = (
        PolicyPage("terms", "/terms/generative-ai", "Generative AI Additional Terms of Service",
                   "Google", TERMS),
        PolicyPage("privacy-hub", "/gemini/answer/13594961", "Gemini Apps Privacy Hub",
                   "Google"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.deleted: list[str] = []  # accounts whose Gemini history was deleted

    def settings_page(self, request: Request, user: str) -> Response:
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        t, w = self.t(request, user), WORDS[self.language(request, user)]
        label = w["old"] if self.fault("layout_variant") else w["name"]
        if self.accounts[user].get("plan") == "workspace":
            return self.site_page(request, user, self.title,
                                  f"<h1>Gemini Apps</h1><h2>{label}</h2><p>{w['managed']}</p>")
        on = bool(self.settings_of(user)["keep-activity"])
        controls = CONTROLS.format(
            w=w, on=str(on).lower(), button=w["turn_off"] if on else w["turn_on"],
            status=w["is"].format(name=label, state=w["on"] if on else w["off"]))
        config = {"key": self.form_key(request), "save": self.save_path,
                  "login": f"{self.login_path}?{self.redirect_param}=",
                  "delay": 2500 if self.fault("slow_render") else 0,
                  "saved": t["saved"], "failed": t["save_failed"]}
        main = PAGE.format(label=label, toast=TOAST_JS, config=js_string(config),
                           late=self.maybe_late(controls, t["loading"], "switches"))
        return self.site_page(request, user, self.title, main)

    def save(self, request: Request, user: str | None) -> Response:
        data: Any = request.json if isinstance(request.json, dict) else {}
        delete = data.pop("delete", False) is True
        valid = set(data) == {"keep-activity"} and isinstance(data["keep-activity"], bool)
        response = self.store(request, user, dict(data) if valid else None)
        if delete and user and response.status == 200 and self.saves[-1]["result"] == "saved":
            self.deleted.append(user)
        return response


REPLICA = GeminiReplica
