"""Changing a control the way a person does: click it (past what covers it), confirm
what the page asks about the change, press the one save button of its section, and
wait for the page's own writes to be answered.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import TYPE_CHECKING

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import dialogs, text
from optout_bot.declarations import Setting, name_pattern
from optout_bot.errors import FlowError
from optout_bot.steps import error_message, first_visible, read_toggle

if TYPE_CHECKING:  # pragma: no cover
    from playwright.async_api import Request

SAVE_BUTTONS = (r"^(save|save changes|save settings|apply|update|done)$",
                r"^(speichern|änderungen speichern|einstellungen speichern|übernehmen)$",
                r"^(enregistrer|enregistrer les (modifications|réglages|paramètres)|appliquer)$",
                r"^(guardar|guardar (cambios|ajustes|la configuración)|aplicar)$",
                r"^(salva|salva (modifiche|impostazioni)|applica)$",
                r"^(salvar|guardar|salvar (alterações|configurações)|aplicar)$",
                r"^(opslaan|wijzigingen opslaan|instellingen opslaan|toepassen)$")
#: marks the buttons that were disabled before a change (a save button the change enables)
WAS_DISABLED = "data-optout-was-disabled"
_MARK_DISABLED = """name => {
  document.querySelectorAll(`[${name}]`).forEach(b => b.removeAttribute(name));
  document.querySelectorAll('button:disabled, input[type=submit]:disabled')
    .forEach(b => b.setAttribute(name, ''));
}"""


#: seconds a click that changed nothing at once is given to start the page's write (which
#: the browser tells of only after the click, later on a busy machine, and which some pages
#: send only after a moment) or to change the control, before it is taken for a click that
#: landed beside the control and the control is clicked once more
WRITE_AFTER_CLICK = 1.0


class NotClicked(FlowError):
    """The control could not be clicked at all (covered, gone): nothing was changed."""


async def click_and_confirm(page: Page, control: Locator, setting: Setting) -> None:
    """Flip the control as a person would, confirm a dialog if one asks, let the save finish.

    A page that keeps the change until it is saved gets one button pressed: the save
    button of the control's own section (``save_button_for``).
    """
    async def flip(watcher: SaveWatcher) -> None:
        before = await read_toggle(control)
        await press(page, control)
        after = await read_toggle(control)
        watcher.control_changed = None if None in (before, after) else after != before
        if watcher.control_changed is False:
            async def changed_since() -> bool:
                return await read_toggle(control) not in (None, before)
            watcher.changed_since = changed_since
        if before is not None and after == before and not watcher.seen and not (
                await _within(watcher.started.wait(), WRITE_AFTER_CLICK)
                or await read_toggle(control) != before):
            await control.dispatch_event("click")  # the click landed beside the control

    await make_change(page, control, setting, flip)


async def make_change(page: Page, control: Locator, setting: Setting,
                      act: Callable[[SaveWatcher], Awaitable[None]]) -> None:
    """``act`` changes ``control``; then what a person does after a change: confirm a
    dialog that asks about it, press the section's save button when the page did not save
    on its own, and wait for the page's writes to be answered. A refused write raises
    ``FlowError`` with what the site answered."""
    await _mark_disabled_buttons(page)
    watcher = SaveWatcher(page)
    try:
        await act(watcher)
        await confirm_if_asked(page, setting.confirm, watcher)
        await saved_or_waiting(page, watcher, 0.5)
        await watcher.settle(start_grace=0)
        if not watcher.seen:
            save = await save_button_for(control)
            if save is not None:
                await press(page, save, what="the save button")
        await watcher.settle()
    finally:
        watcher.close()
    await raise_if_refused(page, watcher)


async def saved_or_waiting(page: Page, watcher: SaveWatcher, grace: float) -> None:
    """Until the page sends its write on its own, or shows that it waits for its save
    button (a button the change enabled), at most ``grace`` seconds."""
    if watcher.started.is_set():
        return  # the write is already on its way: nothing to ask the page
    enabled = page.locator(f"[{WAS_DISABLED}]:enabled").first
    waits = [asyncio.ensure_future(watcher.started.wait()),
             asyncio.ensure_future(enabled.wait_for(state="attached", timeout=grace * 1000))]
    try:
        await asyncio.wait(waits, timeout=grace, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for wait in waits:
            wait.cancel()
        await asyncio.gather(*waits, return_exceptions=True)


async def raise_if_refused(page: Page, watcher: SaveWatcher) -> None:
    """``FlowError`` when the site answered a write with an error or shows one."""
    if watcher.failed_status:
        raise FlowError(f"the site answered the save with HTTP {watcher.failed_status}")
    toast = await error_message(page)
    if toast:
        raise FlowError(f"the site said: {toast}")


async def _mark_disabled_buttons(page: Page) -> None:
    try:
        await page.evaluate(_MARK_DISABLED, WAS_DISABLED)
    except PlaywrightError:
        pass


async def save_button_for(control: Locator) -> Locator | None:
    """The one save button that belongs to ``control``: the nearest section around it
    that has a visible, enabled save button (by name in the known languages, or the
    button the change has just enabled)."""
    names = name_pattern(SAVE_BUTTONS)
    for depth in range(1, 12):
        section = control.locator(f"xpath=ancestor::*[{depth}]")
        if not await section.count():
            return None
        for buttons in (section.get_by_role("button", name=names),
                        section.locator(f"[{WAS_DISABLED}]:enabled")):
            for index in range(min(await buttons.count(), 10)):
                button = buttons.nth(index)
                try:
                    if await button.is_visible() and await button.is_enabled():
                        return button
                except PlaywrightError:
                    continue
    return None


async def press(page: Page, control: Locator, what: str = "the switch") -> None:
    """Click a control; a hidden styled input is clicked through its label.

    When something covers the control, a harmless dialog is closed and the click tried
    once more; a dialog that cannot be closed safely stops the change (``FlowError`` in
    words), since a person could not click through it either.
    """
    if await control.is_visible():
        for attempt in range(2):
            try:
                await control.click(timeout=5000)
                return
            except PlaywrightError as exc:
                if dialogs.covering_words(exc) is None:
                    break  # covered by its own styling: try its label
                left_open = await dialogs.close_dialog(page)
                if left_open is not None or attempt:
                    raise NotClicked(covered_message(what, left_open)) from None
    control_id = await control.get_attribute("id")
    labels = [control.locator("xpath=ancestor::label[1]")]
    if control_id:
        labels.insert(0, page.locator(f"label[for='{control_id}']"))
    for label in labels:
        if await label.count() and await label.first.is_visible():
            await label.first.click(timeout=5000)
            return
    if await dialogs.open_dialog(page) is not None:
        raise NotClicked(covered_message(what, await dialogs.close_dialog(page)))
    await control.dispatch_event("click")


def click_failure_words(error: PlaywrightError, what: str = "the switch") -> str:
    """A failed click in words a person understands, never Playwright's own message."""
    message = str(error)
    if dialogs.covering_words(message):
        return f"something on the page (a window or banner) covered {what}"
    if "not enabled" in message or "disabled" in message:
        return f"{what} is disabled on the page"
    if any(w in message for w in ("detached", "closed", "navigat", "destroyed")):
        return f"the page changed or was left while clicking {what}"
    if "Timeout" in message:
        return f"{what} did not respond to the click in time"
    return f"the click on {what} did not go through"


def covered_message(what: str, dialog_text: str | None) -> str:
    if dialog_text:
        return (f"a window covering the page kept {what} from being clicked; it says "
                f"\"{dialog_text}\", and answering it is yours to decide")
    return f"something on the page (a window or banner) covered {what}"


async def confirm_if_asked(page: Page, names: tuple[str, ...], watcher: SaveWatcher,
                           timeout: float = 2.0) -> bool:
    """After a change: a confirmation dialog appears (confirm it), the save starts, or the
    page shows its save button (one the change enabled), whichever comes first.

    Waits on those events, at most ``timeout`` seconds: the page is asked once to tell
    when a dialog or an enabled save button shows, instead of being asked again and again.
    A switch that kept its state after the click asks first, or waits for the site's
    answer: a write then is no sign the change went through (sites send their own
    tracking requests on a click), so the wait ends on a dialog, a save button, a write
    the site refused, or the switch showing its new state once a write was answered.
    """
    dialog = page.get_by_role("dialog").or_(page.get_by_role("alertdialog")).filter(visible=True)
    waiting = page.locator(f"[{WAS_DISABLED}]:enabled").filter(visible=True)
    if not watcher.seen or watcher.control_changed is False:
        shown = asyncio.ensure_future(
            dialog.or_(waiting).first.wait_for(state="attached", timeout=timeout * 1000))
        try:
            await _until_asked_or_answered(watcher, shown, time.monotonic() + timeout)
        finally:
            shown.cancel()
            await asyncio.gather(shown, return_exceptions=True)
    try:  # a write may be the page's own tracking: a dialog asking about the change still counts
        if not await dialog.count():
            return False
        button = await first_visible(dialog.get_by_role("button", name=text.exactly(names)))
        if button is None:
            return False
        await button.click(timeout=5000)
        return True
    except PlaywrightError:
        return False


async def _until_asked_or_answered(watcher: SaveWatcher, shown: asyncio.Future,
                                   deadline: float) -> None:
    kept = watcher.control_changed is False
    while (left := deadline - time.monotonic()) > 0 and not shown.done():
        sign = watcher.answered_any if kept else watcher.started
        news = asyncio.ensure_future(sign.wait())
        try:
            await asyncio.wait((shown, news), timeout=left, return_when=asyncio.FIRST_COMPLETED)
        finally:
            news.cancel()
            await asyncio.gather(news, return_exceptions=True)
        if not kept or not sign.is_set() or watcher.failed_status:
            return
        sign.clear()  # a write was answered: did the switch take the change with it?
        if watcher.changed_since is not None and await watcher.changed_since():
            return


class SaveWatcher:
    """Watches the page's own requests after a change: waits for writes to be answered.

    Waiting ends on the events themselves (a write sent, its answer recorded), each with
    a bound, never on a polling interval.
    """

    def __init__(self, page: Page):
        self.page = page
        self.pending: set[Request] = set()
        self.seen = 0
        self.failed_status: int | None = None
        #: whether the control's state changed on the click (None: not told)
        self.control_changed: bool | None = None
        #: whether the control has changed since the click (set when it had not at once)
        self.changed_since: Callable[[], Awaitable[bool]] | None = None
        self.answered_any = asyncio.Event()  # a write was answered since last cleared
        self.started = asyncio.Event()  # a write was sent
        self._answered = asyncio.Event()  # a write was answered (or failed)
        page.on("request", self._on_request)
        page.on("requestfailed", self._on_failed)

    def _on_request(self, request: Request) -> None:
        if request.method not in ("GET", "HEAD", "OPTIONS"):
            self.pending.add(request)
            self.seen += 1
            self.started.set()
            asyncio.ensure_future(self._await_answer(request))

    async def _await_answer(self, request: Request) -> None:
        try:
            response = await request.response()
        except PlaywrightError:
            response = None
        if response is not None and response.status >= 400:
            self.failed_status = response.status
        self._done(request)

    def _on_failed(self, request: Request) -> None:
        self._done(request)

    def _done(self, request: Request) -> None:
        self.pending.discard(request)
        self._answered.set()
        self.answered_any.set()

    async def settle(self, start_grace: float = 1.5, timeout: float = 10.0) -> None:
        """Wait for a write to start (up to ``start_grace`` seconds) and for every write
        to be answered (up to ``timeout``)."""
        deadline = time.monotonic() + timeout
        if not self.seen and not await _within(self.started.wait(), start_grace):
            return
        while self.pending and time.monotonic() < deadline:
            self._answered.clear()
            if self.pending:
                await _within(self._answered.wait(), deadline - time.monotonic())

    def close(self) -> None:
        for event, handler in (("request", self._on_request), ("requestfailed", self._on_failed)):
            try:
                self.page.remove_listener(event, handler)
            except (KeyError, ValueError):
                pass


async def _within(event: Awaitable[object], seconds: float) -> bool:
    """Whether ``event`` came within ``seconds``."""
    try:
        await asyncio.wait_for(event, max(0.0, seconds))
        return True
    except TimeoutError:
        return False
