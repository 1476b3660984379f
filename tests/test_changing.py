"""After a change, what a person does next: confirm the dialog that asks about it (however
soon it opens, and even after the page's own tracking request), or press the save button
the change enabled, once."""

from __future__ import annotations

import asyncio

import pytest

from optout_bot.changing import click_and_confirm
from optout_bot.declarations import Setting
from optout_bot.errors import FlowError

SITE = "https://settings.example"
SETTING = Setting("training", "Use my data for training", f"{SITE}/settings",
                  names=(r"use my data for training",))

#: a switch that asks first; ``delay`` ms until the dialog opens, after a tracking beacon
ASKS_FIRST = """<main><h1>Privacy</h1>
<button role="switch" aria-checked="true" id="s">Use my data for training</button>
<div role="dialog" aria-modal="true" hidden id="d"><p>Turn off training on your data?</p>
<button id="no">Cancel</button><button id="yes">Turn off</button></div>
<script>
const s = document.getElementById('s'), d = document.getElementById('d');
s.onclick = () => {
  if (TRACK) fetch('/track', {method: 'POST', body: 'toggle'});
  setTimeout(() => { d.hidden = false; }, DELAY);
};
document.getElementById('no').onclick = () => { d.hidden = true; };
document.getElementById('yes').onclick = () => {
  d.hidden = true; s.setAttribute('aria-checked', 'false');
  fetch('/api/settings', {method: 'POST', body: 'training=off'});
};
</script></main>"""

#: a box the page keeps until its Save button (disabled until a change) is pressed
SAVE_BUTTON = """<main><h1>Privacy</h1><form onsubmit="return false">
<label><input type="checkbox" checked id="c"> Use my data for training</label>
<button id="save" disabled>Save</button></form>
<script>
const c = document.getElementById('c'), save = document.getElementById('save');
c.onchange = () => { save.disabled = false; };
save.onclick = () => {
  save.disabled = true;
  fetch('/api/save', {method: 'POST', body: 'training=' + c.checked});
};
</script></main>"""


#: a switch that shows its new state only once the site has answered (or refused) the write
ANSWERS_FIRST = """<main><h1>Privacy</h1>
<button role="switch" aria-checked="true" id="s">Use my data for training</button>
<script>
const s = document.getElementById('s');
s.onclick = async () => {
  await new Promise(wait => setTimeout(wait, LATER));
  fetch('/track', {method: 'POST', body: 'toggle'});
  const answer = await fetch('/api/WHERE', {method: 'POST', body: 'training=off'});
  if (answer.ok) s.setAttribute('aria-checked', 'false');
};
</script></main>"""


def change(shared_browser, body: str) -> tuple[list[str], str | None]:
    """Load ``body``, change the setting, and return the writes sent and its state."""
    async def run() -> tuple[list[str], str | None]:
        context = await shared_browser.new_context()
        writes: list[str] = []

        async def answer(route) -> None:
            if route.request.method == "POST":
                writes.append(route.request.url.removeprefix(SITE))
                await asyncio.sleep(0.05)
                await route.fulfill(status=500 if "refuse" in route.request.url else 204)
            else:
                await route.fulfill(status=200, content_type="text/html", body=body)

        try:
            await context.route(f"{SITE}/**", answer)
            page = await context.new_page()
            await page.goto(SETTING.url, wait_until="domcontentloaded")
            control = page.get_by_role("switch").or_(page.get_by_role("checkbox")).first
            await click_and_confirm(page, control, SETTING)
            state = await control.get_attribute("aria-checked")
            if state is None:
                state = str(await control.is_checked()).lower()
            return writes, state
        finally:
            await context.close()

    return shared_browser.call(run())


@pytest.mark.parametrize(("delay_ms", "track"), [(0, False), (300, False), (0, True),
                                                 (300, True)])
def test_a_dialog_asking_about_the_change_is_confirmed(shared_browser, delay_ms, track):
    body = ASKS_FIRST.replace("DELAY", str(delay_ms)).replace("TRACK", str(track).lower())
    writes, state = change(shared_browser, body)
    assert state == "false"
    assert writes.count("/api/settings") == 1, writes


def test_the_save_button_the_change_enabled_is_pressed_once(shared_browser):
    writes, state = change(shared_browser, SAVE_BUTTON)
    assert state == "false"
    assert writes == ["/api/save"]


@pytest.mark.parametrize("later_ms", [0, 300])
def test_a_switch_that_waits_for_the_sites_answer_takes_the_change(shared_browser, later_ms):
    """Also when its write goes out a while after the click (a busy machine, a page that
    waits before it writes): one click, not a second one taken for a click beside it."""
    body = ANSWERS_FIRST.replace("WHERE", "settings").replace("LATER", str(later_ms))
    writes, state = change(shared_browser, body)
    assert state == "false"
    assert writes.count("/api/settings") == 1, writes


def test_a_write_the_site_refuses_is_reported(shared_browser):
    with pytest.raises(FlowError, match="HTTP 500"):
        change(shared_browser, ANSWERS_FIRST.replace("WHERE", "refuse").replace("LATER", "0"))
