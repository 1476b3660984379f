"""Slack replica: the privacy pages the Slack flow names; there is nothing to sign in to.

A member has no AI switch, so the flow never opens a page; this replica serves what a
person (or ``optout policies``) opens from the flow's text: Slack's privacy principles
for search, learning and AI, and its privacy policy, each with its content in ``main``.
Faults and page handling: ``DocumentSite``.
"""

from __future__ import annotations

from optout_bot.sandbox._documents import Doc, DocumentSite, article

HOST = "slack.com"

PAGES = {
    f"{HOST}/trust/data-management/privacy-principles": Doc(
        "Privacy principles: search, learning and artificial intelligence", article(
            "Privacy principles: search, learning and artificial intelligence", "2026-03-02",
            ("", "Slack's machine-learning models work at the platform level for things such "
                 "as channel and emoji recommendations and search results. To develop them, "
                 "Slack analyses customer data, including messages, content and files."),
            ("Generative AI", "Slack does not use customer data to train generative AI "
             "models, its own or third-party large language models."),
            ("How to opt out", "If you want your workspace's data left out of Slack global "
             "models, the owner of the workspace or organisation contacts our Customer "
             "Experience team at feedback@slack.com with the workspace or organisation URL "
             "and the subject line \"Slack Global model opt-out request\". We reply once "
             "the opt-out is complete."),
        ), "Datenschutzgrundsätze: Suche, Lernen und künstliche Intelligenz"),
    f"{HOST}/trust/privacy/privacy-policy": Doc("Privacy Policy", article(
        "Privacy Policy", "2026-01-15",
        ("", "This policy describes the information Slack collects and how it is used when "
             "you use our services, websites and apps."),
        ("Customer data", "Customer data is the content of messages, files and other "
         "material that users submit to the services. Slack processes customer data on the "
         "instructions of the customer, the organisation that owns the workspace."),
        ("Your choices", "The customer controls its workspace's settings. A member who has "
         "a question about the workspace's data should contact the workspace owner."),
    ), "Datenschutzrichtlinie"),
}


class SlackReplica(DocumentSite):
    platform = "slack"
    hosts = (HOST, "www.slack.com")
    site_name = "Slack"
    PAGES = PAGES


REPLICA = SlackReplica
