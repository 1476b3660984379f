"""Snapchat: every AI switch is in the app only, so each one is ``manual`` with its path.

The shared checks are in ``NoSwitchContract``: no account, no browser use, every linked
page served by the replica.
"""


from optout_bot.outcomes import Outcome
from tests.flows.contract import NoSwitchContract, get

IN_APP = r"in the snapchat app: tap your profile picture .*gear icon \(settings"
NOT_ON_WEB = r"cannot check or change this .* only in the app, not on its website"


class TestSnapchat(NoSwitchContract):
    platform = "snapchat"
    outcome = Outcome.MANUAL
    exit_code = 1  # the person has something to do
    details = {
        "my-selfie-ads": (IN_APP, r"My Selfie \(under My Account\)",
                          r"turn off 'See My Selfie in Ads'", r"never set up My Selfie",
                          NOT_ON_WEB, r"https://snap\.com/terms/my-selfie",
                          r"https://help\.snapchat\.com/hc/en-us/articles/25312335775380"),
        "my-selfie-generate": (IN_APP, r"'Generate with My Selfie' and choose 'Only Me'",
                               NOT_ON_WEB, r"articles/26022277252756"),
        "public-content-ai": (r"^Reported by users", IN_APP, r"Privacy Controls",
                              r"'Generative AI Settings'",
                              r"turn off 'Allow use of public content'", NOT_ON_WEB,
                              r"articles/25494876770580"),
    }

    def test_help_article_numbers_redirect_like_the_real_help_centre(self, served):
        _, server = served
        status, text, final = get(server, "https://help.snapchat.com/hc/en-us/articles/"
                                          "26022277252756")
        assert status == 200 and final.endswith("/articles/26022277252756-What-is-Snap-Feed")
        assert "Generate with My Selfie" in text and "Only Me" in text
