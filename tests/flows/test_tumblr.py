"""Tumblr: the switch contract, plus every blog of the account as its own row."""

import json
import re
from pathlib import Path

import pytest
from optout_bot.flows.tumblr import FLOW as TUMBLR
from optout_bot.flows.tumblr import blog_of, for_blog

from optout_bot.outcomes import Outcome
from optout_bot.output import WORDS, rows
from optout_bot.sandbox.tumblr import default_blogs
from tests.flows.contract import (
    STANDARD_OUTCOMES,
    SwitchFlowContract,
    assert_never_false_done,
    outcomes,
)
from tests.flows.languages import read_in_every_language

USER = "person-tumblr@example.com"
KEYS = [f"third-party-sharing:{blog}" for blog in default_blogs(USER)]


class TestTumblr(SwitchFlowContract):
    platform = "tumblr"
    faults = {
        **STANDARD_OUTCOMES,
        # The German label is known (it was unknown: the switch could not be told apart
        # from "Discourage searching" in another language)
        "language": "turned_off",
        "one_step_login": "turned_off",
        "blogs_in_menu_only": "turned_off",
    }

    def test_new_account_has_a_primary_and_a_side_blog(self, make_site):
        site = make_site(self.platform)
        assert list(site.state()) == KEYS and all(site.state().values())

    def test_every_blog_is_its_own_row(self, make_site):
        blogs = ["ada", "ada-art", "ada-notes"]
        site = make_site(self.platform, blogs=blogs,
                         settings={"third-party-sharing:ada-art": False})
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == {"third-party-sharing:ada": "turned_off",
                                    "third-party-sharing:ada-art": "off",
                                    "third-party-sharing:ada-notes": "turned_off"}
        assert not any(site.state().values())
        details = [s.detail for s in result.settings]
        assert details[0] == ('Protected: "Prevent third-party sharing for ada" is on now, '
                              'read back after a reload.')
        assert details[1] == 'Protected: "Prevent third-party sharing for ada-art" is on; ' \
                             'nothing changed.'
        assert [s.label for s in result.settings] == [
            f"Prevent third-party sharing for {b}" for b in blogs]
        assert [s.url for s in result.settings] == [
            f"https://www.tumblr.com/settings/blog/{b}" for b in blogs]
        table = [(label.text, word.text) for _, _, label, _, word in rows([result])]
        assert table == [("Prevent third-party sharing for ada", WORDS[Outcome.TURNED_OFF]),
                         ("Prevent third-party sharing for ada-art", WORDS[Outcome.OFF]),
                         ("Prevent third-party sharing for ada-notes", WORDS[Outcome.TURNED_OFF])]
        document = json.loads(json.dumps(result.to_json()))
        assert [s["id"] for s in document["settings"]] == [
            f"third-party-sharing:{b}" for b in blogs]
        for setting, blog in zip(result.settings, blogs, strict=True):  # its own evidence
            names = [Path(p).name for p in setting.evidence]
            assert names and all(n.startswith(f"third-party-sharing_{blog}-") for n in names)

    def test_discouraged_blog_reads_already_safe(self, make_site):
        primary, side = default_blogs(USER)
        site = make_site(self.platform, discourage=[side])
        result = site.run(dry_run=True)
        assert outcomes(result) == {f"third-party-sharing:{primary}": "on",
                                    f"third-party-sharing:{side}": "off"}
        assert_never_false_done(result, site.state())
        locked = result.settings[1].detail
        assert locked.startswith("Protected: ") and "Discourage searching" in locked, locked


@pytest.mark.parametrize(("path", "blog"), [
    ("/settings/blog/ada-art", "ada-art"),
    ("/blog/ada", "ada"),
    ("/blog/Ada/drafts", "ada"),
    ("/blog/view/someone-else", None),
    ("/someone-else", None),
    ("/settings/account", None),
    ("/blog/ada%2Fx", None),
])
def test_blog_links(path, blog):
    assert blog_of(path) == blog


def test_a_blog_pattern_does_not_match_a_longer_blog_name():
    pattern = re.compile(for_blog(TUMBLR.settings[0], "ada").names[0], re.IGNORECASE)
    assert pattern.search("Prevent third-party sharing for ada")
    assert not pattern.search("Prevent third-party sharing for ada-art")
    assert for_blog(TUMBLR.settings[0], "ada").want is True


def test_reads_every_setting_in_the_accounts_language(make_site):
    read_in_every_language(make_site, "tumblr")
