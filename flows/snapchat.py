"""Snapchat: the AI switches live in the app; the tool names each one and where it is.

What is reachable on the web, and why this flow does not sign in:

- "See My Selfie in Ads" and "Generate with My Selfie" (Settings > My Selfie) are known
  only in the Snapchat app: Snapchat's help pages and every report describe them there.
- "Allow use of public content" (generative AI) is reported by users in the app's
  privacy settings; Snapchat's help pages do not describe it yet.
- The web portal, https://accounts.snapchat.com, manages the account (password, data
  download, deletion). None of these switches is known to be there.

Signing in to the portal to look for switches that nobody has reported there would risk
a captcha or a login code for nothing, and could only end in "could not tell". So every
setting is ``app_only`` (outcome ``manual``) with the exact in-app path, and the flow
needs no account. When a switch is confirmed on the web, give it a ``url`` on
accounts.snapchat.com, a login, and drop ``app_only``: the runner then drives it like
any other switch.
"""

from optout_bot.flow import Flow, Setting
from optout_bot.policy import PolicyDoc

HELP = "https://help.snapchat.com/hc/en-us/articles"
MY_SELFIE_HELP = f"{HELP}/25312335775380"  # What is My Selfie?
SNAP_FEED_HELP = f"{HELP}/26022277252756"  # What is Snap Feed? (Generate with My Selfie)
GENAI_HELP = f"{HELP}/25494876770580"  # Generative AI on Snapchat
PRIVACY = "https://values.snap.com/privacy/privacy-policy"
MY_SELFIE_TERMS = "https://snap.com/terms/my-selfie"

SETTINGS_PATH = ("In the Snapchat app: tap your profile picture (top left), then the gear "
                 "icon (Settings, top right)")
NOT_ON_WEB = ("The tool cannot check or change this for you: as far as is known, Snapchat "
              "offers it only in the app, not on its website.")

FLOW = Flow(
    name="snapchat",
    title="Snapchat",
    hosts=("accounts.snapchat.com", "www.snapchat.com", "snapchat.com", "help.snapchat.com",
           "values.snap.com", "snap.com", "www.snap.com"),
    login_url=None,
    summary="In the app only: My Selfie in ads, who can generate with My Selfie, "
            "public content for generative AI. The tool says where to change them.",
    settings=(
        Setting(
            id="my-selfie-ads",
            label="See My Selfie in Ads",
            url=MY_SELFIE_HELP,
            app_only=True,
            note=(f"{SETTINGS_PATH}, then My Selfie (under My Account), and turn off 'See "
                  "My Selfie in Ads'. Snapchat switches it on when you accept the My Selfie "
                  "terms; if you never set up My Selfie, there is nothing to change. "
                  f"{NOT_ON_WEB} About My Selfie: {MY_SELFIE_HELP} Terms: {MY_SELFIE_TERMS}"),
        ),
        Setting(
            id="my-selfie-generate",
            label="Generate with My Selfie (who can make AI images of you)",
            url=SNAP_FEED_HELP,
            app_only=True,
            note=(f"{SETTINGS_PATH}, then My Selfie (under My Account); under 'Who Can...' "
                  "tap 'Generate with My Selfie' and choose 'Only Me', so friends cannot "
                  "make AI images of you. If you never set up My Selfie, there is nothing to "
                  f"change. {NOT_ON_WEB} Snapchat's help: {SNAP_FEED_HELP}"),
        ),
        Setting(
            id="public-content-ai",
            label="Allow use of public content (generative AI)",
            url=GENAI_HELP,
            app_only=True,
            note=("Reported by users, not yet described by Snapchat's help pages. "
                  f"{SETTINGS_PATH}, then scroll to Privacy Controls (called 'My Privacy & "
                  "Data' in some versions), open 'Generative AI Settings' and turn off "
                  "'Allow use of public content'. If your app does not show it, your app "
                  f"version or country may not have it yet. {NOT_ON_WEB} About generative "
                  f"AI on Snapchat: {GENAI_HELP}"),
        ),
    ),
    policies=(
        PolicyDoc(id="privacy", title="Privacy Policy", url=PRIVACY),
        PolicyDoc(id="my-selfie-terms", title="My Selfie Terms", url=MY_SELFIE_TERMS),
    ),
)
