"""Zoom replica: the terms and privacy statement the Zoom flow names; nothing to sign in to.

Zoom trains no AI on customer content, so the flow never opens a page; this replica serves
what a person (or ``optout policies``) opens from the flow's text, each with its content
in ``main``. Faults and page handling: ``DocumentSite``.
"""

from __future__ import annotations

from optout_bot.sandbox._documents import Doc, DocumentSite, article

HOST = "www.zoom.com"

PAGES = {
    f"{HOST}/en/trust/terms": Doc("Terms of Service", article(
        "Terms of Service", "2026-02-10",
        ("Customer content", "You keep the rights in your customer content: audio, video, "
         "chat, screen sharing, attachments and other communications-like content."),
        ("Artificial intelligence", "Zoom does not use any of your audio, video, chat, "
         "screen sharing, attachments or other communications-like customer content, such "
         "as poll results, whiteboard and reactions, to train Zoom's or third-party "
         "artificial intelligence models."),
    ), "Nutzungsbedingungen"),
    f"{HOST}/en/trust/privacy/privacy-statement": Doc("Zoom Privacy Statement", article(
        "Zoom Privacy Statement", "2026-02-10",
        ("", "This statement describes the personal data Zoom collects when you use its "
             "products and services, and how it is used and shared."),
        ("AI features", "Account owners and administrators choose whether to turn on AI "
         "features such as meeting summaries. Zoom does not use communications-like customer "
         "content to train its own or third-party AI models."),
    ), "Datenschutzerklärung von Zoom"),
}


class ZoomReplica(DocumentSite):
    platform = "zoom"
    hosts = (HOST, "zoom.com")
    site_name = "Zoom"
    PAGES = PAGES


REPLICA = ZoomReplica
