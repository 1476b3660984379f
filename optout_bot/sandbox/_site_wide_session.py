"""A session cookie for every host of a site, as sites set it when signing in on one host
(www.grammarly.com) keeps a person signed in on another (account.grammarly.com)."""

from __future__ import annotations

from optout_bot.sandbox.base import Request, Response
from optout_bot.sandbox.kit import SiteReplica


class SiteWideSession(SiteReplica):
    """Mix in before the replica's base: session cookies carry ``Domain=cookie_domain``."""

    cookie_domain = ""  # ".grammarly.com"

    def start_session(self, response: Response, username: str) -> Response:
        return self._site_wide(super().start_session(response, username))

    def end_session(self, request: Request, response: Response) -> Response:
        return self._site_wide(super().end_session(request, response))

    def _site_wide(self, response: Response) -> Response:
        names = (self.session_cookie, *self.extra_session_cookies)
        response.headers = [
            (key, f"{value}; Domain={self.cookie_domain}")
            if key == "Set-Cookie" and value.split("=", 1)[0] in names else (key, value)
            for key, value in response.headers]
        return response
