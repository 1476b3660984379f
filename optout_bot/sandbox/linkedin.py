"""LinkedIn replica: form login with checkpoints, the feed, and the data-privacy switches.

Pages and markup follow platforms.md: ``/login`` (``input#username``, ``input#password``,
``button[type=submit]``) posting to ``/checkpoint/lg/login-submit``; verification and a
captcha a person can pass under ``/checkpoint/challenge/...``; the switches at
``/mypreferences/d/settings/<slug>`` (``input[role=switch][aria-labelledby=<id>]``), saved
by a JSON POST to ``/mypreferences/d/api/settings/<slug>``; texts: ``sites/linkedin.*``.
"""

from __future__ import annotations

import secrets
from typing import Any
from urllib.parse import quote

from optout_bot.sandbox import kit
from optout_bot.sandbox._common import TOAST_JS, esc, js_string
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox.base import Request, Response, json_response, page, redirect

SETTINGS = {  # page slug -> (the flow's setting id, aria-labelledby of the switch)
    "data-for-ai-improvement": ("ai-training", "allowDataForGenerativeAI"),
    "policy-and-academic-research": ("research", "allowAnonymizedDataResearch"),
    "share-data-with-select-partners": ("partners", "shareDataWithTrustedPartners"),
}
MARKUP = (SITE := kit.site_files("linkedin")).markup
ERROR_KEYS = {"empty": "EMPTY", "no_account": "NO_ACCOUNT", "bad_password": "INVALID_CREDENTIALS"}
SAVE_MESSAGES = {"forbidden": "CSRF check failed.", "error": "Internal error"}


class LinkedInReplica(kit.SwitchReplica):
    platform = "linkedin"
    hosts = ("www.linkedin.com", "linkedin.com")
    session_cookie = "li_at"
    consent_cookie, consent_endpoint = "li_gc", "/cookie-consent"
    extra_session_cookies = ("JSESSIONID", "liap")
    home_path = "/feed/"
    notice_path = "/check/add-phone"
    redirect_param = "session_redirect"
    strip_slash, return_to_url = False, True
    text, css = SITE.text, SITE.css
    setting_ids = tuple(setting_id for setting_id, _ in SETTINGS.values())
    policy_pages = (
        PolicyPage("privacy", "/legal/privacy-policy", "Privacy Policy", "LinkedIn",
                   container="role-main"),
        PolicyPage("privacy-eu", "/legal/privacy/eu", "European Regional Privacy Notice",
                   "LinkedIn", container="component-container"),
        PolicyPage("terms", "/legal/user-agreement", "User Agreement", "LinkedIn", TERMS,
                   container="role-main"),
    )
    routes = (
        kit.route("record_consent", "/cookie-consent", method="POST"),
        kit.route("save", "/mypreferences/d/api/settings/*", method="POST"),
        kit.route("login_submit", "/checkpoint/lg/login-submit", method="POST"),
        kit.route("verify_pin", "/checkpoint/challenge/verify", method="POST"),
        kit.route("captcha_frame", "/checkpoint/challenge/captchaInternal"),
        kit.route("challenge_page", "/checkpoint/challenge/{challenge_id}"),
        kit.route("login_or_home", "/login", "/uas/login", "/checkpoint/lg/login"),
        kit.route("log_out", "/m/logout/"),
        kit.route("pass_notice", "/check/add-phone/skip", method="POST"),
        kit.route("guest_home", "/", access=kit.GUEST),
        kit.route("interstitial_page", "/check/add-phone", access=kit.NOTICE),
        kit.route("feed", "/", "/feed", "/feed/", access=kit.SIGNED_IN),
        kit.route("privacy_index", "/mypreferences/d/categories/privacy", access=kit.SIGNED_IN),
        kit.route("settings_page", "/mypreferences/d/settings/*", access=kit.SIGNED_IN),
    )

    # --- login and checkpoints ---------------------------------------------------------
    def login_page(self, request: Request) -> Response:
        t = self.t(request)
        error = request.query.get("errorKey", "")
        user_error = {"NO_ACCOUNT": t["no_user"], "EMPTY": t["empty"]}.get(error, "")
        pass_error = t["bad_password"] if error == "INVALID_CREDENTIALS" else ""
        body = MARKUP["login"].format(t=t, csrf=secrets.token_hex(8), user_error=user_error,
                                      pass_error=pass_error,
                                      target=esc(request.query.get("session_redirect", "")))
        return self.chrome(request, None, f"LinkedIn Login, {t['sign_in']}", body, nav=False)

    def login_submit(self, request: Request, user: str | None) -> Response:
        form = request.form
        redirect_to = form.get("session_redirect", "")
        again = "/checkpoint/lg/login?session_redirect=" + quote(redirect_to, safe="")
        username, problem = self.login_problem(form.get("session_key", ""),
                                               form.get("session_password", ""))
        if problem:
            return redirect(f"{again}&errorKey={ERROR_KEYS[problem]}", 303)
        if kind := self.challenge_due():
            challenge_id = self.open_challenge(username, kind, redirect_to, prefix="AQ")
            return redirect(f"/checkpoint/challenge/{challenge_id}?ut=0{kind[0]}", 303)
        return self.signed_in(request, username, redirect_to)

    def signed_in(self, request: Request, username: str, wanted: str) -> Response:
        response = redirect(self.local(wanted, request), 303)
        self.sign_in(response, username)
        response.set_cookie("JSESSIONID", f'"ajax:{secrets.randbelow(10**19):019d}"')
        return response.set_cookie("liap", "true")

    def challenge_page(self, request: Request, user: str | None, challenge_id: str,
                       error: str = "") -> Response:
        t = self.t(request)
        challenge = self.challenges.get(challenge_id)
        if challenge is None:
            return redirect("/login")
        if challenge["kind"] == "captcha":
            body = MARKUP["captcha"].format(t=t, challenge_id=esc(challenge_id))
            return self.chrome(request, None, t["security"], body, nav=False)
        account = self.accounts[challenge["username"]]
        help_text = t["pin_app"] if account.get("totp_secret") else t["pin_sent"].format(
            to=esc(_masked(str(account.get("email") or challenge["username"]))))
        body = MARKUP["pin"].format(t=t, help_text=help_text, error=error,
                                    challenge_id=esc(challenge_id))
        return self.chrome(request, None, t["check"], body, nav=False)

    def verify_pin(self, request: Request, user: str | None) -> Response:
        challenge_id = request.form.get("challengeId", "")
        challenge, passed = self.pass_challenge(challenge_id, request.form.get("pin", ""))
        if challenge is None:
            return redirect("/login", 303)
        if not passed:
            return self.challenge_page(request, None, challenge_id, self.t(request)["pin_bad"])
        return self.signed_in(request, challenge["username"], challenge["target"])

    def captcha_frame(self, request: Request, user: str | None) -> Response:
        if solved := self.solved_by_hand(request):
            return self.signed_in(request, solved["username"], solved["target"])
        t = self.t(request)  # a post that picked nothing fails
        error = t["puzzle_bad"] if request.method == "POST" else ""
        return page(t["puzzle"], MARKUP["captcha_frame"].format(t=t, error=error),
                    head=f"<style>{self.css}</style>")

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        body = MARKUP["add_phone"].format(
            t=t, target=esc(request.query.get("session_redirect", "")))
        return self.chrome(request, user, t["phone_title"], body, nav=False)

    # --- pages -----------------------------------------------------------------------
    def guest_home(self, request: Request, user: None) -> Response:
        t = self.t(request)
        return self.chrome(request, None, "LinkedIn", MARKUP["guest"].format(t=t), nav=False)

    def feed(self, request: Request, user: str) -> Response:
        body = MARKUP["feed"].format(t=self.t(request, user), user=esc(user))
        return self.chrome(request, user, "Feed | LinkedIn", body)

    def privacy_index(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        links = "".join(f'<li><a href="/mypreferences/d/settings/{slug}">{texts[0]}</a></li>'
                        for slug, texts in t["settings"].items())
        body = f'<main class="card"><h1>{t["privacy"]}</h1><ul>{links}</ul></main>'
        return self.settings_chrome(request, user, t["privacy"], body)

    def settings_page(self, request: Request, user: str) -> Response:
        slug = request.path.removeprefix("/mypreferences/d/settings/").strip("/")
        if slug not in SETTINGS:
            return self.not_found(request, user)
        t = self.t(request, user)
        if refused := self.page_fault(request, user):
            body = f'<main class="card"><h1>LinkedIn</h1><p>{refused[1]}</p></main>'
            return self.chrome(request, user, "LinkedIn", body, status=refused[0])
        (setting_id, label_id), (heading, question, label) = SETTINGS[slug], t["settings"][slug]
        on = bool(self.settings_of(user)[setting_id])
        control = MARKUP["variant_switch" if self.fault("layout_variant") else "switch"].format(
            label=label, label_attr=esc(label), label_id=label_id, setting_id=setting_id,
            state=t["on" if on else "off"], checked=" checked" if on else "",
            pressed=str(on).lower())
        note = f"<p>{t['ai_note']}</p>" if setting_id == "ai-training" else ""
        controls = self.maybe_late(control, t["loading"], "pref")
        config = {"csrf": request.cookies.get("JSESSIONID", ""), "slug": slug,
                  "delay": 2500 if self.fault("slow_render") else 0,
                  **{k: t[k] for k in ("on", "off", "saved", "save_failed")}}
        body = (MARKUP["setting"].format(t=t, heading=heading, question=question, note=note,
                                         controls=controls)
                + f"<script>{TOAST_JS}var CONFIG = {js_string(config)};\n{SITE.script}</script>")
        return self.settings_chrome(request, user, f"{heading} | LinkedIn", body)

    def not_found(self, request: Request, user: str) -> Response:
        return self.chrome(request, user, "Page not found",
                           "<main><h1>This page doesn’t exist</h1></main>", status=404)

    def save(self, request: Request, user: str | None) -> Response:
        setting = SETTINGS.get(request.path.rsplit("/", 1)[-1])
        value = (request.json or {}).get("value") if user else None
        known = setting is not None and isinstance(value, bool)
        return self.store(request, user, {setting[0]: value} if known else None)

    def forgery_checked(self, request: Request) -> bool:
        return request.headers.get("csrf-token") == request.cookies.get("JSESSIONID")

    def save_reply(self, result: str, request: Request) -> Response:
        body: dict[str, Any] = {"status": kit.SAVE_STATUS[result]}
        if result == "saved":
            body["value"] = request.json["value"]
        elif result in SAVE_MESSAGES:
            body["message"] = SAVE_MESSAGES[result]
        return json_response(body, kit.SAVE_STATUS[result])

    def chrome(self, request: Request, user: str | None, title: str, body: str, *,
               nav: bool = True, status: int = 200) -> Response:
        names = self.t(request, user)["nav"] if nav else ()
        links = "".join(f'<a href="/feed/">{name}</a>' for name in names)
        header = (f'<header class="li-header"><a class="li-logo" href="/feed/">in</a>'
                  f"<nav>{links}</nav></header>")
        return self.html(request, user, title, header + body, status)

    def settings_chrome(self, request: Request, user: str, title: str, body: str) -> Response:
        t = self.t(request, user)
        rail = "".join(f'<a href="/mypreferences/d/categories/privacy"'
                       f'{" class=active" if name == t["privacy"] else ""}>{name}</a>'
                       for name in t["rail"])
        return self.chrome(request, user, title,
                           f'<div class="li-layout"><nav class="li-rail">{rail}</nav>{body}</div>')


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else f"•••{email[-2:]}"


REPLICA = LinkedInReplica
