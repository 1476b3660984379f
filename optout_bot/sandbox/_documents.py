"""What every replica of pages to read shares: the policies and help articles of a site
that has nothing to sign in to (Reddit, Stack Overflow, Snapchat).

``DocumentSite`` serves pages keyed by host and path, a consent banner, and the faults a
document page can have; ``Doc`` is one page and ``article`` writes a policy or help text.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from optout_bot.sandbox._common import consent_banner, esc, js_string
from optout_bot.sandbox.base import Request, Response, page
from optout_bot.sandbox.kit import SiteReplica

PLATFORM_FAULTS = ("cookie_banner", "slow_render", "rate_limit", "transient_error",
                   "language")


@dataclass(frozen=True)
class Doc:
    """One page: its title and the HTML inside ``main``; ``title_de`` for German readers."""

    title: str
    body: str
    title_de: str = ""


class DocumentSite(SiteReplica):
    """A replica of pages to read: policies and help articles, no account needed.

    Faults: ``cookie_banner`` (an overlay until a choice is made), ``slow_render`` (the
    text appears 1.5 s after load), ``rate_limit`` (HTTP 429), ``transient_error`` (one
    HTTP 500, then normal), ``language`` (the page in German: title and a note, the text
    stays English as on help centres that have no translation).
    """

    FAULTS = PLATFORM_FAULTS
    PAGES: dict[str, Doc] = {}  # "host/path" -> page
    site_name = ""
    consent_path = "/__consent"

    def route(self, request: Request) -> Response:
        if request.path == self.consent_path and request.method == "POST":
            return self.record_consent(request)
        host = (request.headers.get("host") or self.hosts[0]).split(":")[0]
        path = request.path.rstrip("/") or "/"
        doc = self.PAGES.get(f"{host}{path}")
        if doc is None:
            return self.render(request, Doc("Page not found",
                                            "<h1>Sorry, nobody on this site could find "
                                            "that page.</h1>"), status=404)
        if self.fault("rate_limit"):
            return self.render(request, Doc("Too many requests",
                                            "<h1>Too many requests</h1><p>You are doing that "
                                            "too often. Please try again later.</p>"),
                               status=429)
        if self.fault("transient_error", once=True):
            return self.render(request, Doc("Server error", "<h1>Something went wrong</h1>"
                                            "<p>Please refresh the page.</p>"), status=500)
        if request.method == "POST":
            return self.render(request, Doc("Request received", "<h1>Request received</h1>"
                                            "<p>Thank you. We will reply by email.</p>"))
        return self.render(request, doc)

    def render(self, request: Request, doc: Doc, status: int = 200) -> Response:
        german = self.language(request) == "de" and status == 200
        title = doc.title_de if german and doc.title_de else doc.title
        body = doc.body
        if german:
            body = ("<p lang=\"de\">Dieser Inhalt ist nur auf Englisch verfügbar.</p>"
                    + body)
        if self.fault("slow_render") and status == 200:
            body = (f'<p id="loading" aria-busy="true">Loading…</p><script>setTimeout('
                    f"function () {{ document.getElementById('loading').outerHTML = "
                    f"{js_string(body)}; }}, 1500);</script>")
        banner = ""
        if self.needs_consent(request):
            banner = consent_banner(
                text=f"{self.site_name} uses cookies to run the site and, with your "
                     "consent, for analytics and ads.",
                accept="Accept all", reject="Reject optional cookies",
                endpoint=self.consent_path)
        header = f"<header><strong>{esc(self.site_name)}</strong></header>"
        response = page(f"{title} | {self.site_name}",
                        f"{header}<main>{body}</main>{banner}",
                        lang="de" if german else "en")
        response.status = status
        return response

    def settings_defaults(self) -> dict[str, Any]:
        return {"ai-training": True}


def article(title: str, updated: str, *sections: tuple[str, str]) -> str:
    """A policy or help article: a heading, its date, then (heading, paragraphs) sections."""
    parts = [f"<h1>{esc(title)}</h1><p>Last updated: {esc(updated)}</p>"]
    for heading, text in sections:
        paragraphs = "".join(f"<p>{esc(p.strip())}</p>" for p in text.split("\n\n") if p.strip())
        parts.append(f"<h2>{esc(heading)}</h2>{paragraphs}" if heading else paragraphs)
    return "<article>" + "".join(parts) + "</article>"
