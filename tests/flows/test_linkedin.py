from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract


class TestLinkedIn(SwitchFlowContract):
    platform = "linkedin"
    faults = {
        **STANDARD_OUTCOMES,
        "language": "turned_off",
    }
