from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract
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
