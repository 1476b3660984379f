"""Sign-in decisions come from a flow's declarations alone (the rules: ``optout_bot.flow``)."""

from __future__ import annotations

from dataclasses import replace

from optout_bot import navigator, registry, signin
from optout_bot.accounts import Credentials
from optout_bot.declarations import Blocker, BlockerKind, SignIn, path_matches
from optout_bot.outcomes import Outcome
from optout_bot.runner import RunOptions, run_flows
from optout_bot.signin import Where
from optout_bot.sites import parse_origin

SITE = "https://site.example"
CODE_PAGE = ("<main><h1>Enter the code</h1><label>Verification code "
             "<input name=pin inputmode=numeric></label><button>Submit</button></main>")
SETTINGS_PAGE = "<main><h1>Settings</h1><nav id=account-menu>Ada</nav></main>"
LOGIN_PAGE = ("<main><h1>Sign in</h1><input type=email><input type=password>"
              "<button>Sign in</button></main>")
CODE_BLOCKER = Blocker("challenge", "The site asks for a code.", selector="input[name=pin]")
BY_COOKIE = SignIn(cookies=("sid",), login_paths=("/login",), password_form=True)


def where_on(shared_browser, path: str, html: str, sign_in: SignIn,
             blockers: tuple[Blocker, ...] = (), cookie: bool = False) -> Where:
    """Where ``signin.where`` puts a page served at ``path`` with ``html``."""

    async def look() -> Where:
        context = await shared_browser.new_context()
        try:
            await context.route(f"{SITE}/**", lambda route: route.fulfill(
                status=200, content_type="text/html", body=f"<html><body>{html}</body></html>"))
            if cookie:
                await context.add_cookies([{"name": "sid", "value": "1", "url": SITE}])
            page = await context.new_page()
            await page.goto(SITE + path, wait_until="domcontentloaded")
            return (await signin.where(page, sign_in, blockers))[0]
        finally:
            await context.close()

    return shared_browser.call(look())


def test_paths_are_whole_paths_or_patterns_not_prefixes():
    assert path_matches("/", ("/",)) and path_matches("", ("/",))
    assert not path_matches("/home", ("/",))
    assert path_matches("/login/", ("/login",)) and not path_matches("/login/captcha", ("/login",))
    assert path_matches("/checkpoint/lg/login-submit", ("/checkpoint/lg/login(-submit)?",))
    assert not path_matches("/loginx", ("/login",))


def test_blocker_kinds_are_an_enum_that_still_compares_as_text():
    blocker = Blocker("transient", "A passing error.")
    assert blocker.kind is BlockerKind.TRANSIENT and blocker.kind == "transient"
    assert f"{blocker.kind}" == "transient"


def test_a_declared_cookie_that_is_absent_is_not_signed_in(shared_browser):
    assert where_on(shared_browser, "/settings", SETTINGS_PAGE, BY_COOKIE) is Where.ELSEWHERE
    assert where_on(shared_browser, "/settings", SETTINGS_PAGE, BY_COOKIE,
                    cookie=True) is Where.SIGNED_IN


def test_with_a_declared_cookie_a_landmark_does_not_count(shared_browser):
    both = replace(BY_COOKIE, landmarks=("#account-menu",))
    assert where_on(shared_browser, "/settings", SETTINGS_PAGE, both) is Where.ELSEWHERE


def test_a_flow_that_knows_no_cookie_declares_a_landmark(shared_browser):
    by_landmark = SignIn(landmarks=("#account-menu",), login_paths=("/login",))
    assert where_on(shared_browser, "/settings", SETTINGS_PAGE, by_landmark) is Where.SIGNED_IN
    assert where_on(shared_browser, "/other", "<main>Welcome</main>",
                    by_landmark) is Where.ELSEWHERE


def test_a_code_page_is_a_challenge_only_when_declared_and_never_signed_in(shared_browser):
    assert where_on(shared_browser, "/verify", CODE_PAGE, BY_COOKIE,
                    (CODE_BLOCKER,)) is Where.CHALLENGE
    assert where_on(shared_browser, "/verify", CODE_PAGE, BY_COOKIE) is Where.ELSEWHERE


def test_a_login_page_at_the_front_page_is_recognised(shared_browser):
    at_front = SignIn(cookies=("sid",), login_paths=("/",))
    assert where_on(shared_browser, "/", LOGIN_PAGE, at_front) is Where.LOGIN_PAGE
    assert where_on(shared_browser, "/home", SETTINGS_PAGE, at_front,
                    cookie=True) is Where.SIGNED_IN
    # a session cookie on the login page itself is not yet signed in
    assert where_on(shared_browser, "/", LOGIN_PAGE, at_front, cookie=True) is Where.LOGIN_PAGE


def test_a_password_form_is_a_login_page_only_when_declared(shared_browser):
    assert where_on(shared_browser, "/anywhere", LOGIN_PAGE, BY_COOKIE) is Where.LOGIN_PAGE
    paths_only = replace(BY_COOKIE, password_form=False)
    assert where_on(shared_browser, "/anywhere", LOGIN_PAGE, paths_only) is Where.ELSEWHERE


def test_code_page_of_a_flow_without_its_challenge_blocker_is_reported(make_site,
                                                                       monkeypatch):
    """The verification-code page must not pass for signed in: the run says sign-in did
    not finish, instead of going round the login pages until "keeps asking"."""
    monkeypatch.setattr(navigator, "LOGIN_TIMEOUT", 3.0)
    flow = registry.load().flows["linkedin"]
    flow = replace(flow, blockers=tuple(b for b in flow.blockers
                                        if b.kind is not BlockerKind.CHALLENGE))
    site = make_site("linkedin", faults={"challenge"})
    before = site.state()
    creds = Credentials(site.username, site.password, "", source="test")
    options = RunOptions(dry_run=False, sites={"linkedin": parse_origin(site.origin)},
                         credentials={"linkedin": creds})
    site.shared.point("linkedin", site.origin)
    [result] = site.shared.call(run_flows([flow], site.home, options,
                                          browser=site.shared.browser,
                                          overrides=site.shared.overrides))
    assert {s.outcome for s in result.settings} == {Outcome.NEEDS_LOGIN}, result.settings
    detail = result.settings[0].detail
    assert "did not finish" in detail and "keeps asking" not in detail, detail
    assert result.stats["logins"] == 1
    assert site.state() == before
