// The console's one script, served from the app so the pages' Content-Security-Policy can
// forbid inline code. Every page works without it; it only makes lists readable on a phone,
// keeps a form from being sent twice and lets one box tick a whole list.
// On a phone a list reads as cards: each cell carries its column's heading as a label (CSS
// shows it below 600 px). Without scripts the lists stay tables that scroll sideways.
document.querySelectorAll('.table-wrap table').forEach(function (t) {
  var heads = t.tHead ? t.tHead.rows[t.tHead.rows.length - 1].cells : [];
  if (!heads.length) return;
  var names = [];
  for (var i = 0; i < heads.length; i++)
    for (var k = 0; k < (heads[i].colSpan || 1); k++) names.push(heads[i].textContent.trim());
  for (var b = 0; b < t.tBodies.length; b++)
    for (var r = 0; r < t.tBodies[b].rows.length; r++) {
      var col = 0, cells = t.tBodies[b].rows[r].cells;
      for (var c = 0; c < cells.length; c++) {
        // A cell across the whole row (an empty list's 暂无) needs no label.
        if (cells[c].colSpan < names.length && names[col]) cells[c].setAttribute('data-label', names[col]);
        col += cells[c].colSpan || 1;
      }
    }
  t.classList.add('as-cards');
});
// One submission per form: the button is disabled once the form goes (the server refuses a repeat anyway).
document.addEventListener('submit', function (e) {
  var f = e.target;
  if (f.dataset.sent) { e.preventDefault(); return; }
  f.dataset.sent = '1';
  f.querySelectorAll('button[type=submit]').forEach(function (b) { setTimeout(function () { b.disabled = true; }, 0); });
});
// A box marked data-select-all="name" ticks or clears every box of that name.
document.querySelectorAll('input[data-select-all]').forEach(function (all) {
  all.addEventListener('click', function () {
    var name = all.getAttribute('data-select-all');
    document.querySelectorAll('input[name="' + name + '"]').forEach(function (c) {
      c.checked = all.checked;
    });
  });
});
// 打印 in a list's toolbar: the print stylesheet leaves out the navigation and the toolbar.
document.querySelectorAll('[data-print]').forEach(function (b) {
  b.addEventListener('click', function () {
    window.print();
  });
});
