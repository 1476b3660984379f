"""A Playwright trace of a sign-in holds the password and the session cookies until
``scrub_trace`` masks them, as it does to every trace a failing test keeps."""

from __future__ import annotations

import zipfile
from pathlib import Path

from playwright.async_api import BrowserContext

from tests.traces import MASK, scrub_trace


class TraceTo:
    """Traces each context of a run into one file, as the plugin does for a test."""

    def __init__(self, path: Path):
        self.path = path

    async def opened(self, context: BrowserContext) -> None:
        await context.tracing.start(screenshots=True, snapshots=True)

    async def closing(self, context: BrowserContext) -> None:
        await context.tracing.stop(path=self.path)


def contents(path: Path) -> tuple[list[str], bytes]:
    with zipfile.ZipFile(path) as archive:
        return archive.namelist(), b"".join(archive.read(name) for name in archive.namelist())


def test_a_trace_of_a_sign_in_keeps_no_password_and_no_session_cookie(make_site, tmp_path):
    site = make_site("linkedin", password="Trace-Canary-Pa55")
    trace = tmp_path / "trace.zip"
    site.run(dry_run=True, context_watcher=TraceTo(trace))
    with site.replica.lock:
        sessions = [token for token, user in site.replica.sessions.items()
                    if user == site.username]
    _, recorded = contents(trace)
    assert b"Trace-Canary-Pa55" in recorded and sessions  # what scrubbing is for

    # the password is found by itself, as typed into the password field
    masked = scrub_trace(trace)
    names, scrubbed = contents(trace)
    assert "trace.trace" in names and MASK.encode() in scrubbed
    assert "Trace-Canary-Pa55" in masked
    assert b"Trace-Canary-Pa55" not in scrubbed
    for token in sessions:
        assert token.encode() not in scrubbed
    assert site.username.encode() in scrubbed  # the rest of the trace is kept as it was
