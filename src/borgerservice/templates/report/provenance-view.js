// Fills the provenance section from provenance.js (the only file that changes from build to build), with the
// headings the page wrote in its own language (data-* attributes of #prov).
(function () {
  var p = window.PROVENANCE, box = document.getElementById('prov');
  if (!p || !box) return;
  var t = box.dataset;
  function esc(s) { return String(s).replace(/[&<>"]/g, function (c) { return {'&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;'}[c]; }); }
  function row(k, v) { return '<tr><th>' + esc(k) + '</th><td>' + esc(v) + '</td></tr>'; }
  var params = Object.keys(p.parameters || {}).map(function (k) { return k + ' = ' + p.parameters[k]; }).join(', ');
  var h = '<table>' + row(t.commit, p.git_commit) + row(t.dirty, p.git_dirty ? t.yes : t.no) + row(t.lock, p.lock_sha256) +
    row(t.parameters, params) + row(t.python, p.python) + row(t.platform, p.platform) + row(t.built, p.built_at_utc) + '</table>';
  h += '<h3>' + esc(t.notebooks) + '</h3><table>';
  Object.keys(p.notebook_seconds).forEach(function (k) { h += '<tr><td>' + esc(k) + '</td><td class="num">' + esc(p.notebook_seconds[k]) + '</td></tr>'; });
  h += '</table><h3>' + esc(t.raw) + '</h3><table>';
  Object.keys(p.raw_files).forEach(function (k) { h += '<tr><td>' + esc(k) + '</td><td><code>' + esc(p.raw_files[k]) + '</code></td></tr>'; });
  box.innerHTML = h + '</table>';
})();
