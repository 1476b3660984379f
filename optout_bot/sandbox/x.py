"""X replica: the single-page login flow, the home page and the data-sharing checkboxes.

As on x.com (platforms.md), every page is a shell that JavaScript fills in. The login flow at
``/i/flow/login`` talks to ``POST /i/api/1.1/onboarding/task.json`` one subtask at a time
(``LoginEnterUserIdentifierSSO``, ``LoginEnterAlternateIdentifierSubtask``,
``LoginEnterPassword``, ``LoginTwoFactorAuthChallenge``) and the last answer sets
``auth_token``, ``twid`` and ``ct0``. The settings pages fetch
``GET /i/api/1.1/account/settings.json`` and render
``input[type=checkbox][aria-describedby^=CHECKBOX_]``; each change is a JSON
``POST`` to the same endpoint with header ``x-csrf-token`` = ct0.
"""

from __future__ import annotations

import hashlib
import secrets
from urllib.parse import quote

from optout_bot.sandbox import _x_pages as pages
from optout_bot.sandbox._common import find_account, local_target
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._x_pages import Setting
from optout_bot.sandbox.base import Request, Response, json_response, redirect
from optout_bot.sandbox.kit import GUEST, NOTICE, SIGNED_IN, STANDARD_FAULTS, SwitchReplica, route

TASK = "/i/api/1.1/onboarding/task.json"
SETTINGS_API = "/i/api/1.1/account/settings.json"


SETTINGS = (
    Setting("ai-training", "allow_grok_training", {
        "en": "Allow your public data as well as your interactions, inputs, and results with "
              "Grok and xAI to be used for training and fine-tuning",
        "de": "Erlaube, dass deine öffentlichen Daten sowie deine Interaktionen, Eingaben und "
              "Ergebnisse mit Grok und xAI für Training und Feinabstimmung verwendet werden",
        "fr": "Autoriser l'utilisation de vos données publiques ainsi que vos interactions, "
              "entrées et résultats avec Grok et xAI pour l'entraînement et le perfectionnement",
        "es": "Permitir que tus datos públicos, así como tus interacciones, entradas y "
              "resultados con Grok y xAI, se usen para entrenamiento y ajuste",
        "it": "Consenti che i tuoi dati pubblici e le tue interazioni, input e risultati con "
              "Grok e xAI vengano utilizzati per l'addestramento e il perfezionamento",
        "pt": "Permitir que seus dados públicos, bem como suas interações, entradas e "
              "resultados com o Grok e a xAI, sejam usados para treinamento e ajuste",
        "nl": "Toestaan dat je openbare gegevens en je interacties, invoer en resultaten met "
              "Grok en xAI worden gebruikt voor training en verfijning"}),
    Setting("grok-personalize", "allow_grok_personalization", {
        "en": "Allow X to personalize your experience with Grok",
        "de": "Erlaube X, dein Erlebnis mit Grok zu personalisieren",
        "fr": "Autoriser X à personnaliser votre expérience avec Grok",
        "es": "Permitir que X personalice tu experiencia con Grok",
        "it": "Consenti a X di personalizzare la tua esperienza con Grok",
        "pt": "Permitir que o X personalize sua experiência com o Grok",
        "nl": "X toestaan je ervaring met Grok te personaliseren"}),
    Setting("grok-history", "allow_grok_conversation_history", {
        "en": "Allow Grok to remember your conversation history",
        "de": "Erlaube Grok, sich an deinen Unterhaltungsverlauf zu erinnern",
        "fr": "Autoriser Grok à se souvenir de votre historique de conversation",
        "es": "Permitir que Grok recuerde tu historial de conversaciones",
        "it": "Consenti a Grok di ricordare la cronologia delle conversazioni",
        "pt": "Permitir que o Grok se lembre do seu histórico de conversas",
        "nl": "Grok toestaan je gespreksgeschiedenis te onthouden"}),
    Setting("partners", "allow_sharing_data_for_third_party_personalization", {
        "en": "Allow additional information sharing with business partners",
        "de": "Zusätzliche Informationsweitergabe an Geschäftspartner erlauben",
        "fr": "Autoriser le partage d'informations supplémentaires avec les partenaires "
              "commerciaux",
        "es": "Permitir compartir información adicional con socios comerciales",
        "it": "Consenti la condivisione di informazioni aggiuntive con i partner commerciali",
        "pt": "Permitir o compartilhamento de informações adicionais com parceiros comerciais",
        "nl": "Delen van aanvullende informatie met zakenpartners toestaan"}),
)
BY_FIELD = {s.field: s for s in SETTINGS}
PAGES = {  # settings page slug -> the settings it shows
    "grok_settings": ("ai-training", "grok-personalize", "grok-history"),
    "data_sharing_with_business_partners": ("partners",),
}

LOGIN_ERRORS = {  # error kind -> code, as the task endpoint answers
    "no_account": 399, "alternate_wrong": 399, "bad_password": 399, "bad_code": 236,
}


class XReplica(SwitchReplica):
    platform = "x"
    hosts = ("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.x.com",
             "gdpr.x.com")
    session_cookie = "auth_token"
    consent_cookie = "d_prefs"
    extra_session_cookies = ("twid", "ct0")
    #: a modal "What's new" dialog over every page (harmless: "Got it"), or one asking to
    #: accept new terms (not the tool's to answer)
    FAULTS = (*STANDARD_FAULTS, "unusual_activity", "whats_new_dialog", "terms_dialog")
    text = pages.TEXT
    login_path = "/i/flow/login"
    home_path = "/home"
    notice_path = "/i/flow/whats_new"
    redirect_param = "redirect_after_login"
    setting_ids = tuple(s.id for s in SETTINGS)
    policy_pages = (
        PolicyPage("privacy", "/en/privacy", "Privacy Policy", "X"),
        PolicyPage("privacy-gdpr", "/en.html", "Privacy Policy (EU and UK)", "X"),
        PolicyPage("terms", "/en/tos", "Terms of Service", "X", TERMS),
    )
    routes = (
        route("record_consent", "/i/api/1.1/consent", method="POST"),
        route("task", TASK, method="POST"),
        route("settings_api", SETTINGS_API),
        route("login_or_home", "/i/flow/login"),
        route("old_login", "/login"),
        route("account_access", "/account/access"),
        route("log_out", "/logout"),
        route("skip_whats_new", "/i/flow/whats_new/skip"),
        route("landing", "/", access=GUEST),
        route("whats_new", "/i/flow/whats_new", access=NOTICE),
        route("home", "/", "/home", access=SIGNED_IN),
        route("settings_index", "/settings", "/settings/privacy_and_safety", access=SIGNED_IN),
        route("settings_page", "/settings/{slug}", access=SIGNED_IN),
    )

    def __init__(self) -> None:
        super().__init__()
        self.flows: dict[str, dict[str, str]] = {}  # flow_token -> stage, username, target

    # --- pages -----------------------------------------------------------------------
    def login_page(self, request: Request) -> Response:
        return pages.login(self, request, self.language(request))

    def old_login(self, request: Request, user: str | None) -> Response:
        return redirect("/i/flow/login")

    def account_access(self, request: Request, user: str | None) -> Response:
        return pages.account_access(self, request, self.language(request, user))

    def skip_whats_new(self, request: Request, user: str | None) -> Response:
        self.clear_interstitial(request)
        return redirect(self.target(request) or "/home")

    def landing(self, request: Request, user: None) -> Response:
        return pages.landing(self, request, self.language(request))

    def whats_new(self, request: Request, user: str) -> Response:
        return pages.whats_new(self, request, self.language(request, user))

    def home(self, request: Request, user: str) -> Response:
        return pages.home(self, request, self.language(request, user), user)

    def settings_index(self, request: Request, user: str) -> Response:
        return pages.settings_index(self, request, self.language(request, user))

    def settings_page(self, request: Request, user: str, slug: str) -> Response:
        lang = self.language(request, user)
        if slug not in PAGES:
            return pages.not_found(self, request, lang)
        if self.fault("rate_limit"):
            return pages.rate_limited(self, request, lang)
        return pages.settings(self, request, lang, slug, [
            s for s in SETTINGS if s.id in PAGES[slug]])

    def not_found(self, request: Request, user: str) -> Response:
        return pages.not_found(self, request, self.language(request, user))

    # --- the login flow --------------------------------------------------------------
    def task(self, request: Request, user: str | None) -> Response:
        body = request.json if isinstance(request.json, dict) else {}
        if request.query.get("flow_name") == "login":
            token = secrets.token_hex(16)
            wanted = str((body.get("input_flow_data") or {}).get("redirect_after_login", ""))
            with self.lock:
                self.flows[token] = {"stage": "LoginEnterUserIdentifierSSO", "username": "",
                                     "target": local_target(wanted, request, self.hosts) or ""}
            return self.next_subtask(token, "LoginEnterUserIdentifierSSO")
        token = str(body.get("flow_token", ""))
        flow = self.flows.get(token)
        inputs = body.get("subtask_inputs") or [{}]
        step = inputs[0] if isinstance(inputs[0], dict) else {}
        if flow is None or step.get("subtask_id") != flow["stage"]:
            return json_response({"errors": [{"code": 366, "message":
                                  "flow name LoginFlow is currently not accessible"}]}, 400)
        text = str((step.get("enter_text") or {}).get("text", ""))
        password = str((step.get("enter_password") or {}).get("password", ""))
        stage = flow["stage"]
        if stage == "LoginEnterUserIdentifierSSO":
            username = find_account(self, text)
            if username is None:
                return _login_error("no_account")
            flow["username"] = username
            if self.fault("unusual_activity"):
                return self.next_subtask(token, "LoginEnterAlternateIdentifierSubtask")
            return self.next_subtask(token, "LoginEnterPassword")
        username = flow["username"]
        if stage == "LoginEnterAlternateIdentifierSubtask":
            if not self.alternate_ok(username, text):
                return _login_error("alternate_wrong")
            return self.next_subtask(token, "LoginEnterPassword")
        if stage == "LoginEnterPassword":
            if not self.check_password(username, password):
                return _login_error("bad_password")
            if self.fault("captcha"):
                self.flows.pop(token, None)
                return json_response({"flow_token": token, "status": "success", "subtasks": [
                    {"subtask_id": "ArkoseLogin", "open_link": {"url": "/account/access"}}]})
            if self.fault("challenge"):
                return self.next_subtask(token, "LoginTwoFactorAuthChallenge", {
                    "uses_app": bool(self.accounts[username].get("totp_secret"))})
        elif not self.code_ok(username, text):
            return _login_error("bad_code")
        self.flows.pop(token, None)
        response = json_response({"flow_token": token, "status": "success", "subtasks": [
            {"subtask_id": "LoginSuccessSubtask"}], "redirect": flow["target"] or "/home"})
        self.sign_in(response, username)
        response.set_cookie("twid", quote(f"u={_user_id(username)}", safe=""))
        return response.set_cookie("ct0", secrets.token_hex(16))

    def next_subtask(self, token: str, subtask: str, extra: dict | None = None) -> Response:
        with self.lock:
            self.flows[token]["stage"] = subtask
        return json_response({"flow_token": token, "status": "success",
                              "subtasks": [{"subtask_id": subtask, **(extra or {})}]})

    def alternate_ok(self, username: str, text: str) -> bool:
        """The unusual-activity step wants the account's email or phone, not its name."""
        account = self.accounts[username]
        known = [str(account.get("email") or (username if "@" in username else ""))]
        known.append(str(account.get("phone") or ""))
        wanted = text.strip().lower()
        digits = "".join(ch for ch in wanted if ch.isdigit())
        for value in filter(None, known):
            value_digits = "".join(ch for ch in value if ch.isdigit())
            if wanted == value.lower() or ("@" not in value and digits and
                                           digits.endswith(value_digits[-9:])):
                return True
        return False

    # --- settings API ----------------------------------------------------------------
    def settings_api(self, request: Request, user: str | None) -> Response:
        if user is None:
            return json_response({"errors": [{"code": 32, "message":
                                  "Could not authenticate you."}]}, 401)
        if request.method == "GET":
            if self.fault("transient_error", once=True):
                return json_response({"errors": [{"code": 131, "message":
                                      "Internal error"}]}, 503)
            return json_response(self.settings_fields(user))
        if request.headers.get("x-csrf-token") != request.cookies.get("ct0"):
            return json_response({"errors": [{"code": 353, "message": "This request requires "
                                  "a matching csrf cookie and header."}]}, 403)
        body = request.json if isinstance(request.json, dict) else {}
        changes = {BY_FIELD[k].id: v for k, v in body.items()
                   if k in BY_FIELD and isinstance(v, bool)}
        if not changes or len(changes) != len(body):
            return json_response({"errors": [{"code": 214, "message": "Bad request"}]}, 400)
        result = self.apply_save(user, changes)
        if result == "session_expired":
            return self.end_session(request, json_response({"errors": [
                {"code": 89, "message": "Invalid or expired token."}]}, 401))
        if result == "error":
            return json_response({"errors": [{"code": 131, "message": "Internal error"}]}, 500)
        return json_response({**self.settings_fields(user), **body})

    def settings_fields(self, user: str) -> dict[str, bool]:
        state = self.settings_of(user)
        return {s.field: bool(state[s.id]) for s in SETTINGS}


def _login_error(kind: str) -> Response:
    return json_response({"errors": [{"code": LOGIN_ERRORS[kind], "kind": kind,
                                      "message": pages.TEXT["en"][kind]}]}, 400)


def _user_id(username: str) -> int:
    return int(hashlib.sha256(username.encode()).hexdigest()[:15], 16)


REPLICA = XReplica
