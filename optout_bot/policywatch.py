"""Policy watch: fetch each flow's policy pages through the browser layer and archive them.

Pages are loaded the way settings pages are (one Chromium, a context per platform, the
site override for ``--site`` and the sandbox), but in a fresh context without the
account's session: policies are public. The text inside the document's selector is
kept (falling back to ``main``, then ``body``), and ``PolicyArchive.record`` stores it
when its wording changed since the last saved version.
"""

from __future__ import annotations

import asyncio
import os
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from playwright.async_api import Browser, Page
from playwright.async_api import Error as PlaywrightError

from optout_bot.browser import CONTEXT_OPTIONS, running_browser
from optout_bot.clicontext import Options
from optout_bot.errors import OptoutError
from optout_bot.flow import Flow
from optout_bot.home import Home
from optout_bot.outcomes import EXIT_ATTENTION, EXIT_ERROR, EXIT_OK
from optout_bot.policy import Passage, PolicyDoc
from optout_bot.policyarchive import BROKEN, CHANGED, FIRST, RETURNED, PolicyArchive, RecordResult
from optout_bot.runner import RunOptions
from optout_bot.sites import SiteOverrides

#: how long a page may take to show the policy text (seconds)
SELECTOR_TIMEOUT = 8.0
FALLBACK_SELECTORS = ("main", "body")
ERROR = "error"
_SIGN_IN_PATH = re.compile(r"(?i)log-?in|sign-?in|checkpoint|/auth")
#: platforms whose pages are read side by side
JOBS = 4
#: how many sentences of a change that is not about AI are quoted, and how much of each
QUOTED_PLAIN = 3
QUOTE_CHARS = 400


class PolicyFetchError(OptoutError):
    """A policy page that could not be read; the message says why, for a person."""


@dataclass
class PolicyCheck:
    """What happened to one policy document: ``status`` is first, unchanged, changed, broken,
    returned (see ``RecordResult``) or error."""

    platform: str
    title: str  # the platform's title
    doc: PolicyDoc
    status: str
    record: RecordResult | None = None
    error: str = ""

    @property
    def ai_relevant(self) -> bool:
        return bool(self.record and self.record.ai_relevant)

    def to_json(self) -> dict:
        change = self.record.change if self.record else None
        return {"platform": self.platform, "doc": self.doc.id, "title": self.doc.title,
                "url": self.doc.url, "status": self.status, "ai_relevant": self.ai_relevant,
                "change": change.to_json() if change else None,
                "version": self.record.version.to_json() if self.record else None,
                "reason": (self.record.reason or None) if self.record else None,
                "error": self.error or None}


async def fetch_policy_texts(docs_by_platform: dict[str, tuple[PolicyDoc, ...]],
                             options: RunOptions, browser: Browser | None = None,
                             overrides: SiteOverrides | None = None, *,
                             hosts_of: dict[str, tuple[str, ...]] | None = None,
                             ) -> dict[str, dict[str, str | PolicyFetchError]]:
    """The text of every document: {platform: {doc id: text, or the error that stopped it}}.

    ``browser``/``overrides``: an already running browser and its site overrides (tests
    share one); by default both are made here from ``options`` and closed at the end.
    ``hosts_of`` names each platform's hosts for the site override (default: its flow's).
    """
    if overrides is None:
        if hosts_of is None:
            from optout_bot import registry

            flows = registry.load().flows
            hosts_of = {p: flows[p].hosts for p in docs_by_platform if p in flows}
        overrides = SiteOverrides({p: o for p, o in options.sites.items() if p in hosts_of},
                                  hosts_of)
    semaphore = asyncio.Semaphore(max(1, options.jobs))
    texts: dict[str, dict[str, str | PolicyFetchError]] = {}

    async def one(running: Browser, platform: str, docs: tuple[PolicyDoc, ...]) -> None:
        async with semaphore:
            texts[platform] = await _fetch_platform(running, platform, docs,
                                                    overrides.is_overridden(platform))

    async def all_platforms(running: Browser) -> None:
        await asyncio.gather(*(one(running, p, docs)
                               for p, docs in docs_by_platform.items() if docs))

    if browser is not None:
        await all_platforms(browser)
        return texts
    async with running_browser(options.browser, options.headed, overrides,
                               options.connect) as running:
        await all_platforms(running)
    return texts


async def _fetch_platform(browser: Browser, platform: str, docs: tuple[PolicyDoc, ...],
                          overridden: bool) -> dict[str, str | PolicyFetchError]:
    context = await browser.new_context(ignore_https_errors=overridden, **CONTEXT_OPTIONS)
    found: dict[str, str | PolicyFetchError] = {}
    try:
        page = await context.new_page()
        for doc in docs:
            try:
                found[doc.id] = await read_policy(page, doc)
            except PolicyFetchError as exc:
                found[doc.id] = exc
    finally:
        try:
            await context.close()
        except PlaywrightError:
            pass
    return found


async def read_policy(page: Page, doc: PolicyDoc) -> str:
    """Load ``doc.url`` and return the visible text of its policy content."""
    try:
        response = await page.goto(doc.url, wait_until="domcontentloaded", timeout=30000)
    except PlaywrightError as exc:
        raise PolicyFetchError(f"could not open {doc.url} ({_first_line(exc)})") from None
    status = response.status if response is not None else 0
    if status >= 400:
        raise PolicyFetchError(f"{doc.url} answered HTTP {status}")
    if await _asks_to_sign_in(page, doc):
        raise PolicyFetchError(f"{doc.url} showed a page asking to sign in instead of the "
                               "policy; check the address in the flow")
    selectors = (doc.selector, *(s for s in FALLBACK_SELECTORS if s != doc.selector))
    for index, selector in enumerate(selectors):
        locator = page.locator(selector).first
        try:
            # wait for the declared content; the fallbacks are there at once or not at all
            await locator.wait_for(state="attached",
                                   timeout=SELECTOR_TIMEOUT * 1000 if index == 0 else 500)
            text = (await locator.inner_text(timeout=5000)).strip()
        except PlaywrightError:
            continue
        if text:
            return text
    raise PolicyFetchError(f"{doc.url} showed no text in {doc.selector!r}")


async def _asks_to_sign_in(page: Page, doc: PolicyDoc) -> bool:
    """Sent to a sign-in page (or shown a password field) instead of the policy."""
    final = urlsplit(page.url).path
    if final.rstrip("/") != urlsplit(doc.url).path.rstrip("/") and _SIGN_IN_PATH.search(final):
        return True
    try:
        return await page.locator("input[type=password]").count() > 0
    except PlaywrightError:
        return False


async def watch_policies(home: Home, flows: list[Flow], options: RunOptions,
                         browser: Browser | None = None,
                         overrides: SiteOverrides | None = None) -> list[PolicyCheck]:
    """Fetch every flow's policy pages and store the new versions; one result per document."""
    watched = [flow for flow in flows if flow.policies]
    texts = await fetch_policy_texts({f.name: tuple(f.policies) for f in watched}, options,
                                     browser, overrides,
                                     hosts_of={f.name: f.hosts for f in watched})
    archive = PolicyArchive(home)
    checks: list[PolicyCheck] = []
    for flow in watched:
        for doc in flow.policies:
            text = texts.get(flow.name, {}).get(doc.id)
            if text is None or isinstance(text, PolicyFetchError):
                checks.append(PolicyCheck(flow.name, flow.title, doc, ERROR,
                                          error=str(text or "the page was not fetched")))
                continue
            record = archive.record(flow.name, doc, text)
            checks.append(PolicyCheck(flow.name, flow.title, doc, record.status, record))
    return checks


def check_policies(home: Home, flows: list[Flow], options: RunOptions) -> list[PolicyCheck]:
    """``watch_policies`` with a browser of its own, for commands."""
    return asyncio.run(watch_policies(home, flows, options))


def exit_code_for(checks: list[PolicyCheck]) -> int:
    """3 when a page could not be read, 1 when a change is about AI training, else 0."""
    if any(c.status == ERROR for c in checks):
        return EXIT_ERROR
    return EXIT_ATTENTION if any(c.ai_relevant for c in checks) else EXIT_OK


def run_options(opts: Options) -> RunOptions:
    """The browser options of a command (``--site``, ``OPTOUT_SITES``, ``--headed``, ...)."""
    from optout_bot import registry
    from optout_bot.sites import parse_sites

    sites = parse_sites(opts.sites, os.environ.get("OPTOUT_SITES"), set(registry.load().names()))
    return RunOptions(headed=opts.headed, browser=opts.browser, connect=opts.connect_endpoint(),
                      sites=sites, jobs=JOBS)


def describe(check: PolicyCheck) -> list[str]:
    """Lines for a person: what happened to one document, with the changed passages quoted.

    An AI-relevant change quotes every AI-relevant sentence; any other change quotes its
    first few sentences.
    """
    name = f"{check.title}: {check.doc.title}"
    if check.status == ERROR:
        return [f"{name}: could not be read: {check.error}."]
    if check.status == FIRST:
        return [f"{name}: first version saved."]
    if check.status == BROKEN and check.record:
        return [f"{name}: not saved, this looks like a broken capture ({check.record.reason}); "
                "the next check compares with the last good version."]
    if check.status == RETURNED and check.record:
        return [f"{name}: the page shows again the version saved on "
                f"{check.record.version.fetched_at:%Y-%m-%d}; not a new change."]
    change = check.record.change if check.record else None
    if check.status != CHANGED or change is None:
        return [f"{name}: unchanged."]
    counts = f"{change.added} sentence(s) added, {change.removed} removed"
    if change.ai_relevant:
        lines = [f"{name}: CHANGED ABOUT AI TRAINING ({', '.join(change.terms)}; {counts})."]
        shown = change.ai_passages()
    else:
        lines = [f"{name}: changed, nothing about AI training ({counts})."]
        shown = change.passages[:QUOTED_PLAIN]
    lines.extend(_quote(p) for p in shown)
    others = len(change.passages) - len(shown)
    if others:
        lines.append(f"  ...and {others} other changed sentence(s)"
                     + (" that say nothing about AI." if change.ai_relevant else "."))
    return lines


def _quote(passage: Passage) -> str:
    text = passage.text
    if len(text) > QUOTE_CHARS:
        text = text[: QUOTE_CHARS - 1].rstrip() + "…"
    return f'  {"Added" if passage.kind == "added" else "Removed"}: "{text}"'


def _first_line(exc: Exception) -> str:
    text = str(exc).strip()
    return text.splitlines()[0] if text else type(exc).__name__
