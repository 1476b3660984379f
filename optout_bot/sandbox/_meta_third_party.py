"""Meta's form for information from third parties used for AI (Facebook's replica).

As on the real site (facebook.com/help/contact/510058597920541): the same form for
everyone, signed in or not. It asks what the request is (access, delete, object or
restrict, something else), an email address (filled in when signed in) and details,
then shows that the request was received; Meta reviews it. An account whose region is
not offered is told so after Send (its email identifies it), or on the page when signed
in. State: ``settings_of(user)["ai-third-party-objection"]`` is True until a request to
object is received; ``replica.third_party_requests`` lists every request received.
"""

from __future__ import annotations

from optout_bot.sandbox._common import (
    TOAST_JS,
    deferred_markup,
    esc,
    find_account,
    js_string,
    reveal_js,
)
from optout_bot.sandbox.base import Request, Response, json_response
from optout_bot.sandbox.kit import SiteReplica

# the replica is a ``_meta.MetaReplica`` (its texts, chrome and region check), named by
# its base class here so that the two modules do not import each other
MetaReplica = SiteReplica

SETTING = "ai-third-party-objection"
SUBMIT = "/ajax/third_party/submit/"
OBJECT = "object"

TEXT = {
    "en": {
        "title": "Data subject rights for third-party information used for AI at Meta",
        "intro": "Use this form to submit requests related to your personal information "
                 "from third parties being used to develop and improve AI at Meta. We "
                 "don't automatically fulfil requests sent using this form. We review "
                 "them consistent with your local laws.",
        "question": "What would you like to do?",
        "access": "I want to access, download or correct any personal information from "
                  "third parties used for AI at Meta",
        "delete": "I want to delete any personal information from third parties used for "
                  "AI at Meta",
        OBJECT: "I want to object to or restrict the processing of my personal "
                "information from third parties used for developing and improving AI at "
                "Meta",
        "other": "I have a different issue",
        "details": "Please provide any additional details (optional)",
        "pick": "Please choose one of the options.",
        "thanks": "Thanks, we’ve received your request",
        "thanks_more": "We’ll review your request consistent with your local laws and "
                       "reply to {email}.",
    },
    "de": {
        "title": "Rechte betroffener Personen für Informationen von Dritten, die für KI "
                 "bei Meta verwendet werden",
        "intro": "Mit diesem Formular kannst du Anfragen zu personenbezogenen "
                 "Informationen von Dritten stellen, die für KI bei Meta verwendet werden.",
        "question": "Was möchtest du tun?",
        "access": "Ich möchte auf personenbezogene Informationen von Dritten zugreifen",
        "delete": "Ich möchte personenbezogene Informationen von Dritten löschen",
        OBJECT: "Ich möchte der Verarbeitung meiner personenbezogenen Informationen von "
                "Dritten für KI bei Meta widersprechen oder sie einschränken",
        "other": "Ich habe ein anderes Anliegen",
        "details": "Weitere Angaben (optional)",
        "pick": "Bitte wähle eine der Optionen.",
        "thanks": "Danke, wir haben deine Anfrage erhalten",
        "thanks_more": "Wir prüfen deine Anfrage und antworten an {email}.",
    },
}
REQUESTS = ("access", "delete", OBJECT, "other")


def form_page(replica: MetaReplica, request: Request, user: str | None) -> Response:
    t = replica.t(request, user)
    own = TEXT[replica.language(request, user)]
    if replica.fault("rate_limit"):
        return replica.chrome(request, user, replica.site, replica.rate_limit_text, status=429)
    if user is not None and not replica.offered(user):
        body = (f'<main><h1>{t["not_offered"]}</h1><p>{t["not_offered_more"]}</p></main>')
        return replica.chrome(request, user, replica.site, body)
    email = str(replica.accounts[user]["email"]) if user else ""
    options = "".join(
        f'<p><input type="radio" id="tp-{key}" name="request" value="{key}">'
        f'<label for="tp-{key}">{esc(own[key])}</label></p>' for key in REQUESTS)
    form = f"""<form id="tp-form" novalidate><fieldset><legend>{own["question"]}</legend>
{options}</fieldset>
<label for="tp-email">{t["email"]}</label>
<input type="email" id="tp-email" name="email" value="{esc(email)}" required>
<label for="tp-details">{own["details"]}</label>
<textarea id="tp-details" name="reason" rows="5"></textarea>
<p><button type="submit">{t["send"]}</button></p></form>"""
    slow = replica.fault("slow_render")
    content = deferred_markup(form, t["loading"], "deferred", "loading") if slow else form
    body = f"""<main><h1>{own["title"]}</h1><p>{own["intro"]}</p>
<div id="third-party">{content}</div></main>
<script>{TOAST_JS}{_js(t | own, 2500 if slow else 0)}</script>"""
    return replica.chrome(request, user, own["title"], body)


def receive(replica: MetaReplica, request: Request, user: str | None) -> Response:
    data = request.json or {}
    kind = str(data.get("request", ""))
    if kind not in REQUESTS:
        return json_response({"error": "pick"}, 400)
    email = str(data.get("email", "")).strip()
    owner = user or find_account(replica, email)
    if owner is not None and not replica.offered(owner):
        return json_response({"error": "not_offered"}, 403)
    if replica.fault("save_error"):
        return json_response({"error": "failed"}, 500)
    with replica.lock:
        replica.third_party_requests.append(
            {"user": owner, "email": email, "request": kind,
             "reason": str(data.get("reason", ""))})
        if owner is not None and kind == OBJECT:
            replica.accounts[owner]["settings"][SETTING] = False
    return json_response({"status": "ok", "email": email})


def _js(t: dict[str, str], delay_ms: int) -> str:
    return f"""
var T = {js_string(t)};
function say(title, more) {{
  var box = document.getElementById('third-party');
  box.innerHTML = '<h2 role="status"></h2><p></p>';
  box.querySelector('h2').textContent = title;
  box.querySelector('p').textContent = more;
}}
function send(event) {{
  event.preventDefault();
  var picked = document.querySelector('[name=request]:checked');
  if (!picked) {{ showToast(T.pick, false); return; }}
  var email = document.getElementById('tp-email').value;
  fetch({js_string(SUBMIT)}, {{method: 'POST', headers: {{'content-type': 'application/json'}},
    body: JSON.stringify({{request: picked.value, email: email,
      reason: document.getElementById('tp-details').value}})}})
    .then(function (r) {{ return r.json(); }}).then(function (body) {{
      if (body.status === 'ok') say(T.thanks, T.thanks_more.replace('{{email}}', email));
      else if (body.error === 'not_offered') say(T.not_offered, T.not_offered_more);
      else showToast(T.failed, false);
    }}).catch(function () {{ showToast(T.failed, false); }});
}}
setTimeout(function () {{
  {reveal_js("deferred", "loading")}
  var form = document.getElementById('tp-form');
  if (form) form.addEventListener('submit', send);
}}, {delay_ms});
"""
