"""Where an account is, for settings a platform offers only in some regions.

Meta's objection forms are offered in the EU/EEA and the UK, and reported in Switzerland,
Brazil, Japan and South Korea. The tool never guesses the region: it is given
(``--region`` or ``OPTOUT_REGION`` for one run), kept per account (``optout login P
--region XX``, or the answer to the question asked at a terminal), or unknown.

A region is one of ``CHOICES``; a two-letter country code is accepted and mapped (``DE``
is ``EU``, ``GB`` is ``UK``, ``US`` is ``OTHER``).
"""

from __future__ import annotations

import json
import os

from optout_bot.home import Home, write_private

ENV = "OPTOUT_REGION"

#: region code -> how a person calls it
CHOICES = {
    "EU": "the EU/EEA",
    "UK": "the United Kingdom",
    "CH": "Switzerland",
    "BR": "Brazil",
    "JP": "Japan",
    "KR": "South Korea",
    "OTHER": "somewhere else",
}

#: countries of the EU and the EEA (ISO 3166-1 alpha-2)
EEA = frozenset(
    "AT BE BG HR CY CZ DK EE FI FR DE GR EL HU IE IT LV LT LU MT NL PL PT RO SK SI ES SE "
    "IS LI NO".split())

FILE = "region.json"


def parse_region(text: str) -> str:
    """The region code of ``text`` (a region or a country code); ValueError if neither."""
    code = text.strip().upper()
    if code in CHOICES:
        return code
    if code in EEA:
        return "EU"
    if code == "GB":
        return "UK"
    if len(code) == 2 and code.isalpha():
        return "OTHER"
    raise ValueError(f"'{text}' is not a region: use a two-letter country code (DE, GB, "
                     f"US...) or one of {', '.join(CHOICES)}.")


def describe(region: str) -> str:
    return CHOICES.get(region, region)


def from_environment() -> str | None:
    """``OPTOUT_REGION`` as a region code, None when unset (ValueError when not a region)."""
    value = os.environ.get(ENV, "").strip()
    return parse_region(value) if value else None


def remembered(home: Home, platform: str, account: str) -> str | None:
    """The region kept for one account, None when none was kept (or it cannot be read)."""
    try:
        data = json.loads((home.profile_dir(platform, account) / FILE).read_text())
        return parse_region(str(data["region"]))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def remember(home: Home, platform: str, account: str, region: str) -> None:
    write_private(home.profile_dir(platform, account) / FILE,
                  json.dumps({"region": parse_region(region)}))


def ask(title: str) -> str:
    """Ask the person at the terminal where their ``title`` account is; a region code."""
    import click

    listed = "; ".join(f"{code} = {name}" for code, name in CHOICES.items())
    answer = click.prompt(f"Where is your {title} account registered? ({listed})",
                          type=click.Choice(list(CHOICES), case_sensitive=False))
    return parse_region(answer)
