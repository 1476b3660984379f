"""A second, login-free read-back: the signal a platform publishes about a setting.

Some platforms show to anyone what a setting is (WordPress.com's robots.txt, YouTube's
trainability API, DeviantArt's ``noai`` meta tag). After a setting was read back off, the
runner fetches that signal without the person's session (a plain HTTP request, no
cookies), keeps it as evidence beside the screenshots and compares. A disagreement after
the platform's stated delay turns the result into an ``error``; a public signal never makes
anything ``off``.
"""

from __future__ import annotations

import asyncio
import datetime
import json
import urllib.error
import urllib.request
import urllib.robotparser
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from optout_bot.home import safe_name, write_private
from optout_bot.options import now_iso
from optout_bot.outcomes import Outcome, SettingResult, State
from optout_bot.sites import Origin

FETCH_TIMEOUT = 15.0  # seconds
MAX_BODY = 512 * 1024
USER_AGENT = "optout-bot public check (+https://github.com/optout-bot)"
EVIDENCE_SUFFIX = "-3-public.json"  # how the report knows a kept public check
CHECKED = frozenset({Outcome.OFF, Outcome.TURNED_OFF})


@dataclass(frozen=True)
class PublicCheck:
    """Where a setting's public signal is and how to read it (``Flow.public_check``)."""

    name: str  # what the signal is, for a person: "the site's robots.txt"
    url: str
    read: Callable[[str], State]  # the fetched text -> OFF (data kept out), ON, UNKNOWN
    delay: datetime.timedelta = datetime.timedelta(0)  # how late the platform may show it
    hidden: tuple[str, ...] = ()  # query parameters kept out of evidence (API keys)
    skipped: str = ""  # why the check cannot be made now; nothing is fetched


@dataclass
class PublicReading:
    """One fetch of a public signal, as kept in the evidence folder."""

    name: str
    url: str  # hidden parameters blanked
    fetched_at: str
    status: int | None
    state: State
    body: str = ""
    problem: str = ""

    def to_json(self) -> dict:
        return {"name": self.name, "url": self.url, "fetched_at": self.fetched_at,
                "status": self.status, "says": self.state.value, "problem": self.problem,
                "body": self.body}


def robots_disallow(bots: tuple[str, ...]) -> Callable[[str], State]:
    """A reader of robots.txt: OFF when every one of ``bots`` is turned away from the whole
    site, ON when one of them may crawl it."""
    def read(text: str) -> State:
        if "<html" in text[:500].lower():
            return State.UNKNOWN  # an error page, not a robots.txt
        parser = urllib.robotparser.RobotFileParser()
        parser.parse(text.splitlines())
        allowed = [bot for bot in bots if parser.can_fetch(bot, "/")]
        return State.ON if allowed else State.OFF
    return read


def shown_url(check: PublicCheck) -> str:
    """The check's URL with its hidden parameters blanked."""
    parts = urlsplit(check.url)
    query = [(k, "********" if k in check.hidden else v) for k, v in parse_qsl(parts.query)]
    return urlunsplit(parts._replace(query=urlencode(query, safe="*")))


def request_for(url: str, origin: Origin | None) -> urllib.request.Request:
    """A request for ``url``, sent to ``origin`` with the real host when overridden."""
    parts = urlsplit(url)
    target = url
    if origin is not None:
        target = urlunsplit((origin.scheme, f"{origin.host}:{origin.port}", parts.path or "/",
                             parts.query, ""))
    request = urllib.request.Request(target, headers={"User-Agent": USER_AGENT,
                                                      "Cache-Control": "no-cache"})
    if origin is not None:
        request.add_header("Host", parts.netloc)
    return request


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: object, **kwargs: object) -> None:
        return None


def _fetch(url: str, origin: Origin | None) -> tuple[int, str]:
    # Through a site override a redirect would name the real host: it is not followed.
    handlers = [_NoRedirect()] if origin is not None else []
    opener = urllib.request.build_opener(*handlers)
    try:
        with opener.open(request_for(url, origin), timeout=FETCH_TIMEOUT) as response:
            return response.status, response.read(MAX_BODY).decode("utf-8", "replace")
    except urllib.error.HTTPError as exc:
        return exc.code, exc.read(MAX_BODY).decode("utf-8", "replace")


async def fetch(check: PublicCheck, origin: Origin | None) -> PublicReading:
    """Fetch the signal (never with the person's session) and read it."""
    reading = PublicReading(check.name, shown_url(check), now_iso(), None, State.UNKNOWN)
    try:
        reading.status, reading.body = await asyncio.wait_for(
            asyncio.to_thread(_fetch, check.url, origin), FETCH_TIMEOUT + 5)
    except (OSError, TimeoutError, ValueError) as exc:
        reading.problem = f"it could not be fetched ({getattr(exc, 'reason', exc)})"
        return reading
    if reading.status != 200:
        reading.problem = f"the address answered HTTP {reading.status}"
        return reading
    reading.state = check.read(reading.body)
    if reading.state is State.UNKNOWN:
        reading.problem = "its text did not say either way"
    return reading


def keep(reading: PublicReading, folder: Path, setting_id: str) -> str:
    """Write the reading beside the screenshots; its path (hashed into the history)."""
    path = folder / f"{safe_name(setting_id)}{EVIDENCE_SUFFIX}"
    write_private(path, json.dumps(reading.to_json(), indent=2, ensure_ascii=False))
    return str(path)


def judge(result: SettingResult, check: PublicCheck, reading: PublicReading,
          changed_at: datetime.datetime | None = None) -> None:
    """Compare the public signal with a setting read back off; never the other way round.

    ``changed_at``: when the setting was turned off (now for ``turned_off``); unknown for
    an ``off`` found so, in which case only a platform without a delay can be held to it.
    """
    if result.outcome not in CHECKED:
        return
    if reading.state is State.OFF:
        result.detail = _add(result.detail, f"The public check agrees: {check.name} "
                                            "says your data is kept out.")
        return
    if reading.state is State.UNKNOWN:
        result.detail = _add(result.detail, f"The public check of {check.name} could not "
                                            f"be made: {reading.problem}.")
        return
    now = datetime.datetime.now(datetime.UTC)
    if changed_at is None and result.outcome is Outcome.TURNED_OFF:
        changed_at = now
    late = changed_at is not None and now - changed_at >= check.delay
    if check.delay == datetime.timedelta(0) or late:
        result.outcome = Outcome.ERROR
        result.detail = _add(result.detail, f"But {check.name} still says your data is "
                                            "shared, so the setting may not have been "
                                            "kept. Check it by hand and run this again.")
        return
    result.detail = _add(result.detail, f"The public check of {check.name} does not show "
                                        "it yet; the platform says that can take up to "
                                        f"{_days(check.delay)}.")


def public_result(setting_id: str, label: str, url: str, check: PublicCheck,
                  reading: PublicReading | None, what_to_do: str) -> SettingResult:
    """The result of a setting read only from its public signal (kind ``public``)."""
    result = SettingResult(setting_id, label, url, "public", started_at=now_iso())
    if reading is None:
        result.outcome, result.detail = Outcome.MANUAL, check.skipped
    elif reading.state is State.OFF:
        result.outcome, result.detail = Outcome.OFF, (
            f"Off: {check.name} says your data is kept out (read without signing in).")
    elif reading.state is State.ON:
        result.outcome, result.detail = Outcome.ON, (
            f"On: {check.name} does not keep your data out. {what_to_do}")
    else:
        result.detail = f"Could not read {check.name}: {reading.problem}."
    if reading is not None:
        result.before = result.after = reading.state
    result.finished_at = now_iso()
    return result


def skipped(result: SettingResult, check: PublicCheck) -> None:
    if result.outcome in CHECKED:
        result.detail = _add(result.detail, f"Public check skipped: {check.skipped}")


def _add(detail: str, sentence: str) -> str:
    return f"{detail} {sentence}".strip()


def _days(delay: datetime.timedelta) -> str:
    days = delay.days
    if days >= 1:
        return f"{days} day{'' if days == 1 else 's'}"
    hours = max(1, round(delay.total_seconds() / 3600))
    return f"{hours} hour{'' if hours == 1 else 's'}"
