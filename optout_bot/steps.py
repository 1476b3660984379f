"""The small vocabulary of page steps flows are built from: find, read, fill, click, wait.

Changing a control is ``optout_bot.changing``; what covers a page, ``optout_bot.dialogs``.

Every step finds things the way a person does: by role and accessible name first, by a
known attribute selector second, and waits for a state rather than for a fixed time.
"""

from __future__ import annotations

import asyncio
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page
from playwright.async_api import TimeoutError as PlaywrightTimeout

from optout_bot import text
from optout_bot.declarations import Setting, name_pattern
from optout_bot.errors import FlowError

ERROR_TEXTS = (r"something went wrong|couldn.t save|could not save|not saved|"
               r"failed to save|try again|error",
               r"schiefgelaufen|fehler|nicht gespeichert|erneut",
               r"un problème|erreur|réessayer|pas été enregistr",
               r"algo salió mal|error|inténtalo de nuevo|no se (pudo|ha podido) guardar",
               r"qualcosa è andato storto|errore|riprova|non è stato possibile salvare",
               r"algo deu errado|algo correu mal|erro|tente novamente|não foi possível salvar",
               r"er is iets misgegaan|fout|probeer het opnieuw|niet opgeslagen")
RETRY_NAMES = (r"^(retry|try again|reload)$",
               r"^(wiederholen|erneut versuchen|neu laden|réessayer|recharger|reintentar|"
               r"volver a cargar|riprova|ricarica|tentar novamente|recarregar|opnieuw proberen|"
               r"opnieuw laden)$")


async def first_visible(locator: Locator) -> Locator | None:
    """The first visible element of ``locator``; else its first element; else None.

    One query when one is visible: the page filters by visibility itself."""
    shown = await visible_one(locator)
    if shown is not None:
        return shown
    try:
        return locator.first if await locator.count() else None
    except PlaywrightError:
        return None


async def visible_one(locator: Locator) -> Locator | None:
    """The first visible element of ``locator``, or None, in one query."""
    visible = locator.filter(visible=True)
    try:
        return visible.first if await visible.count() else None
    except PlaywrightError:
        return None


def _role_locators(page: Page, roles: tuple[str, ...], names: tuple[str, ...]) -> list[Locator]:
    pattern = name_pattern(names)
    if pattern is None:
        return []
    found = [page.get_by_role(role, name=pattern) for role in roles]  # type: ignore[arg-type]
    found.append(page.get_by_label(pattern))
    return found


async def find_toggle(page: Page, setting: Setting, timeout: float = 8.0) -> Locator | None:
    """The setting's control: by role + accessible name, then by label, then by the text
    that describes it (``aria-describedby``, its container), then the fallback selector.

    Waits up to ``timeout`` seconds for a candidate to attach (pages that render late).
    """
    # each look-up with what it looks by: a role, or "label"
    named = list(zip((*setting.roles, "label"),
                     _role_locators(page, setting.roles, setting.names), strict=False))
    # A switch or checkbox by any name is one of TOGGLES: waiting for those by name as
    # well would only make the page work out every element's role and name on each look.
    awaited = [c for role, c in named if role not in TOGGLE_ROLES]
    fallback = page.locator(setting.fallback) if setting.fallback else None
    if fallback is not None:
        awaited.append(fallback)
    elif not named:
        return None
    anything = page.locator(TOGGLES)
    for other in awaited:
        anything = anything.or_(other)
    try:
        await anything.first.wait_for(state="attached", timeout=timeout * 1000)
    except PlaywrightTimeout:
        return None
    for role, locator in named:
        # what a switch or checkbox role found is the toggle itself, not a label
        chosen = await _toggle_found(locator, may_be_label=role not in TOGGLE_ROLES)
        if chosen is not None:
            return chosen
    by_text = await find_toggle_by_text(page, setting.names)
    if by_text is not None:
        return by_text
    if fallback is not None and await fallback.count() == 1:
        # An attribute selector stands for the setting only when it matches one control.
        return await _toggle_found(fallback)
    return None


TOGGLES = "input[type=checkbox], [role=switch], [role=checkbox]"
#: the roles every element of which ``TOGGLES`` matches
TOGGLE_ROLES = ("switch", "checkbox")

#: the index of the one element of ``selector`` whose label, description or own container
#: text matches the pattern ``source``, or -1
_TEXT_OF_CONTROLS = """([source, selector]) => {
  const re = new RegExp(source, 'i');
  const all = [...document.querySelectorAll(selector)];
  const byId = id => { const e = document.getElementById(id); return e ? e.textContent : ''; };
  for (let i = 0; i < all.length; i++) {
    const e = all[i];
    const parts = [e.getAttribute('aria-label') || ''];
    for (const attr of ['aria-labelledby', 'aria-describedby'])
      (e.getAttribute(attr) || '').split(/\\s+/).forEach(id => id && parts.push(byId(id)));
    for (const label of (e.labels || [])) parts.push(label.textContent);
    let box = e.parentElement;
    for (let depth = 0; box && depth < 4; depth++, box = box.parentElement) {
      if (box.querySelectorAll(selector).length > 1) break;
      parts.push(box.textContent);
    }
    if (re.test(parts.join(' ').replace(/\\s+/g, ' '))) return i;
  }
  return -1;
}"""


async def find_toggle_by_text(page: Page, names: tuple[str, ...]) -> Locator | None:
    """The one toggle whose label, description or own container text matches ``names``."""
    return await find_by_text(page, names, TOGGLES)


async def find_by_text(page: Page, names: tuple[str, ...], selector: str) -> Locator | None:
    """The one control of ``selector`` whose label, description or own container text
    matches ``names``."""
    if not names:
        return None
    source = text.tolerant("|".join(f"(?:{n})" for n in names))
    try:
        index = await page.evaluate(_TEXT_OF_CONTROLS, [source, selector])
    except PlaywrightError:
        return None
    return page.locator(selector).nth(index) if index >= 0 else None


#: a label that holds a toggle, which stands for it
LABEL_OF_TOGGLE = f"label:has({TOGGLES})"


async def _toggle_found(locator: Locator, may_be_label: bool = True) -> Locator | None:
    """The first visible element of ``locator`` (else its first), as a toggle: a label
    stands for its input (asked only when ``may_be_label``).

    Counted by Playwright in its own isolated world, as every query on a settings page is:
    a function run in the page's world (``evaluate_all``) makes Playwright build its
    injected script there as well, once per document, about 40 ms of the browser's time on
    every load (figures in docs/benchmarks.md)."""
    for found in (locator.filter(visible=True), locator):
        try:
            if not await found.count():
                continue
            first = found.first
            if may_be_label and await first.and_(first.page.locator(LABEL_OF_TOGGLE)).count():
                return first.locator(TOGGLES).first
        except PlaywrightError:
            return None
        return first
    return None


async def read_toggle(control: Locator) -> bool | None:
    """True when the control is checked/on, False when off, None when it cannot be told.

    A native checkbox's own state comes first; ``aria-checked`` for custom switches. A
    control that is not there within 3 s (the page went on to another, say) is not looked
    for a second time.
    """
    try:
        return await control.is_checked(timeout=3000)
    except PlaywrightTimeout:
        return None
    except PlaywrightError:
        pass
    try:
        aria = await control.get_attribute("aria-checked", timeout=2000)
    except PlaywrightError:
        return None
    return aria == "true" if aria in ("true", "false") else None


#: a disabled control: natively (itself or its fieldset) or by ``aria-disabled`` on it or a
#: container
DISABLED = ":disabled, [aria-disabled=true], [aria-disabled=true] *"


async def is_disabled(control: Locator) -> bool:
    """Whether the control's first element is disabled, in one query (reading
    ``aria-disabled`` and asking Playwright took two, each waiting for the element)."""
    try:
        return bool(await control.first.and_(control.page.locator(DISABLED)).count())
    except PlaywrightError:
        return False


async def error_message(page: Page, any_text: bool = False) -> str | None:
    """A visible alert/toast that reports an error, if any.

    ``any_text``: on a sign-in page every alert is the site's answer ("Wrong password!"),
    and so is a visible element whose id or class names an error.
    """
    alerts = page.get_by_role("alert").or_(page.locator("[role=status], [aria-live], .toast"))
    if any_text:
        alerts = alerts.or_(page.locator("[id*=error i], [class*=error i]"))
    shown = alerts.filter(visible=True)
    try:  # most pages show none: one query
        count = min(await shown.count(), 10)
    except PlaywrightError:
        return None
    for index in range(count):
        try:  # a toast may be gone by now
            said = (await shown.nth(index).inner_text(timeout=GONE_TIMEOUT_MS)).strip()
        except PlaywrightError:
            continue
        if said and (any_text or text.matches_any(ERROR_TEXTS, said)):
            return said.splitlines()[0][:200]
    return None


#: how long a message counted a moment ago is waited for before it counts as gone
GONE_TIMEOUT_MS = 500


async def click_named(page: Page, names: tuple[str, ...], roles=("button", "link")) -> bool:
    pattern = name_pattern(names)
    for role in roles:
        target = await visible_one(page.get_by_role(role, name=pattern))
        if target is not None:
            try:
                await target.click(timeout=3000)
                return True
            except PlaywrightError:
                continue
    return False


async def page_text(page: Page, limit: int = 20000) -> str:
    try:
        return (await page.locator("body").inner_text(timeout=3000))[:limit]
    except PlaywrightError:
        return ""


async def fill_first(page: Page, value: str, *, labels: tuple[str, ...] = (),
                     selectors: tuple[str, ...] = (), secret: bool = False,
                     timeout: float = 10.0) -> Locator:
    """Fill the first visible text field found by label, then by selector.

    With ``secret`` the value never appears in an error message.
    """
    candidates = [page.get_by_label(text.tolerant_regex(label)) for label in labels]
    candidates += [page.locator(selector) for selector in selectors]
    anything = candidates[0]
    for other in candidates[1:]:
        anything = anything.or_(other)
    what = "password field" if secret else "field"
    try:
        await anything.first.wait_for(state="visible", timeout=timeout * 1000)
        for locator in candidates:
            fields = locator.filter(visible=True).and_(page.locator(TEXT_FIELD))
            if await fields.count():
                field = fields.first
                await field.fill(value, timeout=5000)
                return field
    except PlaywrightError:
        raise FlowError(f"could not fill the {what} on {page_title_url(page)}") from None
    raise FlowError(f"could not find the {what} on {page_title_url(page)}")


#: a field a person can type into: a text area or an input of a kind one types into
#: (``:read-write``: enabled, not read-only, and text, email, password, number and the like)
TEXT_FIELD = "textarea:read-write, input:read-write"


async def click_first(page: Page, *, names: tuple[str, ...] = (),
                      selectors: tuple[str, ...] = (), timeout: float = 10.0,
                      enter_fallback: bool = True) -> None:
    """Click the first visible button found by name, then by selector.

    When none is found (a page in another language, say), press Enter in the focused field,
    which submits the form on sites as it does for a person.
    """
    pattern = name_pattern(names)
    candidates = [page.get_by_role("button", name=pattern)] if pattern else []
    candidates += [page.locator(selector) for selector in selectors]
    anything = candidates[0]
    for other in candidates[1:]:
        anything = anything.or_(other)
    try:
        await anything.first.wait_for(state="visible", timeout=timeout * 1000)
        for locator in candidates:
            button = await visible_one(locator)
            if button is not None:
                await button.click(timeout=5000)
                return
    except PlaywrightError:
        pass
    if enter_fallback and await page.evaluate(_FOCUSED_TEXT_FIELD):
        await page.keyboard.press("Enter")
        return
    raise FlowError(f"could not find the button to continue on {page_title_url(page)}")


_FOCUSED_TEXT_FIELD = """() => { const e = document.activeElement;
  return !!e && (e.tagName === 'INPUT' || e.tagName === 'TEXTAREA'); }"""


def page_title_url(page: Page) -> str:
    parts = urlsplit(page.url)
    return f"{parts.netloc}{parts.path}"


async def has_cookie(page: Page, names: tuple[str, ...]) -> bool:
    cookies = await page.context.cookies()
    return any(c["name"] in names and c.get("value") for c in cookies)


#: seconds a page's script may hold up the answer to a wait beyond the wait itself
BUSY_PAGE_GRACE = 2.0

#: The page's changes (an element added, removed or changed, text typed or shown), counted
#: from the first call on each document. ``[seen, ms, quiet]``: the mark of the last look
#: (null: none yet); how long to wait at most; with ``quiet``, until the page has gone that
#: long without a change, else until a change since ``seen`` (at once if one came already).
#: Resolves to the mark to pass next time, a new document's marks unlike the old one's.
_CHANGES = """([seen, ms, quiet]) => new Promise(resolve => {
  const key = Symbol.for('optout-bot.changes');
  let c = window[key];
  if (!c) {
    c = window[key] = {id: Math.random(), n: 0, waiters: new Set()};
    new MutationObserver(() => { c.n++; for (const f of [...c.waiters]) f(); }).observe(
      document, {subtree: true, childList: true, attributes: true, characterData: true});
  }
  const mark = () => [c.id, c.n];
  let quietTimer;
  const done = () => { c.waiters.delete(changed); clearTimeout(cap); clearTimeout(quietTimer);
                       resolve(mark()); };
  const changed = () => {
    if (!quiet) return done();
    clearTimeout(quietTimer);
    quietTimer = setTimeout(done, quiet);
  };
  const moved = seen && (seen[0] !== c.id || seen[1] !== c.n);
  if (ms <= 0 || (moved && !quiet)) return resolve(mark());
  const cap = setTimeout(done, ms);
  c.waiters.add(changed);
  if (quiet) quietTimer = setTimeout(done, quiet);
})"""


class PageChanges:
    """What a loop that looks at a page again waits for between looks, where it slept a
    fixed time: the page's next change (or a navigation). Counted in the page from
    ``mark()``, made before the first look, so a change made while the loop was looking is
    not missed."""

    def __init__(self, page: Page):
        self.page = page
        self.seen: list | None = None

    async def _ask(self, at_most: float, quiet: float = 0.0) -> None:
        try:
            self.seen = await asyncio.wait_for(
                self.page.evaluate(_CHANGES, [self.seen, int(at_most * 1000),
                                              int(quiet * 1000)]),
                at_most + BUSY_PAGE_GRACE)
        except (PlaywrightError, TimeoutError):
            self.seen = None  # navigated (or closed, or too busy to answer): look again

    async def mark(self) -> None:
        """Start counting (before the first look)."""
        await self._ask(0)

    async def next(self, at_most: float) -> None:
        """Until the page has changed since the last mark or wait, ``at_most`` seconds; at
        once after the page could not be asked (it was navigating: that is a change)."""
        await self._ask(at_most if self.seen is not None else 0)

    async def quiet(self, quiet_for: float, at_most: float) -> None:
        """Until the page has gone ``quiet_for`` seconds without a change (a list that
        renders item by item has finished), ``at_most`` seconds."""
        await self._ask(at_most, quiet_for)
