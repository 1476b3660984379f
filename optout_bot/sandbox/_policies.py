"""Policy pages a replica serves at the real site's paths, with a switch between versions.

A replica mixes in ``PolicyPages``, lists its pages in ``policy_pages`` and starts its
``route`` with ``policy_response``. Version 1 of each page is the wording before a change;
``publish_policy(doc_id, 2)`` makes the page serve version 2, which adds sentences about
training AI models, so a policy watch sees an AI-relevant change. The pages are public, as
on the real sites: no session is needed to read them.

Control endpoint for tests and for a person exploring ``optout sandbox serve``:
``POST /__sandbox__/policies`` (form or JSON ``{"doc": "privacy", "version": 2}``).
"""

from __future__ import annotations

import html
from dataclasses import dataclass

from optout_bot.sandbox.base import Request, Response, json_response, page

PRIVACY = "privacy"
TERMS = "terms"

#: kind -> versions -> (effective date, paragraphs); "{company}" is the platform's name
STANDARD_TEXTS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    PRIVACY: (
        ("June 1, 2024", (
            "This Privacy Policy applies when you use our Services.",
            "{company} collects the information you give us when you create an account, the "
            "content you post, and data about how you use our Services.",
            "We use your data to provide, personalise and improve our Services, to keep them "
            "safe, and to show you relevant ads.",
            "We share your data with our affiliates and with service providers who help us "
            "run our Services.",
            "You can access, correct or delete your data in your settings.",
            "We keep your data for as long as your account is open.",
        )),
        ("November 3, 2024", (
            "This Privacy Policy applies when you use our Services.",
            "{company} collects the information you give us when you create an account, the "
            "content you post, and data about how you use our Services.",
            "We use your data to provide, personalise and improve our Services, to keep them "
            "safe, and to show you relevant ads.",
            "We may use your personal data and the content you create on our Services to "
            "develop and train artificial intelligence (AI) models, including generative AI "
            "models, and share it with our affiliates for the same purpose.",
            "You can opt out of the use of your data for training AI models in your settings.",
            "We share your data with our affiliates and with service providers who help us "
            "run our Services.",
            "You can access, correct or delete your data in your settings.",
            "We keep your data for as long as your account is open.",
        )),
    ),
    TERMS: (
        ("June 1, 2024", (
            "By using our Services you agree to these Terms.",
            "You own the content you post.",
            "You grant {company} a worldwide, non-exclusive licence to use, copy, modify, "
            "distribute and display your content in connection with our Services.",
            "You must not misuse our Services or help others to do so.",
            "We may change these Terms; we will tell you before the changes take effect.",
        )),
        ("November 3, 2024", (
            "By using our Services you agree to these Terms.",
            "You own the content you post.",
            "You grant {company} a worldwide, non-exclusive licence to use, copy, modify, "
            "distribute and display your content in connection with our Services, including "
            "for training machine learning and artificial intelligence models.",
            "You must not misuse our Services or help others to do so.",
            "We may change these Terms; we will tell you before the changes take effect.",
        )),
    ),
}

_CSS = """
.policy-header{background:#fff;border-bottom:1px solid #ddd;padding:8px 24px}
.policy-header a{margin-right:16px;color:#333}.policy-footer{text-align:center;color:#666;
 font-size:13px;padding:16px}
"""


@dataclass(frozen=True)
class PolicyPage:
    """One policy page: ``doc_id`` as the flow's ``PolicyDoc.id``, ``path`` as on the real site.

    ``container`` is where the policy text sits: ``"main"`` (a ``<main>`` element) or
    ``"role-main"`` (a ``<div role="main">``, as LinkedIn's legal pages) or
    ``"component-container"`` (``<div id="component-container">``, LinkedIn's European
    Regional Privacy Notice). ``kind`` picks
    the standard texts (``privacy`` or ``terms``) unless ``versions`` gives the page's own:
    each version an (effective date, paragraphs) pair.
    """

    doc_id: str
    path: str
    title: str
    company: str
    kind: str = PRIVACY
    container: str = "main"
    versions: tuple[tuple[str, tuple[str, ...]], ...] = ()

    def texts(self) -> tuple[tuple[str, tuple[str, ...]], ...]:
        return self.versions or STANDARD_TEXTS[self.kind]


class PolicyPages:
    """Mix into a replica (before its base class) to serve ``policy_pages``."""

    policy_pages: tuple[PolicyPage, ...] = ()

    def __init__(self) -> None:
        super().__init__()
        self.policy_versions: dict[str, int] = {p.doc_id: 1 for p in self.policy_pages}

    def publish_policy(self, doc_id: str, version: int) -> None:
        """Serve ``version`` (1-based) of the page ``doc_id`` from now on."""
        found = next((p for p in self.policy_pages if p.doc_id == doc_id), None)
        if found is None:
            known = ", ".join(p.doc_id for p in self.policy_pages) or "none"
            raise ValueError(f"no policy page {doc_id!r}; known: {known}")
        if not 1 <= version <= len(found.texts()):
            raise ValueError(f"{doc_id} has versions 1 to {len(found.texts())}, not {version}")
        self.policy_versions[doc_id] = version

    def policy_response(self, request: Request) -> Response | None:
        """The policy page (or the control endpoint) ``request`` asks for; None otherwise."""
        if request.path == "/__sandbox__/policies" and request.method == "POST":
            return self._publish_from(request)
        path = request.path.rstrip("/") or "/"
        wanted = next((p for p in self.policy_pages if p.path.rstrip("/") == path), None)
        if wanted is None or request.method not in ("GET", "HEAD"):
            return None
        return self._render(wanted)

    def _publish_from(self, request: Request) -> Response:
        form = request.form
        try:
            self.publish_policy(form.get("doc", ""), int(form.get("version", "0")))
        except ValueError as exc:
            return json_response({"error": str(exc)}, 400)
        return json_response({"policies": self.policy_versions})

    def _render(self, wanted: PolicyPage) -> Response:
        effective, paragraphs = wanted.texts()[self.policy_versions[wanted.doc_id] - 1]
        company = html.escape(wanted.company)
        text = "".join(f"<p>{html.escape(p.format(company=wanted.company))}</p>"
                       for p in paragraphs)
        links = "".join(f'<a href="{html.escape(p.path)}">{html.escape(p.title)}</a>'
                        for p in self.policy_pages)
        content = (f"<h1>{html.escape(wanted.title)}</h1>"
                   f"<p>Effective: {html.escape(effective)}</p>{text}")
        if wanted.container == "role-main":
            content = f'<div role="main" class="legal-content card">{content}</div>'
        elif wanted.container == "component-container":
            content = f'<div id="component-container" class="legal-content">{content}</div>'
        else:
            content = f"<main>{content}</main>"
        body = (f'<header class="policy-header"><strong>{company}</strong> {links}</header>'
                f"{content}<footer class=\"policy-footer\">{company} © 2024 · Cookie "
                "settings · Help</footer>")
        return page(f"{wanted.title} | {wanted.company}", body, head=f"<style>{_CSS}</style>")
