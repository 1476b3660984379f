"""Threads replica: the policy pages the Threads flow watches; there is nothing to sign in to.

Threads has no AI-training control of its own, so the flow never opens a page; this
replica serves what ``optout policies`` reads: the Threads Supplemental Privacy Policy and
the Threads Terms of Use at ``/legal/privacy`` and ``/legal/terms`` on www.threads.com
(and threads.net), each with its text in ``main``, and a home page that links to them.

State: ``settings_of(user)["ai-training"]`` is True and stays so: public Threads posts
are used for AI at Meta and no page here can change that.

Faults: cookie_banner (an overlay until a choice is made), rate_limit (HTTP 429),
transient_error (one HTTP 500, then normal).
"""

from __future__ import annotations

from typing import Any

from optout_bot.sandbox._common import consent_banner
from optout_bot.sandbox.base import Request, Response, page
from optout_bot.sandbox.kit import SiteReplica

PAGES = {
    "/legal/privacy": ("Threads Supplemental Privacy Policy", """
<p>Effective June 26, 2025</p>
<p>This Threads Supplemental Privacy Policy explains how Meta uses information when you use
Threads. Threads is part of Instagram, and the Meta Privacy Policy applies to it too.</p>
<h2>Information we collect</h2><p>We collect information about your activity on Threads,
including the content you create, the content you view or interact with, and the time,
frequency and duration of your activities.</p>
<h2>How we use it</h2><p>We use public posts on Threads, like public content on Instagram,
to develop and improve AI at Meta, including generative AI models.</p>
<h2>Your choices</h2><p>Your Threads profile is linked to your Instagram account. Depending
on where you live, you may have the right to object to our use of your information for AI
at Meta through Instagram.</p>"""),
    "/legal/terms": ("Threads Terms of Use", """
<p>Effective June 26, 2025</p>
<p>These Threads Terms of Use govern your use of Threads. Threads is part of Instagram, and
the Instagram Terms of Use apply to your use of Threads.</p>
<p>You grant us a non-exclusive, royalty-free, transferable, sub-licensable, worldwide
licence to host, use, distribute, modify, copy and display your public content.</p>"""),
}


class ThreadsReplica(SiteReplica):
    platform = "threads"
    hosts = ("www.threads.com", "threads.com", "www.threads.net", "threads.net")
    consent_cookie = "threads_consent"
    FAULTS = ("cookie_banner", "rate_limit", "transient_error")

    def settings_defaults(self) -> dict[str, Any]:
        return {"ai-training": True}

    def route(self, request: Request) -> Response:
        if request.path == "/cookie/consent/" and request.method == "POST":
            return self.record_consent(request)
        path = request.path.rstrip("/") or "/"
        if self.fault("rate_limit"):
            return self.render(request, "Threads", "<h1>Too many requests</h1><p>Please "
                               "wait a few minutes before you try again.</p>", 429)
        if self.fault("transient_error", once=True):
            return self.render(request, "Threads", "<h1>Something went wrong</h1>", 500)
        if path in PAGES:
            title, text = PAGES[path]
            return self.render(request, title, f"<h1>{title}</h1>{text}")
        if path == "/":
            links = "".join(f'<li><a href="{p}">{t}</a></li>' for p, (t, _) in PAGES.items())
            return self.render(request, "Threads", f"<h1>Threads</h1><ul>{links}</ul>")
        return self.render(request, "Threads", "<h1>Sorry, this page isn't available</h1>",
                           404)

    def render(self, request: Request, title: str, body: str, status: int = 200) -> Response:
        banner = ""
        if self.needs_consent(request):
            banner = consent_banner(text="Allow the use of cookies from Threads by Meta on "
                                    "this browser?", accept="Allow all cookies",
                                    reject="Decline optional cookies",
                                    endpoint="/cookie/consent/")
        response = page(title, f"<header><a href=\"/\">Threads</a></header><main>{body}"
                        f"</main>{banner}")
        response.status = status
        return response


REPLICA = ThreadsReplica
