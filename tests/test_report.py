"""``optout report``: the HTML file opened in a real browser shows every setting, its
screenshots (embedded) and its receipts, and loads nothing from anywhere else."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner
from playwright.async_api import Page

from optout_bot.cli import cli, main
from optout_bot.home import Home
from tests.test_store import cli_home, record_three_runs


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Home:
    return cli_home(tmp_path, monkeypatch)


@pytest.fixture
def runs(home: Home) -> dict[str, str]:
    return record_three_runs(home)


def write_report(tmp_path: Path, *extra: str) -> Path:
    out = tmp_path / "sent" / "report.html"
    result = CliRunner().invoke(cli, ["report", "--out", str(out), *extra],
                                catch_exceptions=False, standalone_mode=False)
    assert result.return_value == 0
    assert result.output == f"Wrote the evidence report (3 settings) to {out}\n"
    return out


async def open_report(page: Page, path: Path) -> list[str]:
    """Opens the report in the plugin's page: the addresses it requested."""
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    await page.goto(path.as_uri())
    return requests


@pytest.mark.asyncio
async def test_report_shows_every_setting_with_screenshots_and_receipts(
        page: Page, home: Home, runs: dict, tmp_path: Path) -> None:
    out = write_report(tmp_path)
    assert out.stat().st_mode & 0o777 == 0o600
    requests = await open_report(page, out)
    assert requests == [out.as_uri()]  # self-contained: nothing else is fetched
    assert await page.locator("h1").inner_text() == "AI-training opt-out evidence"
    assert await page.locator("h2").all_inner_texts() == ["linkedin — me@example.com",
                                                          "x — me@example.com"]
    assert await page.locator("h3").all_inner_texts() == ["Use my data for ai-training",
                                                          "Use my data for sharing",
                                                          "Use my data for grok"]
    assert "Integrity check passed" in await page.locator("#integrity").inner_text()

    training = page.locator("[data-setting=ai-training]")
    assert "Now: OFF (Turned off)" in await training.inner_text()
    rows = training.locator("tr.record")
    assert await rows.count() == 2
    assert runs["again"] in await rows.nth(0).inner_text()  # newest first
    assert "Came back on: it was off on 2026-01-10." in await rows.nth(0).inner_text()
    assert runs["first"] in await rows.nth(1).inner_text()
    receipts = await training.locator("td.hash").all_inner_texts()
    assert [r.split()[0] for r in receipts] == ["#3", "#1"]
    assert all(len(r.split()[1]) == 64 for r in receipts)

    grok = await page.locator("[data-setting=grok]").inner_text()
    assert "Now: ON (On)" in grok and "check only" in grok

    # ai-training: both records were changes; sharing and grok: their newest record
    assert await page.locator("figure img").count() == 8
    sizes = await page.eval_on_selector_all(
        "figure img", "imgs => imgs.map(i => [i.complete, i.naturalWidth, i.src.slice(0, 22)])")
    assert all(done and width > 0 and src == "data:image/png;base64," for done, width, src
               in sizes)
    captions = await training.locator("tr.screenshots").first.locator(
        "figcaption").all_inner_texts()
    assert captions == ["Before · 2026-11-20 09:00 UTC", "After · 2026-11-20 09:00 UTC"]


@pytest.mark.asyncio
async def test_report_says_when_evidence_was_pruned_or_tampered_with(
        page: Page, home: Home, runs: dict, tmp_path: Path) -> None:
    CliRunner().invoke(cli, ["prune", "--keep-days", "30"], catch_exceptions=False)
    edited = next(home.root.joinpath("evidence", runs["x"]).rglob("*after.png"))
    edited.write_bytes(edited.read_bytes() + b"!")
    await open_report(page, write_report(tmp_path))
    integrity = await page.locator("#integrity").inner_text()
    assert "Integrity check found problems" in integrity
    assert f"{edited.relative_to(home.root).as_posix()}" in integrity
    old = page.locator("[data-setting=ai-training] tr.screenshots").nth(1)
    assert await old.locator("img").count() == 0
    assert "Removed by 'optout prune'" in await old.inner_text()
    grok = await page.locator("[data-setting=grok]").inner_text()
    assert "differs from the one recorded" in grok


@pytest.mark.asyncio
async def test_report_of_an_empty_history(page: Page, home: Home, tmp_path: Path) -> None:
    out = tmp_path / "empty.html"
    CliRunner().invoke(cli, ["report", "--out", str(out)], catch_exceptions=False)
    await open_report(page, out)
    assert "No settings have been checked yet." in await page.locator("body").inner_text()


def test_report_goes_to_the_home_by_default(home: Home, runs: dict) -> None:
    result = CliRunner().invoke(cli, ["report", "--json"], catch_exceptions=False)
    document = json.loads(result.output)
    path = Path(document["path"])
    assert path.parent == home.root / "reports" and path.suffix == ".html"
    assert document["settings"] == 3 and path.is_file()


def test_report_to_an_unwritable_place_is_one_line(home: Home, tmp_path: Path, capsys) -> None:
    blocker = tmp_path / "a-file"
    blocker.write_text("")
    with pytest.raises(SystemExit) as stopped:
        main(["report", "--out", str(blocker / "report.html")])
    assert stopped.value.code == 3
    error = capsys.readouterr().err
    assert error.startswith("Error: Could not write the report to") and error.count("\n") == 1


def test_report_open_asks_the_browser_and_says_so_when_there_is_none(
        home: Home, runs: dict, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    opened: list[str] = []
    monkeypatch.setattr("webbrowser.open", lambda url: opened.append(url) or False)
    out = tmp_path / "r.html"
    result = CliRunner().invoke(cli, ["report", "--out", str(out), "--open"],
                                catch_exceptions=False)
    assert opened == [out.as_uri()]
    assert f"Could not open a browser; open {out} yourself." in result.output
