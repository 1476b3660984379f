"""Tumblr replica: a login in steps, the dashboard, account settings and every blog's settings.

Pages follow platforms.md: ``/login`` ("Continue with email", email, Next, password, Log in;
the ``one_step_login`` fault asks for both on one form), answered by
``POST /api/v2/login/email`` and ``POST /api/v2/oauth2/token`` (cookies ``sid`` and
``logged_in``). The account's blogs are listed by ``GET /api/v2/user/info``: in the settings
sidebar as links to ``/settings/blog/<name>`` (with ``layout_variant``, to ``/blog/<name>``;
with ``blogs_in_menu_only``, not at all) and in the dashboard's "Account" menu, which
renders only when opened. Other people's blogs on the dashboard link to
``/blog/view/<name>``. ``/settings/blog/<name>`` has the Visibility switches ("Discourage
searching of <name>", "Prevent third-party sharing for <name>"); each flip is a JSON
``POST /api/v2/blog/<name>/settings``. Turning "Discourage searching" on turns "Prevent
third-party sharing" on, as Tumblr does.

A new account has a primary blog named after the username and one side blog
(``blogs=[...]`` and ``discourage=[...]`` set other shapes).
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
from optout_bot.sandbox.base import Request, Response, json_response
from optout_bot.sandbox.kit import (
    GUEST,
    NOTICE,
    SIGNED_IN,
    STANDARD_FAULTS,
    SwitchReplica,
    route,
    site_files,
)

HOST = "www.tumblr.com"
OTHER_BLOGS = ("staff", "art-daily", "cat-pictures")

SITE = site_files("tumblr")
TEXT = SITE.text

CSS = SITE.css


def default_blogs(username: str) -> list[str]:
    """The primary blog and one side blog, named after the username."""
    name = base_name(username)
    return [name, f"{name}-art"]


class TumblrReplica(SwitchReplica):
    platform = "tumblr"
    hosts = (HOST, "tumblr.com")
    session_cookie = "sid"
    consent_cookie = "euconsent-v2"
    extra_session_cookies = ("logged_in",)
    FAULTS = (*STANDARD_FAULTS, "one_step_login", "blogs_in_menu_only")
    home_path = "/dashboard"
    notice_path = "/onboarding/verify-email"
    text = TEXT
    css = CSS
    policy_pages = (
        PolicyPage("privacy", "/privacy/en", "Privacy Policy", "Tumblr"),
        PolicyPage("terms", "/policy/en/terms-of-service", "Terms of Service", "Tumblr", TERMS),
    )
    routes = (
        route("record_consent", "/consent", method="POST"),
        route("email_known", "/api/v2/login/email", method="POST"),
        route("token", "/api/v2/oauth2/token", method="POST"),
        route("pass_notice", "/onboarding/verify-email/skip", method="POST"),
        route("save", "/api/v2/blog/{blog}/settings", method="POST"),
        route("no_endpoint", "*", method="POST"),
        route("login_or_home", "/login"),
        route("captcha_page", "/login/captcha"),
        route("log_out", "/logout"),
        route("guest_home", "/", access=GUEST),
        route("interstitial_page", "/onboarding/verify-email", access=NOTICE),
        route("user_info", "/api/v2/user/info", access=SIGNED_IN),
        route("dashboard", "/", "/dashboard", access=SIGNED_IN),
        route("account_settings", "/settings/account", access=SIGNED_IN),
        route("blog_settings", "/settings/blog/{blog}", access=SIGNED_IN),
        route("blog_page", "/blog/{blog}", "/blog/{blog}/*", access=SIGNED_IN),
    )

    def __init__(self) -> None:
        super().__init__()
        self.pending_tfa: dict[str, str] = {}  # a token from the password step -> username

    # --- accounts --------------------------------------------------------------------
    def settings_defaults(self, username: str = "demo@example.com") -> dict[str, Any]:
        return {sharing_key(blog): True for blog in default_blogs(username)}

    def add_account(self, username: str, password: str, **state: Any) -> dict[str, Any]:
        blogs = list(state.pop("blogs", None) or default_blogs(username))
        discourage = [b for b in state.pop("discourage", ()) if b in blogs]
        overrides = state.pop("settings", {})
        account = super().add_account(username, password, blogs=blogs, discourage=discourage,
                                      **state)
        with self.lock:
            account["settings"] = {sharing_key(b): b not in discourage for b in blogs}
            account["settings"].update(overrides)
        return account

    def blogs_of(self, user: str) -> list[str]:
        return list(self.accounts[user]["blogs"])

    # --- pages anyone can reach ------------------------------------------------------
    def email_known(self, request: Request, user: str | None) -> Response:
        if find_account(self, str((request.json or {}).get("email", ""))) is None:
            return json_response({"error": self.t(request)["no_account"]}, 404)
        return json_response({"next": "password"})

    def no_endpoint(self, request: Request, user: str | None) -> Response:
        return json_response({"error": "not found"}, 404)

    def captcha_page(self, request: Request, user: str | None) -> Response:
        return self.html(request, None, "Security check",
                         '<main class="card"><p>Select every image with a bicycle.</p></main>')

    def guest_home(self, request: Request, user: str | None) -> Response:
        return self.html(request, None, "Tumblr", '<main class="card"><h1>tumblr</h1>'
                         '<p><a href="/login">Log in</a></p></main>')

    # --- signed-in pages -------------------------------------------------------------
    def user_info(self, request: Request, user: str) -> Response:
        return json_response({"response": {"user": {"name": self.blogs_of(user)[0],
                             "blogs": [{"name": b, "primary": i == 0} for i, b in
                                       enumerate(self.blogs_of(user))]}}})

    def blog_page(self, request: Request, user: str, blog: str) -> Response:
        if blog not in self.blogs_of(user):
            return self.not_found(request, user)
        return self.chrome(request, user, blog, f'<main class="card"><h1>{esc(blog)}'
                           "</h1><p>Posts</p></main>")

    def not_found(self, request: Request, user: str) -> Response:
        return self.chrome(request, user, "Not found", f'<main class="card"><h1>'
                           f'{self.t(request, user)["missing"]}</h1></main>', status=404)

    # --- login -----------------------------------------------------------------------
    def token(self, request: Request, user: str | None = None) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        t = self.t(request)
        tfa_token = str(data.get("tfa_token", ""))
        if tfa_token:
            username = self.pending_tfa.get(tfa_token)
            if username is None or not self.code_ok(username, str(data.get("tfa_code", ""))):
                return json_response({"error": t["bad_code"]}, 401)
            with self.lock:
                self.pending_tfa.pop(tfa_token, None)
            return self.signed_in(request, username, str(data.get("redirect_to", "")))
        username = find_account(self, str(data.get("email", "")))
        if username is None or not self.check_password(username, str(data.get("password", ""))):
            return json_response({"error": t["bad_password"]}, 401)
        if self.fault("captcha"):
            return json_response({"captcha": "/login/captcha"}, 403)
        if self.fault("challenge"):
            tfa_token = secrets.token_urlsafe(16)
            with self.lock:
                self.pending_tfa[tfa_token] = username
            return json_response({"tfa_required": True, "tfa_token": tfa_token})
        return self.signed_in(request, username, str(data.get("redirect_to", "")))

    def signed_in(self, request: Request, username: str, wanted: str) -> Response:
        response = json_response({"redirect": local_target(wanted, request, self.hosts)
                                  or self.home_path})
        self.sign_in(response, username)
        return response.set_cookie("logged_in", "1")

    def login_page(self, request: Request) -> Response:
        t = self.t(request)
        one_step = self.fault("one_step_login")
        body = f"""<main class="card" id="login"><h1>{t["login"]}</h1><div id="step"></div>
<p><a href="/forgot_password">{t["forgot"]}</a></p></main>
<script>{TOAST_JS}
var T = {js_string(t)}; var ONE_STEP = {js_string(one_step)};
var TARGET = new URLSearchParams(location.search).get('redirect_to') || '';
var email = '';
function esc(s) {{ var d = document.createElement('div'); d.textContent = s;
  return d.innerHTML; }}
function show(html) {{ document.getElementById('step').innerHTML = html; }}
function field(id, label, type, extra) {{
  return '<label for="' + id + '">' + label + '</label><input id="' + id + '" name="' + id +
    '" type="' + type + '" ' + (extra || '') + '>';
}}
function form(inner, button) {{
  return '<form id="step-form" novalidate>' + inner + '<div class="tb-error" role="alert" ' +
    'id="error"></div><button type="submit">' + button + '</button></form>';
}}
function fail(message) {{ document.getElementById('error').textContent = message; }}
function post(url, data) {{
  return fetch(url, {{method: 'POST', headers: {{'content-type': 'application/json'}},
    body: JSON.stringify(data)}}).then(function (r) {{
      return r.json().then(function (body) {{ return [r.status, body]; }}); }});
}}
function start() {{
  if (ONE_STEP) return passwordStep(true);
  show('<button type="button" id="with-email">' + T.with_email + '</button>' +
       '<button type="button" disabled>' + T.with_google + '</button>' +
       '<button type="button" disabled>' + T.with_apple + '</button>');
  document.getElementById('with-email').onclick = emailStep;
}}
function emailStep() {{
  show(form(field('email', T.email, 'email', 'autocomplete="username"'), T.next));
  onSubmit(function () {{
    email = document.getElementById('email').value;
    post('/api/v2/login/email', {{email: email}}).then(function (a) {{
      if (a[0] !== 200) return fail(a[1].error);
      passwordStep(false);
    }});
  }});
}}
function passwordStep(withEmail) {{
  var inner = (withEmail ? field('email', T.email, 'email', 'autocomplete="username"')
               : '<p>' + esc(email) + '</p>') +
    field('password', T.password, 'password', 'autocomplete="current-password"');
  show(form(inner, T.log_in));
  onSubmit(function () {{
    if (withEmail) email = document.getElementById('email').value;
    var password = document.getElementById('password').value;
    post('/api/v2/oauth2/token', {{email: email, password: password, redirect_to: TARGET}})
      .then(done);
  }});
}}
function tfaStep(token) {{
  show('<p>' + T.tfa + '</p>' + form(field('tfa_code', T.tfa_label, 'text',
    'autocomplete="one-time-code" inputmode="numeric"'), T.verify));
  onSubmit(function () {{
    post('/api/v2/oauth2/token', {{tfa_token: token, redirect_to: TARGET,
      tfa_code: document.getElementById('tfa_code').value}}).then(done);
  }});
}}
function done(a) {{
  if (a[0] === 200 && a[1].redirect) {{ location.href = a[1].redirect; return; }}
  if (a[1].tfa_required) return tfaStep(a[1].tfa_token);
  if (a[1].captcha) return show('<p>' + T.captcha + '</p><iframe title="captcha" src="' +
                                a[1].captcha + '" width="320" height="200"></iframe>');
  fail(a[1].error);
}}
function onSubmit(handler) {{
  document.getElementById('step-form').addEventListener('submit', function (e) {{
    e.preventDefault(); handler(); }});
  var first = document.querySelector('#step-form input'); if (first) first.focus();
}}
start();
</script>"""
        return self.html(request, None, "Log in | Tumblr", body)

    def interstitial_page(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        return self.notice_page(request, user, title=t["verify_email"], text=t["verify_help"],
                                action="/onboarding/verify-email/skip", button=t["not_now"])

    # --- signed-in pages -------------------------------------------------------------
    def chrome(self, request: Request, user: str, title: str, body: str,
               status: int = 200) -> Response:
        t = self.t(request, user)
        links = "".join(f'<a href="/dashboard">{name}</a>' for name in t["nav"])
        header = (f'<header class="tb-header"><a class="tb-logo" href="/dashboard">t</a>'
                  f'<nav>{links}</nav><button type="button" id="account-button" '
                  f'aria-expanded="false" aria-controls="account-menu">{t["account"]}</button>'
                  '<div id="account-menu" hidden></div></header>')
        script = f"""<script>
var MENU_T = {js_string(t)};
document.getElementById('account-button').addEventListener('click', function () {{
  var button = this, menu = document.getElementById('account-menu');
  if (button.getAttribute('aria-expanded') === 'true') {{
    menu.hidden = true; button.setAttribute('aria-expanded', 'false'); return; }}
  fetch('/api/v2/user/info').then(function (r) {{ return r.json(); }}).then(function (d) {{
    var html = '<a href="/likes">' + MENU_T.likes + '</a><a href="/following">' +
      MENU_T.following + '</a><a href="/settings/account">' + MENU_T.settings + '</a><h3>' +
      MENU_T.blogs + '</h3>';
    d.response.user.blogs.forEach(function (b) {{
      html += '<a href="/blog/' + b.name + '">' + b.name + '</a><small><a href="/blog/' +
        b.name + '/drafts">' + MENU_T.drafts + '</a> · <a href="/blog/' + b.name +
        '/queue">' + MENU_T.queue + '</a></small>';
    }});
    menu.innerHTML = html + '<a href="/logout">' + MENU_T.log_out + '</a>';
    menu.hidden = false; button.setAttribute('aria-expanded', 'true');
  }});
}});
</script>"""
        return self.html(request, user, f"{title} | Tumblr", header + body + script,
                         status)

    def dashboard(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        posts = "".join(
            f'<article class="post"><header><a href="/blog/view/{other}">{other}</a> '
            f'{t["posted"]}</header><p>A post from <a href="https://www.tumblr.com/{other}">'
            f"{other}</a>.</p></article>" for other in OTHER_BLOGS)
        return self.chrome(request, user, "Dashboard", f'<main class="card">{posts}</main>')

    def settings_chrome(self, request: Request, user: str, title: str, main: str) -> Response:
        t = self.t(request, user)
        rail = "".join(f'<a href="/settings/account">{name}</a>' for name in t["rail"])
        if self.fault("layout_variant"):
            blog_link = "/blog/"
        elif self.fault("blogs_in_menu_only"):
            blog_link = ""
        else:
            blog_link = "/settings/blog/"
        blogs = f"""<h3>{t["blogs"]}</h3><div id="rail-blogs"></div><script>
fetch('/api/v2/user/info').then(function (r) {{ return r.json(); }}).then(function (d) {{
  var prefix = {js_string(blog_link)};
  if (!prefix) return;
  setTimeout(function () {{
    document.getElementById('rail-blogs').innerHTML = d.response.user.blogs.map(
      function (b) {{ return '<a href="' + prefix + b.name + '">' + b.name + '</a>'; }})
      .join('');
  }}, {2500 if self.fault("slow_render") else 0});
}});
</script>"""
        body = (f'<div class="tb-layout"><nav class="tb-rail" aria-label="{t["settings"]}">'
                f"{rail}{blogs}</nav>{main}</div>")
        return self.chrome(request, user, title, body)

    def account_settings(self, request: Request, user: str) -> Response:
        t = self.t(request, user)
        if (refused := self.page_fault(request, user)) is not None:
            return self.refused(request, user, refused)
        main = (f'<main class="card"><h1>{t["account_title"]}</h1>'
                f'<p>{t["email_row"]}: <span class="email">{esc(user)}</span></p></main>')
        return self.settings_chrome(request, user, t["account_title"], main)

    def refused(self, request: Request, user: str, refused: tuple[int, str]) -> Response:
        status, message = refused
        return self.chrome(request, user, "Tumblr",
                           f'<main class="card"><h1>tumblr</h1><p>{message}</p></main>',
                           status=status)

    def blog_settings(self, request: Request, user: str, blog: str) -> Response:
        t = self.t(request, user)
        if blog not in self.blogs_of(user):
            return self.chrome(request, user, "Not found",
                               f'<main class="card"><h1>{t["missing"]}</h1></main>', status=404)
        if (refused := self.page_fault(request, user)) is not None:
            return self.refused(request, user, refused)
        account = self.accounts[user]
        discouraged = blog in account["discourage"]
        shared = bool(self.settings_of(user)[sharing_key(blog)])
        rows = "".join(self.switch(field, t[field].format(blog=blog),
                                   t[f"{field}_help"].format(blog=blog), on)
                       for field, on in (("hide", False), ("discourage", discouraged),
                                         ("sharing", not shared)))
        section = (f'<section aria-labelledby="visibility"><h2 id="visibility">'
                   f'{t["visibility"]}</h2>{rows}</section>')
        main = f"""<main class="card"><h1>{esc(blog)}</h1>
{deferred(section, t["loading"], self.fault("slow_render"))}</main>
<script>{TOAST_JS}{save_script(self.form_key(request), "/login")}
var BLOG = {js_string(blog)}; var SAVED = {js_string(t["saved"])};
var FAILED = {js_string(t["save_failed"])};
function isOn(el) {{
  return el.tagName === 'BUTTON' ? el.getAttribute('aria-checked') === 'true' : el.checked; }}
function setOn(el, on) {{
  if (el.tagName === 'BUTTON') el.setAttribute('aria-checked', on ? 'true' : 'false');
  else el.checked = on; }}
function flipped(el) {{
  var change = {{}}; change[el.dataset.field] = isOn(el);
  postJSON('/api/v2/blog/' + BLOG + '/settings', change).then(function (d) {{
    Object.keys(d.settings || {{}}).forEach(function (f) {{
      var other = document.querySelector('[data-field="' + f + '"]');
      if (other) setOn(other, d.settings[f]);
    }});
    showToast(SAVED, true);
  }}).catch(function (e) {{ if (e.message !== 'signed out') showToast(FAILED, false); }});
}}
document.addEventListener('change', function (e) {{
  if (e.target.dataset && e.target.dataset.field) flipped(e.target); }});
document.addEventListener('click', function (e) {{
  var el = e.target.closest && e.target.closest('button[data-field]');
  if (el) {{ setOn(el, !isOn(el)); flipped(el); }} }});
</script>"""
        return self.settings_chrome(request, user, blog, main)

    def switch(self, field: str, label: str, help_text: str, on: bool) -> str:
        if self.fault("layout_variant"):
            return (f'<div class="toggle-row"><div><span>{esc(label)}</span>'
                    f'<p class="desc">{esc(help_text)}</p></div><button type="button" '
                    f'role="switch" class="tb-switch" aria-label="{esc(label)}" '
                    f'aria-checked="{"true" if on else "false"}" data-field="{field}">'
                    "</button></div>")
        return (f'<div class="toggle-row"><div><span id="label-{field}">{esc(label)}</span>'
                f'<p class="desc" id="help-{field}">{esc(help_text)}</p></div>'
                f'<input type="checkbox" role="switch" class="tb-switch" id="toggle-{field}" '
                f'aria-labelledby="label-{field}" aria-describedby="help-{field}" '
                f'data-field="{field}"{" checked" if on else ""}></div>')

    def save(self, request: Request, user: str | None, blog: str) -> Response:
        data = request.json if isinstance(request.json, dict) else {}
        if user is not None and blog not in self.blogs_of(user):
            return json_response({"error": "not your blog"}, 403)
        if not data or not all(isinstance(v, bool) for v in data.values()):
            return json_response({"error": "bad request"}, 400)
        changes: dict[str, bool] = {}
        if "sharing" in data:
            changes[sharing_key(blog)] = not data["sharing"]
        if data.get("discourage") is True:
            changes[sharing_key(blog)] = False  # Tumblr turns the sharing guard on with it
        response = self.store(request, user, changes) if changes else None
        if response is not None and response.status != 200:
            return response
        if user is not None and "discourage" in data:
            with self.lock:
                listed = self.accounts[user]["discourage"]
                if data["discourage"] and blog not in listed:
                    listed.append(blog)
                elif not data["discourage"] and blog in listed:
                    listed.remove(blog)
        if user is None:
            return json_response({"error": "not signed in"}, 401)
        shared = bool(self.settings_of(user)[sharing_key(blog)])
        return json_response({"ok": True, "settings": {
            "sharing": not shared, "discourage": blog in self.accounts[user]["discourage"]}})


REPLICA = TumblrReplica
