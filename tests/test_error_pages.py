"""A passing error page is told apart in the account's language, and by its HTTP status
whatever its words, however the browser got to it (a load, or a notice page's button)."""

from __future__ import annotations

import pytest

from optout_bot import registry, signin
from optout_bot.declarations import BlockerKind
from optout_bot.navigator import Navigator
from tests.pages import on_page


def served(shared_browser, status: int, words: str, look):
    """``look(page)`` on a page answered with ``status`` and ``words``."""
    return on_page(shared_browser, {"/settings": f"<main><p>{words}</p></main>"}, look, status)


async def detect(page):
    """The blocker LinkedIn's declarations (its own words in English only) find on ``page``."""
    return await signin.detect_blocker(page, registry.load().flows["linkedin"].all_blockers())


# Worded as sites word them, not as the replicas do.
@pytest.mark.parametrize("words", [
    "Oops! Something went wrong.",
    "Es ist ein Fehler aufgetreten. Bitte versuche es später erneut.",
    "Une erreur s’est produite. Veuillez réessayer.",
    "Se produjo un error. Vuelve a intentarlo.",
    "Si è verificato un errore imprevisto.",
    "Ocorreu um erro. Tente novamente.",
    "Er is een fout opgetreden.",
])
def test_an_error_page_in_the_accounts_language_is_a_passing_error(shared_browser, words):
    blocker = served(shared_browser, 200, words, detect)
    assert blocker is not None and blocker.kind is BlockerKind.TRANSIENT, (words, blocker)


def test_a_settings_page_is_not_an_error_page(shared_browser):
    assert served(shared_browser, 200, "Use my data for training content creation AI models",
                  detect) is None


@pytest.mark.parametrize("status", [200, 500, 503])
def test_the_status_of_the_page_shown_is_known_whatever_its_words(shared_browser, status):
    async def look(page):
        nav = Navigator(registry.load().flows["linkedin"], page, None, False, None,
                        save_session=None)
        return await nav.shown_status()

    assert served(shared_browser, status, "Hoppla.", look) == status

