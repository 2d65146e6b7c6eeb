/* briefing.html's script, inlined into the page by render/briefing_html.c.
 * Reads the graph data from the JSON script element #cg-data,
 * maps Graphviz's SVG nodes and edges (their <title>: the DOT node ids) to
 * entities and links, and adds pan and zoom, search, the side panel and
 * the type and case toggles. Data is only ever put in the page through
 * textContent and createElement: never innerHTML, never an href.
 * With the URL fragment #selftest it exercises all of it and writes what it
 * saw as JSON into the pre element #selftest (tests/test_briefing_html.sh). */
(function () {
  'use strict';
  var D = JSON.parse(document.getElementById('cg-data').textContent);
  var E = D.entities, L = D.links;
  var byId = new Map(), pairs = new Map(), hiddenTypes = new Set(), hiddenCases = new Set();
  E.forEach(function (e, i) { byId.set(e.id, i); });
  L.forEach(function (l, i) {
    var k = l.s + ' ' + l.t;
    if (!pairs.has(k)) pairs.set(k, []);
    pairs.get(k).push(i);
  });
  var nodes = [], edges = []; /* {el, svg, e | anchor+type} */

  function el(tag, text, cls) {
    var x = document.createElement(tag);
    if (text !== undefined && text !== null) x.textContent = String(text);
    if (cls) x.className = cls;
    return x;
  }
  function titleOf(g) {
    var t = g.querySelector('title');
    return t ? t.textContent : '';
  }
  /* a DOT node id: an entity, a collapsed group of one anchor, or other */
  function unitOf(id) {
    if (byId.has(id)) return { e: byId.get(id) };
    var m;
    if (D.redacted) {
      m = /^c(\d+)_(.*)$/.exec(id);
      if (m && +m[1] < E.length) return { anchor: +m[1], type: m[2] };
      return null;
    }
    if (id.indexOf('collapsed:') === 0) {
      var rest = id.slice(10), c = rest.lastIndexOf(':');
      if (c > 0 && byId.has(rest.slice(0, c))) return { anchor: byId.get(rest.slice(0, c)), type: rest.slice(c + 1) };
    }
    return null;
  }
  function unitType(u) { return u.e !== undefined ? D.types[E[u.e].type] : u.type; }

  /* ---- the diagrams: map, pan and zoom ---- */
  function setupSvg(fig) {
    var svg = fig.querySelector('.viewport svg');
    if (!svg) return;
    svg.removeAttribute('width');
    svg.removeAttribute('height');
    var vb00 = svg.getAttribute('viewBox'), vb0 = vb00.split(/[ ,]+/).map(Number);
    var vb = vb0.slice();
    function apply() { svg.setAttribute('viewBox', vb.join(' ')); }
    function toUser(cx, cy) {
      var p = svg.createSVGPoint(); p.x = cx; p.y = cy;
      var m = svg.getScreenCTM();
      return m ? p.matrixTransform(m.inverse()) : { x: vb[0] + vb[2] / 2, y: vb[1] + vb[3] / 2 };
    }
    function zoom(f, cx, cy) {
      var p = toUser(cx, cy);
      var w = Math.min(Math.max(vb[2] * f, vb0[2] / 40), vb0[2] * 4), k = w / vb[2];
      vb = [p.x - (p.x - vb[0]) * k, p.y - (p.y - vb[1]) * k, vb[2] * k, vb[3] * k];
      apply();
    }
    svg.addEventListener('wheel', function (ev) {
      ev.preventDefault();
      zoom(Math.exp(ev.deltaY * 0.0015), ev.clientX, ev.clientY);
    }, { passive: false });
    var drag = null, port = fig.querySelector('.viewport');
    svg.addEventListener('pointerdown', function (ev) {
      if (ev.button !== 0) return;
      var m = svg.getScreenCTM();
      drag = { x: ev.clientX, y: ev.clientY, vb: vb.slice(), s: m ? m.a : 1, moved: false };
    });
    svg.addEventListener('pointermove', function (ev) {
      if (!drag) return;
      var dx = ev.clientX - drag.x, dy = ev.clientY - drag.y;
      if (!drag.moved && Math.abs(dx) + Math.abs(dy) < 4) return;
      if (!drag.moved) { drag.moved = true; port.classList.add('dragging'); try { svg.setPointerCapture(ev.pointerId); } catch (x) { /* synthetic */ } }
      vb = [drag.vb[0] - dx / drag.s, drag.vb[1] - dy / drag.s, vb[2], vb[3]];
      apply();
    });
    function end() {
      if (drag && drag.moved) svg.dataset.dragged = '1';
      drag = null; port.classList.remove('dragging');
    }
    svg.addEventListener('pointerup', end);
    svg.addEventListener('pointercancel', end);
    svg.addEventListener('click', function (ev) {
      if (svg.dataset.dragged) { delete svg.dataset.dragged; ev.stopPropagation(); ev.preventDefault(); }
    }, true);
    fig.querySelector('.reset').addEventListener('click', function () { vb = vb0.slice(); svg.setAttribute('viewBox', vb00); });
    fig.querySelector('.zin').addEventListener('click', function () { var r = svg.getBoundingClientRect(); zoom(1 / 1.4, r.left + r.width / 2, r.top + r.height / 2); });
    fig.querySelector('.zout').addEventListener('click', function () { var r = svg.getBoundingClientRect(); zoom(1.4, r.left + r.width / 2, r.top + r.height / 2); });
    svg.querySelectorAll('g.node').forEach(function (g) {
      var u = unitOf(titleOf(g));
      if (!u) return;
      var n = { el: g, svg: svg, u: u };
      nodes.push(n);
      g.addEventListener('click', function (ev) { ev.stopPropagation(); select(g); showUnit(u); });
    });
    svg.querySelectorAll('g.edge').forEach(function (g) {
      var t = titleOf(g), i = t.indexOf('->'), a = null, b = null;
      /* ids may hold "->": try every split until both ends are known */
      while (i >= 0 && !(a && b)) {
        a = unitOf(t.slice(0, i)); b = unitOf(t.slice(i + 2));
        if (!(a && b)) i = t.indexOf('->', i + 1);
      }
      if (!(a && b)) return;
      var lab = g.querySelector('text'), type = lab ? lab.textContent.split(' \u00d7')[0] : null;
      var ed = { el: g, svg: svg, a: a, b: b, type: type };
      edges.push(ed);
      g.addEventListener('click', function (ev) { ev.stopPropagation(); select(g); showEdge(ed); });
    });
  }

  function select(g) {
    document.querySelectorAll('g.cg-sel').forEach(function (x) { x.classList.remove('cg-sel'); });
    if (g) g.classList.add('cg-sel');
  }

  /* ---- the side panel ---- */
  var panel = document.getElementById('panel'), ptitle = document.getElementById('ptitle'), pbody = document.getElementById('pbody');
  function caseNames(list) { return list.map(function (c) { return D.cases[c]; }).join(', '); }
  function cites(ul, list) {
    list.forEach(function (c) {
      var li = el('li', null, 'cite');
      li.appendChild(el('code', c[0] + ':' + c[1]));
      li.appendChild(document.createTextNode(' case ' + D.cases[c[2]]));
      ul.appendChild(li);
    });
  }
  function openPanel(title) {
    panel.hidden = false;
    ptitle.textContent = title;
    while (pbody.firstChild) pbody.removeChild(pbody.firstChild);
  }
  function section(name) { pbody.appendChild(el('h4', name)); }
  function dl(rows) {
    var d = el('dl');
    rows.forEach(function (r) {
      if (r[1] === undefined || r[1] === null || r[1] === '') return;
      d.appendChild(el('dt', r[0] + ':'));
      d.appendChild(el('dd', r[1]));
    });
    pbody.appendChild(d);
  }
  function showEntity(i) {
    var e = E[i];
    openPanel(e.name);
    dl([['type', D.types[e.type]], ['id', D.redacted ? '' : e.id], ['roles', e.roles.join(', ')],
        ['aliases', e.aliases.join('; ')], ['cases', caseNames(e.cases)]]);
    if (e.props.length) {
      section('Properties');
      dl(e.props);
    }
    section('Cited from (file:line)');
    var ul = el('ul'); cites(ul, e.cites); pbody.appendChild(ul);
    if (e.more) pbody.appendChild(el('p', 'and ' + e.more + ' more records', 'note'));
    var ls = [];
    L.forEach(function (l, k) { if (l.s === i || l.t === i) ls.push(k); });
    if (ls.length) {
      section('Links (' + ls.length + ')');
      var u2 = el('ul');
      ls.slice(0, 30).forEach(function (k) {
        var l = L[k], o = l.s === i ? l.t : l.s, li = el('li');
        li.appendChild(document.createTextNode((l.s === i ? l.type + ' \u2192 ' : l.type + ' \u2190 ')));
        li.appendChild(entLink(o));
        if (l.amount) li.appendChild(document.createTextNode(' ' + l.amount));
        u2.appendChild(li);
      });
      if (ls.length > 30) u2.appendChild(el('li', 'and ' + (ls.length - 30) + ' more'));
      pbody.appendChild(u2);
    }
  }
  function entLink(i) {
    var s = el('span', E[i].name, 'ent');
    s.addEventListener('click', function () { showEntity(i); highlight([i]); });
    return s;
  }
  function showUnit(u) {
    if (u.e !== undefined) { showEntity(u.e); return; }
    openPanel('A group of ' + u.type + ' entities');
    pbody.appendChild(el('p', 'Leaves of one type linked to one entity, drawn as one node. Linked to:', 'note'));
    pbody.appendChild(entLink(u.anchor));
  }
  function linksBetween(a, b, type) {
    var out = [];
    function ends(u) {
      if (u.e !== undefined) return function (x) { return x === u.e; };
      return function (x) { return D.types[E[x].type] === u.type; };
    }
    var fa = ends(a), fb = ends(b);
    if (a.e !== undefined && b.e !== undefined) {
      out = (pairs.get(a.e + ' ' + b.e) || []).concat(pairs.get(b.e + ' ' + a.e) || []);
    } else {
      var anchor = a.e !== undefined ? a.e : b.e !== undefined ? b.e : a.anchor;
      L.forEach(function (l, k) {
        if ((l.s === anchor || l.t === anchor) && ((fa(l.s) && fb(l.t)) || (fa(l.t) && fb(l.s)))) out.push(k);
      });
    }
    var typed = out.filter(function (k) { return L[k].type === type; });
    return (typed.length ? typed : out).sort(function (x, y) { return x - y; });
  }
  function unitName(u) { return u.e !== undefined ? E[u.e].name : u.type + ' of ' + E[u.anchor].name; }
  function showEdge(ed) {
    var ls = linksBetween(ed.a, ed.b, ed.type);
    openPanel((ed.type || 'link') + ': ' + unitName(ed.a) + ' \u2192 ' + unitName(ed.b));
    pbody.appendChild(el('p', ls.length + ' link' + (ls.length === 1 ? '' : 's'), 'note'));
    ls.slice(0, 40).forEach(function (k) {
      var l = L[k];
      var h = el('h4'); h.className = 'link';
      h.appendChild(entLink(l.s));
      h.appendChild(document.createTextNode(' \u2014' + l.type + (l.dir ? '\u2192 ' : '\u2014 ')));
      h.appendChild(entLink(l.t));
      pbody.appendChild(h);
      dl([['amount', l.amount], ['cases', caseNames(l.cases)]].concat(l.props));
      var ul = el('ul'); cites(ul, l.cites); pbody.appendChild(ul);
    });
  }
  document.getElementById('pclose').addEventListener('click', function () { panel.hidden = true; select(null); });
  document.querySelectorAll('.ent[data-e]').forEach(function (s) {
    s.addEventListener('click', function () { var i = +s.getAttribute('data-e'); showEntity(i); highlight([i]); });
  });

  /* ---- search ---- */
  var q = document.getElementById('q'), results = document.getElementById('results'), qcount = document.getElementById('qcount');
  function fold(s) { return String(s).normalize('NFKD').replace(/[\u0300-\u036f]/g, '').toLowerCase(); }
  var folded = E.map(function (e) { return [fold(e.name), fold(e.id)].concat(e.aliases.map(fold)); });
  function highlight(list) {
    var set = new Set(list);
    nodes.forEach(function (n) {
      var hit = n.u.e !== undefined ? set.has(n.u.e) : false;
      n.el.classList.toggle('cg-hit', hit);
    });
    return nodes.filter(function (n) { return n.el.classList.contains('cg-hit'); }).length;
  }
  function search(text) {
    var t = fold(text.trim()), hits = [];
    while (results.firstChild) results.removeChild(results.firstChild);
    if (!t) { highlight([]); qcount.textContent = ''; return { hits: 0, marked: 0 }; }
    folded.forEach(function (f, i) { if (f.some(function (s) { return s.indexOf(t) >= 0; })) hits.push(i); });
    var marked = highlight(hits);
    qcount.textContent = hits.length + ' found, ' + marked + ' in the diagrams';
    var ul = el('ul');
    hits.slice(0, 100).forEach(function (i) {
      var li = el('li', E[i].name + ' (' + D.types[E[i].type] + ')');
      li.addEventListener('click', function () { showEntity(i); });
      ul.appendChild(li);
    });
    if (hits.length > 100) ul.appendChild(el('li', 'and ' + (hits.length - 100) + ' more'));
    results.appendChild(ul);
    return { hits: hits.length, marked: marked };
  }
  q.addEventListener('input', function () { search(q.value); });

  /* ---- toggles: hide a type or a case ---- */
  function visible(u) {
    if (hiddenTypes.has(unitType(u))) return false;
    if (u.e === undefined) return true;
    var cs = E[u.e].cases;
    return !cs.length || cs.some(function (c) { return !hiddenCases.has(c); });
  }
  function refresh() {
    nodes.forEach(function (n) { n.el.classList.toggle('cg-hidden', !visible(n.u)); });
    edges.forEach(function (ed) { ed.el.classList.toggle('cg-hidden', !(visible(ed.a) && visible(ed.b))); });
  }
  function toggles(box, names, set, key) {
    names.forEach(function (name, i) {
      var lab = el('label'), cb = el('input');
      cb.type = 'checkbox'; cb.checked = true; cb.dataset[key] = String(i);
      cb.addEventListener('change', function () {
        var v = key === 'type' ? name : i;
        if (cb.checked) set.delete(v); else set.add(v);
        refresh();
      });
      lab.appendChild(cb);
      lab.appendChild(document.createTextNode(' ' + name));
      box.appendChild(lab);
    });
  }
  toggles(document.getElementById('typetoggles'), D.types, hiddenTypes, 'type');
  toggles(document.getElementById('casetoggles'), D.cases, hiddenCases, 'case');

  document.querySelectorAll('figure.diagram').forEach(setupSvg);

  /* ---- #selftest ---- */
  function click(g) { g.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true })); }
  function selftest() {
    var r = { svgs: document.querySelectorAll('figure.diagram svg').length, nodes: nodes.length, edges: edges.length, entities: E.length, links: L.length };
    var n = nodes.find(function (x) { return x.u.e !== undefined; });
    var ed = edges.find(function (x) { return x.a.e !== undefined && x.b.e !== undefined; });
    if (!n || !ed) { r.ok = false; r.why = 'no mapped node or edge'; return r; }
    var e = E[n.u.e];
    var s = search(q.value = e.name);
    r.search = { query: e.name, hits: s.hits, marked: s.marked, listed: results.querySelectorAll('li').length, node_marked: n.el.classList.contains('cg-hit') };
    click(n.el);
    r.node = { open: !panel.hidden, title: ptitle.textContent, type: D.types[e.type], cites: pbody.querySelectorAll('li.cite').length, first: (pbody.querySelector('li.cite') || {}).textContent || '' };
    click(ed.el);
    r.edge = { open: !panel.hidden, title: ptitle.textContent, links: pbody.querySelectorAll('h4.link').length, cites: pbody.querySelectorAll('li.cite').length };
    var cb = document.querySelector('#typetoggles input[data-type="' + e.type + '"]');
    cb.checked = false; cb.dispatchEvent(new Event('change'));
    var ofType = nodes.filter(function (x) { return unitType(x.u) === D.types[e.type]; });
    r.toggle = { type: D.types[e.type], nodes: ofType.length, hidden: ofType.filter(function (x) { return getComputedStyle(x.el).display === 'none'; }).length };
    cb.checked = true; cb.dispatchEvent(new Event('change'));
    r.toggle.restored = ofType.filter(function (x) { return getComputedStyle(x.el).display !== 'none'; }).length;
    var svg = n.svg, before = svg.getAttribute('viewBox'), box = svg.getBoundingClientRect();
    svg.dispatchEvent(new WheelEvent('wheel', { deltaY: -300, clientX: box.left + box.width / 2, clientY: box.top + box.height / 2, bubbles: true, cancelable: true }));
    var zoomed = svg.getAttribute('viewBox');
    click(svg.closest('figure').querySelector('.reset'));
    r.zoom = { changed: zoomed !== before, reset: svg.getAttribute('viewBox') === before };
    search(q.value = '');
    r.scripts = document.scripts.length;
    r.images = document.getElementsByTagName('img').length;
    r.ok = r.search.hits > 0 && r.search.node_marked && r.node.open && r.node.cites > 0 && r.edge.links > 0 &&
      r.edge.cites > 0 && r.toggle.hidden === r.toggle.nodes && r.toggle.restored === r.toggle.nodes &&
      r.zoom.changed && r.zoom.reset;
    return r;
  }
  if (location.hash === '#selftest') {
    var out = document.getElementById('selftest'), res;
    try { res = selftest(); } catch (x) { res = { ok: false, error: String(x) }; }
    out.textContent = JSON.stringify(res);
    out.hidden = false;
  }
})();
