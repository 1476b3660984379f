function isOn(el) {
  return el.tagName === 'BUTTON' ? el.getAttribute('aria-checked') === 'true' : el.checked;
}
function save(el) {
  var change = {};
  change[el.dataset.id] = isOn(el);
  post(change);
}
function saveChoice(id, option) {
  var change = {};
  change[id] = option.dataset.on === 'true';
  post(change);
}
function post(change) {
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
  if (!e.target.dataset) return;
  if (e.target.dataset.id) save(e.target);
  if (e.target.type === 'radio' && e.target.dataset.choice) {
    saveChoice(e.target.dataset.choice, e.target);
  }
});
document.addEventListener('click', function (e) {
  if (!e.target.closest) return;
  var el = e.target.closest('button[data-id]');
  if (el) { el.setAttribute('aria-checked', isOn(el) ? 'false' : 'true'); save(el); }
  var opener = e.target.closest('button[data-menu]');
  if (opener) {
    var menu = document.getElementById('menu-' + opener.dataset.menu);
    menu.hidden = !menu.hidden;
    opener.setAttribute('aria-expanded', String(!menu.hidden));
  }
  var item = e.target.closest('[role=menuitemradio][data-choice]');
  if (item) {
    var id = item.dataset.choice, button = document.getElementById('choice-' + id);
    item.parentElement.querySelectorAll('[role=menuitemradio]').forEach(function (o) {
      o.setAttribute('aria-checked', String(o === item));
    });
    button.textContent = item.textContent;
    item.parentElement.hidden = true;
    button.setAttribute('aria-expanded', 'false');
    saveChoice(id, item);
  }
  var saver = e.target.closest('button[data-save]');
  if (saver) {
    var select = document.getElementById('choice-' + saver.dataset.save);
    saveChoice(saver.dataset.save, select.selectedOptions[0]);
  }
});
setTimeout(function () {
  var tpl = document.getElementById('switches-deferred');
  if (tpl) {
    document.getElementById('switches-loader').replaceWith(tpl.content.cloneNode(true));
    tpl.remove();
  }
}, CONFIG.delay);
