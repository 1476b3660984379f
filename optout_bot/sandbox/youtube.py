"""YouTube replica: Studio's "Third-party training" checkbox for each channel of the
account, signed in by hand, and the public Data API's ``videoTrainability``.

A switch site behind a bot check (``ByHandSite``), its session valid on every
youtube.com host. Studio at ``/`` sends a signed-out person to Google's sign-in page
(``/ServiceLogin``). A new account owns two channels (``channels=[name, ...]`` sets
others, ``[]`` none), listed on www.youtube.com ``/channel_switcher`` with links to
``/channel/<id>``; each channel's checkbox is at Studio
``/channel/<id>/settings/channel/advanced`` (the older ``/settings/channel/advanced``
shows the first channel's). The checkbox is off for a new channel, as on YouTube
(``opted_in=True``, or ``settings_defaults``: every channel opted in). Each channel has
one public video, listed on ``/channel/<id>/videos``.
``/youtube/v3/videoTrainability?id=&key=`` (host www.googleapis.com) answers
``{"kind", "videoId", "permitted"}`` from the stored setting:
``permitted`` is empty while the checkbox is off. A request without ``key`` is refused
(HTTP 403), as Google does; an unknown video is HTTP 404. The ``api_lag`` fault makes the
API answer as before a change (YouTube says it can lag up to 7 days).

State: ``"third-party-training:<channel id>"``, True while third parties may train.
"""

from __future__ import annotations

import hashlib
from typing import Any

from optout_bot.flows.youtube import API_KEY_ENV, VIDEO_ENV
from optout_bot.sandbox._blogs import base_name
from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._common import esc
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._site_wide_session import SiteWideSession
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response, json_response, redirect
from optout_bot.sandbox.kit import SIGNED_IN, STANDARD_FAULTS, route

SETTING = "third-party-training"
PERMITTED = ["all"]  # the answer while every third-party company may train
LABELS = {"en": "Allow third-party companies to train AI models using my content",
          "de": "Drittanbietern erlauben, KI-Modelle mit meinen Inhalten zu trainieren"}


def channel_id(name: str) -> str:
    """A channel id as YouTube writes them: ``UC`` and 22 characters."""
    return "UC" + hashlib.sha256(name.encode()).hexdigest()[:22]


def video_of(channel: str) -> str:
    """The id of the one public video of a channel."""
    return ("v" + channel[2:])[:11]


def key_of(channel: str) -> str:
    return f"{SETTING}:{channel}"


def default_channels(username: str) -> list[str]:
    name = base_name(username, joiner=" ").title()
    return [name, f"{name} Music"]


class YouTubeReplica(SiteWideSession, ByHandSite):
    platform = "youtube"
    title = "YouTube Studio"
    hosts = ("studio.youtube.com", "www.youtube.com", "accounts.google.com",
             "www.googleapis.com", "policies.google.com")
    session_cookie = "SAPISID"
    cookie_domain = ".youtube.com"
    login_path = "/ServiceLogin"
    home_path = "/channel"
    settings_path = "/settings/channel/advanced"
    save_path = "/youtubei/v1/creator/update_creator_channel_settings"
    FAULTS = (*STANDARD_FAULTS, "api_lag")
    switches = (Switch(SETTING, LABELS),)
    policy_pages = (
        PolicyPage("privacy", "/privacy", "Google Privacy Policy", "Google"),
        PolicyPage("terms", "/t/terms", "Terms of Service", "YouTube", TERMS),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (route("trainability", "/youtube/v3/videoTrainability"),
                route("channel_videos", "/channel/{channel}/videos"),
                *super().standard_routes(),
                route("channel_switcher", "/channel_switcher", access=SIGNED_IN),
                route("settings_page", "/channel/{channel}/settings/channel/advanced",
                      access=SIGNED_IN))

    # --- accounts --------------------------------------------------------------------
    def settings_defaults(self) -> dict[str, Any]:
        return {SETTING: False}  # YouTube asks creators to opt in

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        names = state.pop("channels", None)
        names = default_channels(username) if names is None else names
        opted_in = bool(state.pop("opted_in", self.settings_defaults()[SETTING]))
        channels = [(channel_id(f"{username}/{n}"), n) for n in names]
        account = super().add_account(username, password, channels=channels, **state)
        with self.lock:
            account["settings"] = {key_of(c): opted_in for c, _ in channels}
            account["published"] = dict(account["settings"])  # what the API shows
        return account

    def channel_of(self, user: str, channel: str | None) -> str | None:
        """The account's channel ``channel`` (None: the first, as Studio opens it)."""
        owned = [c for c, _ in self.accounts[user]["channels"]]
        if channel is None:
            return owned[0] if owned else None
        return channel if channel in owned else None

    def demo_environment(self, username: str) -> dict[str, str]:
        first = self.accounts[username]["channels"][0][0]
        return {API_KEY_ENV: "demo-key-of-the-replica", VIDEO_ENV: video_of(first)}

    # --- pages -----------------------------------------------------------------------
    def guest_home(self, request: Request, user: None) -> Response:
        return redirect(f"{self.login_path}?{self.redirect_param}=/")

    def channel_switcher(self, request: Request, user: str) -> Response:
        if refused := self.page_fault(request, user):
            return self.site_page(request, user, self.title, f"<p>{refused[1]}</p>", refused[0])
        channels = self.accounts[user]["channels"]
        rows = "".join(f'<li><a href="https://www.youtube.com/channel/{c}">{esc(n)}</a></li>'
                       for c, n in channels)
        body = (f"<h1>Your channels</h1><ul>{rows}</ul>" if channels else
                "<h1>Your channels</h1><p>You don't have a channel yet.</p>")
        body += '<p><a href="/create_channel">Create a channel</a></p>'
        return self.site_page(request, user, "Your channels", body)

    def channel_videos(self, request: Request, user: str | None, channel: str) -> Response:
        owner = next((u for u, a in self.accounts.items()
                      if channel in [c for c, _ in a["channels"]]), None)
        if owner is None:
            return self.site_page(request, user, self.title, "<h1>This channel does not "
                                  "exist.</h1>", 404)
        body = (f'<h1>Videos</h1><ul><li><a href="/watch?v={video_of(channel)}">'
                "My first video</a></li></ul>")
        return self.site_page(request, user, "Videos", body)

    def settings_page(self, request: Request, user: str, channel: str | None = None
                      ) -> Response:
        if self.channel_of(user, channel) is None:
            return self.not_found(request, user)
        return super().settings_page(request, user)

    def shown_switches(self, request: Request, user: str) -> list[tuple[Switch, bool]]:
        parts = request.path.strip("/").split("/")
        channel = self.channel_of(user, parts[1] if parts[0] == "channel" else None)
        key = key_of(channel or "")
        return [(Switch(key, LABELS), bool(self.settings_of(user).get(key)))]

    def save(self, request: Request, user: str | None) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        owned = {key_of(c) for c, _ in self.accounts[user]["channels"]} if user else set()
        valid = data and all(k in owned and isinstance(v, bool) for k, v in data.items())
        return self.store(request, user, dict(data) if valid else None)

    def trainability(self, request: Request, user: str | None) -> Response:
        if not request.query.get("key"):
            return json_response({"error": {"code": 403, "message": "The request is missing "
                                            "a valid API key."}}, 403)
        video = request.query.get("id", "")
        found = next(((a, c) for a in self.accounts.values() for c, _ in a["channels"]
                      if video_of(c) == video), None)
        if found is None:
            return json_response({"error": {"code": 404, "message": "Video not found."}}, 404)
        account, channel = found
        with self.lock:
            if not self.fault("api_lag"):
                account["published"][key_of(channel)] = account["settings"][key_of(channel)]
            shared = account["published"][key_of(channel)]
        return json_response({"kind": "youtube#videoTrainability", "videoId": video,
                              "permitted": PERMITTED if shared else []})


REPLICA = YouTubeReplica
