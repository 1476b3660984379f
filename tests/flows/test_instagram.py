"""Instagram's AI objection form (on help.instagram.com), held to the Meta form contract."""

from tests.flows.contract import MetaFormContract


class TestInstagram(MetaFormContract):
    platform = "instagram"
