"""Page loads a careful person would not make: a settings page opened only to be sent to the
sign-in page, and a page loaded twice in a row. The read-back always loads the page again."""

from __future__ import annotations

from optout_bot.outcomes import Outcome
from tests.flows.by_hand import sign_in_by_hand


def pages_asked_for(site) -> list[str]:
    return [path for method, path in site.replica.requests
            if method == "GET" and not path.startswith(("/static", "/api", "/favicon"))]


def test_a_first_run_signs_in_before_it_opens_a_settings_page(make_site):
    site = make_site("linkedin")
    result = site.run(dry_run=True)
    assert {s.outcome for s in result.settings} == {Outcome.ON}, result.settings
    asked = pages_asked_for(site)
    assert asked[0].startswith("/login"), asked
    # one load per settings page, none of them before the sign-in
    assert result.stats["page_loads"] == len(result.settings), asked
    assert result.stats["logins"] == 1


def test_a_kept_session_opens_the_settings_page_first(make_site):
    site = make_site("linkedin", signed_in=True)
    result = site.run(dry_run=True)
    assert result.stats["logins"] == 0
    assert not any(p.startswith("/login") for p in pages_asked_for(site))


def test_the_page_a_flow_just_looked_at_is_read_without_loading_it_again(make_site):
    """Claude's discover opens the settings page to see whether an organization manages
    the account; the setting is read on that same load, and read back on a new one."""
    site = make_site("claude")
    sign_in_by_hand(site)
    dry = site.run(dry_run=True)
    assert [s.outcome for s in dry.settings] == [Outcome.ON], dry.settings
    assert dry.stats["page_loads"] == 1
    applied = site.run(dry_run=False)
    assert [s.outcome for s in applied.settings] == [Outcome.TURNED_OFF], applied.settings
    assert applied.stats["page_loads"] == 2  # the read-back is a load of its own
    assert not any(site.state().values()), site.state()
