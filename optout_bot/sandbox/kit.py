"""The replica kit: what every replica site is built from.

``SiteReplica`` adds to ``Replica`` what every real site has: the reader's language, a
consent banner, sessions started on sign-in (with a notice page a fresh session may have
to pass), verification codes, saves that faults can stop, and policy pages.

``SwitchReplica`` is the base of a site whose AI-data settings are switches behind a
sign-in: a route table instead of a chain of ``if``s, sign-in that sets the site's own
session cookie, the standard faults (checked when the class is defined: a switch replica
that does not offer one of them cannot be defined), sign-in challenges and the pages a
settings page can be refused with. A site module keeps only its facts: hosts, cookie
names, paths and its route table; its texts, markup, style sheet and script are files in
``sites/`` (``site_files``). ``_switch_site.SwitchSite`` goes one step further for a site
with nothing unusual: every page comes from the kit, the replica lists facts only.

A replica declares, as facts of the real site it reproduces (never imported from the
flow, so that a test can catch a disagreement): ``hosts``, ``session_cookie``,
``policy_pages`` and ``FAULTS``, the faults it offers.
"""

from __future__ import annotations

import hashlib
import json
import re
import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from importlib import resources
from typing import Any
from urllib.parse import quote

import pyotp

from optout_bot.sandbox._common import (
    absolute_url,
    consent_banner,
    deferred_markup,
    esc,
    find_account,
    local_target,
    path_with_query,
)
from optout_bot.sandbox._policies import PolicyPages
from optout_bot.sandbox.base import Replica, Request, Response, json_response, page, redirect

DEFAULT_PIN = "123456"

#: The faults every switch replica offers: what goes wrong on real sites, each a switch.
STANDARD_FAULTS = ("cookie_banner", "interstitial", "slow_render", "save_error",
                   "save_not_persisted", "session_expired", "rate_limit", "captcha",
                   "challenge", "transient_error", "layout_variant", "language")

#: The HTTP status of each answer to a save, as ``SwitchReplica.save_reply`` names them.
SAVE_STATUS = {"saved": 200, "signed_out": 401, "bad_request": 400, "forbidden": 403,
               "error": 500}

PUBLIC, GUEST, NOTICE, SIGNED_IN = "public", "guest", "notice", "signed-in"


@dataclass(frozen=True)
class SiteFiles:
    """A site's facts kept beside its module, in ``sites/<platform>.*``: the texts of its
    pages by language (``.json``), named pieces of its markup (``.html``: each starts at a
    line ``<!-- name -->``, filled in with ``str.format``), its style sheet (``.css``)
    and its page script (``.js``). A file a site does not need is left out."""

    text: dict[str, dict[str, Any]]
    markup: dict[str, str]
    css: str
    script: str


def site_files(platform: str) -> SiteFiles:
    folder = resources.files("optout_bot.sandbox") / "sites"

    def read(ext: str) -> str:
        source = folder / f"{platform}.{ext}"
        return source.read_text(encoding="utf-8") if source.is_file() else ""

    parts = re.split(r"^<!-- (\w+) -->\n", read("html"), flags=re.M)
    markup = {parts[i]: parts[i + 1].removesuffix("\n") for i in range(1, len(parts), 2)}
    text = json.loads(read("json") or "{}")
    # A language lists the texts the settings pages need; the rest stay English, as on
    # real sites whose translations lag behind.
    text = {lang: {**text.get("en", {}), **texts} for lang, texts in text.items()}
    return SiteFiles(text, markup, read("css"), read("js"))


class SiteReplica(PolicyPages, Replica):
    """A replica with consent memory, pending notice pages, verification codes and saves."""

    consent_cookie = "consent"
    extra_session_cookies: tuple[str, ...] = ()
    languages: tuple[str, ...] = ("en", "de")  # the languages its pages come in

    def __init__(self) -> None:
        super().__init__()
        self.pending_interstitial: set[str] = set()  # session tokens that must see it first
        self.saves: list[dict[str, Any]] = []  # every save request: user, setting, value, result

    # --- language --------------------------------------------------------------------
    def language(self, request: Request, user: str | None = None) -> str:
        """German when the fault asks; else the account's language (``add_account(...,
        language="fr")``), or signed out the browser's, when the site has it; else English."""
        if self.fault("language"):
            return "de"
        account = self.accounts.get(user or "") if user else None
        wanted = str(account.get("language") or "") if account else ""
        wanted = wanted or request.headers.get("accept-language", "").strip()
        code = wanted.lower()[:2]
        return code if code in self.languages else "en"

    # --- consent banner --------------------------------------------------------------
    def needs_consent(self, request: Request) -> bool:
        return self.fault("cookie_banner") and self.consent_cookie not in request.cookies

    def record_consent(self, request: Request, user: str | None = None) -> Response:
        choice = "accept" if (request.form.get("choice") or "accept") == "accept" else "reject"
        response = Response(204)
        return response.set_cookie(self.consent_cookie, choice, max_age=180 * 24 * 3600)

    # --- sessions --------------------------------------------------------------------
    def sign_in(self, response: Response, username: str) -> Response:
        """Start a session; with the ``interstitial`` fault it must first pass a notice page."""
        self.start_session(response, username)
        token = _cookie_value(response, self.session_cookie)
        if self.fault("interstitial") and token:
            with self.lock:
                self.pending_interstitial.add(token)
        return response

    def interstitial_due(self, request: Request) -> bool:
        with self.lock:
            return request.cookies.get(self.session_cookie, "") in self.pending_interstitial

    def clear_interstitial(self, request: Request) -> None:
        with self.lock:
            self.pending_interstitial.discard(request.cookies.get(self.session_cookie, ""))

    def end_session(self, request: Request, response: Response) -> Response:
        """Forget the session server-side and tell the browser to drop its cookies."""
        token = request.cookies.get(self.session_cookie)
        with self.lock:
            self.sessions.pop(token or "", None)
            self.pending_interstitial.discard(token or "")
        for name in (self.session_cookie, *self.extra_session_cookies):
            response.set_cookie(name, "", max_age=0)
        return response

    # --- verification codes ----------------------------------------------------------
    def code_ok(self, username: str, code: str) -> bool:
        account = self.accounts.get(username) or {}
        code = code.strip().replace(" ", "")
        if code and code == str(account.get("pin", DEFAULT_PIN)):
            return True
        secret = account.get("totp_secret")
        return bool(secret and code and pyotp.TOTP(secret).verify(code, valid_window=1))

    # --- saves -----------------------------------------------------------------------
    def record_save(self, user: str, setting: str, value: bool, result: str) -> None:
        with self.lock:
            self.saves.append({"user": user, "setting": setting, "value": value,
                               "result": result})

    def apply_save(self, user: str, changes: dict[str, bool]) -> str:
        """Keep ``changes`` (setting -> data use on?) unless a save fault stops them.

        Returns what happened, as recorded for each change: "saved", "dropped"
        (``save_not_persisted``), "error" (``save_error``) or "session_expired"; the caller
        turns it into the site's own answer.
        """
        if not changes:
            return "saved"
        result = "saved"
        if self.fault("session_expired", once=True):
            result = "session_expired"
        elif self.fault("save_error"):
            result = "error"
        elif self.fault("save_not_persisted"):
            result = "dropped"
        for setting, value in changes.items():
            self.record_save(user, setting, value, result)
        if result == "saved":
            with self.lock:
                self.settings_of(user).update(changes)
        return result

    # --- pages -----------------------------------------------------------------------
    def styled_page(self, request: Request, user: str | None, title: str, body: str, css: str,
                    status: int = 200) -> Response:
        """A whole page in the reader's language with the site's style sheet."""
        response = page(title, body, lang=self.language(request, user),
                        head=f"<style>{css}</style>")
        response.status = status
        return response


@dataclass(frozen=True)
class Route:
    """One row of a route table: requests for one of ``paths`` go to the method ``handler``.

    A path is exact; ``{name}`` in it matches one path segment, passed to the handler as
    a keyword; a final ``*`` matches any rest. ``method`` is "POST", "GET" (anything but
    POST) or "*". ``access`` is who may see it: ``PUBLIC`` (anyone), ``GUEST`` (only the
    signed out: a signed-in person gets the rows below), ``NOTICE`` (a session that has
    not passed its notice page yet) or ``SIGNED_IN``.
    """

    paths: tuple[str, ...]
    handler: str
    method: str = "*"
    access: str = PUBLIC
    patterns: tuple[re.Pattern[str], ...] = field(init=False, repr=False, compare=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "patterns", tuple(_compile(p) for p in self.paths))

    def match(self, method: str, path: str) -> dict[str, str] | None:
        if self.method != "*" and (method == "POST") != (self.method == "POST"):
            return None
        for pattern in self.patterns:
            if (found := pattern.fullmatch(path)) is not None:
                return found.groupdict()
        return None


def route(handler: str, *paths: str, method: str = "*", access: str = PUBLIC) -> Route:
    return Route(paths, handler, method, access)


def _compile(path: str) -> re.Pattern[str]:
    rest = path.endswith("*")
    parts = re.split(r"\{(\w+)\}", path.removesuffix("*"))
    regex = "".join(f"(?P<{p}>[^/]+)" if i % 2 else re.escape(p) for i, p in enumerate(parts))
    return re.compile(regex + (".*" if rest else ""))


class SwitchReplica(SiteReplica):
    """A site whose settings are switches behind a sign-in; subclasses give its facts.

    ``routes`` is the route table, tried in order within each access level: public rows
    first; signed out, guest rows or else ``signed_out``; the notice rows; a session due
    to see its notice is sent to ``notice_path``; the signed-in rows; then ``not_found``.
    ``redirect_param`` is the
    query parameter that carries where to go after sign-in or after the notice.
    """

    FAULTS = STANDARD_FAULTS
    routes: tuple[Route, ...] = ()
    login_path = "/login"
    notice_path = ""
    home_path = "/"  # where a signed-in person lands
    redirect_param = "redirect_to"
    strip_slash = True  # "/settings/" is "/settings", as on most sites
    return_to_url = False  # the page to come back to is written as a whole URL
    consent_endpoint = "/consent"
    css = ""
    text: dict[str, dict[str, Any]] = {}  # language -> the texts of the site's pages
    setting_ids: tuple[str, ...] = ()  # the flow's ids of the switches, all on for a new account

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        missing = [f for f in STANDARD_FAULTS if f not in cls.FAULTS]
        if missing:
            raise TypeError(f"{cls.__name__} does not offer the standard faults "
                            f"{', '.join(missing)}; a switch replica must offer every one")
        for row in cls.routes:
            if not callable(getattr(cls, row.handler, None)):
                raise TypeError(f"{cls.__name__} routes {row.paths[0]} to {row.handler}, "
                                "which it does not have")

    def __init__(self) -> None:
        super().__init__()
        self.challenges: dict[str, dict[str, str]] = {}  # id -> username, kind, target

    def settings_defaults(self) -> dict[str, Any]:
        return {setting_id: True for setting_id in self.setting_ids}

    @property
    def languages(self) -> tuple[str, ...]:  # type: ignore[override]
        return tuple(self.text) or ("en", "de")

    def t(self, request: Request, user: str | None = None) -> dict[str, Any]:
        return self.text[self.language(request, user)]

    # --- dispatch --------------------------------------------------------------------
    def route(self, request: Request) -> Response:
        user = self.current_user(request)
        if (policy := self.policy_response(request)) is not None:
            return policy
        path = (request.path.rstrip("/") or "/") if self.strip_slash else request.path
        if (found := self._find(PUBLIC, request.method, path)) is not None:
            return found(request, user)
        if user is None:
            found = self._find(GUEST, request.method, path)
            return found(request, user) if found is not None else self.signed_out(request)
        if (found := self._find(NOTICE, request.method, path)) is not None:
            return found(request, user)
        if self.interstitial_due(request):
            return self.detour(self.notice_path, request)
        if (found := self._find(SIGNED_IN, request.method, path)) is not None:
            return found(request, user)
        return self.not_found(request, user)

    def _find(self, access: str, method: str, path: str) -> Callable[..., Response] | None:
        for row in self.routes:
            if row.access == access and (params := row.match(method, path)) is not None:
                handler = getattr(self, row.handler)
                return lambda request, user: handler(request, user, **params)
        return None

    def signed_out(self, request: Request) -> Response:
        """What a signed-out visitor of a signed-in page gets: the sign-in page, then back."""
        return self.detour(self.login_path, request)

    def not_found(self, request: Request, user: str) -> Response:  # pragma: no cover
        raise NotImplementedError

    # --- navigation ------------------------------------------------------------------
    def target(self, request: Request) -> str | None:
        """The on-site page the request asks to go to next, if any."""
        wanted = request.query.get(self.redirect_param) or request.form.get(self.redirect_param)
        return local_target(wanted or "", request, self.hosts)

    def detour(self, path: str, request: Request) -> Response:
        """A redirect to ``path`` (sign-in, a notice) that comes back to this page after."""
        return redirect(f"{path}?{self.redirect_param}=" + quote(self.came_from(request),
                                                                 safe=""))

    def came_from(self, request: Request) -> str:
        """The page to come back to: its path, or its whole URL (``return_to_url``)."""
        if self.return_to_url:
            return absolute_url(request, self.hosts[0], path_with_query(request))
        return path_with_query(request)

    def login_or_home(self, request: Request, user: str | None) -> Response:
        """The sign-in page, or for someone signed in the page they were going to."""
        if user:
            return redirect(self.target(request) or self.home_path)
        return self.login_page(request)

    def login_page(self, request: Request) -> Response:  # pragma: no cover - abstract
        raise NotImplementedError

    def pass_notice(self, request: Request, user: str | None = None) -> Response:
        """The notice page's "not now": the session goes on where it was going."""
        self.clear_interstitial(request)
        return redirect(self.target(request) or self.home_path, 303)

    def log_out(self, request: Request, user: str | None) -> Response:
        return self.end_session(request, redirect("/"))

    def local(self, target: str, request: Request) -> str:
        """``target`` if it stays on this site, else the signed-in home page."""
        return local_target(target, request, self.hosts) or self.home_path

    # --- sign-in challenges ----------------------------------------------------------
    def login_problem(self, identifier: str, password: str) -> tuple[str, str]:
        """(username, "") for a right password, else ("", "empty"/"no_account"/"bad_password")."""
        if not identifier.strip():
            return "", "empty"
        username = find_account(self, identifier)
        if username is None:
            return "", "no_account"
        if not self.check_password(username, password):
            return "", "bad_password"
        return username, ""

    def challenge_due(self) -> str:
        """The challenge a correct password meets now: "captcha", "pin" or "" (none)."""
        return "captcha" if self.fault("captcha") else "pin" if self.fault("challenge") else ""

    def open_challenge(self, username: str, kind: str, target: str, prefix: str = "") -> str:
        challenge_id = prefix + secrets.token_urlsafe(18 if prefix else 16)
        with self.lock:
            self.challenges[challenge_id] = {"username": username, "kind": kind,
                                             "target": target}
        return challenge_id

    def close_challenge(self, challenge_id: str) -> None:
        with self.lock:
            self.challenges.pop(challenge_id, None)

    def solved_by_hand(self, request: Request) -> dict[str, str] | None:
        """The captcha a person solved in the window (picked an image, then Verify), closed;
        a script that posts nothing picked solves nothing."""
        challenge_id = request.query.get("challengeId", "")
        challenge = self.challenges.get(challenge_id)
        if (request.method != "POST" or not request.form.get("picked") or challenge is None
                or challenge["kind"] != "captcha"):
            return None
        self.close_challenge(challenge_id)
        return challenge

    def pass_challenge(self, challenge_id: str, code: str,
                       kind: str = "pin") -> tuple[dict[str, str] | None, bool]:
        """The pending challenge (None: no such one) and whether ``code`` passed (and closed) it."""
        challenge = self.challenges.get(challenge_id)
        if challenge is None or challenge["kind"] != kind:
            return None, False
        if not self.code_ok(challenge["username"], code):
            return challenge, False
        self.close_challenge(challenge_id)
        return challenge, True

    # --- pages -----------------------------------------------------------------------
    def banner(self, request: Request, user: str | None) -> str:
        if not self.needs_consent(request):
            return ""
        t = self.t(request, user)
        return consent_banner(text=t["cookies"], accept=t["accept"], reject=t["reject"],
                              endpoint=self.consent_endpoint)

    def html(self, request: Request, user: str | None, title: str, body: str,
             status: int = 200) -> Response:
        return self.styled_page(request, user, title, body + self.banner(request, user),
                                self.css, status)

    def notice_page(self, request: Request, user: str, *, title: str, text: str, action: str,
                    button: str) -> Response:
        """The notice a fresh session must pass; ``button`` posts to ``action`` and goes on."""
        body = f"""<main class="card"><h1>{title}</h1><p>{text}</p>
<form method="post" action="{action}">
<input type="hidden" name="redirect_to" value="{esc(request.query.get("redirect_to", ""))}">
<button type="submit">{button}</button></form></main>"""
        return self.html(request, user, title, body)

    def maybe_late(self, content: str, loading: str, name: str) -> str:
        """``content`` as is, or (``slow_render``) held back for the page's script to show."""
        if not self.fault("slow_render"):
            return content
        return deferred_markup(content, loading, f"{name}-deferred", f"{name}-loader")

    def page_fault(self, request: Request, user: str) -> tuple[int, str] | None:
        """A settings page refused: (status, message) for rate_limit or transient_error."""
        t = self.t(request, user)
        if self.fault("rate_limit"):
            return 429, t["rate"]
        if self.fault("transient_error", once=True):
            return 500, t["broken"]
        return None

    # --- saves -----------------------------------------------------------------------
    def form_key(self, request: Request) -> str:
        """The page's anti-forgery token, bound to the session."""
        token = request.cookies.get(self.session_cookie, "")
        return hashlib.sha256(f"form-key:{token}".encode()).hexdigest()[:24]

    def forgery_checked(self, request: Request) -> bool:
        return request.headers.get("x-form-key") == self.form_key(request)

    def save_reply(self, result: str, request: Request) -> Response:
        """The site's answer to a save: "saved", "signed_out", "bad_request", "forbidden"
        or "error"."""
        body = {"saved": {"ok": True}, "signed_out": {"error": "not signed in"},
                "bad_request": {"error": "bad request"}, "forbidden": {"error": "bad form key"},
                "error": {"error": "internal error"}}[result]
        return json_response(body, SAVE_STATUS[result])

    def store(self, request: Request, user: str | None,
              changes: dict[str, bool] | None) -> Response:
        """Save ``changes`` (state key -> data use on?; None: the request made no sense)."""
        if user is None:
            return self.save_reply("signed_out", request)
        if changes is None:
            return self.save_reply("bad_request", request)
        if not self.forgery_checked(request):
            return self.save_reply("forbidden", request)
        result = self.apply_save(user, changes)
        if result == "session_expired":
            return self.end_session(request, self.save_reply("signed_out", request))
        return self.save_reply("error" if result == "error" else "saved", request)


def _cookie_value(response: Response, name: str) -> str | None:
    for header, value in response.headers:
        if header == "Set-Cookie" and value.startswith(f"{name}="):
            return value.split(";", 1)[0].split("=", 1)[1]
    return None
