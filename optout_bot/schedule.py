"""Scheduled rechecks: a systemd user timer, a launchd agent or a crontab line.

Each backend writes only entries it can recognise as its own (a marker comment in every
file or line) and never changes or removes anything else. Installing twice gives the same
files; removing removes only what we wrote.
"""

from __future__ import annotations

import os
import plistlib
import re
import shlex
import shutil
import subprocess
import sys
from dataclasses import dataclass, field
from pathlib import Path

from optout_bot.errors import OptoutError, UsageError

MARKER = "optout-bot recheck"
UNIT = "optout-recheck"
LAUNCHD_LABEL = "org.optout-bot.recheck"
BACKENDS = ("systemd", "launchd", "cron")

# Daily and weekly runs start at a fixed local time where the format has no random delay.
RUN_HOUR, RUN_MINUTE = 9, 17


@dataclass(frozen=True)
class Every:
    """How often the recheck runs: ``daily``, ``weekly`` or every ``hours`` hours."""

    text: str
    hours: int

    @property
    def is_calendar(self) -> bool:
        return self.text in ("daily", "weekly")


def parse_every(text: str) -> Every:
    value = text.strip().lower()
    if value == "daily":
        return Every("daily", 24)
    if value == "weekly":
        return Every("weekly", 168)
    match = re.fullmatch(r"(\d{1,3})h", value)
    if match and 1 <= int(match.group(1)) <= 168:
        return Every(f"{int(match.group(1))}h", int(match.group(1)))
    raise UsageError(
        f"--every must be daily, weekly or a number of hours from 1h to 168h (like 6h), "
        f"not {text!r}."
    )


def recheck_command(python: str, home: Path | None, fix: bool) -> list[str]:
    """The command a schedule runs; ``--home`` only when the user chose a home."""
    argv = [python, "-m", "optout_bot"]
    if home is not None:
        argv += ["--home", str(home)]
    argv.append("recheck")
    if fix:
        argv.append("--fix")
    return argv


def run_tool(argv: list[str]) -> tuple[bool, str]:
    """Run a system tool (systemctl, launchctl); returns whether it worked and what it said."""
    try:
        done = subprocess.run(argv, check=False, capture_output=True, text=True, timeout=60)
    except (OSError, subprocess.TimeoutExpired) as exc:
        return False, str(exc)
    said = (done.stderr or done.stdout).strip().splitlines()
    return done.returncode == 0, said[-1] if said else "no reason given"


@dataclass
class Installed:
    """What one backend has installed: where it lives and the text we wrote."""

    backend: str
    where: list[str]
    text: str
    notes: list[str] = field(default_factory=list)
    needs_action: bool = False  # written, but not switched on: the user must run something

    def as_json(self) -> dict:
        return {"backend": self.backend, "where": self.where, "text": self.text}


def _refuse_foreign(path: Path) -> None:
    if path.exists() and MARKER not in path.read_text(errors="replace"):
        raise OptoutError(
            f"{path} already exists and was not written by optout-bot; "
            "move it away first if you want a scheduled recheck here."
        )


def _write_if_changed(path: Path, text: str) -> None:
    if path.exists() and path.read_text(errors="replace") == text:
        return
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(path.name + ".tmp")
    tmp.write_text(text)
    tmp.replace(path)


def _ours(path: Path) -> bool:
    return path.is_file() and MARKER in path.read_text(errors="replace")


# systemd -----------------------------------------------------------------------------------

_SYSTEMD_PLAIN = re.compile(r"[A-Za-z0-9_@+=:,./-]+")


def systemd_quote(arg: str, *, executable: bool = False) -> str:
    """Quote one ExecStart word: C-style escapes in double quotes, ``%%`` and ``$$``.

    systemd expands ``$VAR`` in arguments but not in the executable path.
    """
    text = arg.replace("%", "%%")
    if not executable:
        text = text.replace("$", "$$")
    if _SYSTEMD_PLAIN.fullmatch(arg):
        return text
    escaped = "".join(
        "\\\\" if ch == "\\" else '\\"' if ch == '"' else
        f"\\x{ord(ch):02x}" if ord(ch) < 0x20 or ord(ch) == 0x7F else ch
        for ch in text
    )
    return f'"{escaped}"'


class SystemdBackend:
    name = "systemd"

    def __init__(self, unit_dir: Path):
        self.unit_dir = unit_dir

    @property
    def paths(self) -> list[Path]:
        return [self.unit_dir / f"{UNIT}.service", self.unit_dir / f"{UNIT}.timer"]

    def render(self, argv: list[str], every: Every) -> dict[Path, str]:
        header = f"# {MARKER}: written by `optout schedule install`; "
        header += "`optout schedule remove` deletes it.\n"
        exec_start = " ".join(
            [systemd_quote(argv[0], executable=True)] + [systemd_quote(a) for a in argv[1:]]
        )
        service = (
            f"{header}[Unit]\nDescription=optout-bot: re-check AI-training settings\n\n"
            f"[Service]\nType=oneshot\nExecStart={exec_start}\n"
        )
        if every.is_calendar:
            delay = "1h" if every.text == "daily" else "6h"
            when = f"OnCalendar={every.text}\nPersistent=true\nRandomizedDelaySec={delay}\n"
        else:
            when = f"OnBootSec=15min\nOnUnitActiveSec={every.hours}h\n"
        timer = (
            f"{header}[Unit]\nDescription=optout-bot: scheduled re-check ({every.text})\n\n"
            f"[Timer]\n{when}\n[Install]\nWantedBy=timers.target\n"
        )
        service_path, timer_path = self.paths
        return {service_path: service, timer_path: timer}

    def install(self, argv: list[str], every: Every, enable: bool) -> Installed:
        files = self.render(argv, every)
        for path in files:
            _refuse_foreign(path)
        for path, text in files.items():
            _write_if_changed(path, text)
        installed = self.read()
        assert installed is not None
        switch_on = f"systemctl --user daemon-reload && systemctl --user enable --now {UNIT}.timer"
        if not enable:
            installed.notes.append(
                f"The timer is written but not switched on. To switch it on, run: {switch_on}"
            )
            return installed
        for step in (["systemctl", "--user", "daemon-reload"],
                     ["systemctl", "--user", "enable", "--now", f"{UNIT}.timer"]):
            ok, said = run_tool(step)
            if not ok:
                installed.needs_action = True
                installed.notes.append(
                    f"The timer is written but could not be switched on ({said}). "
                    f"Run: {switch_on} (or install with --backend cron if this computer "
                    "has no user systemd)."
                )
                break
        return installed

    def read(self) -> Installed | None:
        ours = [p for p in self.paths if _ours(p)]
        if not ours:
            return None
        return Installed(self.name, [str(p) for p in ours], "".join(p.read_text() for p in ours))

    def remove(self) -> Installed | None:
        installed = self.read()
        if installed is None:
            return None
        run_tool(["systemctl", "--user", "disable", "--now", f"{UNIT}.timer"])
        for path in self.paths:
            if _ours(path):
                path.unlink()
        run_tool(["systemctl", "--user", "daemon-reload"])
        return installed


# launchd -----------------------------------------------------------------------------------

class LaunchdBackend:
    name = "launchd"

    def __init__(self, agents_dir: Path):
        self.agents_dir = agents_dir

    @property
    def path(self) -> Path:
        return self.agents_dir / f"{LAUNCHD_LABEL}.plist"

    def render(self, argv: list[str], every: Every) -> str:
        job: dict = {"Label": LAUNCHD_LABEL, "ProgramArguments": argv, "ProcessType": "Background"}
        if every.is_calendar:
            when = {"Hour": RUN_HOUR, "Minute": RUN_MINUTE}
            if every.text == "weekly":
                when["Weekday"] = 1
            job["StartCalendarInterval"] = when
        else:
            job["StartInterval"] = every.hours * 3600
        try:
            text = plistlib.dumps(job).decode()
        except ValueError as exc:  # a path with characters XML cannot hold
            raise OptoutError(f"Cannot write a launchd agent for this command: {exc}") from None
        comment = f"<!-- {MARKER}: written by optout schedule install; "
        comment += "optout schedule remove deletes it. -->\n"
        return text.replace("<plist ", comment + "<plist ", 1)

    def _domain(self) -> str:
        return f"gui/{os.getuid()}"

    def install(self, argv: list[str], every: Every, enable: bool) -> Installed:
        _refuse_foreign(self.path)
        _write_if_changed(self.path, self.render(argv, every))
        installed = self.read()
        assert installed is not None
        if enable:
            run_tool(["launchctl", "bootout", f"{self._domain()}/{LAUNCHD_LABEL}"])
            ok, said = run_tool(["launchctl", "bootstrap", self._domain(), str(self.path)])
            if not ok:
                installed.needs_action = True
                installed.notes.append(
                    f"The agent is written but could not be loaded now ({said}); "
                    f"it starts at your next login, or run: launchctl bootstrap {self._domain()} "
                    f"{shlex.quote(str(self.path))}"
                )
        else:
            installed.notes.append("The agent is written and starts at your next login.")
        return installed

    def read(self) -> Installed | None:
        if not _ours(self.path):
            return None
        return Installed(self.name, [str(self.path)], self.path.read_text())

    def remove(self) -> Installed | None:
        installed = self.read()
        if installed is None:
            return None
        run_tool(["launchctl", "bootout", f"{self._domain()}/{LAUNCHD_LABEL}"])
        self.path.unlink()
        return installed


# cron --------------------------------------------------------------------------------------

def cron_expression(every: Every) -> str:
    """The cron schedule for ``every``.

    cron counts hours within a day, so an interval that does not divide 24 runs at fixed
    hours 0, N, 2N, ... and the last gap of each day is shorter; more than a day is rounded
    to whole days.
    """
    if every.text == "weekly" or every.hours == 168:
        return f"{RUN_MINUTE} {RUN_HOUR} * * 1"
    if every.hours >= 24:
        days = max(1, round(every.hours / 24))
        return f"{RUN_MINUTE} {RUN_HOUR} {'*' if days == 1 else f'*/{days}'} * *"
    if every.hours == 1:
        return f"{RUN_MINUTE} * * * *"
    if 24 % every.hours == 0:
        return f"{RUN_MINUTE} */{every.hours} * * *"
    return f"{RUN_MINUTE} {','.join(str(h) for h in range(0, 24, every.hours))} * * *"


def cron_line(argv: list[str], every: Every) -> str:
    # cron turns an unescaped % into a newline before the shell sees the command.
    command = " ".join(shlex.quote(arg) for arg in argv).replace("%", "\\%")
    if "\n" in command:
        raise OptoutError("Cannot write a crontab line for a command with a line break in it.")
    return f"{cron_expression(every)} {command} # {MARKER}\n"


def _is_our_line(line: bytes) -> bool:
    return line.rstrip(b"\r\n").endswith(f"# {MARKER}".encode())


def _split_lines(data: bytes) -> list[bytes]:
    lines = data.split(b"\n")
    return [line + b"\n" for line in lines[:-1]] + ([lines[-1]] if lines[-1] else [])


class CronBackend:
    name = "cron"

    def __init__(self, program: str = "crontab"):
        self.program = program

    def _read_table(self) -> bytes | None:
        """The user's crontab as bytes (empty if none); None if there is no crontab command."""
        if shutil.which(self.program) is None:
            return None
        try:
            done = subprocess.run(
                [self.program, "-l"], check=False, capture_output=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OptoutError(f"Could not read your crontab: {exc}") from None
        if done.returncode != 0:
            if b"no crontab" in done.stderr.lower():
                return b""
            said = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise OptoutError(f"Could not read your crontab: {said}")
        return done.stdout

    def _write_table(self, data: bytes) -> None:
        try:
            done = subprocess.run(
                [self.program, "-"], input=data, check=False, capture_output=True, timeout=30
            )
        except (OSError, subprocess.TimeoutExpired) as exc:
            raise OptoutError(f"Could not write your crontab: {exc}") from None
        if done.returncode != 0:
            said = done.stderr.decode(errors="replace").strip() or f"exit {done.returncode}"
            raise OptoutError(f"Could not write your crontab: {said}")

    def install(self, argv: list[str], every: Every, enable: bool) -> Installed:
        table = self._read_table()
        if table is None:
            raise OptoutError(
                "The crontab command is not installed, so a cron schedule cannot be set up; "
                "install cron or choose another --backend."
            )
        ours = cron_line(argv, every).encode()
        lines, placed = [], False
        for line in _split_lines(table):
            if _is_our_line(line):
                if not placed:
                    lines.append(ours)
                    placed = True
                continue
            lines.append(line)
        if not placed:
            if lines and not lines[-1].endswith(b"\n"):
                lines[-1] += b"\n"
            lines.append(ours)
        new = b"".join(lines)
        if new != table:
            self._write_table(new)
        return Installed(self.name, ["crontab"], ours.decode())

    def _our_lines(self) -> tuple[bytes, list[bytes]]:
        table = self._read_table() or b""
        return table, [line for line in _split_lines(table) if _is_our_line(line)]

    def read(self) -> Installed | None:
        _table, ours = self._our_lines()
        if not ours:
            return None
        return Installed(self.name, ["crontab"], b"".join(ours).decode(errors="replace"))

    def remove(self) -> Installed | None:
        table, ours = self._our_lines()
        if not ours:
            return None
        kept = [line for line in _split_lines(table) if not _is_our_line(line)]
        self._write_table(b"".join(kept))
        return Installed(self.name, ["crontab"], b"".join(ours).decode(errors="replace"))


# choosing ----------------------------------------------------------------------------------

Backend = SystemdBackend | LaunchdBackend | CronBackend


def systemd_unit_dir() -> Path:
    config = os.environ.get("XDG_CONFIG_HOME", "")
    base = Path(config) if os.path.isabs(config) else Path.home() / ".config"
    return base / "systemd" / "user"


def make_backend(name: str) -> Backend:
    if name == "systemd":
        return SystemdBackend(systemd_unit_dir())
    if name == "launchd":
        return LaunchdBackend(Path.home() / "Library" / "LaunchAgents")
    if name == "cron":
        return CronBackend()
    raise UsageError(f"--backend must be one of {', '.join(BACKENDS)}, not {name!r}.")


def default_backend_name() -> str:
    if sys.platform == "darwin":
        return "launchd"
    # The same test systemd's sd_booted() makes: is systemd the running init system?
    if sys.platform.startswith("linux") and Path("/run/systemd/system").is_dir():
        return "systemd"
    return "cron"
