"""Credentials: the OS keyring first, then ``OPTOUT_<PLATFORM>_USERNAME/_PASSWORD/_TOTP_SECRET``.

Only the keyring (or the environment the user chose) holds secrets. The home keeps the
list of account names per platform (no secrets) in ``accounts.json``.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass, field

from optout_bot.errors import OptoutError
from optout_bot.home import Home, write_private

SERVICE = "optout-bot"


@dataclass(frozen=True)
class Credentials:
    username: str
    password: str = field(default="", repr=False)
    totp_secret: str = field(default="", repr=False)
    source: str = "keyring"  # keyring | env | session

    def __repr__(self) -> str:  # never show the secrets, even in a debugger
        return f"Credentials(username={self.username!r}, source={self.source!r})"


class KeyringUnavailable(OptoutError):
    pass


def _keyring():
    import keyring
    from keyring.errors import KeyringError, NoKeyringError

    return keyring, (KeyringError, NoKeyringError, RuntimeError)


def _service(platform: str) -> str:
    return f"{SERVICE}:{platform}"


def keyring_get(platform: str, key: str) -> str | None:
    try:
        keyring, errors = _keyring()
        return keyring.get_password(_service(platform), key)
    except Exception:  # noqa: BLE001 - no backend, locked, or broken: the env fallback applies
        return None


def keyring_set(platform: str, key: str, value: str) -> None:
    keyring, errors = _keyring()
    try:
        keyring.set_password(_service(platform), key, value)
    except errors as exc:
        raise KeyringUnavailable(
            f"No usable keyring to keep the password ({type(exc).__name__}). Use "
            f"OPTOUT_{platform.upper()}_USERNAME and OPTOUT_{platform.upper()}_PASSWORD "
            "in the environment instead, or 'optout login "
            f"{platform} --browser' to keep only a session."
        ) from None


def keyring_delete(platform: str, key: str) -> bool:
    try:
        keyring, errors = _keyring()
        keyring.delete_password(_service(platform), key)
        return True
    except Exception:  # noqa: BLE001 - nothing stored, or no backend
        return False


def env_credentials(platform: str) -> Credentials | None:
    prefix = f"OPTOUT_{platform.upper()}_"
    username = os.environ.get(prefix + "USERNAME")
    password = os.environ.get(prefix + "PASSWORD")
    if username and password:
        return Credentials(username, password, os.environ.get(prefix + "TOTP_SECRET", ""),
                           source="env")
    return None


class AccountBook:
    """Which accounts the person added per platform (names only) in ``accounts.json``."""

    def __init__(self, home: Home):
        self.path = home.root / "accounts.json"

    def _load(self) -> dict[str, list[str]]:
        try:
            return json.loads(self.path.read_text())
        except (OSError, ValueError):
            return {}

    def accounts(self, platform: str) -> list[str]:
        return list(self._load().get(platform, []))

    def add(self, platform: str, account: str) -> None:
        data = self._load()
        names = data.setdefault(platform, [])
        if account not in names:
            names.append(account)
        write_private(self.path, json.dumps(data, indent=2))

    def remove(self, platform: str) -> list[str]:
        data = self._load()
        removed = data.pop(platform, [])
        write_private(self.path, json.dumps(data, indent=2))
        return removed


def credentials_for(platform: str, account: str | None) -> Credentials | None:
    """The credentials of one account: the keyring's, else the environment's."""
    if account:
        password = keyring_get(platform, f"password:{account}")
        if password:
            return Credentials(account, password,
                               keyring_get(platform, f"totp:{account}") or "", "keyring")
    env = env_credentials(platform)
    if env and (account is None or env.username == account):
        return env
    return None


def accounts_to_run(home: Home, platform: str) -> list[str | None]:
    """Every account to run for a platform: the added ones, the env one, else the default."""
    names: list[str | None] = list(AccountBook(home).accounts(platform))
    env = env_credentials(platform)
    if env and env.username not in names:
        names.append(env.username)
    return names or [None]
