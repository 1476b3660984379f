from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract
from tests.flows.languages import read_in_every_language


class TestLinkedIn(SwitchFlowContract):
    platform = "linkedin"
    faults = {
        **STANDARD_OUTCOMES,
        "language": "turned_off",
    }


def test_reads_every_setting_in_the_accounts_language(make_site):
    read_in_every_language(make_site, "linkedin")
