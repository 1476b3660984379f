"""X (formerly Twitter): the Grok / xAI checkboxes and business-partner sharing.

X signs in through a multi-step single-page flow: username, sometimes an "unusual
activity" question (phone or email), password, sometimes a code.
"""

from __future__ import annotations

import asyncio

from playwright.async_api import Error as PlaywrightError

from optout_bot import dialogs, steps
from optout_bot.errors import LoginRequired
from optout_bot.flow import Blocker, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

CODE_INPUT = 'input[data-testid="ocfEnterTextTextInput"]'
CODE_NEXT = 'button[data-testid="ocfEnterTextNextButton"]'
PASSWORD = 'input[name="password"], input[autocomplete="current-password"]'
GROK = "https://x.com/settings/grok_settings"

# X shows settings in the account's language. English labels are X's own (platforms.md);
# the others are careful translations, not X's published strings, written loosely enough
# to survive X's wording.
TRAINING = (r"allow your (public data|posts) as well as your interactions",
            r"used for training and fine.tuning",
            r"öffentlichen daten sowie deine interaktionen", r"für training und feinabstimmung",
            r"vos données publiques ainsi que vos interactions",
            r"tus datos públicos,? así como tus interacciones",
            r"i tuoi dati pubblici e le tue interazioni",
            r"seus dados públicos,? bem como suas interações",
            r"je openbare gegevens en je interacties")
PERSONALISE = (r"personali[sz]e your experience with grok",
               r"dein erlebnis mit grok zu personalisieren",
               r"personnaliser votre expérience avec grok",
               r"personali[cz]e? tu experiencia con grok",
               r"personalizzare la tua esperienza con grok",
               r"personali[zs]e (a )?sua experiência com (o )?grok",
               r"je ervaring met grok te personaliseren")
HISTORY = (r"grok to remember", r"grok,? sich an deinen (unterhaltungs|gesprächs)verlauf",
           r"grok à se souvenir de votre historique", r"grok recuerde tu historial",
           r"grok di ricordare la (tua )?cronologia", r"grok se lembre do seu histórico",
           r"grok toestaan je gespreksgeschiedenis")
PARTNERS = (r"additional information sharing with business partners",
            r"zusätzliche informationsweitergabe an geschäftspartner",
            r"partage d'informations supplémentaires avec (les|des) partenaires commerciaux",
            r"compartir información adicional con (los )?socios comerciales",
            r"condivisione di informazioni aggiuntive con i partner commerciali",
            r"compartilhamento de informações adicionais com (os )?parceiros comerciais",
            r"aanvullende informatie met zakenpartners")
#: the partners page's heading: proof that its one unnamed checkbox is this setting
PARTNERS_PAGE = (r"data sharing with business partners", r"datenweitergabe an geschäftspartner",
                 r"partage de données avec (les|des) partenaires commerciaux",
                 r"(uso compartido de|compartir) datos con socios comerciales",
                 r"condivisione dei dati con i partner commerciali",
                 r"compartilhamento de dados com parceiros comerciais",
                 r"gegevens delen met zakenpartners")


#: X's "Next" in the languages the flows know: a sign-in after an expired session is shown
#: in the account's language, and without its name the step waited 3 s to press Enter
NEXT = (r"^(next|weiter|suivant|siguiente|avanti|avançar|seguinte|volgende)$",)


class XFlow(Flow):
    async def login(self, page, creds, ctx) -> None:
        await page.goto(self.login_url or "", wait_until="domcontentloaded")
        await dialogs.dismiss_interruptions(page)
        await steps.fill_first(page, creds.username,
                               labels=(r"phone, email,? or username", r"username"),
                               selectors=('input[autocomplete="username"]', 'input[name="text"]'))
        await steps.click_first(page, names=NEXT, timeout=3)
        for _ in range(3):
            step = await self._next_step(page)
            if step == "password":
                break
            if step == "question":
                # "Unusual login activity": X asks for the phone or email of the account.
                await steps.fill_first(page, creds.username, selectors=(CODE_INPUT,))
                await steps.click_first(page, names=NEXT, selectors=(CODE_NEXT,))
                try:  # the question stays on screen until X has answered
                    await page.locator(CODE_INPUT).first.wait_for(state="hidden", timeout=10000)
                except PlaywrightError:
                    return  # X did not accept the answer: the runner reports the page
            else:
                return  # a challenge page or an error: the runner recognises it
        await steps.fill_first(page, creds.password, labels=(r"^password$",),
                               selectors=(PASSWORD,), secret=True)
        await steps.click_first(page, names=(r"^log in$",),
                                selectors=('[data-testid="LoginForm_Login_Button"]',))
        # The password step stays on screen until X has answered; a refusal is a toast
        # that does not stay long, so it is read while waiting.
        loop = asyncio.get_running_loop()
        changes = steps.PageChanges(page)
        await changes.mark()
        deadline = loop.time() + 10
        while await page.locator(PASSWORD).first.is_visible():
            problem = await steps.error_message(page, any_text=True)
            if problem:
                raise LoginRequired(f"X did not accept the sign-in ({problem}). Check the "
                                    "username and password with 'optout login x'.")
            if loop.time() > deadline:
                return  # still asking: the runner reports what the page shows
            await changes.next(0.25)
        if await self._next_step(page, timeout=4) == "question":
            if not creds.totp_secret:
                raise LoginRequired(CODE_MESSAGE)
            await ctx.enter_code()

    async def _next_step(self, page, timeout: float = 10.0) -> str:
        password = page.locator(PASSWORD)
        question = page.locator(CODE_INPUT)
        loop = asyncio.get_running_loop()
        changes = steps.PageChanges(page)
        await changes.mark()
        deadline = loop.time() + timeout
        while loop.time() < deadline:
            try:
                if await password.first.is_visible():
                    return "password"
                if await question.first.is_visible():
                    return "question"
            except PlaywrightError:
                pass
            if await steps.has_cookie(page, self.session_cookies):
                return "done"
            await changes.next(0.25)
        return "other"


CODE_MESSAGE = ("X asks for a login code. Run 'optout login x --browser' and enter it in the "
                "window, or keep your authenticator secret with 'optout login x --totp'.")

FLOW = XFlow(
    name="x",
    title="X",
    hosts=("x.com", "www.x.com", "twitter.com", "www.twitter.com", "mobile.x.com",
           "gdpr.x.com"),
    login_url="https://x.com/i/flow/login",
    sign_in=SignIn(cookies=("twid", "auth_token"), login_paths=("/i/flow/login", "/login"),
                   password_form=True, code_fields=(CODE_INPUT,), code_buttons=(CODE_NEXT,)),
    summary="Checkboxes: Grok/xAI training, Grok personalisation and memory, partner sharing.",
    settings=(
        Setting(
            id="ai-training",
            label="Allow your public data and Grok interactions to be used for training",
            url=GROK,
            names=TRAINING,
            roles=("checkbox", "switch"),
        ),
        Setting(
            id="grok-personalize",
            label="Allow X to personalize your experience with Grok",
            url=GROK,
            names=PERSONALISE,
            roles=("checkbox", "switch"),
        ),
        Setting(
            id="grok-history",
            label="Allow Grok to remember your conversation history",
            url=GROK,
            names=HISTORY,
            roles=("checkbox", "switch"),
        ),
        Setting(
            id="partners",
            label="Allow additional information sharing with business partners",
            url="https://x.com/settings/data_sharing_with_business_partners",
            names=PARTNERS,
            roles=("checkbox", "switch"),
            fallback='input[type="checkbox"][aria-describedby^="CHECKBOX_"]',
            context=PARTNERS_PAGE,
        ),
    ),
    blockers=(
        Blocker("captcha", "X shows a security check (Arkose captcha) that only you can pass. "
                "Run 'optout login x --browser', complete it, then run again.",
                paths=("/account/access",)),
        Blocker("challenge", CODE_MESSAGE, paths=("/i/flow/two-factor",
                                                 "/account/login_verification")),
        Blocker("transient", "X said \"Something went wrong. Try reloading.\"",
                texts=(r"something went wrong\. try reloading",)),
        Blocker("rate_limit", "X says the account is rate limited{said} {when}",
                texts=(r"rate limit", r"try again later", r"anfragelimit",
                       r"limite de (requêtes|solicitações)", r"límite de solicitudes",
                       r"limite di richieste", r"limiet voor verzoeken")),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url="https://x.com/en/privacy",
                  selector="main"),
        PolicyDoc(id="privacy-gdpr", title="Privacy Policy (EU and UK)",
                  url="https://gdpr.x.com/en.html", selector="main"),
        PolicyDoc(id="terms", title="Terms of Service", url="https://x.com/en/tos",
                  selector="main"),
    ),
    redact=('[data-testid="SideNav_AccountSwitcher_Button"]', '[data-testid="UserAvatar"]',
            'img[src*="profile_images"]'),
)
