"""DeviantArt: a login-free check that a deviation page tells AI datasets to keep out.

DeviantArt has nothing to switch for this: every deviation page carries
``<meta name="robots" content="noai, noimageai">`` unless the artist opted in to AI
datasets in the account settings. The flow reads one deviation page the person names in
``OPTOUT_DEVIANTART_DEVIATION`` (its address), without signing in and without a browser:
``off`` when the page carries ``noai``, ``on`` with what to change when it does not,
``unknown`` when the page cannot be read, and ``manual`` (what to give) when no page is
named.
"""

from __future__ import annotations

import os
import re
from html.parser import HTMLParser
from urllib.parse import urlsplit

from optout_bot.flow import PUBLIC, Flow, Setting
from optout_bot.outcomes import State
from optout_bot.policy import PolicyDoc
from optout_bot.public_check import PublicCheck

HOSTS = ("www.deviantart.com", "deviantart.com")
DEVIATION_ENV = "OPTOUT_DEVIANTART_DEVIATION"
SETTINGS = "https://www.deviantart.com/settings/general"
DEVIATION_PATH = re.compile(r"^/[^/]+/art/[^/]+/?$")

NAME_ONE = (f"Tell the tool which page to check: set {DEVIATION_ENV} to the address of one "
            "of your deviations, such as https://www.deviantart.com/yourname/art/"
            "Your-Work-123456789, and run this again. DeviantArt needs no sign-in for this.")
NOT_A_DEVIATION = (f"{DEVIATION_ENV} is set to \"{{value}}\", which is not the address of a "
                   "deviation. Use one like https://www.deviantart.com/yourname/art/"
                   "Your-Work-123456789.")
WHAT_TO_DO = ("Your deviations tell AI datasets they may use your work. To stop that, open "
              f"your DeviantArt account settings ({SETTINGS}), find the AI datasets "
              "choice and turn off the permission for your deviations, then run this "
              "again. DeviantArt marks each deviation page with \"noai\" once that is done.")


class _RobotsMeta(HTMLParser):
    """The ``robots`` meta directives of a page, and whether it was an HTML page at all."""

    def __init__(self) -> None:
        super().__init__()
        self.directives: set[str] = set()
        self.html = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("html", "head"):
            self.html = True
        values = {k: (v or "") for k, v in attrs}
        if tag == "meta" and values.get("name", "").lower() == "robots":
            self.directives |= {d.strip().lower() for d in values.get("content", "").split(",")}


def read_noai(text: str) -> State:
    """``off`` when the page tells AI datasets to keep out (``noai``), ``on`` when not."""
    found = _RobotsMeta()
    found.feed(text)
    if not found.html:
        return State.UNKNOWN
    return State.OFF if "noai" in found.directives else State.ON


def deviation_url() -> tuple[str | None, str]:
    """The named deviation page, or None and what the person should give instead."""
    value = os.environ.get(DEVIATION_ENV, "").strip()
    if not value:
        return None, NAME_ONE
    parts = urlsplit(value)
    if (parts.scheme != "https" or parts.hostname not in HOSTS
            or not DEVIATION_PATH.match(parts.path)):
        return None, NOT_A_DEVIATION.format(value=value)
    return f"https://www.deviantart.com{parts.path}", ""


class DeviantArtFlow(Flow):
    def public_check(self, setting: Setting) -> PublicCheck | None:
        url, missing = deviation_url()
        return PublicCheck(name=f"the deviation page {url}" if url else "a deviation page",
                           url=url or SETTINGS, read=read_noai, skipped=missing)


FLOW = DeviantArtFlow(
    name="deviantart",
    title="DeviantArt",
    hosts=HOSTS,
    login_url=None,
    summary="Login-free check: your deviation pages carry \"noai\" (AI datasets kept out).",
    settings=(
        Setting(id="noai", label="Deviations marked \"noai\" for AI datasets", url=SETTINGS,
                kind=PUBLIC, note=WHAT_TO_DO),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://www.deviantart.com/about/policy/privacy/"),
        PolicyDoc(id="terms", title="Terms of Service",
                  url="https://www.deviantart.com/about/policy/service/"),
    ),
)
