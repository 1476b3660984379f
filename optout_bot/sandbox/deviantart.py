"""DeviantArt replica: deviation pages with their ``robots`` meta tag, and the policies.

Every account is an artist named after the username (``ada@example.com`` -> ``ada``);
any ``/<artist>/art/<title>`` page of a known artist is a deviation. A deviation page
carries ``<meta name="robots" content="noai, noimageai">`` unless the artist opted in to
AI datasets (``settings={"noai": True}``: shared, the tag is left out), as on
deviantart.com since November 2022. No sign-in is needed to read one. Faults and policy
pages: ``DocumentSite``.
"""

from __future__ import annotations

import re
from typing import Any

from optout_bot.flows.deviantart import DEVIATION_ENV
from optout_bot.sandbox._blogs import base_name
from optout_bot.sandbox._common import esc
from optout_bot.sandbox._documents import Doc, DocumentSite, article
from optout_bot.sandbox.base import Request, Response

HOST = "www.deviantart.com"
DEVIATION = re.compile(r"^/(?P<artist>[^/]+)/art/(?P<title>[^/]+)/?$")

PAGES = {
    f"{HOST}/about/policy/privacy": Doc("Privacy Policy", article(
        "Privacy Policy", "2025-09-01",
        ("", "This policy explains how DeviantArt, Inc. collects and uses information when "
             "you use DeviantArt."),
        ("AI datasets", "Deviations are marked with the \"noai\" and \"noimageai\" "
         "directives, which tell AI companies not to use them in datasets, unless you "
         "choose in your account settings to allow it."),
    ), "Datenschutzrichtlinie"),
    f"{HOST}/about/policy/service": Doc("Terms of Service", article(
        "Terms of Service", "2025-09-01",
        ("Your content", "You keep the rights to what you post. Third parties may not use "
         "deviations to train artificial intelligence unless the artist allowed it."),
    ), "Nutzungsbedingungen"),
}


class DeviantArtReplica(DocumentSite):
    platform = "deviantart"
    hosts = (HOST, "deviantart.com")
    site_name = "DeviantArt"
    PAGES = PAGES

    def settings_defaults(self) -> dict[str, Any]:
        return {"noai": False}  # marked noai: nothing shared with AI datasets

    def demo_environment(self, username: str) -> dict[str, str]:
        return {DEVIATION_ENV: f"https://{HOST}/{base_name(username)}/art/First-Light-1001"}

    def route(self, request: Request) -> Response:
        found = DEVIATION.match(request.path)
        artist = self.artist(found["artist"]) if found else None
        if found is None or artist is None:
            return super().route(request)
        if self.fault("rate_limit"):
            return self.render(request, Doc("Too many requests", "<h1>Too many requests</h1>"),
                               status=429)
        if self.fault("transient_error", once=True):
            return self.render(request, Doc("Server error", "<h1>Something went wrong</h1>"),
                               status=500)
        shared = self.settings_of(artist)["noai"]
        title = esc(found["title"].rsplit("-", 1)[0].replace("-", " "))
        head = "" if shared else '<meta name="robots" content="noai, noimageai">'
        response = self.render(request, Doc(title, f"<h1>{title}</h1><p>by "
                                              f"{esc(found['artist'])}</p>"))
        if isinstance(response.body, str):
            response.body = response.body.replace("<head>", f"<head>{head}", 1)
        return response

    def artist(self, name: str) -> str | None:
        return next((user for user in self.accounts if base_name(user) == name.lower()),
                    None)


REPLICA = DeviantArtReplica
