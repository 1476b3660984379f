"""WordPress.com replica: the two-step login, the Sites list and each site's General settings.

Pages follow platforms.md: ``/log-in`` asks for "Email address or username"
(``input#usernameOrEmail``), then "Continue" shows the password and "Log In"; the page posts
to ``/wp-login.php?action=auth-options`` and ``?action=login-endpoint`` (cookie
``wordpress_logged_in``). A code challenge is ``/log-in/authenticator``
(``input#twoStepCode``). ``/sites`` lists the account's sites, linking to ``/home/<site>``
and ``/settings/general/<site>`` among links that name no site. ``/settings/general/<site>``
has the Privacy section: radios ``blog_public`` (1 public, -1 private) and, for public sites
only, "Discourage search engines from indexing this site" and "Prevent third-party sharing
for <site title>" (``input[name=wpcom_data_sharing_opt_out]``), which is ticked and disabled
while search engines are discouraged. Changes are kept only after "Save settings" (a JSON
``POST /rest/v1.4/sites/<site>/settings``). ``layout_variant`` shows the newer layout:
toggles, "Prevent third-party sharing for this site", one "Save" button; it is also the
layout of the current dashboard's ``/sites/<site>/settings/site-visibility``, whose choices
are "Coming soon", "Public" and "Private" (the checkboxes only for a public site), and
which tells how a save went in a notice, "Settings saved." or "Failed to save settings."
(a snackbar announced as a status, not an alert; the older page shows a toast). A site's
``/robots.txt`` (asked at its own host) turns AI crawlers away while its box is ticked, as
Jetpack writes it (``stale_robots``: an old copy that lets them in).

A new account has three sites named after the username: a public one, a public one with
search engines discouraged (so the box is forced on) and a private one
(``sites=[{"slug", "title", "visibility"}]`` sets other shapes; visibility is ``public``,
``discourage``, ``private`` or ``coming_soon``).
"""

from __future__ import annotations

import secrets
from typing import Any

from optout_bot.sandbox._blogs import base_name, deferred, save_script, sharing_key
from optout_bot.sandbox._common import (
    TOAST_JS,
    esc,
    find_account,
    js_string,
    local_target,
)
from optout_bot.sandbox._policies import TERMS, PolicyPage
from optout_bot.sandbox.base import Request, Response, json_response, redirect
from optout_bot.sandbox.kit import (
    GUEST,
    NOTICE,
    SIGNED_IN,
    STANDARD_FAULTS,
    SwitchReplica,
    route,
    site_files,
)

HOST = "wordpress.com"
PUBLIC, DISCOURAGE, PRIVATE = "public", "discourage", "private"
COMING_SOON = "coming_soon"
#: the crawlers Jetpack's robots.txt turns away while third-party sharing is prevented
AI_BOTS = ("GPTBot", "CCBot", "ClaudeBot", "anthropic-ai", "Google-Extended",
           "Applebot-Extended", "Bytespider", "PerplexityBot", "meta-externalagent",
           "Amazonbot", "FacebookBot", "omgili", "omgilibot", "SentiBot", "sentibot")

SITE = site_files("wordpress")
TEXT = SITE.text

CSS = SITE.css


def default_sites(username: str) -> list[dict[str, str]]:
    """A public site, a public one that discourages search engines, and a private one."""
    name = base_name(username, joiner="")
    return [
        {"slug": f"{name}.wordpress.com", "title": f"{name} writes", "visibility": PUBLIC},
        {"slug": f"{name}notes.wordpress.com", "title": f"{name} notes",
         "visibility": DISCOURAGE},
        {"slug": f"{name}family.wordpress.com", "title": f"{name} family",
         "visibility": PRIVATE},
    ]


def _settings_for(sites: list[dict[str, str]]) -> dict[str, bool]:
    """Shared? per site that has the option: a public site shares until ticked."""
    return {sharing_key(s["slug"]): s["visibility"] == PUBLIC
            for s in sites if s["visibility"] in (PUBLIC, DISCOURAGE)}


class WordPressReplica(SwitchReplica):
    platform = "wordpress"
    hosts = (HOST, "www.wordpress.com", "automattic.com")
    # stale_robots: the sites' robots.txt keeps an old copy that lets AI crawlers in
    FAULTS = (*STANDARD_FAULTS, "stale_robots")
    session_cookie = "wordpress_logged_in"
    consent_cookie = "sensitive_pixel_options"
    login_path = "/log-in"
    home_path = "/sites"
    notice_path = "/me/account-recovery"
    text = TEXT
    css = CSS
    policy_pages = (
        PolicyPage("privacy", "/privacy", "Privacy Policy", "Automattic"),
        PolicyPage("terms", "/tos", "Terms of Service", "WordPress.com", TERMS),
    )

    def __init__(self) -> None:
        super().__init__()
        self.pending_codes: dict[str, tuple[str, str]] = {}  # nonce -> username, target

    # --- accounts --------------------------------------------------------------------
    def settings_defaults(self, username: str = "demo@example.com") -> dict[str, Any]:
        return _settings_for(default_sites(username))

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        sites = [dict(s) for s in state.pop("sites", None) or default_sites(username)]
        overrides = state.pop("settings", {})
        account = super().add_account(username, password, sites=sites, **state)
        with self.lock:
            account["settings"] = {**_settings_for(sites), **overrides}
        return account

    def site(self, user: str, slug: str) -> dict[str, str] | None:
        return next((s for s in self.accounts[user]["sites"] if s["slug"] == slug), None)

    routes = (
        route("robots", "/robots.txt"),
        route("record_consent", "/consent", method="POST"),
        route("wp_login", "/wp-login.php", method="POST"),
        route("pass_notice", "/me/account-recovery/later", method="POST"),
        route("save", "/rest/v1.4/sites/{slug}/settings", method="POST"),
        route("no_endpoint", "*", method="POST"),
        route("authenticator_page", "/log-in/authenticator"),
        route("login_or_home", "/log-in"),
        route("captcha_frame", "/recaptcha/frame"),
        route("guest_home", "/", access=GUEST),
        route("interstitial_page", "/me/account-recovery", access=NOTICE),
        route("sites_page", "/", "/sites", access=SIGNED_IN),
        route("site_home", "/home/{slug}", access=SIGNED_IN),
        route("general_settings", "/settings/general/{slug}", access=SIGNED_IN),
        route("site_visibility", "/sites/{slug}/settings/site-visibility", access=SIGNED_IN),
    )

    # --- pages anyone can reach ------------------------------------------------------
    def wp_login(self, request: Request, user: str | None) -> Response:
        action = request.query.get("action", "")
        if action == "auth-options":
            if find_account(self, request.form.get("usernameOrEmail", "")) is None:
                return json_response({"error": self.t(request)["no_user"]}, 404)
            return json_response({"passwordless": False})
        if action == "login-endpoint":
            return self.login_endpoint(request)
        if action == "two-step-authentication-endpoint":
            return self.code_endpoint(request)
        return self.no_endpoint(request, user)

    def robots(self, request: Request, user: str | None) -> Response:
        """A site's robots.txt (asked for at the site's own host), as Jetpack writes it."""
        host = (request.headers.get("host") or "").split(":")[0].lower()
        found = [(owner, s) for owner, account in self.accounts.items()
                 for s in account["sites"] if s["slug"] == host]
        if not found:
            return Response(status=404, body="Not found", content_type="text/plain")
        owner, site = found[0]
        lines = ["User-agent: *"]
        if site["visibility"] != PUBLIC:
            lines.append("Disallow: /")
        else:
            lines.append("Disallow: /wp-admin/")
            shared = self.settings_of(owner).get(sharing_key(site["slug"]), True)
            if not shared and not self.fault("stale_robots"):
                for bot in AI_BOTS:
                    lines += ["", f"User-agent: {bot}", "Disallow: /"]
        lines += ["", f"Sitemap: https://{site['slug']}/sitemap.xml"]
        return Response(body="\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")

    def no_endpoint(self, request: Request, user: str | None) -> Response:
        return json_response({"error": "not found"}, 404)

    def authenticator_page(self, request: Request, user: str | None) -> Response:
        return self.code_page(request)

    def captcha_frame(self, request: Request, user: str | None) -> Response:
        return self.html(request, None, "reCAPTCHA", "<p>I'm not a robot</p>")

    def guest_home(self, request: Request, user: str | None) -> Response:
        return self.html(request, None, "WordPress.com", '<main class="card"><h1>'
                         'WordPress.com</h1><a href="/log-in">Log In</a></main>')

    # --- signed-in pages -------------------------------------------------------------
    def site_home(self, request: Request, user: str, slug: str) -> Response:
        if not self.site(user, slug):
            return self.not_found(request, user)
        return self.chrome(request, user, "My Home", f'<main class="card"><h1>'
                           f'{esc(self.site(user, slug)["title"])}</h1></main>')

    def not_found(self, request: Request, user: str) -> Response:
        return self.chrome(request, user, "Not found", f'<main class="card"><h1>'
                           f'{self.t(request, user)["missing"]}</h1></main>', status=404)

    # --- login -----------------------------------------------------------------------
    def login_endpoint(self, request: Request) -> Response:
        form, t = request.form, self.t(request)
        username = find_account(self, form.get("username", ""))
        if username is None or not self.check_password(username, form.get("password", "")):
            return _login_error("incorrect_password", t["bad_password"])
        if self.fault("captcha"):
            return _login_error("recaptcha", t["human"])
        target = local_target(form.get("redirect_to", ""), request, self.hosts) or self.home_path
        if self.fault("challenge"):
            nonce = secrets.token_urlsafe(16)
            with self.lock:
                self.pending_codes[nonce] = (username, target)
            return json_response({"success": True, "data": {
                "redirect_to": "/log-in/authenticator?nonce=" + nonce}})
        response = json_response({"success": True, "data": {"redirect_to": target}})
        return self.sign_in(response, username)

    def code_endpoint(self, request: Request) -> Response:
        nonce = request.form.get("nonce", "")
        pending = self.pending_codes.get(nonce)
        if pending is None:
            return redirect("/log-in", 303)
        if not self.code_ok(pending[0], request.form.get("twoStepCode", "")):
            return self.code_page(request, self.t(request)["bad_code"], nonce)
        with self.lock:
            self.pending_codes.pop(nonce, None)
        return self.sign_in(redirect(pending[1], 303), pending[0])

    def login_page(self, request: Request) -> Response:
        t = self.t(request)
        body = f"""<main class="card"><h1>{t["login"]}</h1>
<form id="login-form" novalidate><div id="user-step">
<label for="usernameOrEmail">{t["user"]}</label>
<input id="usernameOrEmail" name="usernameOrEmail" type="text" autocomplete="username"
 autocapitalize="off"></div><div id="password-step"></div><div id="human-check"></div>
<div class="wp-error" role="alert" id="login-error"></div>
<button type="submit" id="login-submit">{t["continue"]}</button></form>
<p><a href="/log-in/lostpassword">{t["lost"]}</a></p></main>
<script>
var T = {js_string(t)};
var TARGET = new URLSearchParams(location.search).get('redirect_to') || '';
function send(action, data) {{
  return fetch('/wp-login.php?action=' + action, {{method: 'POST', headers: {{
    'content-type': 'application/x-www-form-urlencoded'}},
    body: new URLSearchParams(data).toString()}}).then(function (r) {{
      return r.json().then(function (b) {{ return [r.status, b]; }}); }});
}}
function fail(message) {{ document.getElementById('login-error').textContent = message; }}
document.getElementById('login-form').addEventListener('submit', function (e) {{
  e.preventDefault();
  var user = document.getElementById('usernameOrEmail').value;
  var password = document.getElementById('password');
  if (!password) {{
    send('auth-options', {{usernameOrEmail: user}}).then(function (a) {{
      if (a[0] !== 200) return fail(a[1].error);
      fail('');
      document.getElementById('password-step').innerHTML = '<label for="password">' +
        T.password + '</label><input id="password" name="password" type="password" ' +
        'autocomplete="current-password">';
      document.getElementById('login-submit').textContent = T.log_in;
      document.getElementById('password').focus();
    }});
    return;
  }}
  send('login-endpoint', {{username: user, password: password.value, redirect_to: TARGET}})
    .then(function (a) {{
      if (a[1].success) {{ location.href = a[1].data.redirect_to; return; }}
      var error = a[1].data.errors[0];
      if (error.code === 'recaptcha') document.getElementById('human-check').innerHTML =
        '<iframe title="reCAPTCHA" src="/recaptcha/frame" width="300" height="80"></iframe>';
      fail(error.message);
    }});
}});
</script>"""
        return self.html(request, None, "Log In — WordPress.com", body)

    def code_page(self, request: Request, error: str = "", nonce: str = "") -> Response:
        t = self.t(request)
        nonce = nonce or request.query.get("nonce", "")
        body = f"""<main class="card"><h1>{t["login"]}</h1><p>{t["two_step"]}</p>
<form method="post" action="/wp-login.php?action=two-step-authentication-endpoint">
<input type="hidden" name="nonce" value="{esc(nonce)}">
<label for="twoStepCode">{t["code"]}</label>
<input id="twoStepCode" name="twoStepCode" type="text" inputmode="numeric"
 autocomplete="one-time-code"><div class="wp-error" role="alert">{esc(error)}</div>
<button type="submit">{t["continue"]}</button></form></main>"""
        return self.html(request, None, "Log In — WordPress.com", body)

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        return self.notice_page(request, user, title=t["recovery"], text=t["recovery_help"],
                                action="/me/account-recovery/later", button=t["later"])

    # --- signed-in pages -------------------------------------------------------------
    def chrome(self, request: Request, user: str, title: str, body: str,
               status: int = 200) -> Response:
        t = self.t(request, user)
        links = "".join(f'<a href="{href}">{name}</a>'
                        for href, name in zip(("/home", "/read", "/me"), t["nav"], strict=True))
        bar = (f'<header class="wp-bar"><a class="wp-logo" href="/sites">{t["sites"]}</a>'
               f"{links}</header>")
        return self.html(request, user, f"{title} — WordPress.com", bar + body, status)

    def sites_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        rows = []
        for site in self.accounts[user]["sites"]:
            slug, title = esc(site["slug"]), esc(site["title"])
            badge = t["private"] if site["visibility"] == PRIVATE else t["public"]
            if self.fault("layout_variant"):
                rows.append(f'<div class="site-row"><a class="title" href="/overview/{slug}">'
                            f'{title}</a><span class="badge">{badge}</span></div>')
                continue
            rows.append(f"""<div class="site-row"><a class="title" href="/home/{slug}">{title}
</a><a href="https://{slug}/">{slug}</a><span class="badge">{badge}</span>
<details><summary>⋯</summary><a href="/settings/general/{slug}">{t["manage"]}</a>
<a href="https://{slug}/wp-admin/">wp-admin</a></details></div>""")
        listing = deferred("".join(rows), t["loading"], self.fault("slow_render"), "site-list")
        body = f"""<main class="card"><div class="section-header"><h1>{t["sites"]}</h1>
<a href="/start?source=sites-dashboard">{t["add_site"]}</a></div>
<nav><a href="/sites">{t["all"]}</a> <a href="/sites?status=public">{t["public"]}</a>
<a href="/sites?status=private">{t["private"]}</a></nav>
<input type="search" aria-label="{t["search"]}">{listing}</main>"""
        return self.chrome(request, user, t["sites"], body)

    def site_visibility(self, request: Request, user: str, slug: str) -> Response:
        """The current dashboard's page: the newer layout, "Coming soon" among the choices."""
        return self.general_settings(request, user, slug, current=True)

    def general_settings(self, request: Request, user: str, slug: str,
                         current: bool = False) -> Response:
        t = self.t(request, user)
        site = self.site(user, slug)
        if site is None:
            return self.chrome(request, user, t["missing"],
                               f'<main class="card"><h1>{t["missing"]}</h1></main>', status=404)
        if (refused := self.page_fault(request, user)) is not None:
            status, message = refused
            return self.chrome(request, user, "WordPress.com",
                               f'<main class="card"><p>{message}</p></main>', status=status)
        shared = self.settings_of(user).get(sharing_key(slug), False)
        privacy = (self.new_privacy if current or self.fault("layout_variant")
                   else self.privacy)(t, site, shared)
        title = esc(site["title"])
        body = f"""<main class="card"><h1>{t["general"]}</h1>
<div class="card"><div class="section-header"><h2>{t["profile"]}</h2>
<button type="button" disabled>{t["save"]}</button></div>
<label for="blogname">{t["site_title"]}</label><input id="blogname" type="text"
 value="{title}"><label for="blogdescription">{t["tagline"]}</label>
<input id="blogdescription" type="text"></div>
{deferred(privacy, t["loading"], self.fault("slow_render"), "privacy")}</main>
<script>{TOAST_JS}{save_script(self.form_key(request), "/log-in")}
var SITE = {js_string(slug)}; var T = {js_string(t)}; var CURRENT = {js_string(current)};
// the current page says how a save went in a notice at the foot of the screen (Calypso's
// snackbar, announced politely: no alert role), the older one in a toast
function notice(text) {{
  var old = document.getElementById('notice'); if (old) old.remove();
  var n = document.createElement('div'); n.id = 'notice'; n.className = 'components-snackbar';
  n.setAttribute('role', 'status'); n.textContent = text; document.body.appendChild(n);
}}
function box(name) {{ return document.querySelector('[data-option="' + name + '"]'); }}
function saveButton() {{ return document.getElementById('privacy-save'); }}
document.addEventListener('change', function (e) {{
  if (!e.target.closest || !e.target.closest('#privacy-form')) return;
  var discourage = box('discourage'), sharing = box('sharing');
  if (discourage && sharing) {{
    if (discourage.checked) sharing.checked = true;
    sharing.disabled = discourage.checked;
  }}
  saveButton().disabled = false;
}});
document.addEventListener('click', function (e) {{
  if (e.target.id !== 'privacy-save') return;
  var visibility = document.querySelector('input[name=blog_public]:checked');
  var discourage = box('discourage'), sharing = box('sharing');
  var data = {{blog_public: visibility ? parseInt(visibility.value, 10) : 1}};
  if (discourage && discourage.checked) data.blog_public = 0;
  if (sharing) data.wpcom_data_sharing_opt_out = sharing.checked;
  postJSON('/rest/v1.4/sites/' + SITE + '/settings', data).then(function () {{
    saveButton().disabled = true;
    if (CURRENT) notice(T.saved_new); else showToast(T.saved, true);
  }}).catch(function (err) {{ if (err.message === 'signed out') return;
    if (CURRENT) notice(T.save_failed_new); else showToast(T.save_failed, false); }});
}});
</script>"""
        return self.chrome(request, user, t["general"], body)

    def privacy(self, t: dict[str, Any], site: dict[str, str], shared: bool) -> str:
        """Calypso's Privacy card: radios, and for a public site the two checkboxes."""
        visibility = site["visibility"]
        public = visibility != PRIVATE
        options = ""
        if public:
            forced = visibility == DISCOURAGE
            options = f"""<div class="indented">
<label><input type="checkbox" id="blog_public_discourage" data-option="discourage"
{" checked" if forced else ""}> {t["discourage"]}</label>
<p class="form-setting-explanation">{t["discourage_help"]}</p>
<label><input type="checkbox" id="wpcom_data_sharing_opt_out" name="wpcom_data_sharing_opt_out"
 data-option="sharing"{"" if shared else " checked"}{" disabled" if forced else ""}>
 {esc(t["sharing"].format(title=site["title"]))}</label>
<p class="form-setting-explanation">{t["sharing_help"]} <a href="https://wordpress.com/support/\
privacy-settings/make-your-website-public/">{t["learn"]}</a></p></div>"""
        return f"""<div class="card" id="site-privacy-settings"><div class="section-header">
<h2>{t["privacy"]}</h2><button type="button" id="privacy-save" disabled>{t["save"]}</button>
</div><form id="privacy-form" onsubmit="return false">
<label><input type="radio" name="blog_public" value="1"{" checked" if public else ""}>
 {t["public"]}</label><p class="form-setting-explanation">{t["public_help"]}</p>{options}
<label><input type="radio" name="blog_public" value="-1"{"" if public else " checked"}>
 {t["private"]}</label><p class="form-setting-explanation">{t["private_help"]}</p>
</form></div>"""

    def new_privacy(self, t: dict[str, Any], site: dict[str, str], shared: bool) -> str:
        """The newer layout: toggles with generated ids and one "Save" button."""
        public = site["visibility"] in (PUBLIC, DISCOURAGE)
        forced = site["visibility"] == DISCOURAGE
        toggles = ""
        if public:
            toggles = "".join(f"""<div class="components-toggle-control">
<input class="components-form-toggle__input" id="inspector-toggle-control-{n}" type="checkbox"
 aria-describedby="inspector-toggle-control-{n}__help" data-option="{option}"{checked}>
<label for="inspector-toggle-control-{n}">{label}</label>
<p id="inspector-toggle-control-{n}__help" class="form-setting-explanation">{help_text}</p></div>"""
                              for n, option, label, help_text, checked in (
                                  (0, "discourage", t["discourage"], t["discourage_help"],
                                   " checked" if forced else ""),
                                  (1, "sharing", t["sharing_new"], t["sharing_help"],
                                   ("" if shared else " checked")
                                   + (" disabled" if forced else ""))))
        radios = "".join(
            f'<label><input type="radio" name="blog_public" value="{value}"'
            f'{" checked" if on else ""}> {label}</label>'
            for value, label, on in (
                ("0", t["coming_soon"], site["visibility"] == COMING_SOON),
                ("1", t["public"], public), ("-1", t["private"], site["visibility"] == PRIVATE)))
        return f"""<div class="card" id="site-privacy-settings"><h2>{t["visibility"]}</h2>
<form id="privacy-form" onsubmit="return false"><fieldset>{radios}</fieldset>{toggles}</form>
<button type="button" id="privacy-save" disabled>{t["save_new"]}</button></div>"""

    def save(self, request: Request, user: str | None, slug: str) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        site = self.site(user, slug) if user else None
        if user is not None and site is None:
            return json_response({"error": "unknown_blog"}, 404)
        opt_out = data.get("wpcom_data_sharing_opt_out")
        visibility = data.get("blog_public")
        if visibility not in (1, 0, -1) or not isinstance(opt_out, bool | None):
            return json_response({"error": "invalid_input"}, 400)
        changes: dict[str, bool] = {}
        if site is not None and site["visibility"] != PRIVATE and visibility != -1:
            # Discouraging search engines ticks the box for good; else the tick is the choice.
            changes[sharing_key(slug)] = False if visibility == 0 else not opt_out
        response = self.store(request, user, changes)
        if response.status == 200 and site is not None and not self.fault("save_not_persisted"):
            with self.lock:
                site["visibility"] = {1: PUBLIC, 0: DISCOURAGE, -1: PRIVATE}[visibility]
                if site["visibility"] == PRIVATE:
                    self.settings_of(user).pop(sharing_key(slug), None)
        return response


def _login_error(code: str, message: str) -> Response:
    return json_response({"success": False, "data": {"errors": [
        {"code": code, "message": message}]}}, 400)


REPLICA = WordPressReplica
