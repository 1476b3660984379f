"""``demo`` (everything against the sandbox, no account) and ``sandbox serve``."""

from __future__ import annotations

import os
import tempfile
import time
from contextlib import redirect_stdout
from io import StringIO

import click

from optout_bot.clicontext import Options, browser_options, emit_json, global_options, pass_options
from optout_bot.commands.run import details_option
from optout_bot.errors import UsageError


@click.command()
@click.argument("platforms", nargs=-1)
@global_options
@browser_options
@click.option("--fault", "faults", metavar="PLATFORM=FAULT[,FAULT]", multiple=True,
              help="Switch on replica faults, e.g. linkedin=save_not_persisted.")
@details_option
@pass_options
def demo(opts: Options, platforms: tuple[str, ...], faults: tuple[str, ...],
         details: bool) -> int:
    """Run check, apply, check on every replica site (or the PLATFORMS named); no account
    needed.

    Starts the sandbox on loopback, uses a new temporary home (unless --home is given), and
    prints the results and where the evidence is; then a replica publishes a new policy and
    'recheck' reads that platform again. With --json, prints the apply step's results as one
    JSON document. Exits 0 when every step ran (settings only a person can change, such as
    Snapchat's in-app ones, are expected), 3 when a step broke.
    """
    from optout_bot.accounts import Credentials
    from optout_bot.commands.run import execute
    from optout_bot.outcomes import EXIT_ATTENTION, EXIT_OK
    from optout_bot.sandbox import Sandbox

    chosen = demo_platforms(platforms)
    if not opts.home:
        opts.home = tempfile.mkdtemp(prefix="optout-demo-")
    with Sandbox(chosen) as sandbox:
        accounts = sandbox.seed_demo()
        for name, account in accounts.items():  # a page to check, the replica's API key
            os.environ.update(sandbox.replicas[name].demo_environment(account.username))
        apply_faults(sandbox, faults)
        opts.sites = [f"{name}={origin}" for name, origin in sandbox.sites.items()]
        by_hand = keep_sessions_by_hand(opts, sandbox, accounts)
        # A site signed in to by hand has its session kept, never its password.
        credentials = {name: Credentials(a.username, "" if name in by_hand else a.password,
                                         source="demo")
                       for name, a in accounts.items()}
        names = tuple(sandbox.replicas)
        json_output, opts.json = opts.json, False
        steps = (("check", True, "1/3 Before: what each platform has now (dry run)"),
                 ("apply", False, "2/3 Apply: turn everything off and verify"),
                 ("check", True, "3/3 After: read everything again"))
        codes = []
        for command, dry_run, title in steps:
            quiet = json_output
            opts.json = json_output and command == "apply"
            if quiet and not opts.json:
                code = _run_quietly(opts, names, dry_run, command, credentials)
            else:
                if not opts.json:
                    click.echo(f"\n{title}")
                code = execute(opts, names, False, None, False, dry_run=dry_run,
                               command=command, credentials=credentials, details=details)
            codes.append(code)
        from optout_bot.commands.recheck import demo_policy_change

        if json_output:
            with redirect_stdout(StringIO()):
                demo_policy_change(opts, sandbox, credentials)
        else:
            demo_policy_change(opts, sandbox, credentials)
            click.echo(f"\nEverything the demo did is kept under {opts.home}")
            click.echo("Look at it with: optout --home " + opts.home + " status")
    # Some platforms always need a person (Snapchat's app-only switches): that is the demo
    # working as it should. Only a broken step fails the demo.
    return EXIT_OK if codes[-1] in (EXIT_OK, EXIT_ATTENTION) else codes[-1]


def demo_platforms(platforms: tuple[str, ...]) -> list[str] | None:
    """The replicas a demo runs (None: all of them); a name without one is a usage error."""
    if not platforms:
        return None
    from optout_bot import registry
    from optout_bot.sandbox import replica_names

    chosen = [flow.name for flow in registry.load().pick(platforms, all_=False)]
    replicas = set(replica_names())
    missing = [name for name in chosen if name not in replicas]
    if missing:
        raise UsageError(f"No replica site for {', '.join(missing)} in the sandbox.")
    return chosen


def keep_sessions_by_hand(opts: Options, sandbox, accounts) -> set[str]:
    """The demo plays the person of 'optout login P --browser' on each site signed in to
    by hand: it signs in on the replica's own page, in a browser, and keeps the session."""
    import asyncio

    from optout_bot import registry
    from optout_bot.browser import running_browser
    from optout_bot.sandbox._by_hand import person_signs_in
    from optout_bot.sites import SiteOverrides, parse_sites

    flows = registry.load().flows
    names = [n for n in sandbox.replicas if n in flows and flows[n].sign_in.by_hand]
    if not names:
        return set()
    sites = parse_sites(opts.sites, None, set(flows))
    overrides = SiteOverrides({n: sites[n] for n in names}, {n: flows[n].hosts for n in names})

    async def sign_in_all() -> None:
        async with running_browser(opts.browser, False, overrides,
                                   opts.connect_endpoint()) as browser:
            for name in names:
                account = accounts[name]
                await person_signs_in(browser, flows[name], account.username,
                                      account.password, opts.resolve_home())

    asyncio.run(sign_in_all())
    return set(names)


def _run_quietly(opts: Options, names, dry_run: bool, command: str, credentials) -> int:
    from optout_bot.commands.run import execute

    with redirect_stdout(StringIO()):
        return execute(opts, names, False, None, False, dry_run=dry_run, command=command,
                       credentials=credentials)


def apply_faults(sandbox, faults: tuple[str, ...]) -> None:
    for item in faults:
        platform, _, names = item.partition("=")
        replica = sandbox.replicas.get(platform.strip().lower())
        if replica is None or not names:
            raise UsageError(f"--fault {item!r}: expected PLATFORM=FAULT with a sandboxed "
                             f"platform ({', '.join(sandbox.replicas)}).")
        try:
            replica.set_faults(names)
        except ValueError as exc:
            raise UsageError(f"--fault: {exc}") from None


@click.group()
def sandbox() -> None:
    """The replica sites the tests and the demo run against."""


@sandbox.command()
@global_options
@click.option("--port", type=click.IntRange(1024, 65000), default=8001, show_default=True,
              help="Port of the first replica; the others follow.")
@click.option("--fault", "faults", metavar="PLATFORM=FAULT[,FAULT]", multiple=True,
              help="Switch on replica faults, e.g. x=transient_error.")
@pass_options
def serve(opts: Options, port: int, faults: tuple[str, ...]) -> int:
    """Serve every replica on 127.0.0.1 until Ctrl-C, with one demo account each."""
    from optout_bot.sandbox import Sandbox, replica_classes

    names = list(replica_classes())
    try:
        box = Sandbox(names, ports={n: port + i for i, n in enumerate(names)}).start()
    except OSError as exc:
        raise UsageError(f"Cannot listen on ports {port}-{port + len(names) - 1}: "
                         f"{exc.strerror}. Choose another with --port.") from None
    accounts = box.seed_demo()
    apply_faults(box, faults)
    sites = ",".join(f"{n}={o}" for n, o in box.sites.items())
    if opts.json:
        emit_json({"sites": box.sites, "accounts": {n: a.__dict__ for n, a in accounts.items()}})
    else:
        click.echo("Replica sites (reach them through the tool, which shows the real URLs):")
        for name, origin in box.sites.items():
            replica = box.replicas[name]
            click.echo(f"  {name:<10} {origin}   faults: {', '.join(replica.FAULTS) or '-'}")
        click.echo("\nDemo accounts (sandbox only):")
        for name, account in accounts.items():
            click.echo(f"  {name:<10} {account.username}  password: {account.password}")
        click.echo(f"\nUse them with:\n  export OPTOUT_SITES=\"{sites}\"\n"
                   "  export OPTOUT_LINKEDIN_USERNAME=... OPTOUT_LINKEDIN_PASSWORD=...\n"
                   "  optout check linkedin --headed\n"
                   "State and faults: GET/POST <origin>/__sandbox__/state and /__sandbox__/faults"
                   "\nPress Ctrl-C to stop.")
    try:
        while True:
            time.sleep(3600)
    except KeyboardInterrupt:
        box.stop()
    return 0
