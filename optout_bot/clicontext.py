"""What every command shares: the global options, stackable on the group and on each command.

``--json``, ``--home``, ``--site``, ``--headed``, ``--browser`` and ``--connect`` are
accepted before or after the command name; a command reads them with ``get_options()``.
Given in both places, the one after the command wins (``--site`` values add up, and for
the same platform the later one wins).
"""

from __future__ import annotations

import functools
import json
import os
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import click

from optout_bot.home import Home


@dataclass
class Options:
    json: bool = False
    home: str | None = None
    sites: list[str] = field(default_factory=list)
    headed: bool = False
    browser: str | None = None
    connect: str | None = None

    def resolve_home(self) -> Home:
        return Home.resolve(self.home).ensure()

    def connect_endpoint(self) -> str | None:
        """``--connect``, else ``OPTOUT_CONNECT``; None means launch a local browser."""
        return self.connect or os.environ.get("OPTOUT_CONNECT", "").strip() or None


def _store(name: str):
    def callback(ctx: click.Context, _param: click.Parameter, value: Any) -> Any:
        opts = ctx.find_object(Options) or ctx.ensure_object(Options)
        if name == "sites":
            opts.sites.extend(value or ())
        elif value not in (None, False):
            setattr(opts, name, value)
        return value

    return callback


def global_options(func: Callable) -> Callable:
    """Stack the global options on a group or a command (valid before or after the name)."""
    options = [
        click.option("--json", "json_", is_flag=True, expose_value=False, callback=_store("json"),
                     help="Print one JSON document instead of a table."),
        click.option("--home", metavar="DIR", expose_value=False, callback=_store("home"),
                     help="Where state lives (default: OPTOUT_HOME or your user data dir)."),
    ]
    for option in reversed(options):
        func = option(func)
    return func


def site_option(func: Callable) -> Callable:
    return click.option(
        "--site", "sites", metavar="PLATFORM=ORIGIN", multiple=True, expose_value=False,
        callback=_store("sites"),
        help="Send a platform's requests to ORIGIN (e.g. the sandbox). Repeatable; also "
        "OPTOUT_SITES=\"p=origin,...\".")(func)


def connect_option(func: Callable) -> Callable:
    return click.option(
        "--connect", "connect", metavar="WS_ENDPOINT", expose_value=False,
        callback=_store("connect"),
        help="Use a browser on a Playwright server (ws://host:port/...) instead of starting "
        "one here; also OPTOUT_CONNECT. See docs/remote-browsers.md.")(func)


def browser_options(func: Callable) -> Callable:
    """Options of commands that drive a browser (valid before or after the name too)."""
    options = [
        site_option,
        click.option("--headed", is_flag=True, expose_value=False, callback=_store("headed"),
                     help="Show the browser window."),
        click.option("--browser", "browser", metavar="PATH", expose_value=False,
                     callback=_store("browser"),
                     help="Chrome/Chromium to use (default: OPTOUT_BROWSER, Playwright's, "
                     "or the system's; with --connect, a path on the server's machine)."),
        connect_option,
    ]
    for option in reversed(options):
        func = option(func)
    return func


def get_options() -> Options:
    ctx = click.get_current_context()
    return ctx.find_object(Options) or ctx.ensure_object(Options)


def emit_json(document: Any) -> None:
    click.echo(json.dumps(document, indent=2, ensure_ascii=False))


def pass_options(func: Callable) -> Callable:
    @functools.wraps(func)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        return func(get_options(), *args, **kwargs)

    return wrapper
