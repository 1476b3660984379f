"""Each switch flow on pages in the account's language: the six languages besides English.

``read_in_every_language(make_site, platform)`` signs in once, then for each language sets
the account to it (the replica serves its pages in it) and runs a dry run that must find
every setting by its label in that language and read it as it is on the server. A dry run
proves the labels; the apply path is the same code, covered in English and German.
"""

from __future__ import annotations

from optout_bot.outcomes import Outcome
from tests.flows.contract import assert_never_false_done, outcomes

LANGUAGES = ("de", "fr", "es", "it", "pt", "nl")


def read_in_every_language(make_site, platform: str, **state) -> None:
    site = make_site(platform, **state)
    account = site.replica.accounts[site.username]
    before = site.state()
    expected = {key: "on" if on else "off" for key, on in before.items()}
    for language in LANGUAGES:
        assert language in site.replica.languages
        account["language"] = language
        result = site.run(dry_run=True)
        assert_never_false_done(result, site.state())
        assert site.state() == before
        got = {k: v for k, v in outcomes(result).items() if k in expected}
        assert got == expected, (language, got)
        for setting in result.settings:
            assert setting.outcome is not Outcome.UNKNOWN, (language, setting.detail)
