"""Facebook's AI objection form, held to the Meta form contract (``MetaFormContract``)."""

from __future__ import annotations

from tests.flows.contract import MetaFormContract


class TestFacebook(MetaFormContract):
    platform = "facebook"
