"""Signing in by hand: a real window, the person signs in, only the session is kept."""

from __future__ import annotations

import asyncio
import json
import os

import click

from optout_bot import signin
from optout_bot.browser import CONTEXT_OPTIONS, running_browser
from optout_bot.clicontext import Options
from optout_bot.errors import LoginRequired
from optout_bot.flow import Flow
from optout_bot.home import Home, write_private
from optout_bot.sites import SiteOverrides, parse_sites

WAIT_SECONDS = 600


async def login_by_hand(flow: Flow, home: Home, opts: Options) -> str:
    from optout_bot import registry

    sites = parse_sites(opts.sites, os.environ.get("OPTOUT_SITES"), set(registry.load().names()))
    overrides = SiteOverrides({k: v for k, v in sites.items() if k == flow.name},
                              {flow.name: flow.hosts})
    async with running_browser(opts.browser, True, overrides,
                               opts.connect_endpoint()) as browser:
        context = await browser.new_context(
            ignore_https_errors=overrides.is_overridden(flow.name), **CONTEXT_OPTIONS)
        page = await context.new_page()
        await page.goto(flow.login_url or "", wait_until="domcontentloaded")
        click.echo(f"Sign in to {flow.title} in the window that opened. This waits up to "
                   f"{WAIT_SECONDS // 60} minutes; close the window to give up.")
        account = await _wait_for_session(flow, page)
        state = await context.storage_state()
        profile = home.profile_dir(flow.name, account)
        write_private(profile / "state.json", json.dumps(state))
        return account


async def _wait_for_session(flow: Flow, page) -> str:
    loop = asyncio.get_running_loop()
    deadline = loop.time() + WAIT_SECONDS
    while loop.time() < deadline:
        if page.is_closed():
            break
        try:
            if await signin.signed_in(page, flow.sign_in):
                return click.prompt("Which account was that (a name to show in reports)",
                                    default="default")
        except Exception:  # noqa: BLE001 - the window was closed
            break
        await asyncio.sleep(1)
    raise LoginRequired(f"No {flow.title} session was found; nothing was kept.")
