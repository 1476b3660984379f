from tests.flows.contract import (
    STANDARD_OUTCOMES,
    SwitchFlowContract,
    assert_never_false_done,
    explained,
    outcomes,
)
from tests.flows.languages import read_in_every_language


class TestX(SwitchFlowContract):
    platform = "x"
    faults = {
        **STANDARD_OUTCOMES,
        # German labels are known (was: the Grok boxes unknown, the partners box found only
        # because it was the page's one checkbox)
        "language": "turned_off",
        "whats_new_dialog": "turned_off",  # a modal "What's new" closed with "Got it"
        "terms_dialog": "unknown",  # new terms to accept: not the tool's to answer
        "unusual_activity": "turned_off",
    }


def test_reads_every_setting_in_the_accounts_language(make_site):
    read_in_every_language(make_site, "x")


def test_a_setting_turned_back_on_by_another_settings_second_try_is_not_off(make_site,
                                                                           monkeypatch):
    """The verdict rests on the last load of the page. Here the history switch's first
    save is dropped, so it gets a second try and the page a second reload, and that save
    turns the training switch back on: training, read back off on the first reload, must
    be read again on the second and not be called off."""
    site = make_site("x")
    real, tries = site.replica.apply_save, []

    def apply_save(user: str, changes: dict[str, bool]) -> str:
        if "grok-history" not in changes:
            return real(user, changes)
        tries.append(changes)
        if len(tries) == 1:
            return "dropped"
        result = real(user, changes)
        with site.replica.lock:
            site.replica.settings_of(user)["ai-training"] = True
        return result

    monkeypatch.setattr(site.replica, "apply_save", apply_save)
    result = site.run(dry_run=False)
    server = site.state()
    assert_never_false_done(result, server)
    assert len(tries) == 2 and server["ai-training"] is True
    got = outcomes(result)
    assert got["grok-history"] == "turned_off" and got["grok-personalize"] == "turned_off"
    assert got["ai-training"] == "error", explained(result)
