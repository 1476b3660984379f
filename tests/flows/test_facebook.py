"""Facebook's AI objection form, held to the Meta form contract (``MetaFormContract``)."""

from __future__ import annotations

from tests.flows.contract import MetaFormContract


class TestFacebook(MetaFormContract):
    platform = "facebook"


def test_emailed_code_advice_names_the_button_and_does_not_send_again(make_site):
    """Meta takes one objection per account: the form was sent, so the advice is to enter
    the code, never to send again (nor --force), and it names the button as the page does."""
    site = make_site("facebook", faults={"emailed_code", "layout_variant"})  # a Submit button
    setting = site.run(dry_run=False).settings[0]
    assert '"Submit"' in setting.detail, setting.detail
    assert "--force" not in setting.detail and "press Send" not in setting.detail
    assert "not confirmed yet" in setting.detail
