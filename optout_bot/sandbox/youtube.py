"""YouTube replica: Studio's "Third-party training" checkbox, signed in by hand, and the
public Data API's ``videoTrainability``.

A plain switch site behind a bot check (``ByHandSite``). Studio at ``/`` sends a signed-out
person to Google's sign-in page (``/ServiceLogin``). The checkbox is off for a new account,
as on YouTube (``settings={"third-party-training": True}``: a creator who opted in). Each
account has one video, ``video_of(username)``. ``/youtube/v3/videoTrainability?id=&key=``
(host www.googleapis.com) answers ``{"kind", "videoId", "permitted"}`` from the stored
setting: ``permitted`` is empty while the checkbox is off. A request without ``key`` is
refused (HTTP 403), as Google does; an unknown video is HTTP 404. The ``api_lag`` fault
makes the API answer as before a change (YouTube says it can lag up to 7 days).
"""

from __future__ import annotations

from typing import Any

from optout_bot.flows.youtube import API_KEY_ENV, VIDEO_ENV
from optout_bot.sandbox._blogs import base_name
from optout_bot.sandbox._by_hand import ByHandSite
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox._switch_site import Switch
from optout_bot.sandbox.base import Request, Response, json_response, redirect
from optout_bot.sandbox.kit import STANDARD_FAULTS, route

SETTING = "third-party-training"
PERMITTED = ["all"]  # the answer while every third-party company may train


def video_of(username: str) -> str:
    """The id of the one video of an account's channel."""
    return ("vid" + base_name(username, joiner=""))[:11].ljust(11, "x")


class YouTubeReplica(ByHandSite):
    platform = "youtube"
    title = "YouTube Studio"
    hosts = ("studio.youtube.com", "www.youtube.com", "accounts.google.com",
             "www.googleapis.com", "policies.google.com")
    session_cookie = "SAPISID"
    login_path = "/ServiceLogin"
    home_path = "/channel"
    settings_path = "/settings/channel/advanced"
    save_path = "/youtubei/v1/creator/update_creator_channel_settings"
    FAULTS = (*STANDARD_FAULTS, "api_lag")
    switches = (Switch(SETTING,
                       {"en": "Allow third-party companies to train AI models using my "
                              "content",
                        "de": "Drittanbietern erlauben, KI-Modelle mit meinen Inhalten zu "
                              "trainieren"}),)
    policy_pages = (
        PolicyPage("privacy", "/privacy", "Google Privacy Policy", "Google"),
        PolicyPage("terms", "/t/terms", "Terms of Service", "YouTube", TERMS),
    )

    @classmethod
    def standard_routes(cls) -> tuple[Any, ...]:
        return (route("trainability", "/youtube/v3/videoTrainability"),
                *super().standard_routes())

    def settings_defaults(self) -> dict[str, Any]:
        return {SETTING: False}  # YouTube asks creators to opt in

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        account = super().add_account(username, password, **state)
        with self.lock:
            account["published"] = account["settings"][SETTING]  # what the API shows
        return account

    def demo_environment(self, username: str) -> dict[str, str]:
        return {API_KEY_ENV: "demo-key-of-the-replica", VIDEO_ENV: video_of(username)}

    def guest_home(self, request: Request, user: None) -> Response:
        return redirect(f"{self.login_path}?{self.redirect_param}=/")

    def trainability(self, request: Request, user: str | None) -> Response:
        if not request.query.get("key"):
            return json_response({"error": {"code": 403, "message": "The request is missing "
                                            "a valid API key."}}, 403)
        video = request.query.get("id", "")
        owner = next((u for u in self.accounts if video_of(u) == video), None)
        if owner is None:
            return json_response({"error": {"code": 404, "message": "Video not found."}}, 404)
        account = self.accounts[owner]
        with self.lock:
            if not self.fault("api_lag"):
                account["published"] = account["settings"][SETTING]
            shared = account["published"]
        return json_response({"kind": "youtube#videoTrainability", "videoId": video,
                              "permitted": PERMITTED if shared else []})


REPLICA = YouTubeReplica
