"""The choice steps on the shapes a choice takes on real pages, in one browser page."""

from __future__ import annotations

from optout_bot.choices import Picked, find_choice, pick, read_choice
from optout_bot.declarations import CHOICE, Choice, Setting

PAGE = """<main>
<div><span id="q1">Share my posts with partners</span>
<ul role="listbox" aria-labelledby="q1">
<li role="option" aria-selected="true" onclick="choose(this)">Share</li>
<li role="option" aria-selected="false" onclick="choose(this)">Do not share</li></ul></div>
<div><span id="q2">Train models on my data</span>
<div role="radiogroup" aria-labelledby="q2">
<span role="radio" aria-checked="false" onclick="choose(this)">Off</span>
<span role="radio" aria-checked="true" onclick="choose(this)">On</span></div></div>
<div><p>Use my stories for research</p>
<select><option value="yes" selected>Yes please</option><option value="no">No thanks</option>
</select></div>
</main>
<script>function choose(el) {
  var attr = el.getAttribute('role') === 'option' ? 'aria-selected' : 'aria-checked';
  [...el.parentElement.children].forEach(o => o.setAttribute(attr, String(o === el)));
}</script>"""


def setting(names: str, safe: str, unsafe: str, value: str | None = None) -> Setting:
    return Setting("s", names, "https://example.com/settings", kind=CHOICE, names=(names,),
                   choice=Choice(safe=(safe,), unsafe=(unsafe,), safe_value=value))


LISTBOX = setting("share my posts", "^do not share$", "^share$")
RADIOS = setting("train models", "^off$", "^on$")
SELECT = setting("use my stories for research", "^no thanks$", "^yes please$", "no")


def test_each_shape_is_found_read_and_set_to_its_safe_option(shared_browser):
    async def walk() -> list[tuple[Picked | None, Picked | None]]:
        context = await shared_browser.new_context()
        page = await context.new_page()
        try:
            await page.set_content(PAGE)
            seen = []
            for declared in (LISTBOX, RADIOS, SELECT):
                control = await find_choice(page, declared, timeout=2)
                assert control is not None, declared.names
                before = await read_choice(control)
                assert declared.choice is not None
                await pick(page, control, declared.choice)
                seen.append((before, await read_choice(control)))
            return seen
        finally:
            await context.close()

    assert shared_browser.call(walk()) == [
        (Picked("Share"), Picked("Do not share")),
        (Picked("On"), Picked("Off")),
        (Picked("Yes please", "yes"), Picked("No thanks", "no")),
    ]
