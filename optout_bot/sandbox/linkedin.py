"""LinkedIn replica: form login with checkpoints, the feed, and the data-privacy switches.

Pages and markup follow platforms.md: ``/login`` (``input#username``, ``input#password``,
``button[type=submit]``) posting to ``/checkpoint/lg/login-submit``; verification and
captcha under ``/checkpoint/challenge/...``; the switches at ``/mypreferences/d/settings/<slug>``
as ``input[type=checkbox][role=switch][aria-labelledby=<id>]``, each saved by the page's own
JSON POST to ``/mypreferences/d/api/settings/<slug>`` (header ``csrf-token`` = JSESSIONID).
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from optout_bot.sandbox._common import (
    TOAST_JS,
    SiteReplica,
    absolute_url,
    consent_banner,
    deferred_markup,
    esc,
    find_account,
    js_string,
    local_target,
    path_with_query,
    reveal_js,
)
from optout_bot.sandbox._policies import TERMS, PolicyPage, PolicyPages
from optout_bot.sandbox.base import Request, Response, json_response, page, redirect

HOST = "www.linkedin.com"


@dataclass(frozen=True)
class Setting:
    id: str  # the flow's setting id
    label_id: str  # aria-labelledby of the switch
    text: dict[str, tuple[str, str, str]]  # language -> (heading, question, switch label)


SETTINGS = {
    "data-for-ai-improvement": Setting("ai-training", "allowDataForGenerativeAI", {
        "en": ("Data for Generative AI Improvement",
               ("Can LinkedIn use your personal data and content you create on LinkedIn to "
                "train generative AI models that create content?"),
               "Use my data for training content creation AI models"),
        "de": ("Daten zur Verbesserung generativer KI",
               ("Darf LinkedIn Ihre personenbezogenen Daten und die von Ihnen auf LinkedIn "
                "erstellten Inhalte verwenden, um generative KI-Modelle zu trainieren, die "
                "Inhalte erstellen?"),
               ("Meine Daten für das Training von KI-Modellen zur Erstellung von Inhalten "
                "verwenden")),
    }),
    "policy-and-academic-research": Setting("research", "allowAnonymizedDataResearch", {
        "en": ("Social, economic and workplace research",
               ("Can LinkedIn share your data with trusted third parties for policy and "
                "academic research?"),
               "Share my data for policy and academic research"),
        "de": ("Gesellschafts-, Wirtschafts- und Arbeitsplatzforschung",
               ("Darf LinkedIn Ihre Daten für politische und akademische Forschung an "
                "vertrauenswürdige Dritte weitergeben?"),
               "Meine Daten für politische und akademische Forschung teilen"),
    }),
    "share-data-with-select-partners": Setting("partners", "shareDataWithTrustedPartners", {
        "en": ("Data sharing with select partners",
               "Can LinkedIn share your data with select partners?",
               "Share my data with select partners"),
        "de": ("Datenweitergabe an ausgewählte Partner",
               "Darf LinkedIn Ihre Daten an ausgewählte Partner weitergeben?",
               "Meine Daten mit ausgewählten Partnern teilen"),
    }),
}

TEXT = {
    "en": {
        "sign_in": "Sign in", "tagline": "Stay updated on your professional world",
        "username": "Email or phone", "password": "Password", "forgot": "Forgot password?",
        "no_user": "Couldn’t find a LinkedIn account associated with this email or phone. "
                   "Try again.",
        "bad_password": "Wrong email or password. Try again or create an account.",
        "empty": "Please enter an email address or phone number.",
        "on": "On", "off": "Off", "saved": "Settings saved.", "back": "Back",
        "save_failed": "Something went wrong. Please try again.",
        "loading": "Loading…", "learn": "Learn more",
        "ai_note": "Opting out means that LinkedIn and its affiliates won’t use your personal "
                   "data or content on LinkedIn to train models going forward, but does not "
                   "affect training that has already taken place.",
        "rate": "You’ve made too many requests. Please try again later.",
        "broken": "Something went wrong. Refresh the page to try again.",
        "check": "Let’s do a quick verification",
        "pin_sent": "The verification code has been sent to {to}. Enter the 6-digit code.",
        "pin_app": "Enter the 6-digit code from your authenticator app.",
        "pin_label": "Enter code", "submit": "Submit",
        "pin_bad": "The verification code you entered isn’t valid. Please check the code "
                   "and try again.",
        "security": "Let’s do a quick security check",
        "puzzle": "Protecting your account", "puzzle_help": "Please solve this puzzle so we "
                  "know you are a real person.", "verify": "Verify",
        "puzzle_bad": "Verification failed. Please try again.",
        "phone_title": "Add a phone number for security",
        "phone_help": "Your phone number helps us keep your account secure and lets you "
                      "sign in if you forget your password.",
        "phone": "Phone number", "add_phone": "Add phone number", "skip": "Skip",
        "cookies": "LinkedIn and 3rd parties use essential and non-essential cookies to "
                   "provide, secure, analyze and improve our Services, and to show you "
                   "relevant ads. Select Accept to consent or Reject to decline non-essential "
                   "cookies for this use.",
        "accept": "Accept", "reject": "Reject",
        "nav": ("Home", "My Network", "Jobs", "Messaging", "Notifications", "Me"),
        "rail": ("Account preferences", "Sign in & security", "Visibility", "Data privacy",
                 "Advertising data", "Notifications"),
        "privacy": "Data privacy", "feed_post": "Start a post",
        "welcome": "Welcome to your professional community",
    },
    "de": {
        "sign_in": "Einloggen", "tagline": "Bleiben Sie in Ihrer beruflichen Welt auf dem "
                                           "Laufenden",
        "username": "E-Mail-Adresse oder Telefon", "password": "Passwort",
        "forgot": "Passwort vergessen?",
        "no_user": "Zu dieser E-Mail-Adresse oder Telefonnummer wurde kein LinkedIn Konto "
                   "gefunden. Versuchen Sie es erneut.",
        "bad_password": "Falsche E-Mail-Adresse oder falsches Passwort. Versuchen Sie es "
                        "erneut oder erstellen Sie ein Konto.",
        "empty": "Bitte geben Sie eine E-Mail-Adresse oder Telefonnummer ein.",
        "on": "An", "off": "Aus", "saved": "Einstellungen gespeichert.", "back": "Zurück",
        "save_failed": "Etwas ist schiefgelaufen. Bitte versuchen Sie es erneut.",
        "loading": "Wird geladen…", "learn": "Weitere Informationen",
        "ai_note": "Wenn Sie widersprechen, verwenden LinkedIn und seine verbundenen "
                   "Unternehmen Ihre Daten künftig nicht mehr zum Trainieren von Modellen; "
                   "bereits erfolgtes Training bleibt davon unberührt.",
        "rate": "Sie haben zu viele Anfragen gesendet. Bitte versuchen Sie es später erneut.",
        "broken": "Etwas ist schiefgelaufen. Laden Sie die Seite neu.",
        "check": "Kurze Verifizierung",
        "pin_sent": "Der Bestätigungscode wurde an {to} gesendet. Geben Sie den 6-stelligen "
                    "Code ein.",
        "pin_app": "Geben Sie den 6-stelligen Code aus Ihrer Authentifizierungs-App ein.",
        "pin_label": "Code eingeben", "submit": "Senden",
        "pin_bad": "Der eingegebene Bestätigungscode ist ungültig. Bitte prüfen Sie den Code "
                   "und versuchen Sie es erneut.",
        "security": "Kurze Sicherheitsüberprüfung",
        "puzzle": "Schutz Ihres Kontos", "puzzle_help": "Bitte lösen Sie dieses Rätsel, "
                  "damit wir wissen, dass Sie ein Mensch sind.", "verify": "Bestätigen",
        "puzzle_bad": "Überprüfung fehlgeschlagen. Bitte versuchen Sie es erneut.",
        "phone_title": "Telefonnummer zur Sicherheit hinzufügen",
        "phone_help": "Mit Ihrer Telefonnummer schützen wir Ihr Konto und Sie können sich "
                      "anmelden, wenn Sie Ihr Passwort vergessen.",
        "phone": "Telefonnummer", "add_phone": "Telefonnummer hinzufügen",
        "skip": "Überspringen",
        "cookies": "LinkedIn und Dritte verwenden notwendige und optionale Cookies, um unsere "
                   "Services bereitzustellen, zu schützen, zu analysieren und zu verbessern. "
                   "Wählen Sie „Akzeptieren“ oder „Ablehnen“.",
        "accept": "Akzeptieren", "reject": "Ablehnen",
        "nav": ("Startseite", "Mein Netzwerk", "Jobs", "Nachrichten", "Mitteilungen", "Ich"),
        "rail": ("Kontoeinstellungen", "Anmelden & Sicherheit", "Sichtbarkeit",
                 "Datenschutz", "Werbedaten", "Mitteilungen"),
        "privacy": "Datenschutz", "feed_post": "Beitrag beginnen",
        "welcome": "Willkommen in Ihrer beruflichen Community",
    },
}

CSS = """
.li-header{background:#fff;border-bottom:1px solid #ddd;display:flex;align-items:center;
 gap:24px;padding:6px 24px}.li-logo{background:#0a66c2;color:#fff;font-weight:700;
 border-radius:4px;padding:2px 6px;font-size:20px;text-decoration:none}
.li-header nav a{color:#666;font-size:13px;margin-right:18px;text-decoration:none}
.li-layout{display:flex;gap:24px;max-width:1000px;margin:24px auto}
.li-rail{width:220px;background:#fff;border-radius:8px;padding:12px 0;align-self:flex-start}
.li-rail a{display:block;padding:8px 16px;color:#333;text-decoration:none}
.li-rail a.active{border-left:3px solid #01754f;font-weight:600}
.li-layout main{flex:1;margin:0}.li-error{color:#cc1016;font-size:14px}
.toggle-row{display:flex;justify-content:space-between;align-items:center;margin-top:16px}
input[role=switch],.pref-switch{appearance:none;width:40px;height:24px;border-radius:12px;
 background:#999;position:relative;cursor:pointer;border:0;padding:0;margin:0 8px}
input[role=switch]:checked,.pref-switch[aria-checked=true]{background:#01754f}
input[role=switch]::after,.pref-switch::after{content:"";position:absolute;top:3px;left:3px;
 width:18px;height:18px;border-radius:50%;background:#fff;transition:left .1s}
input[role=switch]:checked::after,.pref-switch[aria-checked=true]::after{left:19px}
.toast-error{background:#cc1016}.secondary{background:#fff;color:#0a66c2}
.pref-panel-v2{border:1px solid #e0e0e0;border-radius:8px;padding:16px;margin-top:16px}
.pref-row,.artdeco-toggle{display:flex;align-items:center;gap:8px}.pref-row__text{flex:1}
.visually-hidden{position:absolute;width:1px;height:1px;overflow:hidden;clip:rect(0 0 0 0)}
"""


class LinkedInReplica(PolicyPages, SiteReplica):
    platform = "linkedin"
    hosts = (HOST, "linkedin.com")
    session_cookie = "li_at"
    consent_cookie = "li_gc"
    extra_session_cookies = ("JSESSIONID", "liap")
    FAULTS = ("cookie_banner", "interstitial", "slow_render", "save_error",
              "save_not_persisted", "session_expired", "rate_limit", "captcha", "challenge",
              "transient_error", "layout_variant", "language")
    policy_pages = (
        PolicyPage("privacy", "/legal/privacy-policy", "Privacy Policy", "LinkedIn",
                   container="role-main"),
        PolicyPage("terms", "/legal/user-agreement", "User Agreement", "LinkedIn", TERMS,
                   container="role-main"),
    )

    def __init__(self) -> None:
        super().__init__()
        self.challenges: dict[str, dict[str, str]] = {}  # id -> username, kind, target

    def settings_defaults(self) -> dict[str, Any]:
        return {s.id: True for s in SETTINGS.values()}

    # --- dispatch --------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        path, user = request.path, self.current_user(request)
        if (policy := self.policy_response(request)) is not None:
            return policy
        if path == "/cookie-consent" and request.method == "POST":
            return self.record_consent(request)
        if path.startswith("/mypreferences/d/api/settings/") and request.method == "POST":
            return self.save(request, user, path.rsplit("/", 1)[-1])
        if path == "/checkpoint/lg/login-submit" and request.method == "POST":
            return self.login_submit(request)
        if path == "/checkpoint/challenge/verify" and request.method == "POST":
            return self.verify_pin(request)
        if path == "/checkpoint/challenge/captchaInternal":
            return self.captcha_frame(request)
        if path.startswith("/checkpoint/challenge/"):
            return self.challenge_page(request, path.rsplit("/", 1)[-1])
        if path in ("/login", "/uas/login", "/checkpoint/lg/login"):
            if user:
                return redirect(self.target(request) or "/feed/")
            return self.login_page(request, request.query.get("errorKey", ""))
        if path == "/m/logout/":
            return self.end_session(request, redirect("/"))
        if path == "/check/add-phone/skip" and request.method == "POST":
            self.clear_interstitial(request)
            return redirect(self.target(request) or "/feed/", 303)
        if path == "/" and not user:
            return self.guest_home(request)
        if not user:
            return redirect("/login?session_redirect=" + quote(
                absolute_url(request, HOST, path_with_query(request)), safe=""))
        if path == "/check/add-phone":
            return self.interstitial_page(request, user)
        if self.interstitial_due(request):
            return redirect("/check/add-phone?session_redirect=" + quote(
                absolute_url(request, HOST, path_with_query(request)), safe=""))
        if path in ("/", "/feed", "/feed/"):
            return self.feed(request, user)
        if path == "/mypreferences/d/categories/privacy":
            return self.privacy_index(request, user)
        slug = path.removeprefix("/mypreferences/d/settings/").strip("/")
        if path.startswith("/mypreferences/d/settings/") and slug in SETTINGS:
            return self.settings_page(request, user, slug)
        return self.chrome(request, user, "Page not found",
                           "<main><h1>This page doesn’t exist</h1></main>", status=404)

    def target(self, request: Request) -> str | None:
        wanted = request.query.get("session_redirect") or request.form.get("session_redirect")
        return local_target(wanted or "", request, self.hosts)

    # --- login and checkpoints ---------------------------------------------------------
    def login_page(self, request: Request, error: str = "") -> Response:
        t = TEXT[self.language(request)]
        user_error = t["no_user"] if error == "NO_ACCOUNT" else (
            t["empty"] if error == "EMPTY" else "")
        pass_error = t["bad_password"] if error == "INVALID_CREDENTIALS" else ""
        body = f"""<main class="card"><h1>{t["sign_in"]}</h1><p>{t["tagline"]}</p>
<form method="post" action="/checkpoint/lg/login-submit" class="login__form" novalidate>
<input type="hidden" name="loginCsrfParam" value="{secrets.token_hex(8)}">
<input type="hidden" name="session_redirect" value="{esc(request.query.get(
            "session_redirect", ""))}">
<label for="username">{t["username"]}</label>
<input type="text" id="username" name="session_key" autocomplete="username" required>
<div id="error-for-username" class="li-error" role="alert">{user_error}</div>
<label for="password">{t["password"]}</label>
<input type="password" id="password" name="session_password"
 autocomplete="current-password" required>
<div id="error-for-password" class="li-error" role="alert">{pass_error}</div>
<p><a href="/checkpoint/rp/request-password-reset">{t["forgot"]}</a></p>
<button type="submit" class="btn__primary--large">{t["sign_in"]}</button></form></main>"""
        return self.chrome(request, None, f"LinkedIn Login, {t['sign_in']}", body, nav=False)

    def login_submit(self, request: Request) -> Response:
        form = request.form
        redirect_to = form.get("session_redirect", "")
        again = "/checkpoint/lg/login?session_redirect=" + quote(redirect_to, safe="")
        if not form.get("session_key", "").strip():
            return redirect(again + "&errorKey=EMPTY", 303)
        username = find_account(self, form.get("session_key", ""))
        if username is None:
            return redirect(again + "&errorKey=NO_ACCOUNT", 303)
        if not self.check_password(username, form.get("session_password", "")):
            return redirect(again + "&errorKey=INVALID_CREDENTIALS", 303)
        kind = "captcha" if self.fault("captcha") else "pin" if self.fault("challenge") else ""
        if kind:
            challenge_id = "AQ" + secrets.token_urlsafe(18)
            with self.lock:
                self.challenges[challenge_id] = {"username": username, "kind": kind,
                                                 "target": redirect_to}
            return redirect(f"/checkpoint/challenge/{challenge_id}?ut=0{kind[0]}", 303)
        return self.signed_in(request, username, redirect_to)

    def signed_in(self, request: Request, username: str, wanted: str) -> Response:
        target = local_target(wanted, request, self.hosts) or "/feed/"
        response = redirect(target, 303)
        self.sign_in(response, username)
        response.set_cookie("JSESSIONID", f'"ajax:{secrets.randbelow(10**19):019d}"')
        return response.set_cookie("liap", "true")

    def challenge_page(self, request: Request, challenge_id: str, error: str = "") -> Response:
        t = TEXT[self.language(request)]
        challenge = self.challenges.get(challenge_id)
        if challenge is None:
            return redirect("/login")
        if challenge["kind"] == "captcha":
            body = f"""<main class="card"><h1>{t["security"]}</h1>
<iframe id="captcha-internal" title="Captcha" width="100%" height="320" style="border:0"
 src="/checkpoint/challenge/captchaInternal?challengeId={esc(challenge_id)}"></iframe></main>"""
            return self.chrome(request, None, t["security"], body, nav=False)
        account = self.accounts[challenge["username"]]
        help_text = t["pin_app"] if account.get("totp_secret") else t["pin_sent"].format(
            to=esc(_masked(str(account.get("email") or challenge["username"]))))
        body = f"""<main class="card"><h1>{t["check"]}</h1><p>{help_text}</p>
<form method="post" action="/checkpoint/challenge/verify">
<input type="hidden" name="challengeId" value="{esc(challenge_id)}">
<label for="input__email_verification_pin">{t["pin_label"]}</label>
<input type="text" id="input__email_verification_pin" name="pin" maxlength="6"
 inputmode="numeric" autocomplete="one-time-code" required>
<div class="li-error" role="alert">{error}</div>
<button type="submit" id="email-pin-submit-button">{t["submit"]}</button></form></main>"""
        return self.chrome(request, None, t["check"], body, nav=False)

    def verify_pin(self, request: Request) -> Response:
        challenge_id = request.form.get("challengeId", "")
        challenge = self.challenges.get(challenge_id)
        if challenge is None or challenge["kind"] != "pin":
            return redirect("/login", 303)
        if not self.code_ok(challenge["username"], request.form.get("pin", "")):
            t = TEXT[self.language(request)]
            return self.challenge_page(request, challenge_id, t["pin_bad"])
        with self.lock:
            self.challenges.pop(challenge_id, None)
        return self.signed_in(request, challenge["username"], challenge["target"])

    def captcha_frame(self, request: Request) -> Response:
        t = TEXT[self.language(request)]
        # a person picks images in the window and passes; a script posting nothing fails
        challenge = self.challenges.get(request.query.get("challengeId", ""))
        if request.method == "POST" and challenge and request.form.get("picked"):
            with self.lock:
                self.challenges.pop(request.query["challengeId"], None)
            return self.signed_in(request, challenge["username"], challenge["target"])
        error = t["puzzle_bad"] if request.method == "POST" else ""
        tiles = "".join(f'<button type="button" class="secondary" aria-label="Image {n}" '
                        f'onclick="this.classList.toggle(\'picked\');this.form.picked.value='
                        f'this.form.querySelectorAll(\'.picked\').length||\'\'">'
                        f'{"◐◑◒◓◔◕"[n % 6]}</button>' for n in range(1, 7))
        body = f"""<h2>{t["puzzle"]}</h2><p>{t["puzzle_help"]}</p>
<form method="post" target="_top"><div>{tiles}</div><input type="hidden" name="picked">
<p class="li-error" role="alert">{error}</p>
<button type="submit">{t["verify"]}</button></form>"""
        return page(t["puzzle"], body, head=f"<style>{CSS}</style>")

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = TEXT[self.language(request, user)]
        target = esc(request.query.get("session_redirect", ""))
        body = f"""<main class="card"><h1>{t["phone_title"]}</h1><p>{t["phone_help"]}</p>
<label for="phone">{t["phone"]}</label><input type="text" id="phone" name="phone">
<p><button type="button" disabled>{t["add_phone"]}</button></p>
<form method="post" action="/check/add-phone/skip">
<input type="hidden" name="session_redirect" value="{target}">
<button type="submit" class="secondary">{t["skip"]}</button></form></main>"""
        return self.chrome(request, user, t["phone_title"], body, nav=False)

    # --- signed-in pages -------------------------------------------------------------
    def guest_home(self, request: Request) -> Response:
        t = TEXT[self.language(request)]
        body = (f'<main class="card"><h1>{t["welcome"]}</h1>'
                f'<p><a href="/login">{t["sign_in"]}</a></p></main>')
        return self.chrome(request, None, "LinkedIn", body, nav=False)

    def feed(self, request: Request, user: str) -> Response:
        t = TEXT[self.language(request, user)]
        body = f"""<main class="card" aria-label="Feed"><h1 class="visually-hidden">Feed</h1>
<p><strong>{esc(user)}</strong></p><button type="button">{t["feed_post"]}</button>
<article><h2>LinkedIn News</h2><p>Top stories and conversations.</p></article></main>"""
        return self.chrome(request, user, "Feed | LinkedIn", body)

    def privacy_index(self, request: Request, user: str) -> Response:
        lang = self.language(request, user)
        links = "".join(f'<li><a href="/mypreferences/d/settings/{slug}">{s.text[lang][0]}</a>'
                        "</li>" for slug, s in SETTINGS.items())
        body = f'<main class="card"><h1>{TEXT[lang]["privacy"]}</h1><ul>{links}</ul></main>'
        return self.settings_chrome(request, user, TEXT[lang]["privacy"], body)

    def settings_page(self, request: Request, user: str, slug: str) -> Response:
        lang = self.language(request, user)
        t, setting = TEXT[lang], SETTINGS[slug]
        if self.fault("rate_limit"):
            body = f'<main class="card"><h1>LinkedIn</h1><p>{t["rate"]}</p></main>'
            return self.chrome(request, user, "LinkedIn", body, status=429)
        if self.fault("transient_error", once=True):
            body = f'<main class="card"><h1>LinkedIn</h1><p>{t["broken"]}</p></main>'
            return self.chrome(request, user, "LinkedIn", body, status=500)
        heading, question, label = setting.text[lang]
        on = bool(self.settings_of(user)[setting.id])
        control = (_variant_switch if self.fault("layout_variant") else _switch)(
            setting, label, on, t)
        note = f"<p>{t['ai_note']}</p>" if setting.id == "ai-training" else ""
        slow = self.fault("slow_render")
        controls = (deferred_markup(control, t["loading"], "pref-deferred", "pref-loader")
                    if slow else control)
        body = f"""<main class="card"><a href="/mypreferences/d/categories/privacy">
{t["back"]}</a><h1>{heading}</h1><p>{question}</p>{note}
<p><a href="/help/linkedin/answer/a5538339">{t["learn"]}</a></p>{controls}</main>
<script>{TOAST_JS}{_save_js(slug, request, t, 2500 if slow else 0)}</script>"""
        return self.settings_chrome(request, user, f"{heading} | LinkedIn", body)

    def save(self, request: Request, user: str | None, slug: str) -> Response:
        if user is None:
            return json_response({"status": 401}, 401)
        if slug not in SETTINGS or not isinstance((request.json or {}).get("value"), bool):
            return json_response({"status": 400}, 400)
        if request.headers.get("csrf-token") != request.cookies.get("JSESSIONID"):
            return json_response({"status": 403, "message": "CSRF check failed."}, 403)
        setting, value = SETTINGS[slug], request.json["value"]
        result = self.apply_save(user, {setting.id: value})
        if result == "session_expired":
            return self.end_session(request, json_response({"status": 401}, 401))
        if result == "error":
            return json_response({"status": 500, "message": "Internal error"}, 500)
        return json_response({"status": 200, "value": value})

    # --- page chrome -----------------------------------------------------------------
    def chrome(self, request: Request, user: str | None, title: str, body: str, *,
               nav: bool = True, status: int = 200) -> Response:
        t = TEXT[self.language(request, user)]
        links = "".join(f'<a href="/feed/">{name}</a>' for name in t["nav"]) if nav else ""
        header = (f'<header class="li-header"><a class="li-logo" href="/feed/">in</a>'
                  f"<nav>{links}</nav></header>")
        banner = consent_banner(text=t["cookies"], accept=t["accept"], reject=t["reject"],
                                endpoint="/cookie-consent") if self.needs_consent(request) else ""
        return self.styled_page(request, user, title, header + body + banner, CSS, status)

    def settings_chrome(self, request: Request, user: str, title: str, body: str) -> Response:
        t = TEXT[self.language(request, user)]
        rail = "".join(f'<a href="/mypreferences/d/categories/privacy"'
                       f'{" class=active" if name == t["privacy"] else ""}>{name}</a>'
                       for name in t["rail"])
        return self.chrome(request, user, title,
                           f'<div class="li-layout"><nav class="li-rail">{rail}</nav>{body}</div>')


def _switch(setting: Setting, label: str, on: bool, t: dict[str, Any]) -> str:
    return f"""<div class="toggle-row"><label id="{setting.label_id}"
 for="toggle-{setting.id}">{label}</label><div class="artdeco-toggle">
<span class="toggle-state">{t["on"] if on else t["off"]}</span>
<input type="checkbox" role="switch" id="toggle-{setting.id}" class="artdeco-toggle__button"
 aria-labelledby="{setting.label_id}"{" checked" if on else ""}></div></div>"""


def _variant_switch(setting: Setting, label: str, on: bool, t: dict[str, Any]) -> str:
    return f"""<section class="pref-panel-v2"><div class="pref-row">
<span class="pref-row__text">{label}</span>
<span class="toggle-state">{t["on"] if on else t["off"]}</span>
<button type="button" role="switch" class="pref-switch" aria-label="{esc(label)}"
 aria-checked="{"true" if on else "false"}"></button></div></section>"""


def _save_js(slug: str, request: Request, t: dict[str, Any], delay_ms: int) -> str:
    return f"""
var CSRF = {js_string(request.cookies.get("JSESSIONID", ""))};
function readSwitch(el) {{
  return el.tagName === 'BUTTON' ? el.getAttribute('aria-checked') === 'true' : el.checked;
}}
function save(el) {{
  var value = readSwitch(el);
  document.querySelector('.toggle-state').textContent = value ? {js_string(t["on"])}
    : {js_string(t["off"])};
  fetch('/mypreferences/d/api/settings/{slug}', {{method: 'POST', headers: {{
    'content-type': 'application/json', 'csrf-token': CSRF}},
    body: JSON.stringify({{value: value}})}}).then(function (r) {{
      if (r.status === 401) {{
        location.href = '/login?session_redirect=' + encodeURIComponent(location.href);
        return;
      }}
      if (!r.ok) throw new Error('HTTP ' + r.status);
      showToast({js_string(t["saved"])}, true);
    }}).catch(function () {{ showToast({js_string(t["save_failed"])}, false); }});
}}
function bind() {{
  var el = document.querySelector('input[role=switch], button[role=switch]');
  if (el.tagName === 'BUTTON') el.addEventListener('click', function () {{
    el.setAttribute('aria-checked', readSwitch(el) ? 'false' : 'true'); save(el); }});
  else el.addEventListener('change', function () {{ save(el); }});
}}
setTimeout(function () {{
  {reveal_js("pref-deferred", "pref-loader")}
  bind();
}}, {delay_ms});
"""


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else f"•••{email[-2:]}"



REPLICA = LinkedInReplica
