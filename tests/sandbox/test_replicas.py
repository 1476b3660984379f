"""HTTP-level tests of the LinkedIn and X replicas: what the server says, no browser needed.

A small client keeps cookies the way a browser on the real https host would (Secure cookies
included) and sends the real Host header, as the tool's TLS front does.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any
from urllib.parse import parse_qs, urlencode, urlsplit

import pyotp
import pytest

from optout_bot.sandbox.base import Replica, ReplicaServer
from optout_bot.sandbox.linkedin import LinkedInReplica
from optout_bot.sandbox.x import XReplica

LI_SETTINGS = "/mypreferences/d/settings/data-for-ai-improvement"
LI_RESEARCH = "/mypreferences/d/settings/policy-and-academic-research"
LI_PARTNERS = "/mypreferences/d/settings/share-data-with-select-partners"
X_GROK = "/settings/grok_settings"
X_PARTNERS = "/settings/data_sharing_with_business_partners"
X_TASK = "/i/api/1.1/onboarding/task.json"
X_SETTINGS_API = "/i/api/1.1/account/settings.json"


@dataclass
class Reply:
    status: int
    headers: http.client.HTTPMessage
    text: str

    @property
    def location(self) -> str:
        return self.headers.get("Location", "")

    @property
    def json(self) -> Any:
        return json.loads(self.text)


class Client:
    """A cookie-keeping HTTP client that does not follow redirects."""

    def __init__(self, server: ReplicaServer, host: str, language: str = "en-US"):
        self.port = server.httpd.server_port
        self.host = host
        self.language = language
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, *, form: dict[str, str] | None = None,
                body: Any = None, headers: dict[str, str] | None = None) -> Reply:
        sent = {"Host": self.host, "Accept-Language": self.language, **(headers or {})}
        data = None
        if form is not None:
            data = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data = json.dumps(body).encode()
            sent["Content-Type"] = "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            reply = Reply(response.status, response.headers, response.read().decode())
        finally:
            conn.close()
        for cookie in reply.headers.get_all("Set-Cookie") or []:
            name, _, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if "Max-Age=0" in cookie:
                self.cookies.pop(name, None)
            else:
                self.cookies[name] = value
        return reply

    def get(self, path: str, **kw: Any) -> Reply:
        return self.request("GET", path, **kw)

    def post(self, path: str, **kw: Any) -> Reply:
        return self.request("POST", path, **kw)

    def follow(self, reply: Reply, limit: int = 5) -> Reply:
        """Follow redirects from ``reply`` like a browser (GET), staying on this server."""
        while reply.status in (301, 302, 303, 307) and limit:
            parts = urlsplit(reply.location)
            reply = self.get(parts.path + (f"?{parts.query}" if parts.query else ""))
            limit -= 1
        return reply


def serve(replica: Replica) -> Iterator[tuple[Replica, ReplicaServer]]:
    server = ReplicaServer(replica).start()
    try:
        yield replica, server
    finally:  # shutdown waits out the server's poll interval; don't make every test wait
        threading.Thread(target=server.stop, daemon=True).start()


def query_of(url: str) -> dict[str, str]:
    return {k: v[-1] for k, v in parse_qs(urlsplit(url).query).items()}


# --- LinkedIn --------------------------------------------------------------------------

@pytest.fixture
def linkedin() -> Iterator[tuple[Replica, ReplicaServer]]:
    replica = LinkedInReplica()
    replica.add_account("ada@example.com", "correct horse")
    yield from serve(replica)


def li_client(server: ReplicaServer, language: str = "en-US") -> Client:
    return Client(server, "www.linkedin.com", language)


def li_login(client: Client, password: str = "correct horse", redirect_to: str = "") -> Reply:
    client.get("/login")
    return client.post("/checkpoint/lg/login-submit", form={
        "session_key": "ada@example.com", "session_password": password,
        "session_redirect": redirect_to})


def li_save(client: Client, slug: str, value: bool, csrf: str | None = None) -> Reply:
    token = csrf if csrf is not None else client.cookies.get("JSESSIONID", "").strip('"')
    return client.post(f"/mypreferences/d/api/settings/{slug}", body={"value": value},
                       headers={"csrf-token": token})


def li_switch_on(reply: Reply, label_id: str = "allowDataForGenerativeAI") -> bool:
    match = re.search(rf'<input[^>]*aria-labelledby="{label_id}"[^>]*>', reply.text)
    assert match, reply.text
    return " checked" in match.group(0)


def test_linkedin_login_page_has_the_known_markup(linkedin):
    _, server = linkedin
    page = li_client(server).get("/login")
    assert page.status == 200
    for fragment in ('id="username" name="session_key" autocomplete="username"',
                     'type="password" id="password" name="session_password"',
                     'action="/checkpoint/lg/login-submit"', '<label for="username">Email or phone',
                     '<label for="password">Password', '<button type="submit"'):
        assert fragment in page.text
    assert ">Sign in</button>" in page.text


def test_linkedin_login_success_lands_on_feed_with_session_cookies(linkedin):
    replica, server = linkedin
    client = li_client(server)
    reply = li_login(client)
    assert reply.status == 303 and reply.location == "/feed/"
    assert {"li_at", "JSESSIONID"} <= set(client.cookies)
    assert "li_at=" in reply.headers["Set-Cookie"] or any(
        "Secure; HttpOnly" in c for c in reply.headers.get_all("Set-Cookie"))
    assert client.follow(reply).status == 200
    assert replica.current_user  # the session is known server-side
    assert list(replica.sessions.values()) == ["ada@example.com"]


def test_linkedin_wrong_password_rerenders_with_error(linkedin):
    _, server = linkedin
    client = li_client(server)
    reply = li_login(client, "wrong")
    assert reply.status == 303 and reply.location.startswith("/checkpoint/lg/login?")
    page = client.follow(reply)
    assert "Wrong email or password" in page.text and 'id="username"' in page.text
    assert "li_at" not in client.cookies


def test_linkedin_unknown_account_is_reported_at_the_username(linkedin):
    _, server = linkedin
    client = li_client(server)
    reply = client.post("/checkpoint/lg/login-submit",
                        form={"session_key": "nobody@example.com", "session_password": "x"})
    assert "Couldn’t find a LinkedIn account" in client.follow(reply).text


def test_linkedin_settings_redirect_to_login_and_back(linkedin):
    _, server = linkedin
    client = li_client(server)
    reply = client.get(LI_SETTINGS)
    assert reply.status == 302 and reply.location.startswith("/login?session_redirect=")
    target = query_of(reply.location)["session_redirect"]
    assert target == "https://www.linkedin.com" + LI_SETTINGS
    assert f'value="{target}"' in client.follow(reply).text
    reply = li_login(client, redirect_to=target)
    assert reply.status == 303 and reply.location == LI_SETTINGS


def test_linkedin_login_ignores_foreign_redirects(linkedin):
    _, server = linkedin
    reply = li_login(li_client(server), redirect_to="https://evil.example/phish")
    assert reply.location == "/feed/"


def test_linkedin_settings_page_markup(linkedin):
    _, server = linkedin
    client = li_client(server)
    li_login(client)
    page = client.get(LI_SETTINGS)
    assert page.status == 200
    assert "<h1>Data for Generative AI Improvement</h1>" in page.text
    assert ("Can LinkedIn use your personal data and content you create on LinkedIn to train "
            "generative AI models that create content?") in page.text
    assert re.search(r'<label id="allowDataForGenerativeAI"[^>]*>Use my data for training '
                     r"content creation AI models</label>", page.text)
    assert li_switch_on(page)
    assert 'type="checkbox" role="switch"' in page.text
    research, partners = client.get(LI_RESEARCH), client.get(LI_PARTNERS)
    assert li_switch_on(research, "allowAnonymizedDataResearch")
    assert li_switch_on(partners, "shareDataWithTrustedPartners")


def test_linkedin_save_survives_reload(linkedin):
    replica, server = linkedin
    client = li_client(server)
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False).status == 200
    assert not li_switch_on(client.get(LI_SETTINGS))
    assert replica.settings_of("ada@example.com") == {
        "ai-training": False, "research": True, "partners": True}
    assert replica.saves[-1]["result"] == "saved"


def test_linkedin_save_needs_session_and_csrf(linkedin):
    _, server = linkedin
    client = li_client(server)
    assert li_save(client, "data-for-ai-improvement", False).status == 401
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False, csrf="forged").status == 403


def test_linkedin_defaults_are_all_on():
    assert LinkedInReplica().settings_defaults() == {
        "ai-training": True, "research": True, "partners": True}


def test_linkedin_challenge_pin_then_destination(linkedin):
    replica, server = linkedin
    replica.set_faults({"challenge"})
    client = li_client(server)
    reply = li_login(client, redirect_to="https://www.linkedin.com" + LI_SETTINGS)
    assert reply.location.startswith("/checkpoint/challenge/")
    page = client.follow(reply)
    assert 'name="pin"' in page.text and "li_at" not in client.cookies
    challenge_id = re.search(r'name="challengeId" value="([^"]+)"', page.text).group(1)
    wrong = client.post("/checkpoint/challenge/verify",
                        form={"challengeId": challenge_id, "pin": "000000"})
    assert "isn’t valid" in wrong.text and "li_at" not in client.cookies
    right = client.post("/checkpoint/challenge/verify",
                        form={"challengeId": challenge_id, "pin": "123456"})
    assert right.status == 303 and right.location == LI_SETTINGS and "li_at" in client.cookies


def test_linkedin_challenge_accepts_totp(linkedin):
    replica, server = linkedin
    secret = pyotp.random_base32()
    replica.add_account("totp@example.com", "pw", totp_secret=secret, pin="999999")
    replica.set_faults({"challenge"})
    client = li_client(server)
    reply = client.post("/checkpoint/lg/login-submit",
                        form={"session_key": "totp@example.com", "session_password": "pw"})
    page = client.follow(reply)
    assert "authenticator app" in page.text
    challenge_id = re.search(r'name="challengeId" value="([^"]+)"', page.text).group(1)
    reply = client.post("/checkpoint/challenge/verify",
                        form={"challengeId": challenge_id, "pin": pyotp.TOTP(secret).now()})
    assert reply.status == 303 and "li_at" in client.cookies


def test_linkedin_captcha_cannot_be_passed(linkedin):
    replica, server = linkedin
    replica.set_faults({"captcha"})
    client = li_client(server)
    page = client.follow(li_login(client))
    assert re.search(r'<iframe[^>]*src="/checkpoint/challenge/captchaInternal\?', page.text)
    frame_src = re.search(r'src="(/checkpoint/challenge/captchaInternal[^"]+)"', page.text)
    assert client.get(frame_src.group(1)).status == 200
    assert "Verification failed" in client.post(frame_src.group(1), form={}).text
    assert "li_at" not in client.cookies


def test_linkedin_cookie_banner_until_choice(linkedin):
    replica, server = linkedin
    replica.set_faults({"cookie_banner"})
    client = li_client(server)
    assert 'id="consent-overlay"' in client.get("/login").text
    assert client.post("/cookie-consent", body={"choice": "reject"}).status == 204
    assert client.cookies["li_gc"] == "reject"
    assert 'id="consent-overlay"' not in client.get("/login").text


def test_linkedin_interstitial_before_destination(linkedin):
    replica, server = linkedin
    replica.set_faults({"interstitial"})
    client = li_client(server)
    li_login(client)
    reply = client.get(LI_SETTINGS)
    assert reply.location.startswith("/check/add-phone?session_redirect=")
    page = client.follow(reply)
    assert ">Skip</button>" in page.text
    target = query_of(reply.location)["session_redirect"]
    skip = client.post("/check/add-phone/skip", form={"session_redirect": target})
    assert skip.location == LI_SETTINGS
    assert client.get(LI_SETTINGS).status == 200


def test_linkedin_slow_render_defers_the_switch(linkedin):
    replica, server = linkedin
    replica.set_faults({"slow_render"})
    client = li_client(server)
    li_login(client)
    page = client.get(LI_SETTINGS).text
    assert '<template id="pref-deferred">' in page and "2500" in page


def test_linkedin_save_error_keeps_state(linkedin):
    replica, server = linkedin
    replica.set_faults({"save_error"})
    client = li_client(server)
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False).status == 500
    assert li_switch_on(client.get(LI_SETTINGS))


def test_linkedin_save_not_persisted_says_ok_but_keeps_old_value(linkedin):
    replica, server = linkedin
    replica.set_faults({"save_not_persisted"})
    client = li_client(server)
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False).status == 200
    assert li_switch_on(client.get(LI_SETTINGS))
    assert replica.saves[-1]["result"] == "dropped"


def test_linkedin_session_expired_once(linkedin):
    replica, server = linkedin
    replica.set_faults({"session_expired"})
    client = li_client(server)
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False).status == 401
    assert "li_at" not in client.cookies
    assert client.get(LI_SETTINGS).location.startswith("/login?")
    li_login(client)
    assert li_save(client, "data-for-ai-improvement", False).status == 200


def test_linkedin_rate_limit_and_transient_error(linkedin):
    replica, server = linkedin
    client = li_client(server)
    li_login(client)
    replica.set_faults({"rate_limit"})
    reply = client.get(LI_SETTINGS)
    assert reply.status == 429 and "try again later" in reply.text
    replica.set_faults({"transient_error"})
    first, second = client.get(LI_SETTINGS), client.get(LI_SETTINGS)
    assert first.status == 500 and "Something went wrong" in first.text
    assert second.status == 200 and li_switch_on(second)


def test_linkedin_layout_variant_keeps_names_drops_selectors(linkedin):
    replica, server = linkedin
    replica.set_faults({"layout_variant"})
    client = li_client(server)
    li_login(client)
    page = client.get(LI_SETTINGS).text
    assert "allowDataForGenerativeAI" not in page and 'role="switch"' in page
    assert 'aria-label="Use my data for training content creation AI models"' in page
    assert 'aria-checked="true"' in page


def test_linkedin_language_fault_and_account_preference(linkedin):
    replica, server = linkedin
    replica.add_account("greta@example.com", "pw", language="de")
    client = li_client(server)
    client.post("/checkpoint/lg/login-submit",
                form={"session_key": "greta@example.com", "session_password": "pw"})
    page = client.get(LI_SETTINGS).text
    # LinkedIn's own German label (from published guides)
    assert ("Ihre Daten zum Schulen von KI-Modellen verwenden, um Inhalte zu erstellen"
            in page) and 'aria-labelledby="allowDataForGenerativeAI"' in page
    assert '<html lang="de">' in page
    replica.set_faults({"language"})
    assert ">Einloggen</button>" in li_client(server).get("/login").text
    replica.set_faults(set())
    assert ">Sign in</button>" in li_client(server).get("/login").text
    assert ">Einloggen</button>" in li_client(server, "de-DE").get("/login").text


def test_linkedin_snapshot_and_faults_listed():
    assert set(LinkedInReplica.FAULTS) == {
        "cookie_banner", "interstitial", "slow_render", "save_error", "save_not_persisted",
        "session_expired", "rate_limit", "captcha", "challenge", "transient_error",
        "layout_variant", "language"}
    with pytest.raises(ValueError):
        LinkedInReplica().set_faults({"unusual_activity"})


# --- X ---------------------------------------------------------------------------------

@pytest.fixture
def x() -> Iterator[tuple[Replica, ReplicaServer]]:
    replica = XReplica()
    replica.add_account("ada", "correct horse", email="ada@example.com", phone="+44 7700 900123")
    yield from serve(replica)


def x_client(server: ReplicaServer, language: str = "en-US") -> Client:
    return Client(server, "x.com", language)


def x_step(client: Client, token: str, subtask: str, value: str) -> Reply:
    key = {"enter_password": {"password": value}} if subtask == "LoginEnterPassword" else {
        "enter_text": {"text": value}}
    return client.post(X_TASK, body={"flow_token": token,
                                     "subtask_inputs": [{"subtask_id": subtask, **key}]})


def x_start(client: Client, redirect_to: str = "") -> str:
    reply = client.post(X_TASK + "?flow_name=login",
                        body={"input_flow_data": {"redirect_after_login": redirect_to}})
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginEnterUserIdentifierSSO"
    return reply.json["flow_token"]


def x_login(client: Client, password: str = "correct horse", redirect_to: str = "") -> Reply:
    token = x_start(client, redirect_to)
    reply = x_step(client, token, "LoginEnterUserIdentifierSSO", "ada")
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginEnterPassword"
    return x_step(client, token, "LoginEnterPassword", password)


def x_save(client: Client, **fields: bool) -> Reply:
    return client.post(X_SETTINGS_API, body=fields,
                       headers={"x-csrf-token": client.cookies.get("ct0", "")})


def test_x_login_page_is_a_script_driven_flow(x):
    _, server = x
    page = x_client(server).get("/i/flow/login?redirect_after_login=%2Fsettings%2Fgrok_settings")
    assert page.status == 200 and 'id="login-root"' in page.text
    for fragment in ('autocomplete="username"', 'name="text"', "ocfEnterTextTextInput",
                     "ocfEnterTextNextButton", 'name="password"', "current-password",
                     "LoginForm_Login_Button", "/i/api/1.1/onboarding/task.json",
                     "Phone, email, or username", '"Next"', '"Log in"'):
        assert fragment in page.text
    assert '"/settings/grok_settings"' in page.text  # the redirect, handed to the script


def test_x_login_success_sets_cookies_and_redirect(x):
    replica, server = x
    client = x_client(server)
    reply = x_login(client, redirect_to="/settings/grok_settings")
    assert reply.status == 200
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginSuccessSubtask"
    assert reply.json["redirect"] == "/settings/grok_settings"
    assert {"auth_token", "twid", "ct0"} <= set(client.cookies)
    assert client.cookies["twid"].startswith("u%3D")
    assert client.get("/home").status == 200
    assert list(replica.sessions.values()) == ["ada"]


def test_x_login_by_email_or_phone(x):
    _, server = x
    for identifier in ("ADA@example.com", "+447700900123"):
        client = x_client(server)
        token = x_start(client)
        reply = x_step(client, token, "LoginEnterUserIdentifierSSO", identifier)
        assert reply.json["subtasks"][0]["subtask_id"] == "LoginEnterPassword"


def test_x_login_failures(x):
    _, server = x
    client = x_client(server)
    token = x_start(client)
    reply = x_step(client, token, "LoginEnterUserIdentifierSSO", "nobody")
    assert reply.status == 400 and reply.json["errors"][0]["kind"] == "no_account"
    reply = x_login(client, "wrong")
    assert reply.status == 400 and reply.json["errors"][0]["message"] == "Wrong password!"
    assert "auth_token" not in client.cookies
    reply = x_step(client, "forged", "LoginEnterPassword", "correct horse")
    assert reply.status == 400


def test_x_login_foreign_redirect_is_dropped(x):
    _, server = x
    reply = x_login(x_client(server), redirect_to="https://evil.example/")
    assert reply.json["redirect"] == "/home"


def test_x_settings_redirect_to_login_flow(x):
    _, server = x
    client = x_client(server)
    reply = client.get(X_GROK)
    assert reply.status == 302
    assert reply.location == "/i/flow/login?redirect_after_login=%2Fsettings%2Fgrok_settings"
    assert client.get(X_SETTINGS_API).status == 401
    x_login(client)
    assert client.get("/i/flow/login?redirect_after_login=%2Fhome").location == "/home"


def test_x_settings_page_renders_client_side(x):
    _, server = x
    client = x_client(server)
    x_login(client)
    page = client.get(X_GROK).text
    assert "Grok &amp; Third-party Collaborators" in page and 'id="settings-root"' in page
    assert "Allow your public data as well as your interactions, inputs, and results with " \
           "Grok and xAI to be used for training and fine-tuning" in page
    assert "Allow X to personalize your experience with Grok" in page
    assert "Allow Grok to remember your conversation history" in page
    assert "aria-describedby=" in page and "CHECKBOX_" in page and '"delay": 300' in page
    partners = client.get(X_PARTNERS).text
    assert "Allow additional information sharing with business partners" in partners
    assert client.get(X_SETTINGS_API).json == {
        "allow_grok_training": True, "allow_grok_personalization": True,
        "allow_grok_conversation_history": True,
        "allow_sharing_data_for_third_party_personalization": True}


def test_x_save_survives_reload(x):
    replica, server = x
    client = x_client(server)
    x_login(client)
    assert x_save(client, allow_grok_training=False).status == 200
    assert client.get(X_SETTINGS_API).json["allow_grok_training"] is False
    assert replica.settings_of("ada") == {"ai-training": False, "grok-personalize": True,
                                          "grok-history": True, "partners": True}
    assert replica.saves[-1] == {"user": "ada", "setting": "ai-training", "value": False,
                                 "result": "saved"}


def test_x_save_rejects_bad_requests(x):
    _, server = x
    client = x_client(server)
    x_login(client)
    forged = client.post(X_SETTINGS_API, body={"allow_grok_training": False},
                         headers={"x-csrf-token": "nope"})
    assert forged.status == 403
    assert x_save(client, no_such_setting=False).status == 400


def test_x_defaults_are_all_on():
    assert XReplica().settings_defaults() == {
        "ai-training": True, "grok-personalize": True, "grok-history": True, "partners": True}


def test_x_unusual_activity_wants_email_or_phone(x):
    replica, server = x
    replica.set_faults({"unusual_activity"})
    client = x_client(server)
    token = x_start(client)
    reply = x_step(client, token, "LoginEnterUserIdentifierSSO", "ada")
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginEnterAlternateIdentifierSubtask"
    assert x_step(client, token, "LoginEnterAlternateIdentifierSubtask", "ada").status == 400
    reply = x_step(client, token, "LoginEnterAlternateIdentifierSubtask", "ada@example.com")
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginEnterPassword"
    reply = x_step(client, token, "LoginEnterPassword", "correct horse")
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginSuccessSubtask"


def test_x_challenge_code_and_totp(x):
    replica, server = x
    secret = pyotp.random_base32()
    replica.add_account("grace", "pw", totp_secret=secret)
    replica.set_faults({"challenge"})
    client = x_client(server)
    reply = x_login(client)
    assert reply.json["subtasks"][0] == {"subtask_id": "LoginTwoFactorAuthChallenge",
                                         "uses_app": False}
    token = reply.json["flow_token"]
    assert x_step(client, token, "LoginTwoFactorAuthChallenge", "000000").status == 400
    assert "auth_token" not in client.cookies
    reply = x_step(client, token, "LoginTwoFactorAuthChallenge", "123456")
    assert reply.json["subtasks"][0]["subtask_id"] == "LoginSuccessSubtask"
    client = x_client(server)
    token = x_start(client)
    x_step(client, token, "LoginEnterUserIdentifierSSO", "grace")
    assert x_step(client, token, "LoginEnterPassword", "pw").json["subtasks"][0]["uses_app"]
    x_step(client, token, "LoginTwoFactorAuthChallenge", pyotp.TOTP(secret).now())
    assert "auth_token" in client.cookies


def test_x_captcha_sends_to_account_access(x):
    replica, server = x
    replica.set_faults({"captcha"})
    client = x_client(server)
    reply = x_login(client)
    assert reply.json["subtasks"][0]["open_link"]["url"] == "/account/access"
    assert "auth_token" not in client.cookies
    assert "locked" in client.get("/account/access").text
    puzzle = client.post("/account/access", form={"answer": "2"})
    assert "Incorrect. Please try again." in puzzle.text


def test_x_cookie_banner_until_choice(x):
    replica, server = x
    replica.set_faults({"cookie_banner"})
    client = x_client(server)
    assert "Accept all cookies" in client.get("/i/flow/login").text
    client.post("/i/api/1.1/consent", body={"choice": "accept"})
    assert client.cookies["d_prefs"] == "accept"
    assert 'id="consent-overlay"' not in client.get("/i/flow/login").text


def test_x_interstitial_before_destination(x):
    replica, server = x
    replica.set_faults({"interstitial"})
    client = x_client(server)
    x_login(client)
    reply = client.get(X_GROK)
    assert reply.location == "/i/flow/whats_new?redirect_after_login=%2Fsettings%2Fgrok_settings"
    page = client.follow(reply).text
    skip = re.search(r'<a href="([^"]+)">Skip for now</a>', page).group(1)
    assert client.get(skip.replace("&amp;", "&")).location == X_GROK
    assert client.get(X_GROK).status == 200


def test_x_slow_render_and_layout_variant_are_page_config(x):
    replica, server = x
    client = x_client(server)
    x_login(client)
    replica.set_faults({"slow_render", "layout_variant"})
    page = client.get(X_GROK).text
    assert '"delay": 2500' in page and '"variant": true' in page


def test_x_save_faults(x):
    replica, server = x
    client = x_client(server)
    x_login(client)
    replica.set_faults({"save_error"})
    assert x_save(client, allow_grok_training=False).status == 500
    assert client.get(X_SETTINGS_API).json["allow_grok_training"] is True
    replica.set_faults({"save_not_persisted"})
    reply = x_save(client, allow_grok_training=False)
    assert reply.status == 200 and reply.json["allow_grok_training"] is False
    assert client.get(X_SETTINGS_API).json["allow_grok_training"] is True
    replica.set_faults({"session_expired"})
    assert x_save(client, allow_grok_training=False).status == 401
    assert "auth_token" not in client.cookies and not replica.sessions
    assert client.get(X_GROK).location.startswith("/i/flow/login?")
    x_login(client)
    assert x_save(client, allow_grok_training=False).status == 200  # it fired once


def test_x_rate_limit_and_transient_error(x):
    replica, server = x
    client = x_client(server)
    x_login(client)
    replica.set_faults({"rate_limit"})
    reply = client.get(X_GROK)
    assert reply.status == 429 and "try again later" in reply.text
    replica.set_faults({"transient_error"})
    assert client.get(X_GROK).status == 200
    assert client.get(X_SETTINGS_API).status == 503
    assert client.get(X_SETTINGS_API).status == 200
    assert "Something went wrong. Try reloading." in client.get(X_GROK).text


def test_x_language(x):
    replica, server = x
    replica.add_account("greta", "pw", language="de")
    client = x_client(server)
    token = x_start(client)
    x_step(client, token, "LoginEnterUserIdentifierSSO", "greta")
    x_step(client, token, "LoginEnterPassword", "pw")
    page = client.get(X_PARTNERS).text
    assert "Zusätzliche Informationsweitergabe an Geschäftspartner erlauben" in page
    assert '<html lang="de">' in page
    replica.set_faults({"language"})
    assert "Telefonnummer, E-Mail-Adresse oder Nutzername" in x_client(server).get(
        "/i/flow/login").text


# --- browser smoke tests: the pages' own scripts log in, render and save -----------------
# In the Playwright plugin's page (its browser, traced, a screenshot kept on failure).
# Served on localhost: a browser keeps Secure cookies there, as it would on the real https host.

@pytest.mark.asyncio
async def test_linkedin_in_a_browser(linkedin, page):
    _, server = linkedin
    origin = f"http://localhost:{server.httpd.server_port}"
    await page.goto(origin + LI_SETTINGS)
    assert "/login?session_redirect=" in page.url
    await page.get_by_label("Email or phone").fill("ada@example.com")
    await page.get_by_label("Password").fill("correct horse")
    await page.get_by_role("button", name="Sign in").click()
    await page.wait_for_url(origin + LI_SETTINGS)
    switch = page.get_by_role("switch",
                              name="Use my data for training content creation AI models")
    assert await switch.is_checked()
    await switch.click()
    await page.get_by_role("status").filter(has_text="Settings saved.").wait_for()
    await page.reload()
    assert not await page.locator(
        'input[role=switch][aria-labelledby="allowDataForGenerativeAI"]').is_checked()


@pytest.mark.asyncio
async def test_x_in_a_browser(x, page):
    replica, server = x
    replica.set_faults({"layout_variant"})
    origin = f"http://localhost:{server.httpd.server_port}"
    await page.goto(origin + X_GROK)
    assert "/i/flow/login?redirect_after_login=" in page.url
    await page.get_by_label("Phone, email, or username").fill("ada")
    await page.get_by_role("button", name="Next").click()
    await page.locator('input[name="password"][autocomplete="current-password"]').fill(
        "correct horse")
    await page.locator('[data-testid="LoginForm_Login_Button"]').click()
    await page.wait_for_url(origin + X_GROK)
    name = ("Allow your public data as well as your interactions, inputs, and results with "
            "Grok and xAI to be used for training and fine-tuning")
    box = page.get_by_role("checkbox", name=name)
    assert await box.is_checked()
    async with page.expect_response(lambda r: r.request.method == "POST"):
        await box.click()
    replica.set_faults(set())
    await page.reload()
    known = page.locator('input[type=checkbox][aria-describedby^="CHECKBOX_"]')
    assert not await known.first.is_checked()
    assert await page.get_by_role("checkbox", name="Allow Grok to remember your conversation "
                                  "history").is_checked()
