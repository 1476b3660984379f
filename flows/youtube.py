"""YouTube: "Allow third-party companies to train AI models using my content", per channel.

The checkbox is in YouTube Studio, Settings > Channel > Advanced settings, under
"Third-party training". It is off by default (YouTube asks creators to opt in), so a run
usually finds it off; that ``off`` still comes only from a read. Google sign-in is by hand
only (``optout login youtube --browser``). The flow reads the channel the kept session
opens in Studio. Guesses [G]: the Studio settings address, the cookie ``SAPISID`` as
the sign of a session, Google's sign-in paths.

The second, login-free read-back is YouTube's public Data API:
``GET https://www.googleapis.com/youtube/v3/videoTrainability?id=<video>&key=<key>``
answers ``{"videoId", "permitted": [...]}``, the companies allowed to train on that video
(none once the checkbox is off). It needs an API key of the person's own
(``OPTOUT_YOUTUBE_API_KEY``) and one of their videos (``OPTOUT_YOUTUBE_VIDEO``, its id or
address); without them the check is skipped and the result says so. YouTube says the API
may lag up to 7 days behind the setting.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from urllib.parse import parse_qs, quote, urlsplit

from optout_bot.flows._assistants import BOT_CHECKS

from optout_bot.flow import Flow, Setting, SignIn
from optout_bot.outcomes import State
from optout_bot.policy import PolicyDoc
from optout_bot.public_check import PublicCheck

API_KEY_ENV = "OPTOUT_YOUTUBE_API_KEY"
VIDEO_ENV = "OPTOUT_YOUTUBE_VIDEO"
API = "https://www.googleapis.com/youtube/v3/videoTrainability"
SETTINGS = "https://studio.youtube.com/settings/channel/advanced"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")

NEEDS = ("YouTube's public check was skipped: it needs {what}. Set {names} and run again "
         "to have the setting confirmed by YouTube's public API as well.")


def video_id(value: str) -> str | None:
    """The id of a video given as an id, a watch address or a youtu.be address."""
    value = value.strip()
    if VIDEO_ID.match(value):
        return value
    parts = urlsplit(value)
    if parts.hostname == "youtu.be":
        candidate = parts.path.strip("/")
    else:
        candidate = parse_qs(parts.query).get("v", [""])[0]
    return candidate if VIDEO_ID.match(candidate) else None


def read_trainability(text: str) -> State:
    """``off`` when no company may train on the video, ``on`` when some may."""
    try:
        data = json.loads(text)
    except ValueError:
        return State.UNKNOWN
    permitted = data.get("permitted") if isinstance(data, dict) else None
    if not isinstance(permitted, list) or "videoId" not in data:
        return State.UNKNOWN
    return State.ON if permitted else State.OFF


class YouTubeFlow(Flow):
    def public_check(self, setting: Setting) -> PublicCheck | None:
        key = os.environ.get(API_KEY_ENV, "").strip()
        video = video_id(os.environ.get(VIDEO_ENV, ""))
        missing = [(what, name) for what, name, have in (
            ("a YouTube Data API key of yours", API_KEY_ENV, key),
            ("one of your videos (its id or address)", VIDEO_ENV, video)) if not have]
        skipped = ""
        if missing:
            skipped = NEEDS.format(what=" and ".join(w for w, _ in missing),
                                   names=" and ".join(n for _, n in missing))
        return PublicCheck(name=f"YouTube's public API for the video {video or '(none)'}",
                           url=f"{API}?id={quote(video or '')}&key={quote(key)}",
                           read=read_trainability, delay=datetime.timedelta(days=7),
                           hidden=("key",), skipped=skipped)


FLOW = YouTubeFlow(
    name="youtube",
    title="YouTube",
    hosts=("studio.youtube.com", "www.youtube.com", "accounts.google.com",
           "www.googleapis.com", "policies.google.com"),
    login_url="https://studio.youtube.com/",
    sign_in=SignIn(by_hand=True, cookies=("SAPISID",),
                   login_paths=("/ServiceLogin", r"/v3/signin/.*", r"/signin/.*",
                                "/AccountChooser")),
    summary="Reads \"Third-party training\" (off by default) and, with an API key, YouTube's "
            "public API; sign-in by hand.",
    settings=(
        Setting(
            id="third-party-training",
            label="Allow third-party companies to train AI models using my content",
            url=SETTINGS,
            names=(r"allow third.party companies to train ai models",
                   r"third.party training"),
            roles=("checkbox", "switch"),
        ),
    ),
    blockers=BOT_CHECKS,
    policies=(
        PolicyDoc(id="privacy", title="Google Privacy Policy",
                  url="https://policies.google.com/privacy"),
        PolicyDoc(id="terms", title="YouTube Terms of Service",
                  url="https://www.youtube.com/t/terms"),
    ),
)
