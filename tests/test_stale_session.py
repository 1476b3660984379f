"""A kept session the site no longer knows, with the password at hand: the run signs in
afresh and reads every setting, as on a first run (never ends ``needs_login``)."""

from __future__ import annotations

import pytest

from optout_bot.session_state import load_session_state


@pytest.mark.parametrize("platform", ["x", "tumblr", "wordpress", "linkedin"])
def test_a_session_the_site_forgot_is_replaced_by_a_fresh_sign_in(make_site, home, platform):
    site = make_site(platform)
    first = site.run()
    assert first.outcome.value == "on", first
    state = home.profile_dir(platform, site.username) / "state.json"
    assert load_session_state(state) == str(state)
    site.replica.expire_sessions()
    again = site.run()
    assert again.outcome.value == "on", (again.error, [(s.id, s.outcome.value, s.detail)
                                                       for s in again.settings])
    assert again.stats["logins"] == 1
