"""LinkedIn: three switches under Settings > Data privacy, each on its own page.

"Data for Generative AI Improvement" covers content-creation models only; LinkedIn's
other ("non-content") AI models can be objected to only through its Data Processing
Objection Form, which this flow names but does not submit.
"""

from optout_bot.flow import Blocker, Flow, Setting, SignIn
from optout_bot.policy import PolicyDoc

BASE = "https://www.linkedin.com/mypreferences/d/settings"

# Each switch is found in any language by its aria-labelledby id (language-independent);
# the names add the labels: English and German are LinkedIn's own (German from published
# guides), the others careful translations.
AI_TRAINING = (r"use my data for training content.creation ai",
               r"(ihre|meine) daten (zum schulen|für das training) von ki-modellen",
               r"utiliser mes données pour (entraîner|l'entraînement)( de(s)?)? modèles d'ia",
               r"usar mis datos para entrenar modelos de ia",
               r"usa(re)? i miei dati per addestrare i modelli di ia",
               r"usar meus dados para treinar modelos de ia",
               r"mijn gegevens gebruiken voor het trainen van ai-modellen")
RESEARCH = (r"research", r"forschung", r"recherche", r"investigación", r"ricerca",
            r"pesquisa", r"onderzoek")
PARTNERS = (r"partner", r"partenaires", r"socios", r"parceiros")

FLOW = Flow(
    name="linkedin",
    title="LinkedIn",
    hosts=("www.linkedin.com", "linkedin.com"),
    login_url="https://www.linkedin.com/login",
    sign_in=SignIn(cookies=("li_at",),
                   login_paths=("/login", "/uas/login", "/checkpoint/lg/login(-submit)?",
                                "/checkpoint/rm/sign-in", "/authwall"),
                   password_form=True, code_fields=("input[name=pin]",)),
    login_fields={"username": ("input#username",), "password": ("input#password",),
                  "submit": ('button[type="submit"]',)},
    summary="Switches: generative-AI training, research sharing, partner sharing.",
    settings=(
        Setting(
            id="ai-training",
            label="Use my data for training content creation AI models",
            url=f"{BASE}/data-for-ai-improvement",
            names=AI_TRAINING,
            fallback='[aria-labelledby="allowDataForGenerativeAI"]',
        ),
        Setting(
            id="research",
            label="Share my data for policy and academic research",
            url=f"{BASE}/policy-and-academic-research",
            names=RESEARCH,
            fallback='[aria-labelledby="allowAnonymizedDataResearch"]',
        ),
        Setting(
            id="partners",
            label="Share my data with LinkedIn's select partners",
            url=f"{BASE}/share-data-with-select-partners",
            names=PARTNERS,
            fallback='[aria-labelledby="shareDataWithTrustedPartners"]',
        ),
    ),
    blockers=(
        Blocker("captcha", "LinkedIn shows a security check (captcha) that only you can pass. "
                "Run 'optout login linkedin --browser', complete it, then run again.",
                selector="iframe[src*='captchaInternal'], iframe[src*='captcha' i]"),
        Blocker("challenge", "LinkedIn asks for a verification code (by email or from your "
                "authenticator app). Run 'optout login linkedin --browser' and enter it in the "
                "window, or keep your authenticator secret with 'optout login linkedin "
                "--totp'.", paths=("/checkpoint/challenge",),
                selector="input[name=pin]"),
        Blocker("transient", "LinkedIn showed an error page; try again later.",
                texts=(r"something went wrong",)),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy",
                  url="https://www.linkedin.com/legal/privacy-policy", selector='[role="main"]'),
        PolicyDoc(id="privacy-eu", title="European Regional Privacy Notice",
                  url="https://www.linkedin.com/legal/privacy/eu",
                  selector="#component-container"),
        PolicyDoc(id="terms", title="User Agreement",
                  url="https://www.linkedin.com/legal/user-agreement", selector='[role="main"]'),
    ),
    redact=(".global-nav__me-photo", ".global-nav__me", "[data-test-global-nav-me]",
            "img[alt*='photo' i]", ".feed-identity-module"),
    extra={"also": "Non-content AI models: only the Data Processing Objection Form, "
                   "https://www.linkedin.com/help/linkedin/ask/TS-DPRO"},
)
