"""Facebook's AI objection forms, held to the Meta form contract (``MetaFormContract``),
and what only Facebook has: the form for information from third parties. The region
paths (asked at a terminal, unknown without one, known and offered or not) are the same
code for both Meta sites, so they are tested here once."""

from __future__ import annotations

import click
from optout_bot.flows._meta import SETTING_ID, THIRD_PARTY_ID

from optout_bot import regions
from optout_bot.flow import DEFAULT_REASON
from optout_bot.outcomes import Outcome
from tests.flows.contract import MetaFormContract
from tests.test_cli import run_main

FORMS = (SETTING_ID, THIRD_PARTY_ID)


class TestFacebook(MetaFormContract):
    platform = "facebook"


def rows(result) -> dict:
    return {s.id: s for s in result.settings}


def test_the_third_party_form_is_sent_with_the_object_option(make_site):
    site = make_site("facebook")
    row = rows(site.run(dry_run=False, region="EU"))[THIRD_PARTY_ID]
    assert row.outcome is Outcome.REQUESTED, row.detail
    assert "received your request" in row.detail
    sent = site.replica.third_party_requests
    assert [(r["request"], r["email"], r["reason"]) for r in sent] == [
        ("object", site.username, DEFAULT_REASON)]
    assert site.state()[THIRD_PARTY_ID] is False
    assert any("confirmation" in p for p in row.evidence), row.evidence


def test_an_unknown_region_is_asked_at_a_terminal_once_and_kept(make_site, monkeypatch):
    asked = []
    monkeypatch.setattr(click, "prompt", lambda text, **kw: asked.append(text) or "eu")
    site = make_site("facebook")
    result = rows(site.run(dry_run=False, interactive=True))
    assert [result[f].outcome for f in FORMS] == [Outcome.REQUESTED] * 2, result
    assert len(asked) == 1 and "EU = the EU/EEA" in asked[0] and "OTHER" in asked[0]
    assert regions.remembered(site.home, "facebook", site.username) == "EU"
    again = rows(site.run(dry_run=True, interactive=True))
    assert len(asked) == 1, "the kept region is not asked again"
    assert again[SETTING_ID].outcome is Outcome.REQUESTED  # the page says it was sent


def test_an_unknown_region_without_a_terminal_is_manual(make_site):
    site = make_site("facebook")
    result = rows(site.run(dry_run=False))
    for form in FORMS:
        assert result[form].outcome is Outcome.MANUAL, result[form].detail
        detail = result[form].detail
        assert "--region" in detail and regions.ENV in detail and "never guesses" in detail
        assert "optout login facebook --region" in detail and "\n" not in detail
    assert site.replica.objections == [] and site.replica.third_party_requests == []


def test_a_known_region_where_the_forms_are_not_offered(make_site):
    site = make_site("facebook", region="US")
    result = rows(site.run(dry_run=False, region="OTHER"))
    for form in FORMS:
        assert result[form].outcome is Outcome.UNAVAILABLE, result[form].detail
        assert "does not offer" in result[form].detail
        assert "--region" in result[form].detail and not result[form].evidence
    assert site.replica.objections == [] and site.replica.third_party_requests == []


def test_the_page_saying_not_offered_beats_the_region_given(make_site):
    """The tool was told the EU, but Meta knows better and says so on the page."""
    site = make_site("facebook", region="US")
    result = rows(site.run(dry_run=False, region="EU"))
    assert result[THIRD_PARTY_ID].outcome is Outcome.UNAVAILABLE, result[THIRD_PARTY_ID].detail
    assert "isn't available" in result[THIRD_PARTY_ID].detail
    assert site.replica.third_party_requests == []


def test_the_meta_ai_chats_row_says_there_is_no_opt_out():
    from optout_bot import registry

    flow = registry.load().flows["facebook"]
    chats = next(s for s in flow.settings if s.id == "meta-ai-chats")
    result = flow.result_for(chats)
    assert result is not None and result.outcome is Outcome.UNAVAILABLE
    assert chats.label == "Meta AI chats used for ads and content"
    assert "16 December 2025" in result.detail and "What you can do" in result.detail


def test_a_region_that_is_not_one_is_a_usage_error():
    for args in (["check", "facebook", "--region", "Europe"],
                 ["login", "facebook", "--region", "Europe", "--username", "me"]):
        code, out, err = run_main(args)
        assert code == 2, (args, out, err)
        assert "--region" in err and "Traceback" not in err and len(err.splitlines()) == 1
    code, _, err = run_main(["check", "facebook"], env={"OPTOUT_REGION": "nowhere"})
    assert code == 2 and "OPTOUT_REGION" in err


def test_emailed_code_advice_names_the_button_and_does_not_send_again(make_site):
    """Meta takes one objection per account: the form was sent, so the advice is to enter
    the code, never to send again (nor --force), and it names the button as the page does."""
    site = make_site("facebook", faults={"emailed_code", "layout_variant"})  # a Submit button
    setting = rows(site.run(dry_run=False, region="EU"))[SETTING_ID]
    assert '"Submit"' in setting.detail, setting.detail
    assert "--force" not in setting.detail and "press Send" not in setting.detail
    assert "not confirmed yet" in setting.detail
