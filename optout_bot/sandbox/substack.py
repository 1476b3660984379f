"""Substack replica: sign-in on substack.com, the account's publications, and each
publication's settings on its own host with the AI-training switch.

Facts of the real site (platforms.md, as in ``flows/substack.py``): hosts substack.com,
www.substack.com and every ``<name>.substack.com``; sign-in at ``/sign-in``; the session
cookie ``substack.sid`` [R] for every host of the site; the switch "Opt out of AI
training" (``wording="2023"``: "Block AI training") [C help], off by default, in each
publication's ``/publish/settings`` [G]; ``/settings`` on substack.com links to each
owned publication's dashboard, or offers to start one [G]; the privacy policy at
``/privacy`` and the terms at ``/tos``.

A new account owns two publications named after the username (``publications=[...]``
sets others, ``[]`` none). State: ``"ai-training:<publication>"``, True while the switch
is off (the content is offered to AI tools). Everything else is the shared switch site.
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._blogs import base_name
from optout_bot.sandbox._common import deferred_markup, esc, reveal_js
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._site_wide_session import SiteWideSession
from optout_bot.sandbox._switch_site import Switch, SwitchSite
from optout_bot.sandbox.base import Request, Response
from optout_bot.sandbox.kit import SIGNED_IN, route

SETTING = "ai-training"
LABELS = {"2026": {"en": "Opt out of AI training", "de": "KI-Training widersprechen"},
          "2023": {"en": "Block AI training", "de": "KI-Training blockieren"}}
MAIN_HOSTS = ("substack.com", "www.substack.com")


def default_publications(username: str) -> list[str]:
    name = base_name(username, joiner="")
    return [name, f"{name}notes"]


class SubstackReplica(SiteWideSession, SwitchSite):
    platform = "substack"
    title = "Substack"
    hosts = (*MAIN_HOSTS, "*.substack.com")
    session_cookie = "substack.sid"
    cookie_domain = ".substack.com"
    login_path = "/sign-in"
    settings_path = "/settings"
    save_path = "/api/v1/publication"
    policy_pages = (
        PolicyPage("privacy", "/privacy", "Privacy Policy", "Substack"),
        PolicyPage("terms", "/tos", "Terms of Use", "Substack", TERMS),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (*super().standard_routes(),
                route("settings_page", "/publish/settings", access=SIGNED_IN))

    # --- accounts --------------------------------------------------------------------
    def settings_defaults(self, username: str = "demo@example.com") -> dict[str, Any]:
        return {f"{SETTING}:{p}": True for p in default_publications(username)}

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        publications = state.pop("publications", None)
        if publications is None:
            publications = default_publications(username)
        account = super().add_account(username, password, publications=list(publications),
                                      **state)
        with self.lock:
            account["settings"] = {f"{SETTING}:{p}": True for p in publications}
        return account

    def publication_of(self, request: Request, user: str) -> str | None:
        """The publication whose host the request is for, if the account owns it."""
        host = (request.headers.get("host") or "").split(":")[0].lower()
        name = host.removesuffix(".substack.com")
        owned = self.accounts[user]["publications"]
        return name if host.endswith(".substack.com") and name in owned else None

    # --- pages -----------------------------------------------------------------------
    def settings_page(self, request: Request, user: str) -> Response:
        on_main = (request.headers.get("host") or "").split(":")[0].lower() in MAIN_HOSTS
        if request.path.rstrip("/") == self.settings_path:
            return self.account_page(request, user) if on_main else self.not_found(request, user)
        if on_main or self.publication_of(request, user) is None:
            return self.not_found(request, user)
        return super().settings_page(request, user)

    def account_page(self, request: Request, user: str) -> Response:
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        publications = self.accounts[user]["publications"]
        rows = "".join(f'<li>{esc(p)} <a href="https://{p}.substack.com/publish/home">'
                       "Dashboard</a></li>" for p in publications)
        listing = (f"<h2>Your publications</h2><ul>{rows}</ul>" if publications else
                   "<p>You don't have a publication yet.</p>"
                   '<p><a href="/publish/start">Start a publication</a></p>')
        if self.fault("slow_render"):
            listing = (deferred_markup(listing, "Loading…", "list-deferred", "list-loader")
                       + "<script>setTimeout(function () { "
                       + reveal_js("list-deferred", "list-loader") + " }, 2500);</script>")
        return self.site_page(request, user, "Settings", f"<h1>Settings</h1>{listing}")

    def shown_switches(self, request: Request, user: str) -> list[tuple[Switch, bool]]:
        """The publication's one switch, on when its content is kept from AI tools."""
        publication = self.publication_of(request, user) or ""
        key = f"{SETTING}:{publication}"
        labels = LABELS[str(self.accounts[user].get("wording", "2026"))]
        return [(Switch(key, labels), not self.settings_of(user)[key])]

    def save(self, request: Request, user: str | None) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        publication = self.publication_of(request, user) if user else None
        key = f"{SETTING}:{publication}"
        valid = publication and set(data) == {key} and isinstance(data[key], bool)
        return self.store(request, user, {key: not data[key]} if valid else None)


REPLICA = SubstackReplica
