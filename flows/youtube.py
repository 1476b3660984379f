"""YouTube: "Allow third-party companies to train AI models using my content", per channel.

The checkbox is in YouTube Studio, Settings > Channel > Advanced settings, under
"Third-party training", for each channel separately. It is off by default (YouTube asks
creators to opt in), so a run usually finds it off; that ``off`` still comes only from a
read. Google sign-in is by hand only (``optout login youtube --browser``). The channels
of the account are read from ``www.youtube.com/channel_switcher`` (links to
``/channel/<id>``): one row per channel, each read on its own Studio page. Where no
channel link shows, the flow reads the channel Studio opens, as before. Guesses [G]: the
Studio settings addresses, the channel list's markup, the cookie ``SAPISID`` as the sign
of a session, Google's sign-in paths.

The second, login-free read-back is YouTube's public Data API:
``GET https://www.googleapis.com/youtube/v3/videoTrainability?id=<video>&key=<key>``
answers ``{"videoId", "permitted": [...]}``, the companies allowed to train on that video
(none once the checkbox is off). It needs an API key of the person's own
(``OPTOUT_YOUTUBE_API_KEY``) and a video of the channel: for each channel found, the first
video its public ``/channel/<id>/videos`` page lists; for the channel Studio opens,
``OPTOUT_YOUTUBE_VIDEO`` (its id or address). Without them the check is skipped and the
result says so. YouTube says the API may lag up to 7 days behind the setting.
"""

from __future__ import annotations

import datetime
import json
import os
import re
from dataclasses import dataclass, field, replace
from urllib.parse import parse_qs, quote, urlsplit

from optout_bot.flows._assistants import BOT_CHECKS
from optout_bot.flows._scoped import LINKS_JS, scoped_links

from optout_bot import steps
from optout_bot.errors import FlowError
from optout_bot.flow import NONE, Flow, Setting, SignIn
from optout_bot.outcomes import State
from optout_bot.policy import PolicyDoc
from optout_bot.public_check import PublicCheck
from optout_bot.text import search as page_says

API_KEY_ENV = "OPTOUT_YOUTUBE_API_KEY"
VIDEO_ENV = "OPTOUT_YOUTUBE_VIDEO"
API = "https://www.googleapis.com/youtube/v3/videoTrainability"
SETTINGS = "https://studio.youtube.com/settings/channel/advanced"
CHANNEL_SETTINGS = "https://studio.youtube.com/channel/{channel}/settings/channel/advanced"
SWITCHER = "https://www.youtube.com/channel_switcher"
VIDEOS = "https://www.youtube.com/channel/{channel}/videos"
VIDEO_ID = re.compile(r"^[A-Za-z0-9_-]{6,20}$")
CHANNEL_PATH = re.compile(r"^/channel/(UC[A-Za-z0-9_-]{22})/?$")
NO_CHANNEL = r"you don't have a channel|create a channel to"
NO_CHANNEL_NOTE = ("This Google account has no YouTube channel. The setting belongs to "
                   "each channel, so there is nothing to switch; if you create one, run "
                   "this again.")
NO_VIDEO = ("YouTube's public check was skipped: no public video of this channel was "
            "found, and the API reads the setting through one of its videos.")

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


def channel_in(path: str) -> str | None:
    found = CHANNEL_PATH.match(path)
    return found.group(1) if found else None


def for_channel(template: Setting, channel: str, name: str) -> Setting:
    return template.for_scope(channel, url=CHANNEL_SETTINGS.format(channel=channel),
                              label=f"{template.label} ({name or channel})")


@dataclass
class YouTubeFlow(Flow):
    #: channel id -> one of its public videos, found while listing the channels
    videos: dict[str, str] = field(default_factory=dict)

    async def discover(self, ctx, settings: list[Setting]) -> list[Setting]:
        """One row per channel the channel list links to (else the channel Studio opens)."""
        try:
            await ctx.open(SWITCHER)
        except FlowError as exc:  # the list moved or is refused: Studio still opens one
            ctx.say(f"the channel list did not open ({exc}); reading the channel YouTube "
                    "Studio opens")
            return settings
        channels = await scoped_links(ctx.page, ("www.youtube.com",), channel_in)
        if not channels:
            if page_says(NO_CHANNEL, await steps.page_text(ctx.page)):
                return [replace(s, kind=NONE, note=NO_CHANNEL_NOTE) for s in settings]
            ctx.say("no channel list was found; reading the channel YouTube Studio opens")
            return settings
        names = await channel_names(ctx.page)
        ctx.say(f"found {len(channels)} channel(s)")
        if os.environ.get(API_KEY_ENV, "").strip():
            for channel in channels:
                await self.find_video(ctx, channel)
        return [for_channel(s, c, names.get(c, "")) for s in settings for c in channels]

    async def find_video(self, ctx, channel: str) -> None:
        """Keep one public video of ``channel`` for the API check, if its page lists one."""
        if channel in self.videos:
            return
        await ctx.open(VIDEOS.format(channel=channel))
        for href in await ctx.page.evaluate(LINKS_JS):
            found = video_id(href) if "watch" in href else None
            if found:
                self.videos[channel] = found
                return

    def public_check(self, setting: Setting) -> PublicCheck | None:
        key = os.environ.get(API_KEY_ENV, "").strip()
        skipped = ""
        if setting.scope:
            video = self.videos.get(setting.scope)
            if key and not video:
                skipped = NO_VIDEO
        else:
            video = video_id(os.environ.get(VIDEO_ENV, ""))
        missing = [(what, name) for what, name, have in (
            ("a YouTube Data API key of yours", API_KEY_ENV, key),
            ("one of your videos (its id or address)", VIDEO_ENV,
             video or setting.scope)) if not have]
        if missing:
            skipped = NEEDS.format(what=" and ".join(w for w, _ in missing),
                                   names=" and ".join(n for _, n in missing))
        return PublicCheck(name=f"YouTube's public API for the video {video or '(none)'}",
                           url=f"{API}?id={quote(video or '')}&key={quote(key)}",
                           read=read_trainability, delay=datetime.timedelta(days=7),
                           hidden=("key",), skipped=skipped)


async def channel_names(page) -> dict[str, str]:
    """The name each channel link shows, by channel id."""
    pairs = await page.evaluate(
        "() => [...document.querySelectorAll('a[href*=\"/channel/\"]')]"
        ".map(a => [a.getAttribute('href'), a.innerText.trim()])")
    names: dict[str, str] = {}
    for href, text in pairs:
        channel = channel_in(urlsplit(href).path)
        if channel and text:
            names.setdefault(channel, text)
    return names


FLOW = YouTubeFlow(
    name="youtube",
    title="YouTube",
    hosts=("studio.youtube.com", "www.youtube.com", "accounts.google.com",
           "www.googleapis.com", "policies.google.com"),
    login_url="https://studio.youtube.com/",
    sign_in=SignIn(by_hand=True, cookies=("SAPISID",),
                   login_paths=("/ServiceLogin", r"/v3/signin/.*", r"/signin/.*",
                                "/AccountChooser")),
    summary="Reads \"Third-party training\" of each channel (off by default) and, with an "
            "API key, YouTube's public API; sign-in by hand.",
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
