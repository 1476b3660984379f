"""WordPress.com: the switch contract, plus every site of the account as its own row."""

import json
from pathlib import Path

import pytest
from optout_bot.flows.wordpress import site_of

from optout_bot.outcomes import Outcome
from optout_bot.output import WORDS, rows
from optout_bot.sandbox.wordpress import default_sites
from tests.flows.contract import SwitchFlowContract, assert_never_false_done, outcomes
from tests.flows.languages import read_in_every_language

USER = "person-wordpress@example.com"
PUBLIC, FORCED, PRIVATE = (f"third-party-sharing:{s['slug']}" for s in default_sites(USER))


def expect(public: str, forced: str = "off", private: str = "unavailable") -> dict[str, str]:
    """A new account's sites: a public one, one forced on, and a private one."""
    return {PUBLIC: public, FORCED: forced, PRIVATE: private}


class TestWordPress(SwitchFlowContract):
    platform = "wordpress"
    faults = {
        "cookie_banner": expect("turned_off"),
        "interstitial": expect("turned_off"),
        "slow_render": expect("turned_off"),
        "save_not_persisted": expect("error"),
        "session_expired": expect("turned_off"),
        # every settings page refuses, so not even a private site can be told apart
        "rate_limit": expect("error", "error", "error"),
        "captcha": "needs_login",
        "transient_error": expect("turned_off"),
        "layout_variant": expect("turned_off"),
        "language": expect("turned_off"),  # the box's known name attribute and Save
        # the box reads back ticked, but the site's robots.txt still lets AI crawlers in
        "stale_robots": expect("error"),
    }
    passed = expect("turned_off")

    # A new account is not all "on": the forced and the private site differ by design.
    def test_dry_run_changes_nothing(self, make_site):
        site = make_site(self.platform)
        before = site.state()
        assert before == {PUBLIC: True, FORCED: False}
        result = site.run(dry_run=True)
        assert site.state() == before
        assert outcomes(result) == expect("on")
        assert_never_false_done(result, site.state())
        for setting in result.settings:
            assert setting.evidence and all(Path(p).is_file() for p in setting.evidence)

    def test_apply_turns_off_and_reads_back(self, make_site):
        site = make_site(self.platform)
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == expect("turned_off")
        assert site.state() == {PUBLIC: False, FORCED: False}
        by_id = {s.id: s for s in result.settings}
        assert (by_id[PUBLIC].before.value, by_id[PUBLIC].after.value) == ("on", "off")
        assert "Discourage search engines" in by_id[FORCED].detail
        assert by_id[PRIVATE].kind == "none" and "private" in by_id[PRIVATE].detail
        assert by_id[PUBLIC].detail.startswith("Protected: ") and " is on" in by_id[PUBLIC].detail
        assert by_id[FORCED].detail.startswith("Protected: ")
        saves = [r for r in site.replica.requests if r[0] == "POST" and "/settings" in r[1]]
        assert len(saves) == 1, f"one save per change, not {saves}"
        for setting in result.settings:
            assert setting.evidence, setting.id
            assert all(Path(p).stat().st_mode & 0o077 == 0 for p in setting.evidence)
        # the second, login-free read-back: the site's robots.txt, kept beside the shots
        public = json.loads(Path(by_id[PUBLIC].evidence[-1]).read_text())
        slug = PUBLIC.split(":", 1)[1]
        assert public["url"] == f"https://{slug}/robots.txt"
        assert public["says"] == "off" and "User-agent: GPTBot\nDisallow: /" in public["body"]
        assert public["fetched_at"]
        assert "The public check agrees" in by_id[PUBLIC].detail

    def test_already_off_makes_no_change(self, make_site):
        site = make_site(self.platform)
        site.run(dry_run=False)
        posts_before = [r for r in site.replica.requests if r[0] != "GET"]
        result = site.run(dry_run=False)
        posts_after = [r for r in site.replica.requests if r[0] != "GET"]
        assert outcomes(result) == expect("off")
        assert posts_after == posts_before, "nothing should be saved when already off"
        assert result.stats["logins"] == 0, "the kept session should be reused"

    def test_authenticator_code_passes_the_challenge(self, make_site):
        import pyotp

        site = make_site(self.platform, faults={"challenge"}, totp_secret=pyotp.random_base32())
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == expect("turned_off")

    def test_rejected_save_is_never_turned_off(self, make_site):
        """The current page answers with "Failed to save settings.", said in its words."""
        site = make_site(self.platform, faults={"save_error"})
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == expect("error")
        failed = next(s for s in result.settings if s.id == PUBLIC)
        assert '"Failed to save settings."' in failed.detail, failed.detail

    def test_the_older_general_settings_still_work(self, make_site, monkeypatch):
        """Where the current page is not there yet, the older one is used, its "Save
        settings" pressed and its toast read."""
        from optout_bot.sandbox.wordpress import WordPressReplica

        monkeypatch.setattr(WordPressReplica, "site_visibility",
                            lambda self, request, user, slug: self.chrome(
                                request, user, "Not found", "<main></main>", status=404))
        site = make_site(self.platform)
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == expect("turned_off")
        assert all("/settings/general/" in s.url for s in result.settings if s.id == PUBLIC)

    def test_every_site_is_its_own_row(self, make_site):
        sites = [{"slug": f"{n}.wordpress.com", "title": f"Site {n}", "visibility": "public"}
                 for n in ("alpha", "beta", "gamma")]
        site = make_site(self.platform, sites=sites,
                         settings={"third-party-sharing:beta.wordpress.com": False})
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == {"third-party-sharing:alpha.wordpress.com": "turned_off",
                                    "third-party-sharing:beta.wordpress.com": "off",
                                    "third-party-sharing:gamma.wordpress.com": "turned_off"}
        assert not any(site.state().values())
        table = [(label.text, word.text) for _, _, label, _, word in rows([result])]
        assert table == [
            ("Prevent third-party sharing for alpha.wordpress.com", WORDS[Outcome.TURNED_OFF]),
            ("Prevent third-party sharing for beta.wordpress.com", WORDS[Outcome.OFF]),
            ("Prevent third-party sharing for gamma.wordpress.com", WORDS[Outcome.TURNED_OFF])]
        assert [s["url"] for s in result.to_json()["settings"]] == [
            f"https://wordpress.com/sites/{n}.wordpress.com/settings/site-visibility"
            for n in ("alpha", "beta", "gamma")]

    def test_a_coming_soon_site_has_nothing_to_switch_yet(self, make_site):
        sites = [{"slug": "soon.wordpress.com", "title": "Soon", "visibility": "coming_soon"}]
        site = make_site(self.platform, sites=sites)
        result = site.run(dry_run=False)
        assert outcomes(result) == {"third-party-sharing:soon.wordpress.com": "unavailable"}
        assert "Coming soon" in result.settings[0].detail and result.settings[0].evidence

    def test_a_locked_box_that_shares_is_never_off(self, make_site):
        """Disabled but unticked (a state the page should not show): never reported safe."""
        sites = [{"slug": "locked.wordpress.com", "title": "Locked", "visibility": "discourage"}]
        site = make_site(self.platform, sites=sites,
                         settings={"third-party-sharing:locked.wordpress.com": True})
        result = site.run(dry_run=False)
        assert_never_false_done(result, site.state())
        assert outcomes(result) == {"third-party-sharing:locked.wordpress.com": "error"}
        assert "disabled" in result.settings[0].detail


@pytest.mark.parametrize(("path", "site"), [
    ("/home/ada.wordpress.com", "ada.wordpress.com"),
    ("/settings/general/example.com", "example.com"),
    ("/overview/Ada.WordPress.com", "ada.wordpress.com"),
    ("/sites/ada.wordpress.com/settings/site-visibility", "ada.wordpress.com"),
    ("/settings/general/example.com::blog", "example.com::blog"),
    ("/sites", None),
    ("/home", None),
    ("/start", None),
    ("/read/feeds/123", None),
])
def test_site_links(path, site):
    assert site_of(path) == site


def test_reads_every_setting_in_the_accounts_language(make_site):
    read_in_every_language(make_site, "wordpress")
