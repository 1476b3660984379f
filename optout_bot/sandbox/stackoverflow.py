"""Stack Overflow replica: the policy and help pages the Stack Overflow flow names.

Stack Overflow offers no AI-training switch, so the flow never opens a page; this replica
serves what a person (or ``optout policies``) opens from the flow's text: the privacy
policy, the public network terms of service and the account-deletion help page, each
with its content in ``main``. Faults and page handling: ``DocumentSite``.
"""

from __future__ import annotations

from optout_bot.sandbox._documents import Doc, DocumentSite, article

HOST = "stackoverflow.com"

PAGES = {
    f"{HOST}/legal/privacy-policy": Doc("Privacy Policy", article(
        "Privacy Policy", "2026-06-01",
        ("", "This policy describes how Stack Exchange, Inc. (\"Stack Overflow\") collects "
             "and uses information about you when you use the public network sites."),
        ("How we share information", "Content you post publicly, such as questions, "
         "answers and comments, is available to anyone, including through our API and data "
         "products. We license access to public network content to companies, including "
         "for developing and training artificial intelligence and machine learning models, "
         "and we require attribution to the community."),
        ("Your rights", "Depending on where you live, including under the GDPR and the "
         "CCPA, you may ask us to access, correct or delete personal information about "
         "you. Deleting personal information does not remove content you contributed under "
         "the Creative Commons licence; it is disassociated from your profile instead."),
    ), "Datenschutzrichtlinie"),
    f"{HOST}/legal/terms-of-service/public": Doc("Public Network Terms of Service", article(
        "Public Network Terms of Service", "2026-06-01",
        ("Subscriber content", "You agree that any content you post on the network is "
         "perpetually and irrevocably licensed to Stack Overflow on a worldwide, "
         "royalty-free basis, and that it is published under the Creative Commons "
         "Attribution-ShareAlike licence (CC BY-SA), so that anyone may reuse it with "
         "attribution.\n\nYou may not remove or deface content in a way that harms the "
         "network; moderators may restore content that was removed."),
        ("Use of the network", "You may not scrape the network or use its content to "
         "train artificial intelligence models except under a licence from us or as the "
         "Creative Commons licence permits."),
    ), "Nutzungsbedingungen des öffentlichen Netzwerks"),
    f"{HOST}/help/deleting-account": Doc("How do I delete my account?", article(
        "How do I delete my account?", "2025-11-10",
        ("", "You can delete your profile from its Settings page: select Delete profile, "
             "read the notice, confirm, and wait 24 hours for the deletion to happen.\n\n"
             "Your questions and answers are not deleted with the profile. They stay on "
             "the site under a generic name such as user12345, because they were published "
             "under the Creative Commons licence."),
    ), "Wie lösche ich mein Konto?"),
}


class StackOverflowReplica(DocumentSite):
    platform = "stackoverflow"
    hosts = (HOST, "www.stackoverflow.com")
    site_name = "Stack Overflow"
    PAGES = PAGES


REPLICA = StackOverflowReplica
