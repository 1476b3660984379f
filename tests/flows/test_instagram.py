"""Instagram's AI objection form (on help.instagram.com), held to the Meta form contract."""

from tests.flows.contract import MetaFormContract


class TestInstagram(MetaFormContract):
    platform = "instagram"


def test_the_rows_instagram_has_nothing_to_drive_for():
    """Meta's third-party form is on Facebook only, and Meta AI chats have no opt-out:
    both are said, with what to do, and never driven."""
    from optout_bot import registry
    from optout_bot.outcomes import Outcome

    flow = registry.load().flows["instagram"]
    found = {s.id: flow.result_for(s) for s in flow.settings}
    assert found["ai-objection"] is None, "the objection form is driven"
    third_party, chats = found["ai-third-party-objection"], found["meta-ai-chats"]
    assert third_party.outcome is Outcome.UNAVAILABLE
    assert "facebook.com/help/contact/510058597920541" in third_party.detail
    assert "optout apply facebook" in third_party.detail
    assert chats.outcome is Outcome.UNAVAILABLE and "no" in chats.detail
    assert "privacycenter.instagram.com" in chats.detail
