"""ChatGPT replica: "Improve the model for everyone", read from its button, changed in a modal.

The chat page opens Settings > Data controls for ``#settings/DataControls``. The button
``improve-model-open-modal-button`` names the state ("Improve the model for everyone On");
it opens a modal whose switch ``improve-model-toggle`` saves each change, then "Done".
The ``onboarding_tour`` fault puts a tour over the page on every load, as ChatGPT's
reappear. A Business account (``plan="business"``) starts with the setting off. Signed in
by hand on auth.openai.com (``session_host``), behind a bot check.
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._common import TOAST_JS, js_string
from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import SITE, Switch
from optout_bot.sandbox.base import Request, Response
from optout_bot.sandbox.kit import STANDARD_FAULTS

LABEL = {"en": "Improve the model for everyone", "de": "Das Modell für alle verbessern"}
STATE = {"en": ("Off", "On"), "de": ("Aus", "An")}
WORDS = {"en": {"settings": "Settings", "data": "Data controls", "done": "Done",
                "tour": "Tips for getting started", "go": "Okay, let's go"},
         "de": {"settings": "Einstellungen", "data": "Datenkontrollen", "done": "Fertig",
                "tour": "Tipps für den Einstieg", "go": "Okay, los geht's"}}

APP = """<h1>ChatGPT</h1>
<div role="dialog" aria-label="{w[settings]}" id="settings-dialog" hidden>
<div role="tablist"><button type="button" role="tab" data-testid="data-controls-tab"
 aria-selected="true">{w[data]}</button></div>
<section role="tabpanel">{opener}</section></div>
<div role="dialog" aria-modal="true" aria-labelledby="improve-label" id="improve-modal"
 hidden><div><span id="improve-label">{label}</span>{toggle}
<button type="button" id="improve-done">{w[done]}</button></div></div>{tour}
<script>{toast}var CONFIG = {config};
{script}
var STATES = {states};
function route() {{
  if (location.hash === '#settings/DataControls')
    document.getElementById('settings-dialog').hidden = false;
}}
route();
window.addEventListener('hashchange', route);
document.addEventListener('click', function (e) {{
  if (e.target.closest('[data-testid="improve-model-open-modal-button"]'))
    document.getElementById('improve-modal').hidden = false;
  if (e.target.id === 'improve-done') {{
    document.getElementById('improve-modal').hidden = true;
    var on = isOn(document.querySelector('[data-testid="improve-model-toggle"]'));
    var opener = document.querySelector('[data-testid="improve-model-open-modal-button"]');
    opener.setAttribute('aria-label', {label_js} + ' ' + STATES[on ? 1 : 0]);
    opener.querySelector('.state').textContent = STATES[on ? 1 : 0];
  }}
  if (e.target.id === 'tour-go') document.getElementById('tour').remove();
}});
</script>"""

OPENER = """<button type="button" data-testid="improve-model-open-modal-button"
 aria-label="{label} {state}"><span>{label}</span> <span class="state">{state}</span></button>"""
TOGGLE = """<button type="button" role="switch" data-testid="improve-model-toggle"
 data-id="improve-model" aria-labelledby="improve-label" aria-checked="{on}"></button>"""
VARIANT_TOGGLE = """<input type="checkbox" role="switch" data-testid="improve-model-toggle"
 data-id="improve-model" aria-labelledby="improve-label"{checked}>"""
TOUR = """<div role="dialog" aria-modal="true" aria-label="{w[tour]}" id="tour" class="overlay">
<div><p>{w[tour]}</p><button type="button" id="tour-go">{w[go]}</button></div></div>"""


class ChatGPTReplica(ByHandSite):
    platform = "chatgpt"
    title = "ChatGPT"
    FAULTS = (*STANDARD_FAULTS, "onboarding_tour")
    hosts = ("chatgpt.com", "auth.openai.com", "openai.com", "privacy.openai.com")
    session_cookie = "__Secure-next-auth.session-token"
    session_host = "chatgpt.com"
    login_path = "/log-in"
    home_path = "/"
    settings_path = "/"  # Settings is a dialog over the chat page
    save_path = "/backend-api/settings/account_user_setting"
    switches = (Switch("improve-model", LABEL),)
    policy_pages = (
        PolicyPage("privacy", "/policies/privacy-policy", "Privacy Policy", "OpenAI"),
        PolicyPage("model-improvement",
                   "/policies/how-your-data-is-used-to-improve-model-performance",
                   "How your data is used to improve model performance", "OpenAI"),
        PolicyPage("portal", "/policies", "Privacy requests", "OpenAI"),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return tuple(r for r in super().standard_routes() if r.handler != "guest_home")

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        account = super().add_account(username, password, **state)
        if state.get("plan") in ("business", "enterprise", "edu"):
            account["settings"]["improve-model"] = False  # off by default on these plans
        return account

    def home(self, request: Request, user: str) -> Response:
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        t, lang = self.t(request, user), self.language(request, user)
        on = bool(self.settings_of(user)["improve-model"])
        words = WORDS[lang]
        opener = OPENER.format(label=LABEL[lang], state=STATE[lang][on])
        toggle = (VARIANT_TOGGLE.format(checked=" checked" if on else "")
                  if self.fault("layout_variant") else TOGGLE.format(on=str(on).lower()))
        config = {"key": self.form_key(request), "save": self.save_path,
                  "login": f"{self.login_path}?{self.redirect_param}=",
                  "delay": 2500 if self.fault("slow_render") else 0,
                  "saved": t["saved"], "failed": t["save_failed"]}
        main = APP.format(
            w=words, label=LABEL[lang], toggle=toggle, toast=TOAST_JS,
            opener=self.maybe_late(opener, t["loading"], "switches"),
            tour=TOUR.format(w=words) if self.fault("onboarding_tour") else "",
            config=js_string(config), script=SITE.script,
            states=js_string(list(STATE[lang])), label_js=js_string(LABEL[lang]))
        return self.site_page(request, user, self.title, main)


REPLICA = ChatGPTReplica
