from tests.flows.contract import STANDARD_OUTCOMES, SwitchFlowContract


class TestX(SwitchFlowContract):
    platform = "x"
    faults = {
        **STANDARD_OUTCOMES,
        # German labels: the Grok checkboxes cannot be told apart, so they are not touched;
        # the partner page has a single checkbox, found by X's attribute selector.
        "language": {"ai-training": "unknown", "grok-personalize": "unknown",
                     "grok-history": "unknown", "partners": "turned_off"},
        "unusual_activity": "turned_off",
    }
