"""Nothing waits forever: socket reads of the site override and each platform's run have
deadlines, and one hung platform does not hold up the others."""

from __future__ import annotations

import asyncio
import json
import ssl
import time

import pytest

from optout_bot.errors import UsageError
from optout_bot.home import Home
from optout_bot.locks import account_lock
from optout_bot.options import platform_timeout
from optout_bot.sandbox import Sandbox
from optout_bot.sites import SiteOverrides, parse_origin
from tests.hung import hung_origin
from tests.test_cli import run_main

#: seconds a platform may take in the hung-platform test: enough for X's dry run beside it
#: on a busy machine, and the hung platform is given up on only after it
PLATFORM_TIMEOUT = 30


def test_the_front_gives_up_on_an_origin_that_never_answers():
    async def scenario(origin: str) -> tuple[bytes, float, str | None]:
        overrides = await SiteOverrides({"x": parse_origin(origin)}, {"x": ("x.com",)}).start()
        front = overrides.fronts["x"]
        front.read_timeout = 1.0
        client = ssl.create_default_context()
        client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", front.port, ssl=client,
                                                       server_hostname="x.com")
        writer.write(b"GET /settings HTTP/1.1\r\nHost: x.com\r\n\r\n")
        await writer.drain()
        answer = await asyncio.wait_for(reader.read(), 10)
        took = time.monotonic() - started
        writer.close()
        await overrides.close()
        return answer, took, front.problem

    with hung_origin() as origin:
        answer, took, problem = asyncio.run(scenario(origin))
    assert answer == b""
    assert took < 5
    assert origin in problem and "did not come within 1 seconds" in problem


def test_the_front_gives_up_on_a_browser_that_never_sends_its_request():
    async def scenario() -> float:
        overrides = await SiteOverrides({"x": parse_origin("http://127.0.0.1:9")},
                                        {"x": ("x.com",)}).start()
        front = overrides.fronts["x"]
        front.read_timeout = 1.0
        client = ssl.create_default_context()
        client.check_hostname, client.verify_mode = False, ssl.CERT_NONE
        started = time.monotonic()
        reader, writer = await asyncio.open_connection("127.0.0.1", front.port, ssl=client,
                                                       server_hostname="x.com")
        await asyncio.wait_for(reader.read(), 10)
        writer.close()
        await overrides.close()
        return time.monotonic() - started

    assert asyncio.run(scenario()) < 5


def test_a_hung_platform_ends_in_error_and_the_others_go_on(tmp_path, monkeypatch,
                                                           cli_browser):
    # the front's own read deadline is put out of the way: the platform's deadline is tested
    monkeypatch.setattr(cli_browser.overrides.fronts["linkedin"], "read_timeout", 300.0)
    home = tmp_path / "home"
    with Sandbox(["x"]) as box, hung_origin() as origin:
        box.replicas["x"].add_account("me-x@example.com", "s3cret-Pa55")
        env = {"OPTOUT_HOME": str(home), "OPTOUT_TIMEOUT": str(PLATFORM_TIMEOUT),
               "OPTOUT_LINKEDIN_USERNAME": "me@example.com",
               "OPTOUT_LINKEDIN_PASSWORD": "s3cret-Pa55",
               "OPTOUT_X_USERNAME": "me-x@example.com", "OPTOUT_X_PASSWORD": "s3cret-Pa55"}
        started = time.monotonic()
        code, out, err = run_main(["--json", "check", "linkedin", "x",
                                   "--site", f"linkedin={origin}",
                                   "--site", f"x={box.sites['x']}"], env=env)
        took = time.monotonic() - started
    assert took < PLATFORM_TIMEOUT + 30, took
    assert code == 3, err
    results = {r["platform"]: r for r in json.loads(out)["results"]}
    assert results["linkedin"]["outcome"] == "error"
    error = results["linkedin"]["error"]
    assert f"did not finish within {PLATFORM_TIMEOUT} seconds" in error
    assert f"waiting for an answer from {origin}" in error
    assert results["x"]["outcome"] == "on"  # the other platform went on and was read

    async def take_lock() -> bool:
        async with account_lock(Home.resolve(home), "linkedin", "me@example.com", wait=0.5):
            return True

    assert asyncio.run(take_lock())


def test_an_unreachable_override_origin_is_named(tmp_path, cli_browser):
    env = {"OPTOUT_HOME": str(tmp_path / "home"), "OPTOUT_TIMEOUT": "60",
           "OPTOUT_X_USERNAME": "me-x@example.com", "OPTOUT_X_PASSWORD": "s3cret-Pa55"}
    code, out, err = run_main(["--json", "check", "x", "--site", "x=http://127.0.0.1:9"],
                              env=env)
    assert code == 3, err
    result = json.loads(out)["results"][0]
    assert result["outcome"] == "error"
    assert "http://127.0.0.1:9 cannot be reached" in result["error"]


@pytest.mark.parametrize("value", ["0", "-5", "soon", "1e99"])
def test_a_bad_timeout_is_a_usage_error(value, tmp_path):
    with pytest.raises(UsageError, match="not a number of seconds"):
        platform_timeout(value)
    code, _, err = run_main(["check", "x", "--timeout", value],
                            env={"OPTOUT_HOME": str(tmp_path / "home")})
    assert code == 2
    assert len(err.strip().splitlines()) == 1
