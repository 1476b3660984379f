"""Substack: the switch contract, plus one row per publication the account owns."""

import pytest
from optout_bot.flows.substack import publication_of

from optout_bot.outcomes import Outcome
from tests.flows.contract import (
    STANDARD_OUTCOMES,
    SwitchFlowContract,
    assert_never_false_done,
    outcomes,
)


class TestSubstack(SwitchFlowContract):
    platform = "substack"
    faults = {
        **STANDARD_OUTCOMES,
        # Substack's markup is not public: in another language nothing names the switch.
        "language": "unknown",
    }

    def test_every_publication_is_its_own_row_and_says_it_is_a_signal(self, make_site):
        site = make_site(self.platform, wording="2023",
                         publications=["ada", "ada-notes", "ada-art"])
        site.replica.settings_of(site.username)["ai-training:ada-notes"] = False
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == {"ai-training:ada": "turned_off",
                                    "ai-training:ada-notes": "off",
                                    "ai-training:ada-art": "turned_off"}
        assert [s.url for s in result.settings] == [
            f"https://{p}.substack.com/publish/settings" for p in ("ada", "ada-notes", "ada-art")]
        for setting in result.settings:
            assert "signal, not a guarantee" in setting.detail, setting.detail
        assert not any(site.state().values())

    def test_an_account_without_a_publication_has_nothing_to_switch(self, make_site):
        site = make_site(self.platform, publications=[])
        result = site.run(dry_run=True)
        assert [(s.id, s.outcome) for s in result.settings] == [
            ("ai-training", Outcome.UNAVAILABLE)]
        assert "owns no Substack publication" in result.settings[0].detail


@pytest.mark.parametrize(("url", "publication"), [
    ("https://ada.substack.com/publish/home", "ada"),
    ("https://Ada-Notes.substack.com/publish/post/1", "ada-notes"),
    ("https://ada.substack.com/p/a-post", None),
    ("https://www.substack.com/publish/home", None),
    ("https://substack.com/publish/home", None),
    ("https://ada.substack.com.example/publish/home", None),
])
def test_publication_links(url, publication):
    assert publication_of(url) == publication
