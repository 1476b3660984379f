"""What a flow's hooks may use of the engine while it runs one platform account.

Flows get an object of this shape (``FlowContext``) and import nothing of the runner.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Locator, Page

    from optout_bot.accounts import Credentials
    from optout_bot.declarations import Blocker
    from optout_bot.options import RunOptions
    from optout_bot.progress import Phase
    from optout_bot.public_check import PublicCheck, PublicReading


class FlowContext(Protocol):
    """One platform account's page, credentials and options, and the engine's steps."""

    page: Page
    creds: Credentials | None
    options: RunOptions  # dry_run, force, reason, interactive, region, delete_activity

    async def open(self, url: str) -> None:
        """Load a page from the server, signing in and getting past interruptions."""

    async def login(self) -> None:
        """Sign in now (the flow's ``login`` step, then the declared checks)."""

    async def blocked(self, blocker: Blocker) -> None:
        """Handle a blocker on the page: enter a stored code, hand off, or raise."""

    async def enter_code(self) -> None:
        """Type the authenticator code into the page's code field and send it."""

    async def signed_in(self) -> bool:
        """The page counts as signed in by the flow's declarations."""

    async def login_page_shown(self) -> bool:
        """The page is a login page by the flow's declarations."""

    def page_rendered(self) -> None:
        """The flow has waited for the page just opened to render: the engine does not
        wait as long again for its first control."""

    async def screenshot(self, name: str, control: Locator | None = None) -> str | None:
        """Keep a screenshot as evidence (password fields masked); its path."""

    async def dom_snapshot(self, name: str) -> str | None:
        """Keep the page's HTML, typed values and secrets left out; its path."""

    def say(self, message: str = "", phase: Phase | None = None) -> None:
        """Tell the person what is happening."""

    def previous(self, setting_id: str) -> str | None:
        """The outcome this setting had on the last recorded run."""

    def scrub(self, text: str) -> str:
        """``text`` with every secret of this account blanked out."""

    def known_region(self) -> str | None:
        """Where this account is (``optout_bot.regions``): given for the run, else kept
        for the account, else None (unknown: ask, never guess)."""

    def keep_region(self, region: str) -> None:
        """Keep the region the person gave for this account, for the next runs."""

    async def fetch_public(self, check: PublicCheck, setting_id: str
                           ) -> tuple[PublicReading, str]:
        """Fetch a public signal without the session, through the site override; the
        reading and the path of the evidence file it was kept in."""
