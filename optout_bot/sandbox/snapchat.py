"""Snapchat replica: the policy and help pages the Snapchat flow names.

Snapchat's AI switches are known only in the app, so the flow opens no page and this
replica has no settings pages (the real web portal is not known to have them either).
It serves what a person (or ``optout policies``) opens from the flow's text: the privacy
policy on values.snap.com, the My Selfie terms on snap.com, and three help articles on
help.snapchat.com. As on the real help centre, an article's short address (its number
only) redirects to the full one. Faults and page handling: ``DocumentSite``.

State: the three app settings, True (the data use is on) as on an account that accepted
the My Selfie terms; nothing here can change them, as on the real web.
"""

from __future__ import annotations

import re
from typing import Any

from optout_bot.sandbox._documents import Doc, DocumentSite, article
from optout_bot.sandbox.base import Request, Response, redirect

HELP = "help.snapchat.com"
ARTICLES = {
    "25312335775380": "What-is-My-Selfie",
    "26022277252756": "What-is-Snap-Feed",
    "25494876770580": "Generative-AI-on-Snapchat",
}
SHORT_ARTICLE = re.compile(r"^/hc/en-us/articles/(\d+)/?$")
SETTINGS_STEP = "Tap ⚙️ in My Profile to open Settings"

PAGES = {
    "values.snap.com/privacy/privacy-policy": Doc("Privacy Policy", article(
        "Snap Inc. Privacy Policy", "2026-04-07",
        ("", "Snap Inc. makes Snapchat and other products. This policy explains what "
             "information we collect, how we use and share it, and the choices you have."),
        ("How we use information", "We use information to provide and improve our "
         "services, including to develop and train the machine learning and generative AI "
         "models that power features such as My AI, Lenses and My Selfie, and to "
         "personalise content and ads."),
        ("Your choices", "You can change many of your choices in the app's Settings, "
         "download your data from accounts.snapchat.com, and, where the law gives you the "
         "right, object to how we use your information or ask us to delete it."),
    ), "Datenschutzbestimmungen"),
    "snap.com/terms/my-selfie": Doc("My Selfie Terms", article(
        "My Selfie Terms", "2024-09-05",
        ("", "My Selfie lets you create images of yourself with generative AI from selfies "
             "you provide. Snap uses your selfies to understand what you look like so that "
             "you, Snap and, if you allow it, your friends can generate new images of you."),
        ("Ads", "By using My Selfie you agree that you, or your likeness, may appear in "
         "personalised sponsored content and ads that only you can see, including Snap's "
         "or its business partners' branding, without compensation to you. You can turn "
         "this off at any time in Settings under My Selfie."),
    ), "Nutzungsbedingungen für Mein Selfie"),
    f"{HELP}/hc/en-us/articles/25312335775380-What-is-My-Selfie": Doc(
        "What is My Selfie?", article(
            "What is My Selfie?", "2024-10-01",
            ("", "My Selfie is one place for your selfies, which power generative AI and "
                 "other experiences on Snapchat, including ads."),
            ("How do I change or clear My Selfie?", f"{SETTINGS_STEP}. Tap My Selfie under "
             "My Account. Tap Update My Selfie or Clear Selfie."),
            ("What other choices do I have?", "Ads: turn off See My Selfie in Ads in "
             "Settings under My Selfie. Friends: choose who can generate with your My "
             "Selfie."),
        ), "Was ist Mein Selfie?"),
    f"{HELP}/hc/en-us/articles/26022277252756-What-is-Snap-Feed": Doc(
        "What is Snap Feed?", article(
            "What is Snap Feed?", "2024-12-03",
            ("", "Snap Feed brings your Memories to life and can reimagine them with "
                 "generative AI using your My Selfie."),
            ("How do I opt out of appearing in my friends' feeds?", f"{SETTINGS_STEP}. Tap "
             "My Selfie under My Account. Under Who Can..., tap Generate with My Selfie "
             "and change the setting to Only Me."),
        ), "Was ist Snap Feed?"),
    f"{HELP}/hc/en-us/articles/25494876770580-Generative-AI-on-Snapchat": Doc(
        "Generative AI on Snapchat", article(
            "Generative AI on Snapchat", "2025-02-11",
            ("", "Many Snapchat features are powered by generative AI, such as AI Lenses, "
                 "My AI, Dreams and AI Snaps. We mark them with a sparkle icon."),
            ("How is information I share with generative AI features used?", "Information "
             "you share with generative AI features may be used to improve and train our "
             "models. You can delete content you shared with My AI in Settings."),
        ), "Generative KI auf Snapchat"),
}


class SnapchatReplica(DocumentSite):
    platform = "snapchat"
    hosts = ("accounts.snapchat.com", "www.snapchat.com", "snapchat.com", HELP,
             "values.snap.com", "snap.com", "www.snap.com")
    site_name = "Snapchat"
    PAGES = PAGES

    def route(self, request: Request) -> Response:
        short = SHORT_ARTICLE.match(request.path)
        host = (request.headers.get("host") or "").split(":")[0]
        if host == HELP and short and short.group(1) in ARTICLES:
            number = short.group(1)
            return redirect(f"/hc/en-us/articles/{number}-{ARTICLES[number]}", 301)
        return super().route(request)

    def settings_defaults(self) -> dict[str, Any]:
        return {"my-selfie-ads": True, "my-selfie-generate": True, "public-content-ai": True}


REPLICA = SnapchatReplica
