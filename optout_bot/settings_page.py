"""One settings page: find and read every setting on it, change, reload, read back.

The order each setting goes through is the state machine of ``optout_bot.sequence``.
"""

from __future__ import annotations

import time
from dataclasses import replace
from urllib.parse import urlsplit

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import dialogs, signin, steps, text
from optout_bot.changing import NotClicked, click_failure_words
from optout_bot.declarations import CHOICE, SERVER_ERROR, Blocker, BlockerKind, Setting
from optout_bot.errors import FlowError
from optout_bot.evidence import EvidenceRecorder
from optout_bot.flow import Flow
from optout_bot.narrator import Narrator
from optout_bot.navigator import Navigator
from optout_bot.options import now_iso
from optout_bot.outcomes import SettingResult
from optout_bot.progress import Phase
from optout_bot.sequence import Stage, Track

#: the languages the switch flows know their labels in
LANGUAGES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish",
             "it": "Italian", "pt": "Portuguese", "nl": "Dutch"}


class SettingsPage:
    """Drives the settings of one page of one platform account."""

    def __init__(self, flow: Flow, navigator: Navigator, evidence: EvidenceRecorder,
                 narrator: Narrator, dry_run: bool):
        self.flow = flow
        self.nav = navigator
        self.evidence = evidence
        self.narrator = narrator
        self.dry_run = dry_run
        self.found: dict[tuple[int, str, str], Locator] = {}  # (page load, URL, setting id)
        #: setting id -> the page load (``loaded``) its last read-back was made on
        self.read_back_on: dict[str, tuple[int, str]] = {}

    @property
    def page(self) -> Page:
        return self.nav.page

    async def run(self, url: str, settings: list[Setting]) -> list[SettingResult]:
        if not self.nav.showing(url):  # the flow's discover may have just opened it
            await self.nav.open(url)
        covered = await self.close_dialog(settings)
        tracks = []
        for step, setting in enumerate(settings, start=1):
            self.narrator.say(phase=Phase.READING, step=step, of=len(settings))
            tracks.append(await self.read_first(setting, covered))
        if not self.dry_run:
            await self.change_until_off(url, tracks)
            await self.verdicts(tracks)
        return self.finish(tracks)

    async def read_first(self, setting: Setting, covered: str | None = None) -> Track:
        track = Track(setting, SettingResult(setting.id, setting.label, setting.url,
                                             setting.kind, started_at=now_iso()))
        control = None if covered else await self.find(setting)
        checked, shown = await self.read(control, setting)
        if checked is not None and checked == setting.want and setting.locked_by:
            track.lock = await self.lock_of(setting)
        shot = await self.evidence.screenshot(f"{setting.id}-1-before", control)
        track.result.evidence += [shot] if shot else []
        not_found, not_offered = "", False
        if control is None and not covered:
            not_offered = await self.not_offered(setting)
        if covered:
            not_found = (f"A window covers the {self.flow.title} page and the tool did not "
                         f"close it, because answering it is yours to decide. It says: "
                         f"\"{covered}\". Close it yourself at {setting.url}, then run again.")
        elif checked is None and not not_offered:
            not_found = (f"Could not find the {noun(setting)} \"{setting.label}\" on the "
                         f"page; {await self.why_not_found(setting)} See the screenshot.")
            if setting.note:  # what the person can do instead
                not_found += f" {setting.note}"
            snap = await self.evidence.dom_snapshot(f"{setting.id}-page")
            track.result.evidence += [snap] if snap else []
        track.first_read(checked, self.dry_run, self.flow.name, not_found, shown, not_offered)
        return track

    async def read(self, control: Locator | None, setting: Setting) -> tuple[bool | None, str]:
        """Whether the control is at its safe state (None: not readable), and for a choice
        the name of the option read."""
        if control is None:
            return None, ""
        if setting.kind != CHOICE:
            return await self.flow.read(control, setting), ""
        assert setting.choice is not None
        picked = await self.flow.read_choice(control, setting)
        if picked is None:
            return None, ""
        return setting.choice.is_safe(picked.name, picked.value), picked.name

    async def not_offered(self, setting: Setting) -> bool:
        """The page says this account has no such setting (the flow's ``not_offered``)."""
        if not setting.not_offered:
            return False
        return text.matches_any(setting.not_offered, await steps.page_text(self.page))

    async def change_until_off(self, url: str, tracks: list[Track]) -> None:
        """Change what is on, reload, read back; what did not stick gets one more try."""
        for attempt in range(2):
            changing = [t for t in tracks if t.stage is Stage.CHANGING]
            if not changing:
                return
            for track in changing:
                if self.page_left(url):
                    # the site sent us away (an expired session): open the page again, as
                    # a person would, signing in if asked; a page that will not stay open
                    # is left for the read-back to judge
                    await self.nav.open(url)
                    await self.close_dialog([track.setting])
                if self.page_left(url):
                    track.problem = track.problem or "the page was left before the change"
                    break
                changed, problem = await self.change(track.setting)
                track.changed = track.changed or changed
                track.problem = problem or track.problem
            for track in changing:
                track.move(Stage.VERIFYING)
            self.narrator.say(phase=Phase.VERIFYING)
            await self.nav.open(url)
            await self.close_dialog([t.setting for t in changing])
            for track in changing:
                checked, shown = await self.read(await self.find(track.setting),
                                                 track.setting)
                self.read_back_on[track.setting.id] = self.loaded()
                track.read_back(checked, retry=attempt == 0, shown=shown)
            if attempt == 0 and any(t.stage is Stage.CHANGING for t in tracks):
                self.narrator.say("a change did not stick; trying once more")

    async def verdicts(self, tracks: list[Track]) -> None:
        for track in tracks:
            if track.stage is not Stage.VERIFYING:
                continue
            setting = track.setting
            if self.read_back_on.get(setting.id) == self.loaded():
                # the read-back is the read of this load: the control it found, what it read
                control = self.found.get((*self.loaded(), setting.id))
                now, shown = track.checked, track.shown[-1] if track.shown else ""
            else:  # a later reload (another setting's second try): read on it
                control = await self.find(setting) if track.checked is not None else None
                now, shown = await self.read(control, setting)
            shot = await self.evidence.screenshot(f"{setting.id}-2-after", control)
            track.result.evidence += [shot] if shot else []
            track.verdict(now, shown)

    def finish(self, tracks: list[Track]) -> list[SettingResult]:
        for track in tracks:
            track.result.finished_at = now_iso()
            if track.setting.caveat:
                track.result.detail = f"{track.result.detail} {track.setting.caveat}".strip()
            track.result.detail = self.evidence.scrub(track.result.detail)
        return [t.result for t in tracks]

    async def close_dialog(self, settings: list[Setting]) -> str | None:
        """``dialogs.close_dialog`` on the page just opened; not asked again when opening
        it found nothing at all on the page to get past."""
        if self.nav.opened_plain():
            return None
        return await dialogs.close_dialog(self.page, names_of(settings))

    def loaded(self) -> tuple[int, str]:
        """Which page load the page shows now, and at which URL."""
        return self.nav.page_loads, self.page.url

    def page_left(self, url: str) -> bool:
        return urlsplit(self.page.url).path.rstrip("/") != urlsplit(url).path.rstrip("/")

    async def change(self, setting: Setting) -> tuple[bool, str | None]:
        """Flip the setting's control: was a change made, and what went wrong (or None)."""
        control = await self.find(setting)
        if control is None:
            return False, f"the {noun(setting)} was not found to change it"
        if await steps.is_disabled(control):
            return False, f"the {noun(setting)} is disabled on the page"
        self.narrator.say(f"changing \"{setting.label}\"", Phase.CHANGING)
        try:
            await self.flow.change(self.page, control, setting)
        except NotClicked as exc:
            return False, self.evidence.scrub(str(exc))
        except FlowError as exc:
            return True, self.evidence.scrub(str(exc))
        except PlaywrightError as exc:
            return False, click_failure_words(exc)
        return True, None

    async def lock_of(self, setting: Setting) -> str:
        """The setting's lock note when the control that holds it safe is on, else ""."""
        lock = replace(setting, names=setting.locked_by, fallback=None, context=())
        control = await steps.find_toggle(self.page, lock, timeout=1.0)
        if control is not None and await steps.read_toggle(control):
            return setting.lock_note
        return ""

    # ------------------------------------------------------------------ finding
    async def find(self, setting: Setting) -> Locator | None:
        """The setting's control; found once per page load (the read and the change, the
        read-back and the verdict use the same one), looked for again when it is gone."""
        known = self.found.get((*self.loaded(), setting.id))
        if known is not None and await attached(known):
            return known
        control = await self.look_for(setting)
        if control is not None:
            self.found[(*self.loaded(), setting.id)] = control
        return control

    async def look_for(self, setting: Setting) -> Locator | None:
        # The first control of a freshly loaded page may take a while to render; once the
        # page has shown (or not shown) one, the others are there or not at all.
        url = self.page.url
        timeout = 1.5 if url in self.nav.ready_pages else 8.0
        control = await self.wait_for_control(setting, timeout)
        self.nav.ready_pages.add(url)
        if control is not None:
            return control
        # A careful person: dismiss what covers the page, reload once after a passing error.
        if await dialogs.dismiss_interruptions(self.page):
            control = await self.flow.find_control(self.page, setting, timeout=4)
            if control is not None:
                return control
        blocker = await self.blocker_shown()
        if blocker is not None and blocker.kind is BlockerKind.TRANSIENT:
            self.narrator.say("the page reported a passing error; reloading once")
            if not await steps.click_named(self.page, steps.RETRY_NAMES, roles=("button",)):
                await self.nav.goto(self.page.url)
            control = await self.flow.find_control(self.page, setting)
            if control is not None:
                return control
            blocker = await self.blocker_shown()
        if blocker is not None:
            await self.nav.blocked(blocker)
        return None

    async def wait_for_control(self, setting: Setting, timeout: float) -> Locator | None:
        """The control, waiting up to ``timeout`` while the page renders; a page that
        turns out to be an error or rate-limit page ends the wait early."""
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            control = await self.flow.find_control(self.page, setting,
                                                   timeout=max(0.1, min(1.0, left)))
            if control is not None or time.monotonic() >= deadline:
                return control
            if await self.blocker_shown() is not None:
                return None
            if await self.not_offered(setting):
                return None

    async def blocker_shown(self) -> Blocker | None:
        """The flow's blocker the page shows, or a server error page in any words."""
        blocker = await signin.detect_blocker(self.page, self.flow.all_blockers())
        if blocker is None and await self.nav.shown_status() >= 500:
            return SERVER_ERROR
        return blocker

    async def why_not_found(self, setting: Setting) -> str:
        try:
            lang = await self.page.evaluate("() => document.documentElement.lang || ''")
        except PlaywrightError:
            lang = ""
        language = LANGUAGES.get(lang.lower()[:2]) if lang else "English"
        if language is None:
            return (f"the page is in a language the tool does not know ({lang}). Set your "
                    f"{self.flow.title} language to English, German, French, Spanish, "
                    "Italian, Portuguese or Dutch and run again, or change it by hand.")
        if setting.fallback and setting.context:
            return (f"the page (in {language}) has a control where this setting should be, "
                    "but nothing on the page says which setting it is, so the tool left it "
                    "alone. The site may have changed; change it by hand.")
        return f"the page is in {language} and the site may have changed."


def names_of(settings: list[Setting]) -> tuple[str, ...]:
    """The accessible names of ``settings``' controls, for telling a dialog that shows one."""
    return tuple(name for setting in settings for name in setting.names)


async def attached(control: Locator) -> bool:
    try:
        return await control.count() > 0
    except PlaywrightError:
        return False


def noun(setting: Setting) -> str:
    """What a person calls the setting's control."""
    return "choice" if setting.kind == CHOICE else "switch"
