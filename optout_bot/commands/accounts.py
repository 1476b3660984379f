"""``login`` and ``forget``: credentials in the OS keyring, sessions in the home."""

from __future__ import annotations

import asyncio
import shutil
import sys

import click

from optout_bot import registry
from optout_bot.accounts import (
    AccountBook,
    KeyringUnavailable,
    keyring_delete,
    keyring_get,
    keyring_set,
)
from optout_bot.clicontext import (
    Options,
    connect_option,
    global_options,
    pass_options,
    site_option,
)
from optout_bot.errors import UsageError


@click.command()
@global_options
@site_option
@connect_option
@click.argument("platform")
@click.option("--browser", "by_hand", is_flag=True,
              help="Open a real browser window, sign in by hand (SSO, passkeys, 2FA); only the "
              "session is kept.")
@click.option("--username", help="Account name (asked for when not given).")
@click.option("--totp", is_flag=True,
              help="Also keep your authenticator (TOTP) secret, to answer code challenges.")
@click.option("--region", metavar="CODE",
              help="Keep where this account is, for forms offered only in some regions "
              "(Meta): a country code (DE, GB, US...) or EU, UK, CH, BR, JP, KR, OTHER.")
@pass_options
def login(opts: Options, platform: str, by_hand: bool, username: str | None,
          totp: bool, region: str | None) -> int:
    """Keep credentials for PLATFORM in the OS keyring (password asked hidden).

    With --browser, sign in by hand in a real window instead; only the session is kept, in
    a private browser profile under the home. (Here --browser is that switch; a browser
    PATH goes before the command: optout --browser PATH login x --browser.)
    """
    flow = registry.load().pick([platform], False)[0]
    if not flow.needs_account:
        click.echo(f"{flow.title} needs no account: there is nothing to sign in to.")
        return 0
    home = opts.resolve_home()
    region = _region(region)
    if flow.sign_in.by_hand and not by_hand:
        raise UsageError(f"{flow.title} is signed in to by hand only (its sign-in has bot "
                         f"checks and passkeys): run 'optout login {flow.name} --browser'.")
    if by_hand:
        from optout_bot.interactive import login_by_hand

        account = asyncio.run(login_by_hand(flow, home, opts))
        AccountBook(home).add(flow.name, account)
        _keep_region(home, flow.name, account, region)
        click.echo(f"Signed in to {flow.title} as {account}; the session is kept (no password).")
        return 0
    username = username or _ask(f"{flow.title} username or email", flow.name)
    password = _ask(f"{flow.title} password", flow.name, hidden=True)
    if not password:
        raise UsageError("An empty password was not kept.")
    try:
        keyring_set(flow.name, f"password:{username}", password)
        if totp:
            secret = _ask("Authenticator secret (base32)", flow.name, hidden=True)
            keyring_set(flow.name, f"totp:{username}", secret.replace(" ", ""))
    except KeyringUnavailable as exc:
        raise UsageError(str(exc)) from None
    AccountBook(home).add(flow.name, username)
    click.echo(f"Kept the {flow.title} password for {username} in the system keyring.")
    _keep_region(home, flow.name, username, region)
    return 0


def _region(value: str | None) -> str | None:
    from optout_bot import regions

    try:
        return regions.parse_region(value) if value is not None else None
    except ValueError as exc:
        raise UsageError(f"--region: {exc}") from None


def _keep_region(home, platform: str, account: str, region: str | None) -> None:
    from optout_bot import regions

    if region is not None:
        regions.remember(home, platform, account, region)
        click.echo(f"Kept the region of {account}: {regions.describe(region)}.")


def _ask(question: str, platform: str, hidden: bool = False) -> str:
    """An answer typed at the terminal (hidden for secrets), or read from piped input."""
    if sys.stdin.isatty():
        return click.prompt(question, hide_input=hidden)
    # no terminal: the answers come piped in, one a line, with nothing to hide or ask
    answer = sys.stdin.readline()
    if not answer.strip():
        raise UsageError(
            f"No answer to \"{question}\": 'optout login' asks in a terminal. Run it in "
            f"one, or set OPTOUT_{platform.upper()}_USERNAME and "
            f"OPTOUT_{platform.upper()}_PASSWORD in the environment instead.")
    return answer.rstrip("\r\n")


@click.command()
@global_options
@click.argument("platform")
@pass_options
def forget(opts: Options, platform: str) -> int:
    """Delete PLATFORM's stored credentials and browser sessions."""
    flow = registry.load().pick([platform], False)[0]
    home = opts.resolve_home()
    accounts = AccountBook(home).remove(flow.name)
    removed = 0
    for account in accounts:
        for key in (f"password:{account}", f"totp:{account}"):
            if keyring_get(flow.name, key) is not None:
                removed += keyring_delete(flow.name, key)
    profiles = home.root / "profiles" / flow.name
    had_session = profiles.exists()
    shutil.rmtree(profiles, ignore_errors=True)
    what = []
    if removed:
        what.append(f"{removed} keyring entr{'y' if removed == 1 else 'ies'}")
    if had_session:
        what.append("the browser session")
    click.echo(f"Forgot {' and '.join(what) if what else 'nothing (none was stored)'} "
               f"for {flow.title}.")
    return 0
