"""Instagram's AI objection form (on help.instagram.com), held to the Meta form contract."""

from tests.flows.test_facebook import MetaFormContract


class TestInstagram(MetaFormContract):
    platform = "instagram"
