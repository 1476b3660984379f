"""Reddit replica: the policy and help pages the Reddit flow names; there is nothing to sign in to.

Reddit offers no AI-training switch, so the flow never opens a page; this replica serves
what a person (or ``optout policies``) opens from the flow's text: the privacy policy and
user agreement on www.redditinc.com, the Public Content Policy, the account-deletion
article and the data-request form on support.reddithelp.com. Every page has its content
in ``main``.

Faults and page handling: ``DocumentSite`` (shared with Stack Overflow and Snapchat).

State: ``settings_of(user)["ai-training"]`` is True and stays so: the data use is on and
no page can change it.
"""

from __future__ import annotations

from optout_bot.sandbox._documents import Doc, DocumentSite, article

INC = "www.redditinc.com"
HELP = "support.reddithelp.com"

PAGES = {
    f"{INC}/policies/privacy-policy": Doc("Reddit Privacy Policy", article(
        "Reddit Privacy Policy", "2026-08-20",
        ("", "Everyone on Reddit can ask for a copy of their personal data, for their "
             "account to be deleted, or for information about how we handle data."),
        ("Public content", "Much of the information on the Services is public and "
         "accessible to everyone, even without an account. Posts, comments, usernames and "
         "profiles may be shown on Reddit, in search results, and through our developer "
         "services.\n\nWe require third parties to pay licensing fees for access to larger "
         "quantities of content and information. Licensed partners may use public content "
         "to train machine learning and artificial intelligence models. See our Public "
         "Content Policy for how your public content is accessible."),
        ("Your rights and choices", "You may delete your account at any time from the "
         "settings page in your account. Posts and comments you submitted before deleting "
         "your account stay visible to others unless you delete them first.\n\nUsers in the "
         "EEA, Switzerland and the UK have the right to request access to, rectification "
         "of, or erasure of their personal data. You may email redditdatarequests@reddit.com "
         "or submit a request through our help centre."),
    ), "Reddit-Datenschutzerklärung"),
    f"{INC}/policies/user-agreement": Doc("Reddit User Agreement", article(
        "Reddit User Agreement", "2026-08-20",
        ("Your content", "You keep the ownership rights you have in Your Content. You "
         "grant Reddit a worldwide, royalty-free, perpetual and irrevocable licence, which "
         "Reddit may transfer and sublicense, to use, copy, change, distribute, store and "
         "display Your Content, with the name or username that goes with it, in any media, "
         "now known or developed later."),
        ("Things you cannot do", "You may not access, search, or collect data from the "
         "Services by any means other than our publicly supported interfaces, or use the "
         "Services to train machine learning or AI models without our express permission."),
    ), "Reddit-Nutzervereinbarung"),
    f"{HELP}/hc/en-us/articles/26410290525844-Public-Content-Policy": Doc(
        "Public Content Policy", article(
            "Public Content Policy", "2024-05-09",
            ("", "Public content includes posts and comments, usernames and profiles, and "
                 "public karma scores. It does not include private messages, modmail, or "
                 "non-public account information such as your email address or IP address."),
            ("How we share it", "We work with trusted partners under public-content "
             "licensing agreements, including partners who use Reddit content to train "
             "artificial intelligence models. We require partners to respect user "
             "decisions to delete their content and content removed for breaking our "
             "rules.\n\nPartners may not use Reddit content to identify individual users, "
             "for ad targeting, background checks, facial recognition, or surveillance."),
        ), "Richtlinie für öffentliche Inhalte"),
    f"{HELP}/hc/en-us/articles/204579509-How-do-I-delete-my-account": Doc(
        "How do I delete my account?", article(
            "How do I delete my account?", "2025-06-02",
            ("", "Go to Settings, then Account, and select Delete account. Enter your "
                 "username and password, confirm, and select Delete.\n\nDeleting your "
                 "account does not delete the posts and comments you made with it; they "
                 "stay visible but show [deleted] as the author. Delete them first if you "
                 "want them gone."),
        ), "Wie lösche ich mein Konto?"),
    f"{HELP}/hc/en-us/requests/new": Doc("Submit a request", """
<h1>Submit a request</h1><p>Privacy requests: access to, correction or deletion of your
personal data.</p>
<form method="post"><label>Your email address<input type="email" name="email"></label>
<label>Description<textarea name="description"></textarea></label>
<button type="submit">Submit</button></form>""", "Anfrage einreichen"),
}


class RedditReplica(DocumentSite):
    platform = "reddit"
    hosts = ("www.reddit.com", "reddit.com", INC, "redditinc.com", HELP)
    site_name = "Reddit"
    PAGES = PAGES


REPLICA = RedditReplica
