"""Secrets out of the Playwright traces a failing test keeps.

A trace records every action with its arguments, a snapshot of each page's DOM with the
values typed into its fields, and every request with its headers and body: a sign-in puts
the password in all three, and each request carries the session cookies. Before a trace
is left in the output folder, ``scrub_trace`` masks every value typed into a password
field, every cookie value, and the secrets the test names (its accounts' passwords and
authenticator secrets), in each form a trace holds them (as typed, URL-encoded, escaped
in JSON).
"""

from __future__ import annotations

import json
import re
import zipfile
from collections.abc import Iterable, Iterator
from pathlib import Path
from urllib.parse import quote, quote_plus

MASK = "***"
#: shorter values are not masked: replacing "true" or "1" would garble the whole trace
SHORTEST_SECRET = 6
#: the actions that type a value into a field
TYPING = {"fill", "type", "pressSequentially"}
INPUT_NODE = re.compile(r'\["INPUT",\{')
COOKIE_HEADERS = {"cookie", "set-cookie"}


def _json_lines(data: bytes) -> Iterator[dict]:
    for line in data.splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if isinstance(event, dict):
            yield event


def typed_passwords(trace: bytes) -> set[str]:
    """Values typed into password fields: by the actions, and as the DOM snapshots keep
    them (a field's value is in its snapshot until the page is left)."""
    found = set()
    for event in _json_lines(trace):
        params = event.get("params") or {}
        if event.get("method") in TYPING and "password" in str(params.get("selector")).lower():
            found.add(str(params.get("value") or params.get("text") or ""))
    text = trace.decode("utf-8", "replace")
    decoder = json.JSONDecoder()
    for match in INPUT_NODE.finditer(text):
        try:
            attributes, _ = decoder.raw_decode(text, match.end() - 1)
        except ValueError:
            continue
        if str(attributes.get("type", "")).lower() == "password":
            found.add(str(attributes.get("__playwright_value_", "")))
    return found


def cookie_values(network: bytes) -> set[str]:
    """Every cookie value the recorded requests sent or their answers set."""
    found = set()
    for event in _json_lines(network):
        snapshot = event.get("snapshot") or {}
        for message in (snapshot.get("request") or {}, snapshot.get("response") or {}):
            found.update(str(c.get("value", "")) for c in message.get("cookies") or ())
            for header in message.get("headers") or ():
                if str(header.get("name", "")).lower() in COOKIE_HEADERS:
                    pairs = str(header.get("value", "")).split(";")
                    if header["name"].lower() == "set-cookie":
                        pairs = pairs[:1]
                    found.update(p.split("=", 1)[1].strip() for p in pairs if "=" in p)
    return found


def _forms(secret: str) -> set[bytes]:
    """The ways a trace writes ``secret``: as is, escaped in JSON, URL-encoded."""
    return {form.encode() for form in (secret, json.dumps(secret)[1:-1], quote(secret, safe=""),
                                       quote_plus(secret))}


def scrub_trace(path: Path, known: Iterable[str] = ()) -> set[str]:
    """Rewrites the trace at ``path`` with its secrets masked; returns what was masked."""
    with zipfile.ZipFile(path) as archive:
        members = [(info, archive.read(info)) for info in archive.infolist()]
    secrets = set(known)
    for info, data in members:
        if info.filename.endswith(".trace"):
            secrets |= typed_passwords(data)
        elif info.filename.endswith(".network"):
            secrets |= cookie_values(data)
    secrets = {s for s in secrets if len(s) >= SHORTEST_SECRET}
    forms = sorted({f for s in secrets for f in _forms(s)}, key=len, reverse=True)
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for info, data in members:
            for form in forms:
                data = data.replace(form, MASK.encode())
            archive.writestr(info, data)
    return secrets
