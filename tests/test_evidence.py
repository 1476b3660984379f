"""Evidence screenshots: every password field is masked, wherever the page puts it, the
control is in view, and nothing of the masking is left on the page afterwards."""

from __future__ import annotations

import base64

import pytest

from optout_bot.evidence import EvidenceRecorder
from optout_bot.runner import bypass_cache

#: a typed password in the document, one in an open shadow root, one in a modal dialog
#: (the top layer, drawn above everything else), all fixed in the viewport, and a switch far
#: down the page
PAGE = """<html><body style="margin:0;background:#fff">
<input id=plain type=password value="Hunter2-Hunter2" style="position:fixed;left:20px;
  top:20px;width:300px;height:40px;font-size:30px;background:#fff;border:0">
<div id=host style="position:fixed;left:20px;top:100px"></div>
<dialog id=modal style="position:fixed;left:400px;top:20px;margin:0;border:0;padding:0">
  <input id=inside type=password value="Hunter2-Hunter2" style="width:300px;height:40px;
  font-size:30px;background:#fff;border:0"></dialog>
<div style="position:absolute;top:3000px"><input type=checkbox role=switch id=far
  aria-label="Far away"></div>
<script>
  const root = document.getElementById('host').attachShadow({mode: 'open'});
  root.innerHTML = '<input id=shadowed type=password value="Hunter2-Hunter2" ' +
    'style="width:300px;height:40px;font-size:30px;background:#fff;border:0">';
  document.getElementById('modal').showModal();
</script></body></html>"""

#: the share of dark pixels of the PNG inside each box (x, y, width, height)
PIXELS = """async ([png, boxes]) => {
  const image = new Image();
  image.src = 'data:image/png;base64,' + png;
  await image.decode();
  const canvas = document.createElement('canvas');
  canvas.width = image.width; canvas.height = image.height;
  const g = canvas.getContext('2d');
  g.drawImage(image, 0, 0);
  return boxes.map(([x, y, w, h]) => {
    const d = g.getImageData(x, y, w, h).data;
    let dark = 0;
    for (let i = 0; i < d.length; i += 4) dark += d[i] + d[i + 1] + d[i + 2] < 60;
    return dark / (d.length / 4);
  });
}"""

BOXES = """() => {
  const box = e => { const r = e.getBoundingClientRect();
    return [Math.round(r.left) + 2, Math.round(r.top) + 2, Math.round(r.width) - 4,
            Math.round(r.height) - 4]; };
  return [box(document.getElementById('plain')),
          box(document.getElementById('host').shadowRoot.getElementById('shadowed')),
          box(document.getElementById('inside'))];
}"""


@pytest.mark.asyncio
@pytest.mark.parametrize("through", ["devtools", "playwright"])
async def test_every_password_field_is_masked(page, tmp_path, through):
    await page.set_content(PAGE)
    cdp = await bypass_cache(page.context, page) if through == "devtools" else None
    recorder = EvidenceRecorder(page, tmp_path, ["Hunter2-Hunter2"], cdp=cdp)
    control = page.get_by_role("switch", name="Far away")

    shot = await recorder.screenshot("before", control)

    assert shot is not None
    png = base64.b64encode((tmp_path / "before.png").read_bytes()).decode()
    assert await control.evaluate("e => { const r = e.getBoundingClientRect();"
                                  " return r.top >= 0 && r.bottom <= innerHeight; }")
    dark = await page.evaluate(PIXELS, [png, await page.evaluate(BOXES)])
    assert len(dark) == 3 and all(share > 0.95 for share in dark), dark
    assert await page.locator("[data-optout-mask]").count() == 0


@pytest.mark.asyncio
async def test_a_page_without_password_fields_is_left_untouched(page, tmp_path):
    await page.set_content("<main><h1>Settings</h1><input type=checkbox role=switch "
                           "aria-label=Sharing></main>")
    await page.evaluate("() => { window.changes = 0; new MutationObserver(() => "
                        "window.changes++).observe(document, {subtree: true, "
                        "childList: true}); }")
    recorder = EvidenceRecorder(page, tmp_path, [], cdp=await bypass_cache(page.context, page))
    assert await recorder.screenshot("after", page.get_by_role("switch")) is not None
    assert (tmp_path / "after.png").read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"
    assert await page.evaluate("window.changes") == 0


@pytest.mark.asyncio
async def test_a_control_in_view_or_not_shown_leaves_the_page_where_it_is(page, tmp_path):
    """The control is scrolled to only when it is out of view: one in view, or a native box
    not shown behind a custom switch, is taken as the page shows it, without waiting."""
    await page.set_content("<div style='height:600px'></div><input type=checkbox role=switch "
                           "aria-label=Near><input type=checkbox role=switch aria-label=Hidden "
                           "style='display:none'><div style='height:3000px'></div>")
    await page.evaluate("() => scrollTo(0, 300)")
    recorder = EvidenceRecorder(page, tmp_path, [], cdp=await bypass_cache(page.context, page))
    for name in ("Near", "Hidden"):
        assert await recorder.screenshot(name, page.get_by_role("switch", name=name,
                                                                include_hidden=True))
        assert await page.evaluate("scrollY") == 300, name
