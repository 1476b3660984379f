"""Microsoft Copilot replica: "Model training on text" and "on voice", behind a menu.

copilot.microsoft.com has no settings address: the switches are reached from the chat
page through the profile button, Settings, then the Privacy tab of the Settings dialog,
all by role and name. The person signs in on login.live.com (``session_host``), behind a
bot check (``ByHandSite``).
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response

WORDS = {"en": {"profile": "Profile", "settings": "Settings", "general": "General",
                "privacy": "Privacy", "ask": "How can I help you today?"},
         "de": {"profile": "Profil", "settings": "Einstellungen", "general": "Allgemein",
                "privacy": "Datenschutz", "ask": "Wie kann ich Ihnen heute helfen?"}}

APP = """<div class="app-bar"><button type="button" id="profile" aria-haspopup="menu"
 aria-label="{w[profile]}">P</button>
<div role="menu" id="profile-menu" hidden><button type="button" role="menuitem"
 id="open-settings">{w[settings]}</button></div></div>
<h1>Copilot</h1><p>{w[ask]}</p>
<div role="dialog" aria-label="{w[settings]}" id="settings-dialog" hidden>
<div role="tablist"><button type="button" role="tab" aria-selected="true">{w[general]}</button>
<button type="button" role="tab" id="privacy-tab" aria-selected="false">{w[privacy]}</button>
</div><section role="tabpanel" id="privacy-panel" hidden>{privacy}</section></div>
<script>
function show(id) {{ document.getElementById(id).hidden = false; }}
document.getElementById('profile').onclick = function () {{ show('profile-menu'); }};
document.getElementById('open-settings').onclick = function () {{
  document.getElementById('profile-menu').hidden = true; show('settings-dialog'); }};
document.getElementById('privacy-tab').onclick = function () {{
  this.setAttribute('aria-selected', 'true'); show('privacy-panel'); }};
</script>"""


class CopilotReplica(ByHandSite):
    platform = "copilot"
    title = "Copilot"
    hosts = ("copilot.microsoft.com", "login.live.com", "privacy.microsoft.com")
    session_cookie = "__Host-copilot-session"
    session_host = "copilot.microsoft.com"
    login_path = "/login.srf"
    home_path = "/"
    settings_path = "/"  # the chat page: the settings are a dialog on it
    save_path = "/c/api/user/settings"
    switches = (
        Switch("text-training", {"en": "Model training on text",
                                 "de": "Modelltraining mit Text"}),
        Switch("voice-training", {"en": "Model training on voice",
                                  "de": "Modelltraining mit Sprache"}),
    )
    policy_pages = (
        PolicyPage("privacy", "/en-us/privacystatement", "Microsoft Privacy Statement",
                   "Microsoft"),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        # Signed out, the chat page sends the browser to sign in (the real one may show a
        # signed-out chat instead: the flow then finds no switch and says unknown).
        return tuple(r for r in super().standard_routes() if r.handler != "guest_home")

    def home(self, request: Request, user: str) -> Response:
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        main = APP.format(w=WORDS[self.language(request, user)],
                          privacy=self.settings_main(request, user))
        return self.site_page(request, user, self.title, main)


REPLICA = CopilotReplica
