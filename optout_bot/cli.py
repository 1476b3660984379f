"""The ``optout`` command line.

Commands live in ``optout_bot/commands/`` and are imported only when used, so ``optout
--help`` starts without loading the browser driver.

Exit codes: 0 every setting is off or unavailable; 1 something still needs your attention
(on, manual, needs_login); 2 usage error; 3 a flow broke or another error.
"""

from __future__ import annotations

import importlib
import sys

import click

from optout_bot import __version__, signals
from optout_bot.clicontext import Options, browser_options, global_options
from optout_bot.errors import OptoutError
from optout_bot.outcomes import EXIT_ERROR, EXIT_USAGE

#: command name -> (module, attribute, one-line help shown in ``optout --help``)
COMMANDS: dict[str, tuple[str, str, str]] = {
    "platforms": ("optout_bot.commands.run", "platforms",
                  "List every platform and what it offers."),
    "check": ("optout_bot.commands.run", "check", "Read every AI-data setting; change nothing."),
    "apply": ("optout_bot.commands.run", "apply", "Turn off every AI-data setting and verify it."),
    "login": ("optout_bot.commands.accounts", "login",
              "Keep credentials or a session for a platform."),
    "forget": ("optout_bot.commands.accounts", "forget", "Delete stored credentials and session."),
    "demo": ("optout_bot.commands.demo", "demo", "Run everything against the built-in sandbox."),
    "sandbox": ("optout_bot.commands.demo", "sandbox", "Serve the replica sites on loopback."),
    "status": ("optout_bot.commands.history", "status", "Last known state of every setting."),
    "history": ("optout_bot.commands.history", "history", "Past runs and changes, newest first."),
    "report": ("optout_bot.commands.history", "report", "Write an HTML evidence report."),
    "prune": ("optout_bot.commands.history", "prune", "Remove old evidence files, keep receipts."),
    "policies": ("optout_bot.commands.policies", "policies", "Watch platforms' policy pages."),
    "recheck": ("optout_bot.commands.recheck", "recheck",
                "Policy watch, then re-check what is due."),
    "schedule": ("optout_bot.commands.schedule", "schedule", "Install a scheduled recheck."),
}


class LazyGroup(click.Group):
    def list_commands(self, ctx: click.Context) -> list[str]:
        return list(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module_name, attribute, _help = COMMANDS[name]
        try:
            module = importlib.import_module(module_name)
        except ImportError as exc:
            raise click.ClickException(f"The {name!r} command is not available: {exc}") from None
        return getattr(module, attribute)

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, help_text) for name, (_m, _a, help_text) in COMMANDS.items()]
        with formatter.section("Commands"):
            formatter.write_dl(rows)

    def resolve_command(self, ctx: click.Context, args: list[str]):
        try:
            return super().resolve_command(ctx, args)
        except click.UsageError as exc:
            if args and args[0] not in COMMANDS:
                from difflib import get_close_matches

                close = get_close_matches(args[0], list(COMMANDS), n=1)
                hint = f" Did you mean {close[0]!r}?" if close else ""
                raise click.UsageError(f"No such command {args[0]!r}.{hint}", ctx) from None
            raise exc


@click.group(cls=LazyGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="optout")
@global_options
@browser_options
@click.pass_context
def cli(ctx: click.Context) -> None:
    """Turn off the settings that let platforms train AI on your posts, and prove it.

    --json, --home, --site, --headed, --browser and --connect may also be given after
    the command (optout check x --json). Given in both places, the one after the
    command wins; --site values add up, and for the same platform the later one wins.

    \b
    Exit codes: 0 every setting is off or unavailable; 1 something still needs
    your attention (on, manual, needs_login); 2 usage error; 3 a flow broke or
    another error.
    """
    ctx.ensure_object(Options)


def main(argv: list[str] | None = None) -> None:
    """Entry point: every error is one line and a documented exit code, never a traceback."""
    signals.install()
    try:
        code = cli.main(args=argv, prog_name="optout", standalone_mode=False)
    except click.exceptions.Exit as exc:
        code = exc.exit_code
    except click.exceptions.Abort:
        click.echo("Stopped.", err=True)
        code = signals.stopped_exit_code()
    except click.ClickException as exc:
        exc.show()
        code = EXIT_USAGE if isinstance(exc, click.UsageError) else exc.exit_code
        if not isinstance(exc, click.UsageError) and code == 1:
            code = EXIT_USAGE
    except OptoutError as exc:
        prefix = "Error" if exc.expected else "Unexpected error (please report it)"
        click.echo(f"{prefix}: {exc}", err=True)
        code = exc.exit_code
    except KeyboardInterrupt:
        click.echo("Stopped.", err=True)
        code = signals.stopped_exit_code()
    except Exception as exc:  # noqa: BLE001 - the last line of defence against tracebacks
        message = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
        click.echo(f"Unexpected error (please report it): {type(exc).__name__}: {message}",
                   err=True)
        code = EXIT_ERROR
    sys.exit(code if isinstance(code, int) else 0)
