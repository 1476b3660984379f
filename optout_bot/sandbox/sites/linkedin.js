var CSRF = CONFIG.csrf;
function readSwitch(el) {
  return el.tagName === 'BUTTON' ? el.getAttribute('aria-checked') === 'true' : el.checked;
}
function save(el) {
  var value = readSwitch(el);
  document.querySelector('.toggle-state').textContent = value ? CONFIG.on : CONFIG.off;
  fetch('/mypreferences/d/api/settings/' + CONFIG.slug, {method: 'POST', headers: {
    'content-type': 'application/json', 'csrf-token': CSRF},
    body: JSON.stringify({value: value})}).then(function (r) {
      if (r.status === 401) {
        location.href = '/login?session_redirect=' + encodeURIComponent(location.href);
        return;
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      showToast(CONFIG.saved, true);
    }).catch(function () { showToast(CONFIG.save_failed, false); });
}
function bind() {
  var el = document.querySelector('input[role=switch], button[role=switch]');
  if (el.tagName === 'BUTTON') el.addEventListener('click', function () {
    el.setAttribute('aria-checked', readSwitch(el) ? 'false' : 'true'); save(el); });
  else el.addEventListener('change', function () { save(el); });
}
setTimeout(function () {
  var tpl = document.getElementById('pref-deferred');
  if (tpl) {
    document.getElementById('pref-loader').replaceWith(tpl.content.cloneNode(true));
    tpl.remove();
  }
  bind();
}, CONFIG.delay);
