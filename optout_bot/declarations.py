"""The data a flow is made of: its settings, its sign-in declaration, its blockers.

Nothing here drives a browser; ``optout_bot.flow`` documents how the engine uses it.
"""

from __future__ import annotations

import enum
import re
from dataclasses import dataclass, replace
from typing import Any

from optout_bot import text

SWITCH, CHOICE, FORM, NONE = "switch", "choice", "form", "none"
#: a state read only from what the platform publishes to anyone (``Flow.public_check``);
#: the person changes it on the site
PUBLIC = "public"

#: the reason objection forms are given unless the person gives or saves their own
DEFAULT_REASON = ("I object to Meta using my personal information, including my posts, "
                  "photos and comments, to develop and improve AI at Meta.")


@dataclass(frozen=True)
class Choice:
    """The options of a ``choice`` setting (a radio group or a dropdown) the tool knows.

    ``safe`` and ``unsafe`` are regexes (case-insensitive) of the options' accessible
    names; ``safe_value`` is the safe option's known value (a ``<select>`` option's).
    """

    safe: tuple[str, ...]  # the option that keeps your data out
    unsafe: tuple[str, ...]  # the options known to let it be used
    safe_value: str | None = None

    def is_safe(self, name: str, value: str = "") -> bool | None:
        """True for the safe option, False for a known unsafe one, None for any other."""
        if self.safe_value is not None and value == self.safe_value:
            return True
        for patterns, safe in ((self.safe, True), (self.unsafe, False)):
            found = name_pattern(patterns)
            if found is not None and found.search(name):
                return safe
        return None


@dataclass(frozen=True)
class Setting:
    id: str
    label: str
    url: str
    kind: str = SWITCH
    names: tuple[str, ...] = ()  # regexes of the accessible name (case, typography aside)
    roles: tuple[str, ...] = ("switch", "checkbox")
    fallback: str | None = None  # a known attribute selector
    #: page text (a heading, a description) that proves ``fallback`` is this setting when
    #: the selector does not name it (it matches any control of its kind); empty: it does
    context: tuple[str, ...] = ()
    want: bool = False  # control state that keeps your data out (Tumblr: True)
    confirm: tuple[str, ...] = ("Turn off", "Confirm", "Save", "Yes", "OK")
    note: str = ""  # form/none/manual, not offered: the reason and what the person can do;
    #                 a switch: what to do if it is not found
    caveat: str = ""  # a switch: what it does not guarantee, said after every outcome
    scope: str = ""  # which blog/site/sub-account this row is for, if any
    app_only: bool = False  # the switch exists only in the app: the person acts (manual)
    locked_by: tuple[str, ...] = ()  # names of a control that, while on, holds this one safe
    lock_note: str = ""  # what the person is told when it is held so
    choice: Choice | None = None  # kind choice: its safe and known options
    #: regexes of page text meaning this account is not offered the setting (``note`` says
    #: why): found instead of the control, the setting is unavailable, not unknown
    not_offered: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        if (self.kind == CHOICE) != (self.choice is not None):
            raise ValueError(f"{self.id}: a choice setting, and only one, declares its options")

    def for_scope(self, scope: str, **changes: Any) -> Setting:
        return replace(self, id=f"{self.id}:{scope}", scope=scope, **changes)


class BlockerKind(enum.StrEnum):
    CHALLENGE = "challenge"  # a code or a question the person answers (or a stored TOTP)
    CAPTCHA = "captcha"  # a check only the person can pass
    RATE_LIMIT = "rate_limit"
    ERROR = "error"
    TRANSIENT = "transient"  # a passing error page: reloading once may get past it


#: blockers that stand between a person and signing in
SIGN_IN_CHECKS = frozenset({BlockerKind.CHALLENGE, BlockerKind.CAPTCHA})


@dataclass(frozen=True)
class Blocker:
    """Something on a page that stops the flow: a challenge, captcha, rate limit, error."""

    kind: BlockerKind
    message: str  # what happened and what to do, for a person
    paths: tuple[str, ...] = ()  # URL path prefixes
    texts: tuple[str, ...] = ()  # regexes of visible text
    selector: str | None = None  # an element that is only there when blocked

    def __post_init__(self) -> None:
        object.__setattr__(self, "kind", BlockerKind(self.kind))

    def at_path(self, path: str) -> bool:
        return any(path.startswith(prefix) for prefix in self.paths)


DEFAULT_BLOCKERS = (
    Blocker(BlockerKind.RATE_LIMIT,
            "{title} says there were too many requests{said} {when}",
            texts=(r"too many requests", r"rate limit", r"try again later",
                   r"zu viele anfragen", r"trop de requêtes", r"demasiadas solicitudes",
                   r"troppe richieste", r"muitas solicitações", r"te veel verzoeken")),
    Blocker(BlockerKind.CAPTCHA,
            "{title} shows a security check (captcha) that only you can pass. Run "
            "'optout login {name} --browser', complete it in the window, then run again.",
            texts=(r"\bcaptcha\b", r"are you a robot", r"verify you are human",
                   r"security check", r"sicherheitsprüfung", r"vérification de sécurité",
                   r"control de seguridad", r"controllo di sicurezza",
                   r"verificação de segurança", r"beveiligingscontrole"),
            selector="iframe[src*='captcha' i], iframe[title*='captcha' i]"),
    # A passing error page in the languages the flows know, for a site (or a page of it)
    # whose own declaration names only its English words.
    Blocker(BlockerKind.TRANSIENT, "{title} showed an error page{said} Try again later.",
            texts=(r"something went wrong", r"(etwas|es) ist (etwas )?schiefgelaufen",
                   r"ein fehler (ist )?aufgetreten", r"un problème est survenu",
                   r"une erreur (s.est produite|est survenue)", r"algo salió mal",
                   r"(se ha producido|se produjo|ocurrió) un error", r"qualcosa è andato storto",
                   r"si è verificato un errore", r"algo (deu errado|correu mal)",
                   r"ocorreu um erro", r"er is iets misgegaan", r"er is een fout opgetreden")),
)

#: a page answered with a server error (HTTP 5xx) whatever its words say: a person reloads once
SERVER_ERROR = Blocker(BlockerKind.TRANSIENT,
                       "{title} answered with a server error{said} Try again later.")


@dataclass(frozen=True)
class SignIn:
    """How to tell where a page is in signing in; ``optout_bot.flow`` has the rules.

    Paths are whole URL paths or regular expressions matched against the whole path
    (``/login`` is that page only, ``/`` is the front page, ``/login/.*`` every page under
    it); a trailing slash does not count.
    """

    cookies: tuple[str, ...] = ()  # session cookies: one of them set = signed in
    signed_in_paths: tuple[str, ...] = ()  # pages only a signed-in person is shown
    landmarks: tuple[str, ...] = ()  # elements only a signed-in page has
    login_paths: tuple[str, ...] = ()  # the login pages
    password_form: bool = False  # a visible password field (while signed out) is a login page
    code_fields: tuple[str, ...] = ()  # the site's own selectors of a verification code field
    code_buttons: tuple[str, ...] = ()  # ... and of the button that sends it
    #: a person signs in (``optout login P --browser``); the engine never types a password
    by_hand: bool = False

    def problems(self) -> list[str]:
        """What is missing for the engine to decide from this declaration alone."""
        found = []
        if not (self.cookies or self.signed_in_paths or self.landmarks):
            found.append("how to tell it is signed in (session cookies, signed-in pages or "
                         "landmarks)")
        if not (self.login_paths or self.password_form):
            found.append("how to tell a login page (login paths or password_form)")
        for pattern in self.signed_in_paths + self.login_paths:
            try:
                re.compile(pattern)
            except re.error as exc:
                found.append(f"a path pattern that is not a valid expression ({pattern}: {exc})")
        return found


def path_matches(path: str, patterns: tuple[str, ...]) -> bool:
    """The whole path is one of ``patterns`` (see ``SignIn``)."""
    path = path.rstrip("/") or "/"
    return any(re.fullmatch(p.rstrip("/") or "/", path) for p in patterns)


def name_pattern(names: tuple[str, ...]) -> re.Pattern[str] | None:
    """A browser-side regex for an accessible name matching any of ``names``, in any
    typography (``optout_bot.text``)."""
    return text.any_of(names)
