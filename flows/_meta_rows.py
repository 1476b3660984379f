"""The rows of Meta's sites: its objection forms (what each needs and says), the region
note, and the rows with nothing to drive. ``_meta`` drives the forms.
"""

from __future__ import annotations

from dataclasses import dataclass

from optout_bot.flow import Setting

SETTING_ID = "ai-objection"
THIRD_PARTY_ID = "ai-third-party-objection"
CHATS_ID = "meta-ai-chats"
THIRD_PARTY_FORM = "https://www.facebook.com/help/contact/510058597920541"
REGION_NOTE = ("Meta offers this objection form only to people in the EU/EEA and the UK "
               "(it is also reported in Switzerland, Brazil, Japan and South Korea).")
REGION_HOW = ("The tool never guesses where your account is: give it with --region CODE or "
              "OPTOUT_REGION, keep it with 'optout login {name} --region CODE', or answer "
              "the question asked at a terminal.")
#: regions (``optout_bot.regions``) where Meta offers, or is reported to offer, the forms
OFFERED_REGIONS = frozenset({"EU", "UK", "CH", "BR", "JP", "KR"})

# Page texts, matched typography aside (``optout_bot.text``): Meta writes "We’ve".
SENT = (r"already (submitted|sent|objected|made|filed|received)",
        r"you('ve| have) already (submitted|sent|objected)")
CONFIRMED = (r"we('ve| have) received your (objection|request)",
             r"thanks?( you)? for (your submission|contacting us)",
             r"we('ll| will) (honou?r|review|apply) your (objection|request)",
             r"your (objection|request) (has been|was) (sent|submitted|received)")
# the third-party form is reviewed, not honoured as sent: Meta says it received a request
THIRD_PARTY_CONFIRMED = (r"we('ve| have) received your request",
                         r"thanks?( you)? for (your submission|contacting us)",
                         r"we('ll| will) review your request",
                         r"your request (has been|was) (sent|submitted|received)")
OBJECT_OPTION = r"object to or restrict the processing"
NOT_OFFERED = (r"(form|content|page|feature) (isn't|is not|is currently not) available",
               r"not available (in|for|to) (you|your (country|region|location))",
               r"only available (to|for) (people|users|accounts) in")


@dataclass(frozen=True)
class MetaForm:
    """What one of Meta's objection forms needs and says."""

    what: str  # how the detail names it
    confirmed: tuple[str, ...]  # the confirmation shown after Send
    request_type: str = ""  # the option of "what is your request" to pick, if asked
    signed_in: bool = True  # the form is reached signed in (its email filled in)


FORMS = {
    SETTING_ID: MetaForm("the AI objection form", CONFIRMED),
    THIRD_PARTY_ID: MetaForm("the objection form for information from third parties",
                             THIRD_PARTY_CONFIRMED, request_type=OBJECT_OPTION,
                             signed_in=False),
}


def objection_setting(url: str, title: str) -> Setting:
    return Setting(id=SETTING_ID, label=f"Object to {title} using your information for AI "
                   "at Meta", url=url, kind="form",
                   note=REGION_NOTE + " " + REGION_HOW.format(name=title.lower()))


THIRD_PARTY_LABEL = "Object to information from third parties being used for AI at Meta"
THIRD_PARTY_NOTE = ("Meta also trains on what it gets from third parties (the public web, "
                    "licensed data), which may be about you without coming from your "
                    "account. This form objects to that; Meta reviews each request under "
                    "local law. " + REGION_NOTE + " "
                    + REGION_HOW.format(name="facebook"))


def third_party_setting() -> Setting:
    """Facebook's form for information Meta gets from third parties."""
    return Setting(id=THIRD_PARTY_ID, label=THIRD_PARTY_LABEL, url=THIRD_PARTY_FORM,
                   kind="form", note=THIRD_PARTY_NOTE)


def third_party_elsewhere(title: str) -> Setting:
    """The same form seen from a Meta site that does not offer it (it lives on Facebook)."""
    return Setting(id=THIRD_PARTY_ID, label=f"{THIRD_PARTY_LABEL} (on Facebook)",
                   url=THIRD_PARTY_FORM, kind="none",
                   note=(f"{title} has no form of its own for this; Meta's is on Facebook "
                         "and is the same for everyone, with or without an account. With "
                         "a Facebook account, 'optout apply facebook' sends it. Otherwise "
                         f"open {THIRD_PARTY_FORM}, choose \"I want to object to or "
                         "restrict the processing...\", give your email address and send "
                         "it. " + REGION_NOTE))


def meta_ai_chats_setting(hub: str) -> Setting:
    """Meta AI conversations used for ads and content: nothing to turn off."""
    return Setting(id=CHATS_ID, label="Meta AI chats used for ads and content", url=hub,
                   kind="none",
                   note=("Since 16 December 2025 Meta uses what you say in chats with Meta "
                         "AI to choose the ads and content it shows you, and there is no "
                         "setting to turn this off (the EU, the UK and South Korea were "
                         "left out at launch). What you can do: keep out of your chats with "
                         f"Meta AI anything you would not want used this way. More: {hub}"))
