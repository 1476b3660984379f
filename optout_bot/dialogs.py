"""What covers a page, and getting past it the way a careful person does.

Cookie banners: reject the optional cookies when the banner allows it; accept only when
accepting is the only way on. Modal dialogs (role ``dialog``/``alertdialog``,
``aria-modal``, an open ``<dialog>``) and notice pages: close them with a harmless button
(Got it, Not now, Skip, Close, ...; an ``×``; Escape), but never one that asks to accept
terms, share data or confirm a change the tool did not ask for: that dialog is left open
and reported with what it says. Names are known in English, German, French, Spanish,
Italian, Portuguese and Dutch; the translations are careful ones, not the sites' own.
"""

from __future__ import annotations

from playwright.async_api import Error as PlaywrightError
from playwright.async_api import Locator, Page

from optout_bot import text
from optout_bot.steps import visible_one

REJECT_COOKIES = (
    r"^(reject|decline|refuse)( all| non-essential( cookies)?| optional( cookies)?"
    r"| additional cookies)?$",
    r"^(only |use )?(essential|necessary|required) cookies( only)?$",
    r"^(allow |accept )?(only )?(essential|necessary) (cookies )?only$",
    r"^(alle )?ablehnen$", r"^(nicht notwendige |optionale )?cookies ablehnen$",
    r"^nur (notwendige|erforderliche|essenzielle)( cookies)?( zulassen| akzeptieren)?$",
    r"^(tout )?refuser( tout| les cookies( optionnels| non essentiels)?)?$",
    r"^continuer sans accepter$", r"^(uniquement les )?cookies (strictement )?nécessaires"
    r"( uniquement)?$",
    r"^rechazar( todo| todas| las cookies( opcionales| no esenciales)?)?$",
    r"^s[oó]lo (las )?cookies (necesarias|esenciales)$",
    r"^rifiuta( tutto| tutti| i cookie( opzionali| non essenziali)?)?$",
    r"^solo (i )?cookie (necessari|essenziali)$", r"^continua senza accettare$",
    r"^(rejeitar|recusar)( tudo| todos| cookies( opcionais| não essenciais)?)?$",
    r"^(apenas|somente) (os )?cookies (necessários|essenciais)$",
    r"^(alles )?weigeren$", r"^(niet-noodzakelijke |optionele )?cookies weigeren$",
    r"^alleen (noodzakelijke|essentiële) cookies$", r"^afwijzen$",
)
ACCEPT_COOKIES = (
    r"^(accept|allow|agree)( all)?( cookies)?$", r"^i agree$", r"^got it$",
    r"^(alle )?(cookies )?akzeptieren$", r"^alle cookies akzeptieren$",
    r"^(tout )?accepter( tout| les cookies)?$", r"^aceptar( todo| todas| las cookies)?$",
    r"^accetta( tutto| tutti| i cookie)?$", r"^aceitar( tudo| todos| os cookies)?$",
    r"^(alles |alle cookies )?accepteren$",
)
COOKIE_WORDS = (r"\bcookies?\b",)

#: buttons that only close what covers the page: nothing is accepted, shared or changed
HARMLESS = (
    r"^(got it|ok|okay|not now|skip|skip for now|close|dismiss|maybe later|later|"
    r"remind me later|no,? thanks|continue without\b.*)$",
    r"^(verstanden|alles klar|jetzt nicht|(jetzt )?überspringen|schließen|später|"
    r"vielleicht später|später erinnern|nein,? danke|weiter ohne\b.*)$",
    r"^(compris|j'ai compris|pas maintenant|ignorer|passer|fermer|plus tard|"
    r"peut-être plus tard|non,? merci|continuer sans\b.*)$",
    r"^(entendido|ahora no|omitir|saltar|cerrar|más tarde|quizás más tarde|no,? gracias|"
    r"continuar sin\b.*)$",
    r"^(ho capito|capito|non ora|salta|chiudi|più tardi|forse più tardi|no,? grazie|"
    r"continua senza\b.*)$",
    r"^(entendi|agora não|pular|ignorar|fechar|mais tarde|talvez mais tarde|"
    r"não,? obrigad[oa]|continuar sem\b.*)$",
    r"^(begrepen|niet nu|overslaan|sluiten|later|misschien later|nee,? bedankt|"
    r"doorgaan zonder\b.*)$",
)
CLOSE_GLYPHS = (r"^[×✕✖xX]$",)
#: what a dialog asks when closing it is not the tool's to decide
RISKY = (
    r"\b(accept|agree|consent|terms( of (service|use))?|share|allow|confirm|turn on|enable)\b",
    r"\b(akzeptier\w*|zustimm\w*|einwillig\w*|bedingungen|nutzungsbedingungen|teilen|"
    r"weitergeben|erlauben|bestätigen|aktivieren|einschalten)\b",
    r"\b(accepte[rz]?|j'accepte|consent\w*|conditions|partager|autoriser|confirmer|activer)\b",
    r"\b(aceptar?|acepto|consentimiento|condiciones|términos|compartir|permitir|confirmar|"
    r"activar)\b",
    r"\b(accett\w*|consenso|condizioni|termini|condividere|consentire|confermare|attivare)\b",
    r"\b(aceit\w*|consentimento|condições|termos|compartilhar|partilhar|permitir|confirmar|"
    r"ativar)\b",
    r"\b(accepteren|akkoord|toestemming|voorwaarden|delen|toestaan|bevestigen|inschakelen|"
    r"activeren)\b",
)
MODAL = "[role=dialog], [role=alertdialog], [aria-modal=true], dialog[open]"
#: a dialog with fields to fill is the page itself (X signs in inside one), not an interruption
FORM_FIELDS = "input:not([type=hidden]):not([type=checkbox]):not([type=radio]), textarea"
#: a dialog with switches or tabs is a settings window (ChatGPT's Settings), unless it is
#: about cookies
SETTINGS_INSIDE = "[role=switch], [role=tablist], input[type=checkbox][role=switch]"
#: the controls a setting may be, when a dialog shows the very setting being looked for
SETTING_ROLES = ("switch", "checkbox", "button", "radio", "radiogroup", "combobox", "link")


#: what a person can click: not disabled, natively (itself or its fieldset) or by ARIA
ENABLED = ":not(:disabled):not([aria-disabled=true])"


async def _click(locator: Locator) -> bool:
    """Click the first visible, enabled element of ``locator``. A way out shown disabled
    (a notice's "Got it" that waits for the notice to be read) is passed over for the
    next one, instead of being waited on until the click gives up."""
    target = await visible_one(locator.and_(locator.page.locator(ENABLED)))
    if target is None:
        return False
    try:
        await target.click(timeout=3000)
        return True
    except PlaywrightError:
        return False


async def _inner_text(locator: Locator) -> str:
    try:
        return await locator.inner_text(timeout=1000)
    except PlaywrightError:
        return ""


async def open_dialog(page: Page, keep: tuple[str, ...] = ()) -> Locator | None:
    """The modal dialog that covers the page, if any.

    A dialog that is where the work is does not cover it: one with fields to fill (a
    sign-in), a settings window (switches, tabs), or one showing a control named by
    ``keep`` (the names of the settings being looked for).
    """
    dialog = await visible_one(page.locator(MODAL))
    if dialog is None or await visible_one(dialog.locator(FORM_FIELDS)) is not None:
        return None
    if text.matches_any(COOKIE_WORDS, (await _inner_text(dialog))[:4000]):
        return dialog
    if await visible_one(dialog.locator(SETTINGS_INSIDE)) is not None:
        return None
    if keep and await _shows_control(dialog, keep):
        return None
    return dialog


async def _shows_control(dialog: Locator, names: tuple[str, ...]) -> bool:
    pattern = text.any_of(names)
    controls = dialog.get_by_role(SETTING_ROLES[0], name=pattern)
    for role in SETTING_ROLES[1:]:
        controls = controls.or_(dialog.get_by_role(role, name=pattern))  # type: ignore[arg-type]
    return await visible_one(controls) is not None


async def refuse_cookies(page: Page, within: Locator | Page | None = None) -> bool:
    """Reject the optional cookies; accept them only when the banner offers nothing else."""
    scope = within or page
    for role in ("button", "link"):
        if await _click(scope.get_by_role(role, name=text.any_of(REJECT_COOKIES))):
            return True
    shown = await _inner_text(scope.locator("body") if within is None else scope)
    return (text.matches_any(COOKIE_WORDS, shown[:4000])
            and await _click(scope.get_by_role("button", name=text.any_of(ACCEPT_COOKIES))))


async def close_dialog(page: Page, keep: tuple[str, ...] = ()) -> str | None:
    """Close the modal dialog over the page when that is harmless.

    Returns None when nothing covers the page any more, else the first words of the
    dialog left open (it asks something only the person may answer, or would not close).
    ``keep``: names of the settings looked for; a dialog showing one is left as it is.
    """
    for _ in range(3):
        dialog = await open_dialog(page, keep)
        if dialog is None:
            return None
        said = " ".join((await _inner_text(dialog)).split())
        if text.matches_any(COOKIE_WORDS, said) and await refuse_cookies(page, dialog):
            await _gone(dialog)
            continue
        if text.matches_any(RISKY, said):
            return said[:200] or "a window without text"
        closed = (await _click(dialog.get_by_role("button", name=text.any_of(HARMLESS)))
                  or await _click(dialog.get_by_role("link", name=text.any_of(HARMLESS)))
                  or await _click(dialog.get_by_role("button", name=text.any_of(CLOSE_GLYPHS))))
        if not closed:
            await page.keyboard.press("Escape")
        if not await _gone(dialog):
            return said[:200] or "a window without text"
    return None


async def _gone(dialog: Locator, timeout: float = 2.0) -> bool:
    try:
        await dialog.wait_for(state="hidden", timeout=timeout * 1000)
        return True
    except PlaywrightError:
        return False


async def dismiss_interruptions(page: Page) -> bool:
    """Get past a cookie banner, a harmless dialog or a 'what's new' notice page.

    Returns True if something was dismissed.
    """
    if not await _anything_to_dismiss(page):
        return False
    dismissed = False
    for _ in range(3):
        if await refuse_cookies(page):
            dismissed = True
            continue
        if await open_dialog(page) is not None:
            if await close_dialog(page) is None:
                dismissed = True
                continue
            break
        if await _click(page.get_by_role("button", name=text.any_of(HARMLESS))) or await _click(
                page.get_by_role("link", name=text.any_of(HARMLESS))):
            dismissed = True
            try:
                await page.wait_for_load_state("domcontentloaded", timeout=5000)
            except PlaywrightError:
                pass
            continue
        break
    return dismissed


def dismissable(page: Page) -> Locator:
    """Everything ``dismiss_interruptions`` could click or close, as one locator."""
    # One name pattern per role: the page works out every button's (or link's) role and
    # name once per role asked for, so five queries by role and name cost five such passes.
    buttons = text.any_of(REJECT_COOKIES + ACCEPT_COOKIES + HARMLESS)
    links = text.any_of(REJECT_COOKIES + HARMLESS)
    return (page.locator(MODAL).or_(page.get_by_role("button", name=buttons))
            .or_(page.get_by_role("link", name=links)))


async def _anything_to_dismiss(page: Page) -> bool:
    """Whether the page has anything ``dismiss_interruptions`` could click or close, in one
    query: most pages have none, and asking for each kind in turn costs a query each."""
    try:
        return await dismissable(page).count() > 0
    except PlaywrightError:
        return True  # not known: look the long way


def covering_words(error: PlaywrightError | str) -> str | None:
    """What Playwright said covered a control ("... intercepts pointer events"), in words."""
    message = str(error)
    if "intercepts pointer events" not in message:
        return None
    return "something on the page (a window or banner) covered the switch"
