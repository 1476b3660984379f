"""The pages of a plain switch site, for a replica whose real site has nothing unusual.

``SwitchSite`` gives a ``SwitchReplica`` a whole site from a few facts: a login form
(email, password) posting to ``login_action``, a verification-code page and a captcha page
under ``challenge_path`` when a challenge fault is on, a notice page after sign-in
(``interstitial``), a home page, and one settings page at ``settings_path`` with a switch
per ``Switch`` and a choice per ``ChoiceControl``, each change saved by the page's own JSON
``POST`` to ``save_path``. Every standard fault works on it.
A replica on it lists its facts only: name, hosts, cookie, paths, switches, choices,
policy pages.

A choice is shown in one of three ``STYLES``: ``menu`` (a button showing the chosen option
that opens a menu of them, saved on a pick), ``select`` (a dropdown saved by the page's
Save button) or ``radios`` (a fieldset of radio buttons, saved on a pick); the
``layout_variant`` fault shows its ``variant`` style instead. An account added with
``offered=False`` is shown ``not_offered`` (the real site's words) instead of the controls.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from optout_bot.sandbox._common import TOAST_JS, esc, js_string
from optout_bot.sandbox.base import Request, Response, redirect
from optout_bot.sandbox.kit import GUEST, NOTICE, SIGNED_IN, SwitchReplica, route, site_files


@dataclass(frozen=True)
class Switch:
    id: str  # the flow's setting id, and the key of the account's state
    labels: dict[str, str]  # language -> the switch's accessible name
    variant_labels: dict[str, str] | None = None  # its name in the other layout, if another


STYLES = ("menu", "select", "radios")


@dataclass(frozen=True)
class ChoiceControl:
    """One of several options; the account's state is True while the unsafe one is chosen."""

    id: str  # the flow's setting id, and the key of the account's state
    labels: dict[str, str]  # language -> the question the options answer
    options: dict[str, tuple[str, str]]  # language -> (the option using your data, the safe one)
    style: str = "menu"
    variant: str = "select"  # the style shown with the layout_variant fault

    def __post_init__(self) -> None:
        if {self.style, self.variant} - set(STYLES):
            raise ValueError(f"{self.id}: a choice is shown as one of {', '.join(STYLES)}")


SITE = site_files("_switch_site")


class SwitchSite(SwitchReplica):
    """A switch site from its facts; the pages' wording is ``sites/_switch_site.json``."""

    title = ""  # the site's name as its pages show it
    login_path = "/login"
    notice_path = "/notice"
    home_path = "/home"
    login_action = ""  # where the login form posts (default: login_path)
    challenge_path = "/challenge"
    settings_path = "/settings/privacy"
    save_path = "/api/settings"
    switches: tuple[Switch, ...] = ()
    choices: tuple[ChoiceControl, ...] = ()
    not_offered: dict[str, str] = {}  # language -> what an account without the settings sees
    text = SITE.text
    css = SITE.css

    def __init_subclass__(cls, **kwargs: Any) -> None:
        if "routes" not in cls.__dict__:
            cls.routes = cls.standard_routes()
        if "setting_ids" not in cls.__dict__:
            cls.setting_ids = tuple(s.id for s in cls.switches + cls.choices)
        super().__init_subclass__(**kwargs)

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        challenge = cls.challenge_path
        return (
            route("record_consent", cls.consent_endpoint, method="POST"),
            route("login_submit", cls.login_action or cls.login_path, method="POST"),
            route("verify_code", f"{challenge}/verify", method="POST"),
            route("pass_notice", f"{cls.notice_path}/skip", method="POST"),
            route("save", cls.save_path, method="POST"),
            route("login_or_home", cls.login_path),
            route("captcha_page", f"{challenge}/captcha"),
            route("challenge_page", challenge + "/{challenge_id}"),
            route("log_out", "/logout"),
            route("guest_home", "/", access=GUEST),
            route("interstitial_page", cls.notice_path, access=NOTICE),
            route("home", "/", cls.home_path, access=SIGNED_IN),
            route("settings_page", cls.settings_path, access=SIGNED_IN),
        )

    def site_page(self, request: Request, user: str | None, title: str, main: str,
                  status: int = 200) -> Response:
        return self.html(request, user, f"{title} | {self.title}",
                         f'<header class="site-header"><a href="/">{esc(self.title)}</a>'
                         f'</header><main class="card">{main}</main>', status)

    # --- sign-in ---------------------------------------------------------------------
    def login_page(self, request: Request) -> Response:
        t = self.t(request)
        error = t.get(request.query.get("error", ""), "")
        target = esc(request.query.get(self.redirect_param, ""))
        main = SITE.markup["login"].format(t=t, action=self.login_action or self.login_path,
                                           error=error,
                                           param=self.redirect_param, target=target)
        return self.site_page(request, None, t["log_in"], main)

    def login_submit(self, request: Request, user: str | None) -> Response:
        form = request.form
        target = form.get(self.redirect_param, "")
        username, problem = self.login_problem(form.get("email", ""), form.get("password", ""))
        if problem:
            return redirect(f"{self.login_path}?error={problem}&{self.redirect_param}="
                            + quote(target, safe=""), 303)
        if kind := self.challenge_due():
            challenge_id = self.open_challenge(username, kind, target)
            return redirect(f"{self.challenge_path}/{challenge_id}", 303)
        return self.sign_in(redirect(self.local(target, request), 303), username)

    def challenge_page(self, request: Request, user: str | None, challenge_id: str,
                       error: str = "") -> Response:
        t = self.t(request)
        challenge = self.challenges.get(challenge_id)
        if challenge is None:
            return redirect(self.login_path)
        piece = "captcha" if challenge["kind"] == "captcha" else "code"
        main = SITE.markup[piece].format(t=t, challenge_id=esc(challenge_id), error=error,
                                         path=self.challenge_path)
        return self.site_page(request, None, t["check"], main)

    def verify_code(self, request: Request, user: str | None) -> Response:
        challenge_id = request.form.get("challenge", "")
        challenge, passed = self.pass_challenge(challenge_id, request.form.get("code", ""))
        if challenge is None:
            return redirect(self.login_path, 303)
        if not passed:
            return self.challenge_page(request, None, challenge_id, self.t(request)["bad_code"])
        return self.sign_in(redirect(self.local(challenge["target"], request), 303),
                            challenge["username"])

    def captcha_page(self, request: Request, user: str | None) -> Response:
        return self.html(request, None, "Captcha", f"<p>{self.t(request)['puzzle']}</p>")

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        return self.notice_page(request, user, title=t["notice"], text=t["notice_help"],
                                action=f"{self.notice_path}/skip", button=t["not_now"])

    # --- pages -----------------------------------------------------------------------
    def guest_home(self, request: Request, user: None) -> Response:
        t = self.t(request)
        return self.site_page(request, None, self.title,
                         f'<h1>{esc(self.title)}</h1><a href="{self.login_path}">'
                         f'{t["log_in"]}</a>')

    def home(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        return self.site_page(request, user, t["home"], f'<h1>{t["home"]}</h1><p>{esc(user)}</p>'
                         f'<a href="{self.settings_path}">{t["settings"]}</a>')

    def settings_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        return self.site_page(request, user, t["settings"], self.settings_main(request, user))

    def settings_main(self, request: Request, user: str) -> str:
        """The settings: a switch per ``Switch`` and a control per choice, each change saved
        by the page's script; an account not offered them is told so."""
        t = self.t(request, user)
        lang, state = self.language(request, user), self.settings_of(user)
        if not self.accounts[user].get("offered", True):
            return f'<h1>{t["settings"]}</h1><p>{esc(self.not_offered[lang])}</p>'
        variant = self.fault("layout_variant")
        piece = "variant_switch" if variant else "switch"
        rows = "".join(SITE.markup[piece].format(
            id=s.id, label=esc(((variant and s.variant_labels) or s.labels)[lang]),
            checked=" checked" if on else "", pressed=str(on).lower())
            for s, on in self.shown_switches(request, user))
        rows += "".join(self.choice_markup(c, lang, state[c.id], t) for c in self.choices)
        config = {"key": self.form_key(request), "save": self.save_path,
                  "login": f"{self.login_path}?{self.redirect_param}=",
                  "delay": 2500 if self.fault("slow_render") else 0,
                  "saved": t["saved"], "failed": t["save_failed"]}
        return (f'<h1>{t["settings"]}</h1>{self.maybe_late(rows, t["loading"], "switches")}'
                f"<script>{TOAST_JS}var CONFIG = {js_string(config)};\n{SITE.script}</script>")

    def shown_switches(self, request: Request, user: str) -> list[tuple[Switch, bool]]:
        """The switches the settings page shows, each with whether it is on."""
        state = self.settings_of(user)
        return [(s, bool(state[s.id])) for s in self.switches]

    def choice_markup(self, choice: ChoiceControl, lang: str, on: bool, t: dict[str, Any]
                      ) -> str:
        style = choice.variant if self.fault("layout_variant") else choice.style
        names = choice.options[lang]
        chosen = names[0] if on else names[1]
        items = "".join(SITE.markup[f"{style}_option"].format(
            id=choice.id, name=esc(name), value=f"{choice.id}-{index}",
            on=str(index == 0).lower(), checked=str(name == chosen).lower(),
            picked=(" selected" if style == "select" else " checked") if name == chosen
            else "") for index, name in enumerate(names))
        return SITE.markup[style].format(id=choice.id, label=esc(choice.labels[lang]),
                                         current=esc(chosen), items=items, save=t["save"])

    def not_found(self, request: Request, user: str) -> Response:
        return self.site_page(request, user, self.title, f'<h1>{self.t(request, user)["missing"]}'
                         "</h1>", 404)

    # --- saves -----------------------------------------------------------------------
    def save(self, request: Request, user: str | None) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        known = {s.id for s in self.switches + self.choices}
        valid = data and all(k in known and isinstance(v, bool) for k, v in data.items())
        return self.store(request, user, dict(data) if valid else None)
