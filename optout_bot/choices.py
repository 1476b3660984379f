"""Steps for a ``choice`` setting: one of several options, found, read and picked as a
person does.

A choice is a ``<select>``, a radio group (``role=radiogroup``, or a fieldset of radio
buttons), an ARIA listbox, or a menu button (a button that opens a menu of options and
shows the chosen one as its text, as GitHub's settings do). It is found by its accessible
name first, then by the text around it, then by the setting's fallback selector.
"""

from __future__ import annotations

from dataclasses import dataclass

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from optout_bot import changing, steps
from optout_bot.declarations import Choice, Setting, name_pattern
from optout_bot.errors import FlowError

#: every element that can hold a choice
CHOICES = ("select, [role=combobox], [role=listbox], [role=radiogroup], "
           "button[aria-haspopup], fieldset:has(input[type=radio])")
ROLES = ("combobox", "listbox", "radiogroup", "group", "button")


@dataclass(frozen=True)
class Picked:
    """The option a choice shows as selected: its name as a person reads it, its value."""

    name: str
    value: str = ""


_IS_CHOICE = f"e => e.matches({CHOICES!r})"


async def find_choice(page: Page, setting: Setting, timeout: float = 8.0) -> Locator | None:
    """The setting's choice control, waiting up to ``timeout`` seconds for it to attach."""
    pattern = name_pattern(setting.names)
    candidates = [] if pattern is None else (
        [page.get_by_role(role, name=pattern) for role in ROLES]  # type: ignore[arg-type]
        + [page.get_by_label(pattern)])
    anything = page.locator(CHOICES)
    for other in candidates:
        anything = anything.or_(other)
    try:
        await anything.first.wait_for(state="attached", timeout=timeout * 1000)
    except PlaywrightTimeout:
        return None
    for locator in candidates:
        for index in range(await locator.count()):
            found = locator.nth(index)
            try:
                if await found.is_visible() and await found.evaluate(_IS_CHOICE):
                    return found
            except PlaywrightError:
                continue
    by_text = await find_choice_by_text(page, setting.names)
    if by_text is not None:
        return by_text
    if setting.fallback and await page.locator(setting.fallback).count() == 1:
        return page.locator(setting.fallback).first
    return None


async def find_choice_by_text(page: Page, names: tuple[str, ...]) -> Locator | None:
    """The one choice whose label, description or own container text matches ``names``
    (a menu button is named by the option it shows, not by the question it answers)."""
    return await steps.find_by_text(page, names, CHOICES)


_READ = """e => {
  const clean = s => (s || '').replace(/\\s+/g, ' ').trim();
  const named = n => clean(n.getAttribute('aria-label') || n.innerText || n.textContent);
  if (e.tagName === 'SELECT') {
    const o = e.selectedOptions[0];
    return o ? [named(o), o.value] : null;
  }
  const radio = e.querySelector('input[type=radio]:checked');
  if (radio) {
    const label = radio.labels && radio.labels[0];
    return [clean(radio.getAttribute('aria-label') || (label ? label.innerText : '')),
            radio.value];
  }
  if (e.querySelector('input[type=radio]')) return null;
  const chosen = e.querySelector('[role=radio][aria-checked=true], ' +
                                 '[role=option][aria-selected=true]');
  if (chosen) return [named(chosen), chosen.getAttribute('data-value') || ''];
  if (e.matches('[role=radiogroup], [role=listbox], fieldset')) return null;
  const own = clean(e.innerText || e.value);
  return own ? [own, e.value || ''] : null;
}"""


async def read_choice(control: Locator) -> Picked | None:
    """The option the control shows as selected; None when none is, or it cannot be read.

    A menu button or an ARIA combobox shows the chosen option as its own text.
    """
    try:
        found = await control.evaluate(_READ, timeout=3000)
    except PlaywrightError:
        return None
    return Picked(found[0], found[1]) if found and found[0] else None


_KIND = """e => e.tagName === 'SELECT' ? 'select'
  : e.querySelector('input[type=radio], [role=radio]') ? 'radio'
  : e.matches('[role=listbox]') ? 'option' : 'menu'"""

_SAFE_OPTION = """(e, [source, value]) => {
  const re = new RegExp(source, 'i');
  const o = [...e.options].find(o => (value !== null && o.value === value) ||
                                      re.test(o.textContent.replace(/\\s+/g, ' ').trim()));
  return o ? o.value : null;
}"""


async def choose_safe(page: Page, control: Locator, setting: Setting) -> None:
    """Pick the safe option as a person would, then what follows any change
    (``changing.make_change``: confirm, the section's save button, the save answered)."""
    assert setting.choice is not None
    choice = setting.choice

    async def choose(watcher: changing.SaveWatcher) -> None:
        await pick(page, control, choice)

    await changing.make_change(page, control, setting, choose)


async def pick(page: Page, control: Locator, choice: Choice) -> None:
    pattern = name_pattern(choice.safe)
    assert pattern is not None
    kind = await control.evaluate(_KIND)
    if kind == "select":
        value = await control.evaluate(_SAFE_OPTION, [pattern.pattern, choice.safe_value])
        if value is None:
            raise FlowError("the list offers no safe option to choose")
        await control.select_option(value=value, timeout=5000)
        return
    if kind in ("radio", "option"):
        option = await steps.first_visible(control.get_by_role(kind, name=pattern))
        if option is None:
            raise FlowError("the choice offers no safe option to pick")
        await changing.press(page, option, what="the option")
        return
    await control.click(timeout=5000)  # a menu button: open its menu, then pick
    items = (page.get_by_role("menuitemradio", name=pattern)
             .or_(page.get_by_role("menuitem", name=pattern))
             .or_(page.get_by_role("option", name=pattern)))
    try:
        await items.first.wait_for(state="visible", timeout=3000)
    except PlaywrightTimeout:
        raise FlowError("the menu of options did not open, or offers no safe option"
                        ) from None
    item = await steps.first_visible(items)
    assert item is not None
    await item.click(timeout=5000)
