"""Threads: no control of its own; the flow says so, names the Instagram route, opens nothing."""

from optout_bot.outcomes import Outcome
from optout_bot.registry import load
from optout_bot.runner import RunOptions, run_flows
from optout_bot.sandbox.base import ReplicaServer
from optout_bot.sandbox.threads import ThreadsReplica


def test_unavailable_with_the_instagram_route_and_no_browser(home):
    import asyncio

    flow = load().flows["threads"]
    assert not flow.needs_account
    results = asyncio.run(run_flows([flow], home, RunOptions(dry_run=False)))
    (result,) = results
    (setting,) = result.settings
    assert setting.outcome is Outcome.UNAVAILABLE
    assert "no setting or form of its own" in setting.detail
    assert "optout apply instagram" in setting.detail
    assert "https://help.instagram.com/contact/233964459562201" in setting.detail
    assert "EU/EEA and the UK" in setting.detail
    assert result.stats == {}, "no browser page was opened"


def test_replica_serves_the_policy_pages():
    import http.client
    from urllib.parse import urlsplit

    server = ReplicaServer(ThreadsReplica()).start()
    try:
        for doc in load().flows["threads"].policies:
            parts = urlsplit(doc.url)
            conn = http.client.HTTPConnection("127.0.0.1", server.httpd.server_port, timeout=5)
            conn.request("GET", parts.path, headers={"Host": parts.netloc})
            reply = conn.getresponse()
            text = reply.read().decode()
            conn.close()
            assert reply.status == 200, doc.url
            assert "<main>" in text and doc.title in text
    finally:
        server.stop()
