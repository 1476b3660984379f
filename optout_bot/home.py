"""Where the tool keeps its state: ``OPTOUT_HOME`` or the platform's user data dir.

Every directory is created 0700 and every file 0600: the home holds browser sessions and
evidence of a person's accounts.
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from optout_bot.errors import UsageError

os.umask(0o077)


class Home:
    def __init__(self, root: Path):
        self.root = root

    @classmethod
    def resolve(cls, explicit: str | os.PathLike | None = None) -> Home:
        value = explicit or os.environ.get("OPTOUT_HOME")
        if value:
            root = Path(value).expanduser()
        else:
            from platformdirs import user_data_dir

            root = Path(user_data_dir("optout-bot", appauthor=False))
        return cls(root.absolute())

    def ensure(self) -> Home:
        try:
            make_private_dir(self.root)
            probe = self.root / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise UsageError(
                f"Cannot write to the optout home {self.root} ({exc.strerror or exc}); "
                "choose another with --home or OPTOUT_HOME."
            ) from None
        return self

    def dir(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts)
        make_private_dir(path)
        return path

    @property
    def db_path(self) -> Path:
        return self.root / "history.sqlite3"

    def profile_dir(self, platform: str, account: str) -> Path:
        return self.dir("profiles", platform, safe_name(account))

    def evidence_dir(self, run_id: str, platform: str, account: str) -> Path:
        return self.dir("evidence", run_id, platform, safe_name(account))


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def write_private(path: Path, data: bytes | str) -> None:
    """Write a file readable by its owner only."""
    make_private_dir(path.parent)
    mode = "wb" if isinstance(data, bytes) else "w"
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
    with os.fdopen(fd, mode) as handle:
        handle.write(data)
    os.chmod(path, 0o600)


def safe_name(text: str) -> str:
    """A file-system-safe name for an account or blog (no path separators, no dots first)."""
    cleaned = re.sub(r"[^A-Za-z0-9@._+-]+", "_", text).lstrip(".") or "default"
    return cleaned[:80]
