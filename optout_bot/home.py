"""Where the tool keeps its state: ``OPTOUT_HOME`` or the platform's user data dir.

Every directory is created 0700 and every file 0600: the home holds browser sessions and
evidence of a person's accounts. State files are replaced atomically (a temporary file in
the same folder, flushed to disk, renamed over the old one), so a crash never leaves one
empty or half written.
"""

from __future__ import annotations

import os
import re
import shutil
import sys
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from optout_bot.errors import OptoutError, UsageError

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
            was_open = self.root.is_dir() and bool(self.root.stat().st_mode & 0o077)
            make_private_dir(self.root)
            if was_open:
                fixed = make_tree_private(self.root)
                print(f"Warning: the optout home {self.root} could be read by other users; "
                      f"it is private again ({fixed} files and folders in it fixed).",
                      file=sys.stderr)
            probe = self.root / ".write-test"
            probe.write_text("")
            probe.unlink()
        except OSError as exc:
            raise UsageError(
                f"Cannot write to the optout home {self.root} ({exc.strerror or exc}); "
                "choose another with --home or OPTOUT_HOME."
            ) from None
        return self

    def readable(self) -> Home:
        """The home for commands that only read it (an archived, read-only home works)."""
        if not self.root.is_dir():
            return self.ensure()
        if os.access(self.root, os.W_OK):
            return self.ensure()
        return self

    def dir(self, *parts: str) -> Path:
        path = self.root.joinpath(*parts)
        try:
            make_private_dir(path)
        except OSError as exc:
            raise OptoutError(f"Cannot write to the folder {path} ({exc.strerror or exc}); "
                              "make it writable, or choose another home with --home.") from None
        return path

    @property
    def db_path(self) -> Path:
        return self.root / "history.sqlite3"

    def profile_dir(self, platform: str, account: str) -> Path:
        return self.dir("profiles", platform, safe_name(account))

    def evidence_dir(self, run_id: str, platform: str, account: str) -> Path:
        return self.dir("evidence", run_id, platform, safe_name(account))


#: where programs look for their temporary folder (Unix, then Windows)
TEMP_VARIABLES = ("TMPDIR", "TMP", "TEMP")
#: names of the browser's temporary folders: ``optout-browser-<pid>-<random>``
TEMP_PREFIX = "optout-browser-"


def _process_alive(pid: int) -> bool:
    if os.name == "nt":
        return True  # os.kill would end the process there, not test it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except (PermissionError, OSError):
        return True  # it exists (another user's) or we cannot tell: leave its folder
    return True


@contextmanager
def browser_temp() -> Iterator[Path]:
    """A private temporary folder for the browser's throwaway profile and artifacts, given
    to it as TMPDIR and removed at the end; folders of runs that were killed are removed at
    the next start.

    It sits in the system temp folder, not the home: the browser keeps a socket in it, and
    socket paths are limited to about a hundred characters."""
    root = Path(tempfile.gettempdir())
    for stale in root.glob(f"{TEMP_PREFIX}*"):
        pid = stale.name[len(TEMP_PREFIX):].split("-", 1)[0]
        try:
            mine = stale.lstat().st_uid == os.getuid() and not stale.is_symlink()
        except (OSError, AttributeError):
            mine = False
        if mine and pid.isdigit() and not _process_alive(int(pid)):
            shutil.rmtree(stale, ignore_errors=True)
    folder = Path(tempfile.mkdtemp(prefix=f"{TEMP_PREFIX}{os.getpid()}-"))
    saved = {name: os.environ.get(name) for name in TEMP_VARIABLES}
    os.environ.update({name: str(folder) for name in TEMP_VARIABLES})
    try:
        yield folder
    finally:
        for name, value in saved.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value
        shutil.rmtree(folder, ignore_errors=True)


def make_private_dir(path: Path) -> None:
    path.mkdir(parents=True, exist_ok=True, mode=0o700)
    if path.stat().st_mode & 0o077:
        path.chmod(0o700)


def make_tree_private(root: Path) -> int:
    """Take group and other permissions off everything under ``root``; returns how many
    files and folders needed it."""
    fixed = 0
    for folder, dirs, files in os.walk(root):
        for name in dirs + files:
            path = Path(folder, name)
            try:
                mode = path.lstat().st_mode
                if mode & 0o077 and not path.is_symlink():
                    path.chmod(mode & 0o700)
                    fixed += 1
            except OSError:
                continue
    return fixed


def write_private(path: Path, data: bytes | str) -> None:
    """Replace a file atomically with one readable by its owner only.

    A missing parent folder is created private; an existing one keeps its permissions (it
    may be a shared folder the person chose, like /tmp)."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    raw = data if isinstance(data, bytes) else data.encode("utf-8")
    fd, temporary = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(raw)
            handle.flush()
            os.fsync(handle.fileno())
        os.chmod(temporary, 0o600)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _fsync_dir(path.parent)


def _fsync_dir(folder: Path) -> None:
    """Make the rename itself survive a power cut (not possible on every system)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def safe_name(text: str) -> str:
    """A file-system-safe name for an account or blog (no path separators, no dots first)."""
    cleaned = re.sub(r"[^A-Za-z0-9@._+-]+", "_", text).lstrip(".") or "default"
    return cleaned[:80]
