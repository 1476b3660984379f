"""A new switch platform's replica on the kit is its facts only; the kit does the rest.

``QuestionsReplica`` below is what a replica of a plain switch site looks like: every
standard fault works on it without a line of its own. These tests drive it over HTTP.
"""

from __future__ import annotations

import http.client
import json
import re
import threading
from collections.abc import Iterator
from typing import Any
from urllib.parse import urlencode

import pytest

from optout_bot.sandbox._policies import PolicyPage
from optout_bot.sandbox._switch_site import STYLES, ChoiceControl, Switch, SwitchSite
from optout_bot.sandbox.base import ReplicaServer
from optout_bot.sandbox.kit import STANDARD_FAULTS


class QuestionsReplica(SwitchSite):
    platform = "questions"
    title = "Questions"
    hosts = ("www.questions.example", "questions.example")
    session_cookie = "q_session"
    switches = (
        Switch("ai-training", {"en": "Allow AI training on my answers",
                               "de": "KI-Training mit meinen Antworten erlauben"}),
        Switch("partners", {"en": "Share my data with partners",
                            "de": "Meine Daten mit Partnern teilen"}),
    )
    policy_pages = (PolicyPage("privacy", "/about/privacy", "Privacy Policy", "Questions"),)


USER, PASSWORD = "ada@example.com", "correct horse"


class Client:
    """Keeps cookies like a browser on the real https host; does not follow redirects."""

    def __init__(self, server: ReplicaServer, language: str = "en-US"):
        self.port, self.language, self.cookies = server.httpd.server_port, language, {}

    def request(self, method: str, path: str, *, form: dict[str, str] | None = None,
                body: Any = None, headers: dict[str, str] | None = None
                ) -> tuple[int, dict[str, str], str]:
        sent = {"Host": "www.questions.example", "Accept-Language": self.language,
                **(headers or {})}
        data = None
        if form is not None:
            data = urlencode(form).encode()
            sent["Content-Type"] = "application/x-www-form-urlencoded"
        elif body is not None:
            data, sent["Content-Type"] = json.dumps(body).encode(), "application/json"
        if self.cookies:
            sent["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=5)
        try:
            conn.request(method, path, body=data, headers=sent)
            response = conn.getresponse()
            status, text = response.status, response.read().decode()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                if "Max-Age=0" in cookie:
                    self.cookies.pop(name, None)
                else:
                    self.cookies[name] = rest.split(";", 1)[0]
            return status, dict(response.headers), text
        finally:
            conn.close()

    def log_in(self, password: str = PASSWORD) -> tuple[int, dict[str, str], str]:
        return self.request("POST", "/login", form={"email": USER, "password": password,
                                                     "redirect_to": "/settings/privacy"})

    def save(self, changes: dict[str, bool]) -> int:
        _, _, page = self.request("GET", "/settings/privacy")
        key = json.loads(re.search(r"var CONFIG = (\{.*?\});", page).group(1))["key"]
        return self.request("POST", "/api/settings", body=changes,
                            headers={"x-form-key": key})[0]


@pytest.fixture
def site() -> Iterator[tuple[QuestionsReplica, Client]]:
    replica = QuestionsReplica()
    replica.add_account(USER, PASSWORD)
    server = ReplicaServer(replica).start()
    try:
        yield replica, Client(server)
    finally:  # shutdown waits out the server's poll interval; don't make every test wait
        threading.Thread(target=server.stop, daemon=True).start()


def switch_on(page: str, setting: str = "ai-training") -> bool:
    found = re.search(rf'<input[^>]*data-id="{setting}"[^>]*>', page)
    assert found, page
    return " checked" in found.group(0)


def test_it_offers_every_standard_fault():
    assert QuestionsReplica.FAULTS == STANDARD_FAULTS


def test_sign_in_sets_the_session_cookie_and_goes_where_asked(site):
    replica, client = site
    status, _, _ = client.request("GET", "/settings/privacy")
    assert status == 302
    status, headers, _ = client.log_in()
    assert (status, headers["Location"]) == (303, "/settings/privacy")
    assert replica.sessions[client.cookies["q_session"]] == USER


def test_a_wrong_password_is_refused(site):
    _, client = site
    status, headers, _ = client.log_in("wrong")
    assert status == 303 and "error=bad_password" in headers["Location"]
    _, _, page = client.request("GET", headers["Location"])
    assert "That password isn't right" in page and "q_session" not in client.cookies


def test_a_switch_turned_off_stays_off_after_a_reload(site):
    replica, client = site
    client.log_in()
    _, _, page = client.request("GET", "/settings/privacy")
    assert switch_on(page)
    assert client.save({"ai-training": False}) == 200
    _, _, page = client.request("GET", "/settings/privacy")
    assert not switch_on(page) and switch_on(page, "partners")
    assert replica.settings_of(USER) == {"ai-training": False, "partners": True}


def test_a_save_that_does_not_persist_leaves_the_switch_on(site):
    replica, client = site
    client.log_in()
    replica.set_faults("save_not_persisted")
    assert client.save({"ai-training": False}) == 200
    _, _, page = client.request("GET", "/settings/privacy")
    assert switch_on(page)


def test_a_session_that_expires_on_save_signs_out(site):
    replica, client = site
    client.log_in()
    replica.set_faults("session_expired")
    assert client.save({"ai-training": False}) == 401
    assert "q_session" not in client.cookies
    assert replica.settings_of(USER)["ai-training"] is True


def test_a_save_without_the_form_key_or_with_an_unknown_setting_is_refused(site):
    _, client = site
    client.log_in()
    assert client.request("POST", "/api/settings", body={"ai-training": False})[0] == 403
    assert client.save({"other": False}) == 400


def test_a_verification_code_is_asked_for_and_checked(site):
    replica, client = site
    replica.set_faults("challenge")
    status, headers, _ = client.log_in()
    challenge = headers["Location"]
    assert status == 303 and challenge.startswith("/challenge/")
    _, _, page = client.request("GET", challenge)
    assert 'autocomplete="one-time-code"' in page
    form = {"challenge": challenge.rsplit("/", 1)[-1], "code": "000000"}
    _, _, page = client.request("POST", "/challenge/verify", form=form)
    assert "That code isn't right" in page and "q_session" not in client.cookies
    status, headers, _ = client.request("POST", "/challenge/verify",
                                        form={**form, "code": "123456"})
    assert (status, headers["Location"]) == (303, "/settings/privacy")
    assert "q_session" in client.cookies


def test_a_captcha_stops_the_sign_in(site):
    replica, client = site
    replica.set_faults("captcha")
    _, headers, _ = client.log_in()
    _, _, page = client.request("GET", headers["Location"])
    assert '<iframe title="Captcha"' in page and "q_session" not in client.cookies


def test_a_notice_page_comes_first_after_sign_in(site):
    replica, client = site
    replica.set_faults("interstitial")
    client.log_in()
    status, headers, _ = client.request("GET", "/settings/privacy")
    assert (status, headers["Location"]) == (302, "/notice?redirect_to=%2Fsettings%2Fprivacy")
    _, _, page = client.request("GET", headers["Location"])
    assert "Confirm your email address" in page
    status, headers, _ = client.request("POST", "/notice/skip",
                                        form={"redirect_to": "/settings/privacy"})
    assert (status, headers["Location"]) == (303, "/settings/privacy")
    assert client.request("GET", "/settings/privacy")[0] == 200


@pytest.mark.parametrize(("fault", "status"), [("rate_limit", 429), ("transient_error", 500)])
def test_a_settings_page_can_be_refused(site, fault, status):
    replica, client = site
    client.log_in()
    replica.set_faults(fault)
    assert client.request("GET", "/settings/privacy")[0] == status


def test_page_faults_change_the_page(site):
    replica, client = site
    client.log_in()
    replica.set_faults("cookie_banner,language,layout_variant,slow_render")
    _, _, page = client.request("GET", "/settings/privacy")
    assert 'id="consent-overlay"' in page
    assert "KI-Training mit meinen Antworten erlauben" in page and 'lang="de"' in page
    assert 'button type="button" role="switch"' in page and 'aria-checked="true"' in page
    assert '<template id="switches-deferred">' in page


def test_policy_pages_are_public(site):
    _, client = site
    status, _, page = client.request("GET", "/about/privacy")
    assert status == 200 and "Privacy Policy" in page


@pytest.mark.parametrize("faults", ["", "layout_variant,slow_render"])
def test_in_a_browser_a_flipped_switch_is_saved_by_the_page(shared_browser, faults):
    replica = QuestionsReplica()
    replica.add_account(USER, PASSWORD)
    replica.set_faults(faults)
    server = ReplicaServer(replica).start()

    async def flip() -> bool:
        context = await shared_browser.new_context()
        page = await context.new_page()
        try:
            await page.goto(f"{server.origin}/settings/privacy", timeout=15000)
            await page.get_by_label("Email").fill(USER)
            await page.get_by_label("Password").fill(PASSWORD)
            await page.get_by_role("button", name="Log in").click()
            switch = page.get_by_role("switch", name="Allow AI training on my answers")
            await switch.click(timeout=15000)
            await page.get_by_role("status").wait_for(timeout=15000)
            await page.reload()
            switch = page.get_by_role("switch", name="Allow AI training on my answers")
            await switch.wait_for(timeout=15000)
            return await switch.get_attribute("aria-checked") == "true" or (
                await switch.is_checked())
        finally:
            await context.close()

    try:
        assert shared_browser.call(flip()) is False
        assert replica.settings_of(USER)["ai-training"] is False
    finally:
        threading.Thread(target=server.stop, daemon=True).start()


class ChoicesReplica(SwitchSite):
    """A site with one choice in each style, for the kit's choice controls."""

    platform = "choices"
    title = "Choices"
    hosts = ("www.choices.example",)
    session_cookie = "c_session"
    choices = tuple(
        ChoiceControl(f"in-{style}", {"en": f"Train on my data ({style})",
                                      "de": f"Mit meinen Daten trainieren ({style})"},
                      {"en": ("Allowed", "Not allowed"), "de": ("Erlaubt", "Nicht erlaubt")},
                      style=style, variant="radios" if style == "menu" else "menu")
        for style in STYLES)
    not_offered = {"en": "Choices is not part of your plan.",
                   "de": "Choices gehört nicht zu deinem Tarif."}


@pytest.fixture
def choice_site() -> Iterator[tuple[ChoicesReplica, Client]]:
    replica = ChoicesReplica()
    replica.add_account(USER, PASSWORD)
    replica.add_account("bo@example.com", PASSWORD, offered=False)
    server = ReplicaServer(replica).start()
    client = Client(server)
    client.request = _on_host(client.request, "www.choices.example")  # type: ignore[method-assign]
    try:
        yield replica, client
    finally:
        threading.Thread(target=server.stop, daemon=True).start()


def _on_host(send, host: str):
    def request(method, path, **kw):
        return send(method, path, **{**kw, "headers": {"Host": host, **kw.get("headers", {})}})
    return request


def test_a_choice_is_shown_in_its_style_with_the_chosen_option(choice_site):
    replica, client = choice_site
    client.log_in()
    _, _, page = client.request("GET", "/settings/privacy")
    assert re.search(r'aria-haspopup="true" aria-expanded="false">Allowed</button>', page)
    assert re.search(r'<li role="menuitemradio" data-choice="in-menu" data-on="true" '
                     r'aria-checked="true"', page)
    assert re.search(r'<option value="in-select-0" data-on="true" selected>Allowed</option>',
                     page)
    assert 'data-save="in-select">Save</button>' in page
    assert re.search(r'value="in-radios-0" data-choice="in-radios"\s+data-on="true" checked>',
                     page)
    assert client.save({"in-select": False}) == 200
    assert replica.settings_of(USER)["in-select"] is False
    _, _, page = client.request("GET", "/settings/privacy")
    assert re.search(r'<option value="in-select-1" data-on="false" selected>Not allowed', page)


def test_the_layout_variant_shows_a_choice_in_its_other_style(choice_site):
    replica, client = choice_site
    client.log_in()
    replica.set_faults("layout_variant")
    _, _, page = client.request("GET", "/settings/privacy")
    assert 'name="choice-in-menu"' in page and 'data-menu="in-select"' in page


def test_an_account_not_offered_the_settings_sees_the_sites_words(choice_site):
    _, client = choice_site
    client.request("POST", "/login", form={"email": "bo@example.com", "password": PASSWORD,
                                           "redirect_to": "/settings/privacy"})
    _, _, page = client.request("GET", "/settings/privacy")
    assert "Choices is not part of your plan." in page and "data-choice" not in page
