"""What the Facebook and Instagram replicas share: Meta's sign-in and the AI objection form.

As on the real sites (platforms.md): a sign-in form, then the Help Centre's objection form
with the email address filled in and an optional reason; the page's own script posts it
and shows Meta's confirmation in place of the form. The awkward parts are all here:

- the form is offered only to accounts in the EU/EEA and the UK (account extra
  ``region``, default ``"DE"``); elsewhere the same address says it is not available;
- an account that has objected before sees a notice above the form (account extra
  ``objected``, or after a submission);
- Meta may first email a code to confirm the objection (fault ``emailed_code``; the code
  is the account's ``pin``, default ``123456``).

State: ``settings_of(user)["ai-objection"]`` is True until an objection is received
(the data use is on), and ``replica.objections`` lists every objection received.

Faults: cookie_banner, interstitial ("save your login info?"), slow_render (the form
appears 2.5 s after load), save_error (the submission fails), session_expired (the
session ends as the form is sent), rate_limit, captcha and challenge (at sign-in),
transient_error (one server error), layout_variant (the newer markup: no form element,
fields named by aria-label, a ``div[role=button]`` "Submit"), language (German),
emailed_code.
"""

from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote, urlsplit

from optout_bot.sandbox._common import (
    TOAST_JS,
    absolute_url,
    consent_banner,
    deferred_markup,
    esc,
    find_account,
    js_string,
    path_with_query,
    reveal_js,
)
from optout_bot.sandbox.base import Request, Response, json_response, page, redirect
from optout_bot.sandbox.kit import SiteReplica

SETTING = "ai-objection"
OFFERED_REGIONS = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO GB UK".split())
FAULTS = ("cookie_banner", "interstitial", "slow_render", "save_error", "session_expired",
          "rate_limit", "captcha", "challenge", "transient_error", "layout_variant",
          "language", "emailed_code")

TEXT: dict[str, dict[str, str]] = {
    "en": {
        "form_title": "Object to Your Information Being Used for AI at Meta",
        "form_intro": "You have the right to object to Meta using the information you've "
                      "shared on our Products and services to develop and improve AI at "
                      "Meta. You can submit this form to exercise that right.",
        "form_more": "If your objection is honoured, it will be applied from now on.",
        "email": "Email address", "reason": "Please explain how this processing impacts "
        "you (optional)", "send": "Send", "submit": "Submit",
        "sent_before": "You've already submitted an objection from this account. We "
                       "received it on {date}.",
        "thanks": "We’ve received your objection",
        "thanks_more": "We'll honour your objection. This means it will be applied from "
                       "now on to AI at Meta. We’ve sent a confirmation to {email}.",
        "code_title": "Check your email",
        "code_help": "To confirm your objection, enter the 6-digit code we sent to {to}.",
        "code": "Confirmation code", "confirm": "Confirm",
        "code_bad": "That code isn't right. Check the email and try again.",
        "failed": "Something went wrong. Please try again later.",
        "not_offered": "This form isn't available to you",
        "not_offered_more": "It is only available to people in certain countries and "
                            "regions.",
        "loading": "Loading…",
        "cookies_title": "Allow the use of cookies from {site} on this browser?",
        "cookies": "We use cookies and similar technologies to help provide and improve "
                   "content on Meta Products, and to provide a safer experience.",
        "accept": "Allow all cookies", "reject": "Decline optional cookies",
        "log_in": "Log in", "password": "Password", "forgot": "Forgotten password?",
        "bad_login": "The password that you've entered is incorrect.",
        "no_user": "The email address or mobile number you entered isn't connected to an "
                   "account.",
        "save_title": "Save your login info?", "save": "Save info", "not_now": "Not now",
        "code_login": "Enter the code from your authentication app",
        "continue": "Continue", "secure": "Help us confirm it's you",
        "secure_help": "Solve the puzzle below to continue.",
        "hub_title": "Generative AI at Meta", "hub_link": "object to your information "
        "being used for AI at Meta",
        "broken": "Sorry, something went wrong. We're working on getting this fixed as "
                  "soon as we can.",
        "home": "What's on your mind?",
    },
    "de": {
        "form_title": "Widerspruch gegen die Verwendung deiner Informationen für KI bei "
                      "Meta",
        "form_intro": "Du hast das Recht, der Verwendung deiner Informationen für die "
                      "Entwicklung und Verbesserung von KI bei Meta zu widersprechen.",
        "form_more": "Wenn wir deinem Widerspruch stattgeben, gilt er ab sofort.",
        "email": "E-Mail-Adresse", "reason": "Bitte erläutere, wie sich diese "
        "Verarbeitung auf dich auswirkt (optional)", "send": "Senden", "submit": "Absenden",
        "sent_before": "Du hast bereits einen Widerspruch von diesem Konto eingereicht "
                       "({date}).",
        "thanks": "Wir haben deinen Widerspruch erhalten",
        "thanks_more": "Wir werden deinem Widerspruch stattgeben. Eine Bestätigung wurde "
                       "an {email} gesendet.",
        "code_title": "Sieh in deinen E-Mails nach",
        "code_help": "Gib den 6-stelligen Code ein, den wir an {to} gesendet haben.",
        "code": "Bestätigungscode", "confirm": "Bestätigen",
        "code_bad": "Dieser Code ist nicht richtig. Bitte versuche es erneut.",
        "failed": "Etwas ist schiefgelaufen. Bitte versuche es später erneut.",
        "not_offered": "Dieses Formular ist für dich nicht verfügbar",
        "not_offered_more": "Es ist nur in bestimmten Ländern und Regionen verfügbar.",
        "loading": "Wird geladen…",
        "cookies_title": "Die Verwendung von Cookies durch {site} in diesem Browser "
                         "erlauben?",
        "cookies": "Wir verwenden Cookies und ähnliche Technologien, um Inhalte auf "
                   "Meta-Produkten bereitzustellen und zu verbessern.",
        "accept": "Alle Cookies erlauben", "reject": "Optionale Cookies ablehnen",
        "log_in": "Anmelden", "password": "Passwort", "forgot": "Passwort vergessen?",
        "bad_login": "Das eingegebene Passwort ist falsch.",
        "no_user": "Die eingegebene E-Mail-Adresse gehört zu keinem Konto.",
        "save_title": "Deine Login-Informationen speichern?", "save": "Speichern",
        "not_now": "Jetzt nicht",
        "code_login": "Gib den Code aus deiner Authentifizierungs-App ein",
        "continue": "Weiter", "secure": "Hilf uns zu bestätigen, dass du es bist",
        "secure_help": "Löse das Rätsel, um fortzufahren.",
        "hub_title": "Generative KI bei Meta", "hub_link": "der Verwendung deiner "
        "Informationen für KI bei Meta widersprechen",
        "broken": "Leider ist etwas schiefgelaufen.",
        "home": "Was machst du gerade?",
    },
}

CSS = """
.meta-header{background:#fff;border-bottom:1px solid #ddd;padding:8px 24px;display:flex;
 gap:16px;align-items:center}.meta-logo{color:#1877f2;font-weight:700;font-size:24px;
 text-decoration:none}button,.meta-button{background:#1877f2;border:0;border-radius:6px;
 color:#fff;padding:8px 16px;font-size:15px;cursor:pointer;display:inline-block}
.secondary{background:#e4e6eb;color:#050505}.notice{background:#e7f3ff;padding:12px;
 border-radius:6px}.meta-error{color:#be4b49}.toast-error{background:#be4b49}
"""


@dataclass(frozen=True)
class Paths:
    """Where each page of one Meta site lives (host None: any of the site's hosts)."""

    login: str
    login_submit: str
    interstitial: str
    two_factor: str
    captcha: str
    form: str
    form_host: str | None
    hub: str
    hub_host: str | None
    policy: str
    policy_host: str | None
    user_field: str = "email"
    password_field: str = "pass"
    variant_user_field: str = "email"
    variant_password_field: str = "pass"
    code_field: str = "approvals_code"
    old_forms: tuple[str, ...] = ()  # earlier addresses of the form, redirected to it


class MetaReplica(SiteReplica):
    """One Meta site; subclasses set ``platform``, ``hosts``, ``site``, ``paths``."""

    site = ""
    paths: Paths
    cookie_domain = ""
    FAULTS = FAULTS

    def __init__(self) -> None:
        super().__init__()
        self.objections: list[dict[str, Any]] = []
        self.pending_codes: dict[str, dict[str, str]] = {}  # session token -> objection
        self.challenges: dict[str, dict[str, str]] = {}  # id -> username, target
        self.handoffs: dict[str, str] = {}  # one-time nonce -> session token

    # --- accounts --------------------------------------------------------------------
    def settings_defaults(self) -> dict[str, Any]:
        return {SETTING: True}

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        state.setdefault("region", "DE")
        state.setdefault("email", username if "@" in username else f"{username}@example.com")
        account = super().add_account(username, password, **state)
        if state.get("objected"):
            account["objected"] = "2026-05-20"
            account["settings"][SETTING] = False
        return account

    def offered(self, user: str) -> bool:
        return str(self.accounts[user].get("region", "")).upper() in OFFERED_REGIONS

    # --- dispatch --------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        response = self.route_page(request)
        cookies = [v for k, v in response.headers if k == "Set-Cookie"]
        if (request.cookies.get(self.session_cookie) and self.current_user(request) is None
                and not any(c.startswith(f"{self.session_cookie}=") for c in cookies)):
            # a session the server has ended: the site drops its cookies, as Meta does
            for name in (self.session_cookie, *self.extra_session_cookies):
                response.set_cookie(name, "", max_age=0)
        if self.cookie_domain:  # as on the real site: one session for every subdomain
            response.headers = [(k, f"{v}; Domain={self.cookie_domain}")
                                if k == "Set-Cookie" else (k, v) for k, v in response.headers]
        return response

    def host(self, request: Request) -> str:
        return (request.headers.get("host") or self.hosts[0]).split(":")[0]

    def route_page(self, request: Request) -> Response:
        p, path, user = self.paths, request.path, self.current_user(request)
        host = self.host(request)
        on = (lambda wanted_host: wanted_host in (host, None))  # noqa: E731
        if path == "/cookie/consent/" and request.method == "POST":
            return self.record_consent(request)
        if path == "/accounts/session/handoff/":
            return self.handoff(request)
        if on(p.policy_host) and path.rstrip("/") == p.policy.rstrip("/"):
            return self.policy_page(request, user)
        if on(p.hub_host) and path.rstrip("/") == p.hub.rstrip("/"):
            return self.hub_page(request, user)
        if path == p.login_submit and request.method == "POST":
            return self.login_submit(request)
        if path.rstrip("/") == p.login.rstrip("/") or path == "/login.php":
            if user:
                return self.to_target(request, request.query.get("next", ""))
            return self.login_page(request)
        if path.rstrip("/") == p.two_factor.rstrip("/"):
            return self.two_factor(request)
        if path.rstrip("/") == p.captcha.rstrip("/"):
            return self.captcha_page(request)
        if path == "/captcha/frame/":
            return page("Captcha", "<p>Select all images with a bicycle.</p>")
        if path == "/ajax/objection/submit/" and request.method == "POST":
            return self.receive(request, user)
        if path == "/ajax/objection/confirm/" and request.method == "POST":
            return self.confirm_code(request, user)
        if path.rstrip("/") == p.interstitial.rstrip("/") and request.method == "POST":
            self.clear_interstitial(request)
            return self.to_target(request, request.form.get("next", ""), status=303)
        if not user:
            if path == "/" and host == self.hosts[0]:
                return self.login_page(request)
            login = f"https://{self.hosts[0]}{p.login}"
            return redirect(f"{login}?next=" + quote(
                absolute_url(request, host, path_with_query(request)), safe=""))
        if path.rstrip("/") == p.interstitial.rstrip("/"):
            return self.interstitial_page(request, user)
        if self.interstitial_due(request):
            return redirect(f"https://{self.hosts[0]}{p.interstitial}?next=" + quote(
                absolute_url(request, host, path_with_query(request)), safe=""))
        if on(p.form_host) and path.rstrip("/") == p.form.rstrip("/"):
            return self.form_page(request, user)
        if on(p.form_host) and path.rstrip("/") in {f.rstrip("/") for f in p.old_forms}:
            return redirect(p.form, 301)
        if path == "/":
            return self.chrome(request, user, self.site,
                               f'<main><h1>{esc(user)}</h1><p>{self.t(request, user)["home"]}'
                               "</p></main>")
        return self.chrome(request, user, "Page not found",
                           "<main><h1>This page isn't available</h1></main>", status=404)

    def t(self, request: Request, user: str | None = None) -> dict[str, str]:
        return TEXT[self.language(request, user)]

    # --- signing in ------------------------------------------------------------------
    def to_target(self, request: Request, target: str, status: int = 302,
                  token: str | None = None) -> Response:
        """Go on to ``target`` (a URL on any of the site's hosts); other hosts get the
        session handed over first, as a site whose session cookie is per host does."""
        parts = urlsplit(target)
        path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
        if not target or not path.startswith("/") or path.startswith("//"):
            return redirect("/", status)
        if parts.netloc and parts.netloc not in self.hosts:
            return redirect("/", status)
        if parts.netloc and parts.netloc != self.host(request):
            token = token or request.cookies.get(self.session_cookie, "")
            nonce = secrets.token_urlsafe(16)
            with self.lock:
                self.handoffs[nonce] = token
            return redirect(f"https://{parts.netloc}/accounts/session/handoff/?nonce={nonce}"
                            f"&next={quote(path, safe='')}", status)
        return redirect(path, status)

    def handoff(self, request: Request) -> Response:
        with self.lock:
            token = self.handoffs.pop(request.query.get("nonce", ""), "")
        response = self.to_target(request, request.query.get("next", "/"))
        if token:
            response.set_cookie(self.session_cookie, token)
        return response

    def login_page(self, request: Request, error: str = "") -> Response:
        t, p = self.t(request), self.paths
        variant = self.fault("layout_variant")
        user_name = p.variant_user_field if variant else p.user_field
        pass_name = p.variant_password_field if variant else p.password_field
        button = ('<button type="submit" name="login">' if p.user_field == "email"
                  else '<button type="submit">') + f'{t["log_in"]}</button>'
        body = f"""<main><h1>{esc(self.site)}</h1>
<form method="post" action="{p.login_submit}">
<input type="hidden" name="next" value="{esc(request.query.get("next", ""))}">
<input type="text" name="{user_name}" aria-label="{esc(self.user_label)}"
 placeholder="{esc(self.user_label)}" autocomplete="username">
<input type="password" name="{pass_name}" aria-label="{t["password"]}"
 placeholder="{t["password"]}" autocomplete="current-password">
<div class="meta-error" role="alert">{esc(error)}</div>
{button}</form><p><a href="/recover/">{t["forgot"]}</a></p></main>"""
        return self.chrome(request, None, f"{t['log_in']} • {self.site}", body)

    user_label = "Email address or phone number"

    def login_submit(self, request: Request) -> Response:
        form, t, p = request.form, self.t(request), self.paths
        ident = form.get(p.user_field) or form.get(p.variant_user_field) or ""
        password = form.get(p.password_field) or form.get(p.variant_password_field) or ""
        username = find_account(self, ident)
        if username is None:
            return self.login_page(request, t["no_user"])
        if not self.check_password(username, password):
            return self.login_page(request, t["bad_login"])
        target = form.get("next", "")
        if self.fault("captcha") or self.fault("challenge"):
            challenge = secrets.token_urlsafe(12)
            with self.lock:
                self.challenges[challenge] = {"username": username, "target": target}
            where = p.captcha if self.fault("captcha") else p.two_factor
            return redirect(f"{where}?context={challenge}", 303)
        return self.signed_in(request, username, target)

    def signed_in(self, request: Request, username: str, target: str) -> Response:
        response = Response(303)
        self.sign_in(response, username)
        token = next((v.split(";", 1)[0].split("=", 1)[1] for k, v in response.headers
                      if k == "Set-Cookie" and v.startswith(f"{self.session_cookie}=")), "")
        for name in self.extra_session_cookies:
            response.set_cookie(name, str(sum(map(ord, username)) * 7919))
        response.headers += self.to_target(request, target, 303, token=token).headers
        return response

    def two_factor(self, request: Request) -> Response:
        t, p = self.t(request), self.paths
        challenge = request.query.get("context") or request.form.get("context", "")
        pending = self.challenges.get(challenge)
        if pending is None:
            return redirect(p.login)
        error = ""
        if request.method == "POST":
            if self.code_ok(pending["username"], request.form.get(p.code_field, "")):
                with self.lock:
                    self.challenges.pop(challenge, None)
                return self.signed_in(request, pending["username"], pending["target"])
            error = t["code_bad"]
        body = f"""<main><h1>{t["code_login"]}</h1><form method="post">
<input type="hidden" name="context" value="{esc(challenge)}">
<input type="text" name="{p.code_field}" aria-label="{t["code"]}" inputmode="numeric"
 autocomplete="one-time-code"><div class="meta-error" role="alert">{error}</div>
<button type="submit">{t["continue"]}</button></form></main>"""
        return self.chrome(request, None, t["code_login"], body)

    def captcha_page(self, request: Request) -> Response:
        t = self.t(request)
        body = f"""<main><h1>{t["secure"]}</h1><p>{t["secure_help"]}</p>
<iframe src="/captcha/frame/" title="Captcha" width="100%" height="240"
 style="border:0"></iframe></main>"""
        return self.chrome(request, None, t["secure"], body)

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        body = f"""<main><h1>{t["save_title"]}</h1><form method="post">
<input type="hidden" name="next" value="{esc(request.query.get("next", ""))}">
<button type="button">{t["save"]}</button>
<button type="submit" class="secondary">{t["not_now"]}</button></form></main>"""
        return self.chrome(request, user, t["save_title"], body)

    # --- the objection form ----------------------------------------------------------
    def form_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        if self.fault("rate_limit"):
            return self.chrome(request, user, self.site, self.rate_limit_text, status=429)
        if self.fault("transient_error", once=True):
            return self.chrome(request, user, self.site,
                               f'<main><h1>{t["broken"]}</h1></main>', status=500)
        if not self.offered(user):
            body = (f'<main><h1>{t["not_offered"]}</h1><p>{t["not_offered_more"]}</p>'
                    f'<p><a href="/">{self.site}</a></p></main>')
            return self.chrome(request, user, self.site, body)
        account = self.accounts[user]
        notice = ""
        if account.get("objected"):
            notice = (f'<p class="notice" role="note">'
                      f'{esc(t["sent_before"].format(date=account["objected"]))}</p>')
        form = (_variant_form if self.fault("layout_variant") else _form)(
            t, str(account["email"]))
        slow = self.fault("slow_render")
        content = deferred_markup(form, t["loading"], "deferred", "loading") if slow else form
        csrf = secrets.token_urlsafe(12)
        with self.lock:
            account["csrf"] = csrf
        body = f"""<main><h1>{t["form_title"]}</h1><p>{t["form_intro"]}</p>
<p>{t["form_more"]}</p>{notice}<div id="objection">{content}</div></main>
<script>{TOAST_JS}{_form_js(t, csrf, self.paths.login, 2500 if slow else 0)}</script>"""
        return self.chrome(request, user, t["form_title"], body)

    def receive(self, request: Request, user: str | None) -> Response:
        data = request.json or {}
        if user is None:
            return json_response({"error": "login_required"}, 401)
        account = self.accounts[user]
        if data.get("csrf") != account.get("csrf"):
            return json_response({"error": "csrf"}, 403)
        if not self.offered(user):
            return json_response({"error": "not_offered"}, 403)
        if self.fault("session_expired", once=True):
            return self.end_session(request, json_response({"error": "login_required"}, 401))
        if self.fault("save_error"):
            return json_response({"error": "failed"}, 500)
        objection = {"user": user, "email": str(data.get("email", "")),
                     "reason": str(data.get("reason", ""))}
        if self.fault("emailed_code"):
            with self.lock:
                self.pending_codes[request.cookies.get(self.session_cookie, "")] = objection
            return json_response({"status": "code_required",
                                  "to": _masked(objection["email"])})
        self.record_objection(objection)
        return json_response({"status": "ok", "email": objection["email"]})

    def confirm_code(self, request: Request, user: str | None) -> Response:
        if user is None:
            return json_response({"error": "login_required"}, 401)
        token = request.cookies.get(self.session_cookie, "")
        objection = self.pending_codes.get(token)
        if objection is None:
            return json_response({"error": "no_pending"}, 400)
        if not self.code_ok(user, str((request.json or {}).get("code", ""))):
            return json_response({"error": "bad_code"}, 400)
        with self.lock:
            self.pending_codes.pop(token, None)
        self.record_objection(objection)
        return json_response({"status": "ok", "email": objection["email"]})

    def record_objection(self, objection: dict[str, str]) -> None:
        with self.lock:
            objection["at"] = datetime.now(UTC).isoformat(timespec="seconds")
            self.objections.append(objection)
            account = self.accounts[objection["user"]]
            account["objected"] = objection["at"][:10]
            account["settings"][SETTING] = False

    rate_limit_text = ("<main><h1>You're temporarily blocked</h1><p>It looks like you were "
                       "misusing this feature by going too fast. Please try again later."
                       "</p></main>")

    # --- public pages ----------------------------------------------------------------
    def hub_page(self, request: Request, user: str | None) -> Response:
        t = self.t(request, user)
        p = self.paths
        body = f"""<main><h1>{t["hub_title"]}</h1><p>We use information from our Products
and services, such as public posts and comments, to develop and improve AI at Meta.</p>
<p>You have the right to <a href="https://{p.form_host}{p.form}">{t["hub_link"]}</a>.</p>
</main>"""
        return self.chrome(request, user, t["hub_title"], body)

    def policy_page(self, request: Request, user: str | None) -> Response:
        body = f"""<main><h1>Privacy Policy</h1><p>Effective June 26, 2025</p>
<p>This Privacy Policy describes how {self.site} and other Meta Products use your
information.</p><h2>How do we use your information?</h2><p>We use information, including
public posts, photos and comments, to develop and improve artificial intelligence (AI)
technology at Meta, including generative AI models.</p><h2>Your rights</h2><p>Depending on
where you live, you may have the right to object to our use of your information for
these purposes.</p></main>"""
        return self.chrome(request, user, "Privacy Policy", body)

    # --- page chrome -----------------------------------------------------------------
    def chrome(self, request: Request, user: str | None, title: str, body: str, *,
               status: int = 200) -> Response:
        t = self.t(request, user)
        header = (f'<header class="meta-header"><a class="meta-logo" href="/">'
                  f"{esc(self.site.lower())}</a></header>")
        banner = ""
        if self.needs_consent(request):
            banner = consent_banner(text=t["cookies_title"].format(site=self.site) + " "
                                    + t["cookies"], accept=t["accept"], reject=t["reject"],
                                    endpoint="/cookie/consent/")
        return self.styled_page(request, user, title, header + body + banner, CSS, status)


def _form(t: dict[str, str], email: str) -> str:
    return f"""<form id="objection-form" novalidate>
<label for="objection-email">{t["email"]}</label>
<input type="email" id="objection-email" name="email" value="{esc(email)}" required>
<label for="objection-reason">{t["reason"]}</label>
<textarea id="objection-reason" name="reason" rows="5"></textarea>
<div class="meta-error" id="objection-error"></div>
<p><button type="submit">{t["send"]}</button></p></form>"""


def _variant_form(t: dict[str, str], email: str) -> str:
    return f"""<div class="objection-v2" data-variant="2">
<div><span>{t["email"]}</span><input type="text" name="email_address"
 aria-label="{t["email"]}" value="{esc(email)}"></div>
<div><span>{t["reason"]}</span><textarea aria-label="{t["reason"]}"
 name="additional_info"></textarea></div>
<div class="meta-error" id="objection-error"></div>
<div role="button" tabindex="0" class="meta-button" id="objection-send">{t["submit"]}</div>
</div>"""


def _form_js(t: dict[str, str], csrf: str, login: str, delay_ms: int) -> str:
    return f"""
var T = {js_string(t)};
function values() {{
  var email = document.querySelector('[name=email], [name=email_address]');
  var reason = document.querySelector('[name=reason], [name=additional_info]');
  return {{email: email.value, reason: reason.value}};
}}
function post(url, data) {{
  data.csrf = {js_string(csrf)};
  return fetch(url, {{method: 'POST', headers: {{'content-type': 'application/json'}},
    body: JSON.stringify(data)}}).then(function (r) {{
      if (r.status === 401) {{
        location.href = {js_string(login)} + '?next=' + encodeURIComponent(location.href);
        throw new Error('signed out');
      }}
      return r.json().then(function (body) {{ body.httpStatus = r.status; return body; }});
    }});
}}
function failed(message) {{ showToast(message, false); }}
function done(body) {{
  document.getElementById('objection').innerHTML = '<h2 role="status"></h2><p></p>';
  document.querySelector('#objection h2').textContent = T.thanks;
  document.querySelector('#objection p').textContent = T.thanks_more.replace('{{email}}',
    body.email);
}}
function askCode(to) {{
  var box = document.getElementById('objection');
  box.innerHTML = '<h2></h2><p></p><label for="objection-code"></label>' +
    '<input type="text" id="objection-code" name="code" inputmode="numeric"' +
    ' autocomplete="one-time-code"><p><button type="button" id="objection-confirm">' +
    '</button></p>';
  box.querySelector('h2').textContent = T.code_title;
  box.querySelector('p').textContent = T.code_help.replace('{{to}}', to);
  box.querySelector('label').textContent = T.code;
  var button = document.getElementById('objection-confirm');
  button.textContent = T.confirm;
  button.addEventListener('click', function () {{
    post('/ajax/objection/confirm/', {{code: document.getElementById('objection-code').value}})
      .then(function (body) {{
        if (body.status === 'ok') done(body); else failed(T.code_bad);
      }}).catch(function () {{}});
  }});
}}
function send(event) {{
  if (event) event.preventDefault();
  post('/ajax/objection/submit/', values()).then(function (body) {{
    if (body.status === 'ok') done(body);
    else if (body.status === 'code_required') askCode(body.to);
    else failed(T.failed);
  }}).catch(function (e) {{ if (e.message !== 'signed out') failed(T.failed); }});
}}
function bind() {{
  var form = document.getElementById('objection-form');
  if (form) form.addEventListener('submit', send);
  var button = document.getElementById('objection-send');
  if (button) button.addEventListener('click', send);
}}
setTimeout(function () {{
  {reveal_js("deferred", "loading")}
  bind();
}}, {delay_ms});
"""


def _masked(email: str) -> str:
    name, _, domain = email.partition("@")
    return f"{name[:1]}•••@{domain}" if domain else "•••"
