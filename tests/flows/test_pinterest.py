"""Pinterest: the switch contract against the replica's standard faults."""

from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract


class TestPinterest(SwitchFlowContract):
    platform = "pinterest"
    faults = {
        **STANDARD_OUTCOMES,
        # Pinterest's markup is not public: in another language nothing names the switch, so
        # the tool says it could not read it rather than guess.
        "language": "unknown",
    }
