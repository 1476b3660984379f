"""Pages of the X replica: page shells, texts and the scripts that render them (x.py routes)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any
from urllib.parse import quote

from optout_bot.sandbox._common import TOAST_JS, consent_banner, esc, js_string
from optout_bot.sandbox.base import Request, Response, page
from optout_bot.sandbox.kit import SiteReplica, site_files


@dataclass(frozen=True)
class Setting:
    id: str  # the flow's setting id
    field: str  # its name in the settings API
    label: dict[str, str]  # language -> checkbox label


SITE = site_files("x")
TEXT = SITE.text

CSS = SITE.css


def shell(replica: SiteReplica, request: Request, lang: str, title: str, body: str, *,
          nav: bool = True, status: int = 200) -> Response:
    t = TEXT[lang]
    banner = consent_banner(text=t["cookies"], accept=t["accept"], reject=t["reject"],
                            endpoint="/i/api/1.1/consent") if replica.needs_consent(request) else ""
    if nav:
        links = "".join(f'<a href="{"/home" if i == 0 else "#"}">{name}</a>'
                        for i, name in enumerate(t["nav"]))
        body = (f'<div class="x-app"><nav class="x-nav" aria-label="Primary">'
                f'<a class="x-logo" href="/home" aria-label="X">𝕏</a>{links}</nav>{body}</div>')
    if nav:
        banner += dialog(replica, request, t)
    response = page(f"{title} / X", f'<div id="react-root">{body}</div>{banner}', lang=lang,
                    head=f"<style>{CSS}</style>")
    response.status = status
    return response


DIALOG_SEEN = "x_dialog_seen"
_DIALOG = ('<div id="x-dialog" role="dialog" aria-modal="true" aria-labelledby="x-dialog-title" '
           'style="position:fixed;inset:0;z-index:50;background:rgba(0,0,0,.4);display:flex;'
           'align-items:center;justify-content:center"><div class="x-detail" '
           'style="background:#fff;padding:24px;max-width:420px">'
           '<h2 id="x-dialog-title">{title}</h2><p>{help}</p>{buttons}</div></div>'
           "<script>document.querySelectorAll('#x-dialog [data-close]').forEach(b => "
           "b.addEventListener('click', () => {{ document.cookie = '" + DIALOG_SEEN +
           "=1; path=/'; document.getElementById('x-dialog').remove(); }}));</script>")


def dialog(replica: SiteReplica, request: Request, t: dict) -> str:
    """The modal dialog a fault puts over every page: "What's new" (closed with "Got it")
    or new terms to accept (its buttons are the person's to press)."""
    if request.cookies.get(DIALOG_SEEN):
        return ""
    if replica.fault("whats_new_dialog"):
        return _DIALOG.format(title=t["whats_new"], help=t["whats_new_help"],
                              buttons=f'<button type="button" data-close>{t["got_it"]}</button>')
    if replica.fault("terms_dialog"):
        return _DIALOG.format(title=t["terms_title"], help=t["terms_help"], buttons=(
            f'<button type="button" data-close>{t["terms_accept"]}</button>'
            f'<button type="button" data-close>{t["terms_later"]}</button>'))
    return ""


def login(replica: SiteReplica, request: Request, lang: str) -> Response:
    config = {"text": TEXT[lang], "redirect": request.query.get("redirect_after_login", "")}
    body = ('<div class="x-modal" role="dialog" aria-labelledby="modal-header">'
            '<div class="x-logo" aria-label="X">𝕏</div><div id="login-root" aria-busy="true">'
            '</div></div>'
            f"<script>{TOAST_JS}var CONFIG = {js_string(config)};{LOGIN_JS}</script>")
    return shell(replica, request, lang, TEXT[lang]["sign_in"], body, nav=False)


def settings(replica: SiteReplica, request: Request, lang: str, slug: str,
             shown: list[Setting]) -> Response:
    t = TEXT[lang]
    config = {
        "text": {k: t[k] for k in ("generic", "retry", "save_failed", "loading")},
        "settings": [{"field": s.field, "label": esc(s.label[lang])} for s in shown],
        "variant": replica.fault("layout_variant"),
        "delay": 2500 if replica.fault("slow_render") else 300,
        "csrf": request.cookies.get("ct0", ""),
    }
    intro = t["grok_intro"] if slug == "grok_settings" else t["partners_intro"]
    detail = (f'<section class="x-detail" aria-labelledby="detail-header">'
              f'<h2 id="detail-header">{t[slug]}</h2><p>{intro}</p>'
              f'<div id="settings-root" aria-busy="true"></div></section>')
    body = (settings_column(t, slug) + detail +
            f"<script>{TOAST_JS}var CONFIG = {js_string(config)};{SETTINGS_JS}</script>")
    return shell(replica, request, lang, t[slug], body)


def settings_column(t: dict[str, Any], active: str) -> str:
    items = "".join(
        f'<a href="/settings/{slug}"{" class=active" if slug == active else ""}>{t[slug]}</a>'
        for slug in ("grok_settings", "data_sharing_with_business_partners"))
    return (f'<section class="x-col" aria-label="{t["settings"]}"><h2>{t["settings"]}</h2>'
            f'<span>{t["privacy"]}</span>{items}</section>')


def settings_index(replica: SiteReplica, request: Request, lang: str) -> Response:
    t = TEXT[lang]
    return shell(replica, request, lang, t["settings"], settings_column(t, ""))


def home(replica: SiteReplica, request: Request, lang: str, user: str) -> Response:
    t = TEXT[lang]
    body = (f'<main class="x-detail" aria-label="Home timeline"><h2>{t["nav"][0]}</h2>'
            f'<p>{esc(user)}</p><p>{t["home_prompt"]}</p></main>')
    return shell(replica, request, lang, t["nav"][0], body)


def landing(replica: SiteReplica, request: Request, lang: str) -> Response:
    t = TEXT[lang]
    body = (f'<main class="x-modal"><h1>{t["happening"]}</h1>'
            f'<a href="/i/flow/login">{t["sign_in"]}</a></main>')
    return shell(replica, request, lang, "X", body, nav=False)


def whats_new(replica: SiteReplica, request: Request, lang: str) -> Response:
    t = TEXT[lang]
    target = esc("/i/flow/whats_new/skip?redirect_after_login=" +
                 quote(request.query.get("redirect_after_login", "/home"), safe=""))
    body = (f'<main class="x-modal"><h1>{t["whats_new"]}</h1><p>{t["whats_new_help"]}</p>'
            f'<button type="button" disabled>{t["got_it"]}</button>'
            f'<a href="{target}">{t["skip"]}</a></main>')
    return shell(replica, request, lang, t["whats_new"], body, nav=False)


def account_access(replica: SiteReplica, request: Request, lang: str) -> Response:
    """A captcha no script can pass: every answer is wrong."""
    t = TEXT[lang]
    if request.method == "POST":
        answered = "answer" in request.form
        tiles = "".join(f'<button type="submit" name="answer" value="{n}" class="secondary" '
                        f'aria-label="Image {n}">{"⟲⟳↺↻"[n % 4]}</button>' for n in range(4))
        error = f'<p role="alert">{t["puzzle_bad"]}</p>' if answered else ""
        body = (f'<main class="x-modal"><h1>{t["puzzle"]}</h1>{error}'
                f'<form method="post">{tiles}</form></main>')
    else:
        body = (f'<main class="x-modal"><h1>{t["locked"]}</h1><p>{t["locked_help"]}</p>'
                f'<form method="post"><button type="submit">{t["start"]}</button></form></main>')
    return shell(replica, request, lang, t["locked"], body, nav=False)


def rate_limited(replica: SiteReplica, request: Request, lang: str) -> Response:
    body = f'<main class="x-detail"><p role="alert">{TEXT[lang]["rate"]}</p></main>'
    return shell(replica, request, lang, "X", body, status=429)


def not_found(replica: SiteReplica, request: Request, lang: str) -> Response:
    body = f'<main class="x-detail"><p>{TEXT[lang]["missing"]}</p></main>'
    return shell(replica, request, lang, "X", body, status=404)


LOGIN_JS = """
var T = CONFIG.text, flowToken = null, identifier = '';
var root = document.getElementById('login-root');
var STEPS = {
  LoginEnterUserIdentifierSSO: function () {
    return '<h1 id="modal-header">' + T.sign_in + '</h1>' +
      '<button type="button" class="secondary" disabled>' + T.google + '</button>' +
      '<button type="button" class="secondary" disabled>' + T.apple + '</button>' +
      '<p>' + T.or + '</p><label class="x-field"><span>' + T.identifier + '</span>' +
      '<input autocomplete="username" autocapitalize="sentences" name="text" type="text"' +
      ' dir="auto"></label><button type="button" data-next>' + T.next + '</button>' +
      '<button type="button" class="secondary">' + T.forgot + '</button>';
  },
  LoginEnterAlternateIdentifierSubtask: function () {
    return '<h1 id="modal-header">' + T.alt_title + '</h1><p>' + T.alt_help + '</p>' +
      '<label class="x-field"><span>' + T.alt_label + '</span><input type="text" name="text"' +
      ' data-testid="ocfEnterTextTextInput" autocomplete="on" dir="auto"></label>' +
      '<button type="button" data-next data-testid="ocfEnterTextNextButton">' + T.next +
      '</button>';
  },
  LoginEnterPassword: function () {
    return '<h1 id="modal-header">' + T.password_title + '</h1>' +
      '<label class="x-field"><span>' + T.username + '</span><input type="text" disabled' +
      ' value="' + identifier.replace(/"/g, '&quot;') + '"></label>' +
      '<label class="x-field"><span>' + T.password + '</span><input type="password"' +
      ' name="password" autocomplete="current-password" dir="auto"></label>' +
      '<button type="button" data-next data-testid="LoginForm_Login_Button">' + T.log_in +
      '</button><button type="button" class="secondary">' + T.forgot + '</button>';
  },
  LoginTwoFactorAuthChallenge: function (sub) {
    return '<h1 id="modal-header">' + T.code_title + '</h1><p>' +
      (sub.uses_app ? T.code_app : T.code_sent) + '</p><label class="x-field"><span>' +
      T.code_label + '</span><input type="text" name="text" inputmode="numeric"' +
      ' data-testid="ocfEnterTextTextInput" autocomplete="one-time-code"></label>' +
      '<button type="button" data-next data-testid="ocfEnterTextNextButton">' + T.next +
      '</button>';
  }
};
function send(payload, query) {
  return fetch('/i/api/1.1/onboarding/task.json' + (query || ''), {method: 'POST',
    headers: {'content-type': 'application/json'}, body: JSON.stringify(payload)})
    .then(function (r) { return r.json().then(function (d) { return {ok: r.ok, data: d}; }); });
}
function handle(res) {
  root.removeAttribute('aria-busy');
  if (!res.ok) {
    var e = (res.data.errors || [{}])[0];
    showToast(T[e.kind] || T.generic, false);
    var button = root.querySelector('[data-next]');
    if (button) button.disabled = false;
    return;
  }
  flowToken = res.data.flow_token;
  var sub = res.data.subtasks[0];
  if (sub.subtask_id === 'LoginSuccessSubtask') { location.href = res.data.redirect; return; }
  if (sub.open_link) { location.href = sub.open_link.url; return; }
  root.innerHTML = STEPS[sub.subtask_id](sub);
  var input = root.querySelector('input[name]'), next = root.querySelector('[data-next]');
  next.disabled = true;
  input.addEventListener('input', function () { next.disabled = !input.value; });
  input.addEventListener('keydown', function (ev) {
    if (ev.key === 'Enter' && input.value) submit(sub.subtask_id, input);
  });
  next.addEventListener('click', function () { submit(sub.subtask_id, input); });
  input.focus();
}
function submit(subtask, input) {
  var step = {subtask_id: subtask};
  if (input.name === 'password') step.enter_password = {password: input.value};
  else step.enter_text = {text: input.value};
  if (subtask === 'LoginEnterUserIdentifierSSO') identifier = input.value;
  root.querySelector('[data-next]').disabled = true;
  send({flow_token: flowToken, subtask_inputs: [step]}).then(handle)
    .catch(function () { showToast(T.generic, false); });
}
send({input_flow_data: {redirect_after_login: CONFIG.redirect}}, '?flow_name=login')
  .then(handle);
"""

SETTINGS_JS = """
var T = CONFIG.text, API = '/i/api/1.1/account/settings.json';
var root = document.getElementById('settings-root');
function toLogin() {
  location.href = '/i/flow/login?redirect_after_login=' + encodeURIComponent(location.pathname);
}
function row(s, i, on) {
  if (CONFIG.variant) {
    var id = 'rv-' + s.field.replace(/_/g, '-');
    return '<div class="x-variant css-175oi2r"><div id="' + id + '" class="css-1jxf684">' +
      s.label + '</div><div role="checkbox" tabindex="0" class="x-check" data-field="' +
      s.field + '" aria-labelledby="' + id + '" aria-checked="' + on + '"></div></div>';
  }
  var label = 'CHECKBOX_' + (i + 1) + '_LABEL';
  return '<div class="x-setting"><label class="x-row"><span id="' + label + '">' + s.label +
    '</span><input type="checkbox" aria-describedby="' + label + '" data-field="' + s.field +
    '"' + (on ? ' checked' : '') + '></label></div>';
}
function read(el) {
  return el.tagName === 'INPUT' ? el.checked : el.getAttribute('aria-checked') === 'true';
}
function write(el, on) {
  if (el.tagName === 'INPUT') el.checked = on; else el.setAttribute('aria-checked', on);
}
function save(el) {
  var value = read(el), body = {};
  body[el.dataset.field] = value;
  fetch(API, {method: 'POST', headers: {'content-type': 'application/json',
    'x-csrf-token': CONFIG.csrf}, body: JSON.stringify(body)}).then(function (r) {
      if (r.status === 401) { toLogin(); return; }
      if (!r.ok) throw new Error('HTTP ' + r.status);
    }).catch(function () { write(el, !value); showToast(T.save_failed, false); });
}
function render(state) {
  root.removeAttribute('aria-busy');
  root.innerHTML = CONFIG.settings.map(function (s, i) { return row(s, i, state[s.field]); })
    .join('');
  root.querySelectorAll('[data-field]').forEach(function (el) {
    if (el.tagName === 'INPUT') { el.addEventListener('change', function () { save(el); }); }
    else {
      var flip = function () { write(el, !read(el)); save(el); };
      el.addEventListener('click', flip);
      el.addEventListener('keydown', function (ev) {
        if (ev.key === ' ') { ev.preventDefault(); flip(); }
      });
    }
  });
}
function failed() {
  root.removeAttribute('aria-busy');
  root.innerHTML = '<div class="x-error"><p>' + T.generic + '</p><button type="button">' +
    T.retry + '</button></div>';
  root.querySelector('button').addEventListener('click', load);
}
function load() {
  root.setAttribute('aria-busy', 'true');
  root.innerHTML = '<div role="progressbar" aria-label="' + T.loading + '"></div>';
  setTimeout(function () {
    fetch(API).then(function (r) {
      if (r.status === 401) { toLogin(); return; }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      return r.json().then(render);
    }).catch(failed);
  }, CONFIG.delay);
}
load();
"""
