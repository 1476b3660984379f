function isOn(el) {
  return el.tagName === 'BUTTON' ? el.getAttribute('aria-checked') === 'true' : el.checked;
}
function save(el) {
  var change = {};
  change[el.dataset.id] = isOn(el);
  fetch(CONFIG.save, {method: 'POST', headers: {'content-type': 'application/json',
    'x-form-key': CONFIG.key}, body: JSON.stringify(change)}).then(function (r) {
      if (r.status === 401) {
        location.href = CONFIG.login + encodeURIComponent(location.pathname);
        return;
      }
      if (!r.ok) throw new Error('HTTP ' + r.status);
      showToast(CONFIG.saved, true);
    }).catch(function () { showToast(CONFIG.failed, false); });
}
document.addEventListener('change', function (e) {
  if (e.target.dataset && e.target.dataset.id) save(e.target);
});
document.addEventListener('click', function (e) {
  var el = e.target.closest && e.target.closest('button[data-id]');
  if (el) { el.setAttribute('aria-checked', isOn(el) ? 'false' : 'true'); save(el); }
});
setTimeout(function () {
  var tpl = document.getElementById('switches-deferred');
  if (tpl) {
    document.getElementById('switches-loader').replaceWith(tpl.content.cloneNode(true));
    tpl.remove();
  }
}, CONFIG.delay);
