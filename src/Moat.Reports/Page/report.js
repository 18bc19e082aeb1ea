// Moat evidence report: renders the JSON embedded in #moat-data.
// Every string in that JSON may be attacker-controlled (prompts, user agents, account ids), so the
// DOM is built with createElement/textContent only, and chart tooltips (which ECharts inserts as
// HTML) go through esc(). The page's Content-Security-Policy only allows this script and ECharts.
(function () {
  'use strict';

  var D = JSON.parse(document.getElementById('moat-data').textContent);
  var charts = Object.create(null);
  var nf = new Intl.NumberFormat('en-GB');
  var pf = new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 });
  var KIND_COLOURS = {
    payment: '#c0392b', signup_ip: '#e67e22', ip_prefix: '#d4a017', synchrony: '#8e44ad',
    template: '#2471a3', fingerprint: '#138d75', signup_burst: '#d35493', user_agent: '#7d6148',
    email_domain: '#5d6d7e', org: '#1b4f72'
  };
  var SPARE_COLOURS = ['#16a085', '#a04000', '#6c3483', '#1f618d', '#7b7d7d', '#b9770e'];
  var SERIES_COLOURS = ['#1f4e8c', '#c0392b', '#d4a017', '#138d75', '#8e44ad', '#e67e22', '#2e86c1', '#7d6148', '#d35493', '#566573'];
  var ORGANIC_COLOUR = '#8a94a6';
  var campaignIndex = Object.create(null);
  D.campaigns.forEach(function (c, i) { campaignIndex[c.id] = i; });

  // ---------- small DOM helpers (text only, never HTML) ----------
  function el(tag, attrs) {
    var node = document.createElement(tag);
    if (attrs) {
      for (var k in attrs) {
        if (!Object.prototype.hasOwnProperty.call(attrs, k) || attrs[k] == null) continue;
        if (k === 'text') node.textContent = attrs[k];
        else if (k === 'cls') node.className = attrs[k];
        else if (k.slice(0, 2) === 'on') node.addEventListener(k.slice(2), attrs[k]);
        else node.setAttribute(k, attrs[k]);
      }
    }
    for (var i = 2; i < arguments.length; i++) append(node, arguments[i]);
    return node;
  }
  function append(node, child) {
    if (child == null || child === false) return;
    if (Array.isArray(child)) { child.forEach(function (c) { append(node, c); }); return; }
    node.appendChild(typeof child === 'object' ? child : document.createTextNode(String(child)));
  }
  function clear(node) { while (node.firstChild) node.removeChild(node.firstChild); }
  function byId(id) { return document.getElementById(id); }
  // Only for ECharts tooltips, which are HTML strings.
  function esc(s) {
    return String(s).replace(/[&<>"'`=\/]/g, function (c) { return '&#' + c.charCodeAt(0) + ';'; });
  }

  function count(n) { return n == null ? '—' : nf.format(n); }
  function bigCount(n) {
    if (n == null) return '—';
    if (Math.abs(n) >= 1e9) return (n / 1e9).toFixed(1).replace(/\.0$/, '') + ' bn';
    if (Math.abs(n) >= 1e6) return (n / 1e6).toFixed(1).replace(/\.0$/, '') + ' M';
    return nf.format(n);
  }
  function pct(x) { return x == null ? '—' : pf.format(x); }
  var MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
  function when(iso) {
    if (!iso) return '—';
    var m = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})/.exec(iso);
    if (!m) return iso;
    return (+m[3]) + ' ' + MONTHS[+m[2] - 1] + ' ' + m[1] + ', ' + m[4] + ':' + m[5] + ' UTC';
  }
  function kindName(i) { return D.link_kinds[i]; }
  function kindColour(i) {
    var name = D.link_kinds[i];
    return KIND_COLOURS[name] || SPARE_COLOURS[i % SPARE_COLOURS.length];
  }
  function actionBadge(action) {
    var known = /^(block|throttle|degrade|watermark|review|allow)$/.test(action) ? action : 'unknown';
    return el('span', { cls: 'badge ' + known, text: action });
  }
  function figure(label, value, title, extra) {
    return el('div', { cls: 'figure' + (extra ? ' ' + extra : ''), title: title }, el('div', { cls: 'label', text: label }), el('div', { cls: 'value', text: value }));
  }
  function bar(share, colour) {
    var inner = el('span');
    inner.style.width = Math.max(0, Math.min(100, share * 100)).toFixed(1) + '%';
    if (colour) inner.style.background = colour;
    return el('div', { cls: 'bar' }, inner);
  }
  function empty(text) { return el('div', { cls: 'empty', text: text }); }

  // ---------- charts ----------
  var BASE = {
    animation: false,
    textStyle: { fontFamily: 'system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif' },
    grid: { left: 56, right: 18, top: 34, bottom: 40, containLabel: false }
  };
  function chartBox(name, title, caption, tall) {
    var host = el('div', { cls: 'chart' + (tall ? ' tall' : ''), 'data-chart': name, role: 'img', 'aria-label': title });
    var box = el('div', { cls: 'chart-box' }, el('h4', { text: title }), caption ? el('p', { cls: 'caption', text: caption }) : null, host);
    return { box: box, host: host };
  }
  // Charts are drawn only once their section is laid out (flushCharts): a chart initialised while its
  // grid still has one child would take the full row's width and overlap its neighbour.
  var pending = [];
  function draw(name, host, option) {
    pending.push({ name: name, host: host, option: option });
  }
  function flushCharts() {
    var queue = pending;
    pending = [];
    queue.forEach(function (p) {
      if (charts[p.name]) { charts[p.name].dispose(); delete charts[p.name]; }
      if (laidOut(p.host)) { init(p); return; }
      // A zero-sized host (page opened in a hidden frame or tab) gives ECharts a singular view
      // transform: draw once the host gets a size.
      var observer = new ResizeObserver(function () {
        if (!laidOut(p.host)) return;
        observer.disconnect();
        if (p.host.isConnected) init(p);
      });
      observer.observe(p.host);
    });
  }
  function init(p) {
    var chart = echarts.init(p.host, null, { renderer: 'canvas' });
    chart.setOption(Object.assign({}, BASE, p.option));
    charts[p.name] = chart;
  }
  function laidOut(host) { return host.isConnected && host.clientWidth > 0 && host.clientHeight > 0; }
  function axisTooltip(valueFormat) {
    return {
      trigger: 'axis',
      formatter: function (params) {
        var rows = params.map(function (p) {
          var v = Array.isArray(p.value) ? p.value[1] : p.value;
          return '<span style="color:' + esc(p.color) + '">\u25CF</span> ' + esc(p.seriesName) + ': <b>' + esc(valueFormat(v)) + '</b>';
        });
        var axis = params.length ? params[0].axisValueLabel : '';
        return esc(axis) + '<br>' + rows.join('<br>');
      }
    };
  }

  function dayAxis(series) {
    var days = Object.create(null);
    series.forEach(function (s) { (s.data || []).forEach(function (d) { days[d[0]] = true; }); });
    return Object.keys(days).sort();
  }
  function alignTo(days, data) {
    var map = Object.create(null);
    (data || []).forEach(function (d) { map[d[0]] = d[1]; });
    return days.map(function (d) { return map[d] || 0; });
  }

  function trafficOption(lines) {
    var days = dayAxis(lines);
    return {
      tooltip: axisTooltip(count),
      legend: { top: 0, left: 'center', type: 'scroll', width: '90%' },
      xAxis: { type: 'category', data: days, boundaryGap: false },
      yAxis: { type: 'value', axisLabel: { formatter: bigCount } },
      dataZoom: days.length > 60 ? [{ type: 'inside' }] : [],
      series: lines.map(function (l) {
        return {
          name: l.name, type: 'line', showSymbol: false, data: alignTo(days, l.data),
          lineStyle: { width: l.organic ? 1.5 : 2, type: l.organic ? 'dashed' : 'solid', color: l.colour },
          itemStyle: { color: l.colour },
          areaStyle: l.area ? { opacity: 0.12, color: l.colour } : undefined
        };
      })
    };
  }

  // ---------- masthead ----------
  function renderMasthead() {
    var title = D.campaigns.length === 0 ? 'No campaign found' :
      D.campaigns.length === 1 ? '1 distillation campaign' : nf.format(D.campaigns.length) + ' distillation campaigns';
    byId('title').textContent = title;
    document.title = 'Moat evidence report: ' + title.toLowerCase() + (D.folder ? ' (' + D.folder + ')' : '');
    byId('scan-sentence').textContent = D.sentence;
    var meta = byId('meta');
    function item(label, value) { append(meta, [el('div', null, el('dt', { text: label }), el('dd', { text: value }))]); }
    item('Scan folder', D.folder || '—');
    item('Scan generated', when(D.generated_at));
    if (D.stats) {
      item('Accounts scanned', count(D.stats.accounts));
      item('Exchanges scanned', count(D.stats.exchanges));
      item('Bad input lines', count(D.stats.bad_lines));
    } else {
      item('Accounts scored', count(D.accounts.scored));
    }
    item('Report built', when(D.built_at));
  }

  // ---------- overview ----------
  function renderOverview() {
    var cards = byId('campaign-cards');
    if (D.campaigns.length === 0) append(cards, empty('No campaign in this scan. The account table below still lists every scored account.'));
    D.campaigns.forEach(function (c, i) {
      var card = el('button', { cls: 'card', type: 'button', 'data-campaign': String(i), onclick: function () { select(i, true); } },
        el('div', { cls: 'card-top' }, el('span', { cls: 'cid', text: c.id }), actionBadge(c.action)),
        el('p', { text: c.sentence }),
        el('div', { cls: 'figures' },
          figure('Accounts', count(c.accounts)), figure('Exchanges', bigCount(c.exchanges), count(c.exchanges)), figure('Confidence', pct(c.confidence))));
      card.style.borderLeftColor = SERIES_COLOURS[i % SERIES_COLOURS.length];
      append(cards, card);
    });

    var grid = byId('overview-charts');
    var lines = [];
    var shown = D.campaigns.slice(0, 9);
    shown.forEach(function (c, i) { if (c.timeline) lines.push({ name: c.id, data: c.timeline, colour: SERIES_COLOURS[i % SERIES_COLOURS.length] }); });
    if (D.campaigns.length > 9) {
      var rest = Object.create(null);
      D.campaigns.slice(9).forEach(function (c) { (c.timeline || []).forEach(function (d) { rest[d[0]] = (rest[d[0]] || 0) + d[1]; }); });
      lines.push({ name: 'other campaigns', data: Object.keys(rest).map(function (k) { return [k, rest[k]]; }), colour: SERIES_COLOURS[9] });
    }
    if (D.organic_timeline) lines.push({ name: 'organic (outside campaigns)', data: D.organic_timeline, colour: ORGANIC_COLOUR, organic: true });
    var traffic = chartBox('overview-traffic', 'Traffic over time', 'Exchanges per UTC day of each campaign against organic traffic.');
    append(grid, traffic.box);
    if (lines.length) draw('overview-traffic', traffic.host, trafficOption(lines));
    else traffic.host.replaceWith(empty('This scan has no daily timeline.'));

    var hist = D.score_histogram;
    var scores = chartBox('score-distribution', 'Account score distribution',
      'Every scored account (' + count(D.accounts.scored) + ') by score, split by campaign membership.');
    append(grid, scores.box);
    var total = 0;
    hist.members.concat(hist.others).forEach(function (n) { total += n; });
    if (total > 0) {
      var labels = [];
      for (var b = 0; b < hist.bins; b++) labels.push((b / hist.bins).toFixed(2) + '–' + ((b + 1) / hist.bins).toFixed(2));
      draw('score-distribution', scores.host, {
        tooltip: axisTooltip(count),
        legend: { top: 0 },
        xAxis: { type: 'category', data: labels, name: 'score', nameLocation: 'middle', nameGap: 26, axisLabel: { interval: 3 } },
        yAxis: { type: 'value', axisLabel: { formatter: bigCount } },
        series: [
          { name: 'in a campaign', type: 'bar', stack: 's', data: hist.members, itemStyle: { color: '#b42318' } },
          { name: 'not in a campaign', type: 'bar', stack: 's', data: hist.others, itemStyle: { color: ORGANIC_COLOUR } }
        ]
      });
    } else scores.host.replaceWith(empty('No account scores in this scan folder.'));
    flushCharts();
  }

  // ---------- campaign detail ----------
  var current = -1;
  function select(i, scroll) {
    if (i < 0 || i >= D.campaigns.length) return;
    current = i;
    document.querySelectorAll('.card').forEach(function (card) {
      card.setAttribute('aria-current', card.getAttribute('data-campaign') === String(i) ? 'true' : 'false');
    });
    renderCampaign(D.campaigns[i], i);
    if (scroll) byId('campaign').scrollIntoView({ behavior: 'auto', block: 'start' });
    var hash = '#campaign=' + encodeURIComponent(D.campaigns[i].id);
    if (location.hash !== hash) history.replaceState(null, '', hash);
  }

  function renderCampaign(c, index) {
    var root = byId('campaign');
    ['campaign-traffic', 'campaign-capabilities', 'campaign-hours', 'campaign-graph'].forEach(function (name) {
      if (charts[name]) { charts[name].dispose(); delete charts[name]; }
    });
    clear(root);
    root.hidden = false;
    var actions = Object.keys(c.actions || {}).sort(function (a, b) { return c.actions[b] - c.actions[a]; })
      .map(function (a) { return count(c.actions[a]) + ' ' + a; }).join(' · ');
    append(root, [
      el('div', { cls: 'section-head' },
        el('h2', null, 'Campaign ', el('span', { cls: 'mono', text: c.id })),
        el('div', null, 'Recommended action: ', actionBadge(c.action))),
      el('p', { cls: 'sentence', text: c.sentence }),
      el('div', { cls: 'headline' },
        figure('Accounts', count(c.accounts)),
        figure('Exchanges', bigCount(c.exchanges), count(c.exchanges)),
        figure('First seen', when(c.first_seen), null, 'text'),
        figure('Last seen', when(c.last_seen), null, 'text'),
        figure('Confidence', pct(c.confidence)),
        figure('Targets', c.targets.length ? c.targets.join(', ') : '—', null, 'text')),
      actions ? el('p', { cls: 'muted' }, 'Decided actions for member accounts: ' + actions + '. ',
        el('button', { cls: 'action', type: 'button', onclick: function () { showAccountsOf(index); } }, 'Show these accounts')) : null
    ]);

    var row1 = el('div', { cls: 'grid2' });
    var row2 = el('div', { cls: 'grid2' });
    append(root, [row1, row2]);

    var traffic = chartBox('campaign-traffic', 'Traffic over time', 'Exchanges per UTC day: this campaign against organic traffic.');
    append(row1, traffic.box);
    if (c.timeline && c.timeline.length) {
      var lines = [{ name: c.id, data: c.timeline, colour: SERIES_COLOURS[index % SERIES_COLOURS.length], area: true }];
      if (D.organic_timeline) lines.push({ name: 'organic', data: D.organic_timeline, colour: ORGANIC_COLOUR, organic: true });
      draw('campaign-traffic', traffic.host, trafficOption(lines));
    } else traffic.host.replaceWith(empty('No daily timeline recorded for this campaign.'));

    var caps = chartBox('campaign-capabilities', 'Capability mix', 'Share of the campaign\u2019s exchanges per targeted capability.');
    append(row1, caps.box);
    if (c.capabilities.length) {
      var capRows = c.capabilities.slice().reverse();
      draw('campaign-capabilities', caps.host, {
        grid: { left: 150, right: 50, top: 10, bottom: 30 },
        tooltip: { trigger: 'item', formatter: function (p) { return esc(p.name) + ': <b>' + esc(pct(p.value)) + '</b>'; } },
        xAxis: { type: 'value', max: 1, axisLabel: { formatter: function (v) { return pct(v); } } },
        yAxis: { type: 'category', data: capRows.map(function (r) { return r[1]; }), axisLabel: { width: 140, overflow: 'truncate' } },
        series: [{ type: 'bar', data: capRows.map(function (r) { return r[2]; }), itemStyle: { color: '#1f4e8c' },
          label: { show: true, position: 'right', formatter: function (p) { return pct(p.value); } } }]
      });
    } else caps.host.replaceWith(empty('No capability breakdown recorded.'));

    var hours = chartBox('campaign-hours', 'Hour-of-day activity', 'Exchanges per UTC hour. Scripted harvesting often runs around the clock.');
    append(row2, hours.box);
    if (c.hours) {
      var hourLabels = [];
      for (var h = 0; h < 24; h++) hourLabels.push((h < 10 ? '0' : '') + h + ':00');
      draw('campaign-hours', hours.host, {
        tooltip: axisTooltip(count),
        xAxis: { type: 'category', data: hourLabels, axisLabel: { interval: 2 } },
        yAxis: { type: 'value', axisLabel: { formatter: bigCount } },
        series: [{ name: 'exchanges', type: 'bar', data: c.hours, itemStyle: { color: '#2471a3' } }]
      });
    } else hours.host.replaceWith(empty('No hour-of-day profile recorded.'));

    var ev = el('div', { cls: 'chart-box' }, el('h4', { text: 'Evidence' }), el('p', { cls: 'caption', text: 'Why these accounts form one campaign, strongest first.' }));
    append(row2, ev);
    if (c.evidence.length) {
      var maxW = Math.max.apply(null, c.evidence.map(function (e) { return e[2]; }).concat([1e-9]));
      var SHOWN = 7;
      var list = el('ul', { cls: 'evidence' }, c.evidence.map(function (e, i) {
        var item = el('li', null, el('span', { cls: 'kind', text: e[0] }), el('span', { cls: 'detail', text: e[1] }),
          el('span', { title: 'weight ' + e[2] }, bar(e[2] / maxW), el('span', { cls: 'muted num', text: e[2].toFixed(2) })));
        if (i >= SHOWN) item.hidden = true;
        return item;
      }));
      append(ev, list);
      if (c.evidence.length > SHOWN) {
        append(ev, el('button', { cls: 'action', type: 'button', onclick: function () {
          var expand = this.getAttribute('aria-expanded') !== 'true';
          list.querySelectorAll('li').forEach(function (li, i) { if (i >= SHOWN) li.hidden = !expand; });
          this.setAttribute('aria-expanded', String(expand));
          this.textContent = expand ? 'Show the strongest ' + SHOWN + ' only' : 'Show all ' + c.evidence.length + ' evidence items';
        }, 'aria-expanded': 'false' }, 'Show all ' + c.evidence.length + ' evidence items'));
      }
    } else append(ev, empty('No evidence items recorded.'));

    renderGraph(root, c);
    renderLinks(root, c);
    renderTemplates(root, c);
    flushCharts();
  }

  function renderGraph(root, c) {
    var g = c.graph;
    var caption = g ? 'Accounts as nodes (size: summed link weight), links coloured by kind. ' +
      (g.nodes.length < g.linked_accounts ? 'Showing the ' + count(g.nodes.length) + ' accounts on the strongest links, of ' + count(g.linked_accounts) + ' linked accounts' : 'All ' + count(g.nodes.length) + ' linked accounts') +
      ' and ' + count(g.edges.length) + ' of ' + count(c.link_count) + ' links.' : '';
    var box = chartBox('campaign-graph', 'Account link graph', caption, true);
    var section = el('div', { cls: 'subsection' }, box.box);
    append(root, section);
    if (!g) { box.host.replaceWith(empty('No account links recorded for this campaign.')); return; }
    var used = Object.create(null);
    g.edges.forEach(function (e) { used[e[2]] = true; });
    var legend = el('div', { cls: 'legend' }, Object.keys(used).map(function (k) {
      var sw = el('span', { cls: 'swatch' });
      sw.style.background = kindColour(+k);
      return el('span', null, sw, kindName(+k));
    }));
    box.host.parentNode.insertBefore(legend, box.host);
    var maxS = Math.max.apply(null, g.nodes.map(function (n) { return n[1]; }).concat([1e-9]));
    var maxW = Math.max.apply(null, g.edges.map(function (e) { return e[3]; }).concat([1e-9]));
    draw('campaign-graph', box.host, {
      tooltip: {
        trigger: 'item', confine: true,
        formatter: function (p) {
          if (p.dataType === 'edge') return esc(kindName(p.data.kind)) + ' link, weight <b>' + esc(p.data.w) + '</b><br>' + esc(p.data.label);
          return '<b>' + esc(p.name) + '</b><br>summed link weight ' + esc(p.data.strength);
        }
      },
      series: [{
        // Positions come laid out from the report builder (GraphLayout): drawing is immediate.
        type: 'graph', layout: 'none', roam: true, draggable: false,
        emphasis: { focus: 'adjacency', lineStyle: { width: 3 } },
        label: { show: false },
        data: g.nodes.map(function (n) {
          return { name: n[0], strength: n[1], x: n[2], y: n[3], symbolSize: 4 + 10 * Math.sqrt(n[1] / maxS), itemStyle: { color: '#14213d', borderColor: '#fff', borderWidth: 0.5 } };
        }),
        links: g.edges.map(function (e) {
          return { source: e[0], target: e[1], kind: e[2], w: e[3], label: g.nodes[e[0]][0] + ' \u2013 ' + g.nodes[e[1]][0],
            lineStyle: { color: kindColour(e[2]), width: 0.6 + 2.4 * (e[3] / maxW), opacity: 0.55 } };
        })
      }]
    });
  }

  function renderLinks(root, c) {
    var section = el('div', { cls: 'subsection' }, el('h3', { text: 'Strongest links' }));
    append(root, section);
    if (!c.links || !c.links.length) { append(section, empty('No account links recorded for this campaign.')); return; }
    append(section, el('p', { cls: 'muted', text: 'The ' + count(c.links.length) + ' strongest of ' + count(c.link_count) +
      ' links between member accounts. A link\u2019s weight grows with how rare the shared thing is.' }));
    var filter = { kind: -1 };
    var chips = el('div', { cls: 'chips' });
    function chip(label, kind, colour) {
      var sw = colour ? el('span', { cls: 'swatch' }) : null;
      if (sw) sw.style.background = colour;
      return el('button', { cls: 'chip', type: 'button', 'aria-pressed': String(filter.kind === kind), onclick: function () {
        filter.kind = kind;
        chips.querySelectorAll('.chip').forEach(function (b) { b.setAttribute('aria-pressed', 'false'); });
        this.setAttribute('aria-pressed', 'true');
        table.refresh(true);
      } }, sw, label);
    }
    append(chips, chip('All kinds', -1));
    (c.link_summary || []).forEach(function (s) {
      append(chips, chip(kindName(s[0]) + ' · ' + count(s[1]) + ' links', s[0], kindColour(s[0])));
    });
    append(section, chips);
    var table = pagedTable({
      columns: [
        { label: 'Account A', key: function (l) { return l[0]; }, cell: function (l) { return el('td', { cls: 'mono', text: l[0] }); } },
        { label: 'Account B', key: function (l) { return l[1]; }, cell: function (l) { return el('td', { cls: 'mono', text: l[1] }); } },
        { label: 'Kind', key: function (l) { return kindName(l[2]); }, cell: function (l) {
          var sw = el('span', { cls: 'swatch' }); sw.style.background = kindColour(l[2]);
          return el('td', null, sw, kindName(l[2]));
        } },
        { label: 'Weight', cls: 'r', numeric: true, key: function (l) { return l[3]; }, cell: function (l) { return el('td', { cls: 'r num', text: l[3].toFixed(3) }); } },
        { label: 'Shared', key: function (l) { return l[4]; }, cell: function (l) { return el('td', null, el('div', { cls: 'detail', text: l[4] })); } }
      ],
      rows: function () { return c.links.filter(function (l) { return filter.kind < 0 || l[2] === filter.kind; }); },
      sort: { column: 3, descending: true },
      pageSize: 15,
      noun: 'links'
    });
    append(section, table.node);
  }

  function renderTemplates(root, c) {
    var section = el('div', { cls: 'subsection' }, el('h3', { text: 'Top prompt templates' }));
    append(root, section);
    if (!c.templates || !c.templates.length) { append(section, empty('No prompt templates recorded for this campaign.')); return; }
    append(section, el('p', { cls: 'muted', text: 'Normalised prompt patterns shared across member accounts, with example prompts exactly as sent' +
      (c.template_count > c.templates.length ? ' (top ' + c.templates.length + ' of ' + count(c.template_count) + ')' : '') + '.' }));
    append(section, el('div', { cls: 'templates' }, c.templates.map(function (t) {
      return el('div', { cls: 'template' },
        el('div', { cls: 'figures' },
          figure('Template', t.id), figure('Exchanges', count(t.exchanges)), figure('Accounts', count(t.accounts)),
          c.exchanges > 0 ? figure('Share of campaign', pct(t.exchanges / c.exchanges)) : null),
        el('div', { cls: 'pattern', text: t.pattern }),
        t.examples.length ? el('div', null, el('span', { cls: 'muted', text: 'Example prompts' }),
          el('ol', null, t.examples.map(function (e) { return el('li', { text: e }); }))) : null);
    })));
  }

  // ---------- a sortable, paginated table over an array of rows ----------
  function pagedTable(spec) {
    var state = { sort: spec.sort.column, desc: spec.sort.descending, page: 0, size: spec.pageSize, rows: [] };
    var thead = el('thead');
    var tbody = el('tbody');
    var info = el('span', { cls: 'muted num' });
    var first = el('button', { cls: 'action', type: 'button', onclick: function () { state.page = 0; paint(); } }, '\u00AB First');
    var prev = el('button', { cls: 'action', type: 'button', onclick: function () { state.page--; paint(); } }, '\u2039 Previous');
    var next = el('button', { cls: 'action', type: 'button', onclick: function () { state.page++; paint(); } }, 'Next \u203A');
    var last = el('button', { cls: 'action', type: 'button', onclick: function () { state.page = pages() - 1; paint(); } }, 'Last \u00BB');
    var size = el('select', { 'aria-label': 'Rows per page', onchange: function () { state.size = +this.value; state.page = 0; paint(); } },
      [15, 25, 50, 100, 250].map(function (n) { var o = el('option', { value: String(n), text: n + ' per page' }); if (n === spec.pageSize) o.selected = true; return o; }));
    var headRow = el('tr');
    spec.columns.forEach(function (col, i) {
      var th = el('th', { cls: col.cls, scope: 'col' }, el('button', { type: 'button', onclick: function () {
        if (state.sort === i) state.desc = !state.desc; else { state.sort = i; state.desc = !!col.numeric; }
        sortRows(); state.page = 0; paint();
      } }, col.label));
      append(headRow, th);
    });
    append(thead, headRow);
    var node = el('div', null, el('div', { cls: 'tablewrap' }, el('table', null, thead, tbody)),
      el('div', { cls: 'pager' }, info, el('span', null, first, ' ', prev, ' ', next, ' ', last, ' ', size)));

    function pages() { return Math.max(1, Math.ceil(state.rows.length / state.size)); }
    function sortRows() {
      var key = spec.columns[state.sort].key;
      var numeric = !!spec.columns[state.sort].numeric;
      var dir = state.desc ? -1 : 1;
      var keyed = state.rows.map(function (r, i) { return { r: r, k: key(r), i: i }; });
      keyed.sort(function (a, b) {
        var x = a.k, y = b.k;
        if (numeric) { x = x == null ? -Infinity : x; y = y == null ? -Infinity : y; }
        else { x = x == null ? '' : String(x); y = y == null ? '' : String(y); }
        return x < y ? -dir : x > y ? dir : a.i - b.i;
      });
      state.rows = keyed.map(function (k) { return k.r; });
    }
    function paint() {
      state.page = Math.max(0, Math.min(state.page, pages() - 1));
      headRow.childNodes.forEach(function (th, i) {
        th.setAttribute('aria-sort', i === state.sort ? (state.desc ? 'descending' : 'ascending') : 'none');
      });
      clear(tbody);
      var start = state.page * state.size;
      var end = Math.min(state.rows.length, start + state.size);
      var frag = document.createDocumentFragment();
      for (var i = start; i < end; i++) {
        var row = state.rows[i];
        var tr = el('tr');
        spec.columns.forEach(function (col) { tr.appendChild(col.cell(row)); });
        frag.appendChild(tr);
      }
      tbody.appendChild(frag);
      if (state.rows.length === 0) append(tbody, el('tr', null, el('td', { colspan: String(spec.columns.length), cls: 'empty', text: 'No ' + spec.noun + ' match.' })));
      info.textContent = state.rows.length === 0 ? '0 ' + spec.noun :
        count(start + 1) + '\u2013' + count(end) + ' of ' + count(state.rows.length) + ' ' + spec.noun + ' (page ' + count(state.page + 1) + ' of ' + count(pages()) + ')';
      first.disabled = prev.disabled = state.page === 0;
      next.disabled = last.disabled = state.page >= pages() - 1;
    }
    function refresh(resetPage) {
      state.rows = spec.rows();
      sortRows();
      if (resetPage) state.page = 0;
      paint();
    }
    refresh(true);
    return { node: node, refresh: refresh, rows: function () { return state.rows; } };
  }

  // ---------- accounts ----------
  var accountFilter = { text: '', campaign: 'all', action: 'all', minScore: 0 };
  var accountTable = null;
  function renderAccounts() {
    var A = D.accounts;
    var n = A.ids.length;
    var search = new Array(n);
    function searchText(i) {
      if (search[i] === undefined) search[i] = (A.ids[i] + '\n' + A.reasons[i].map(function (r) { return A.reason_texts[r]; }).join('\n')).toLowerCase();
      return search[i];
    }
    var all = new Array(n);
    for (var i = 0; i < n; i++) all[i] = i;

    var section = byId('accounts');
    var campaignSelect = el('select', { id: 'filter-campaign', onchange: function () { accountFilter.campaign = this.value; accountTable.refresh(true); } },
      el('option', { value: 'all', text: 'All' }), el('option', { value: 'none', text: 'Not in a campaign' }),
      D.campaigns.map(function (c, ci) { return el('option', { value: String(ci), text: c.id }); }));
    var actionSelect = el('select', { id: 'filter-action', onchange: function () { accountFilter.action = this.value; accountTable.refresh(true); } },
      el('option', { value: 'all', text: 'All' }), el('option', { value: 'flagged', text: 'Any but allow' }),
      A.action_names.map(function (a, ai) { return el('option', { value: String(ai), text: a }); }));
    var timer = 0;
    var textInput = el('input', { type: 'search', id: 'filter-text', placeholder: 'Account id or reason…', oninput: function () {
      var value = this.value;
      clearTimeout(timer);
      timer = setTimeout(function () { accountFilter.text = value.trim().toLowerCase(); accountTable.refresh(true); }, 150);
    } });
    var scoreInput = el('input', { type: 'number', id: 'filter-score', min: '0', max: '1', step: '0.05', value: '0', oninput: function () {
      var v = parseFloat(this.value);
      accountFilter.minScore = isFinite(v) ? v : 0;
      accountTable.refresh(true);
    } });
    var download = el('button', { cls: 'action', type: 'button', onclick: downloadCsv }, 'Download matching rows (CSV)');
    append(section, el('div', { cls: 'toolbar' },
      el('label', null, 'Search', textInput), el('label', null, 'Campaign', campaignSelect),
      el('label', null, 'Action', actionSelect), el('label', null, 'Minimum score', scoreInput), download));

    accountTable = pagedTable({
      columns: [
        { label: 'Account', key: function (i) { return A.ids[i]; }, cell: function (i) { return el('td', { cls: 'mono', text: A.ids[i] }); } },
        { label: 'Score', numeric: true, key: function (i) { return A.scores[i]; }, cell: function (i) {
          var s = A.scores[i];
          return el('td', null, el('div', { cls: 'scorecell' }, bar(s || 0, s >= 0.8 ? '#b42318' : s >= 0.5 ? '#c4460d' : '#8a94a6'), el('span', { cls: 'num', text: s == null ? '—' : s.toFixed(3) })));
        } },
        { label: 'Campaign', key: function (i) { return A.campaign[i] < 0 ? '' : D.campaigns[A.campaign[i]].id; }, cell: function (i) {
          var ci = A.campaign[i];
          if (ci < 0) return el('td', { cls: 'mono muted', text: '—' });
          return el('td', { cls: 'mono' }, el('button', { cls: 'linkish', type: 'button', title: 'Show this campaign\u2019s evidence',
            onclick: function () { select(ci, true); } }, D.campaigns[ci].id));
        } },
        { label: 'Action', key: function (i) { return A.action_names[A.action[i]]; }, cell: function (i) { return el('td', null, actionBadge(A.action_names[A.action[i]])); } },
        { label: 'Exchanges', cls: 'r', numeric: true, key: function (i) { return A.exchanges[i]; }, cell: function (i) { return el('td', { cls: 'r num', text: count(A.exchanges[i]) }); } },
        { label: 'Reasons', key: function (i) { return A.reasons[i].length; }, numeric: true, cell: function (i) {
          var rs = A.reasons[i];
          return el('td', null, rs.length ? el('ul', { cls: 'reasons' }, rs.map(function (r) { return el('li', { text: A.reason_texts[r] }); })) : el('span', { cls: 'muted', text: '—' }));
        } }
      ],
      rows: function () {
        var f = accountFilter;
        var allowIndex = A.action_names.indexOf('allow');
        return all.filter(function (i) {
          if (f.campaign === 'none' ? A.campaign[i] >= 0 : f.campaign !== 'all' && A.campaign[i] !== +f.campaign) return false;
          if (f.action === 'flagged' ? A.action[i] === allowIndex : f.action !== 'all' && A.action[i] !== +f.action) return false;
          if (f.minScore > 0 && !(A.scores[i] >= f.minScore)) return false;
          if (f.text && searchText(i).indexOf(f.text) < 0) return false;
          return true;
        });
      },
      sort: { column: 1, descending: true },
      pageSize: 25,
      noun: 'accounts'
    });
    append(section, accountTable.node);
    if (A.omitted > 0) append(section, el('p', { cls: 'muted', text: count(A.omitted) +
      ' more accounts with low scores, no campaign and action allow are not listed, to keep this file small. They are counted in the score distribution.' }));

    function downloadCsv() {
      function q(s) { s = s == null ? '' : String(s); return /[",\n\r]/.test(s) || /^[=+\-@]/.test(s) ? '"' + (/^[=+\-@]/.test(s) ? '\'' : '') + s.replace(/"/g, '""') + '"' : s; }
      var lines = ['account_id,score,campaign_id,action,exchanges,reasons'];
      accountTable.rows().forEach(function (i) {
        lines.push([A.ids[i], A.scores[i], A.campaign[i] < 0 ? '' : D.campaigns[A.campaign[i]].id, A.action_names[A.action[i]],
          A.exchanges[i], A.reasons[i].map(function (r) { return A.reason_texts[r]; }).join('; ')].map(q).join(','));
      });
      var url = URL.createObjectURL(new Blob([lines.join('\n') + '\n'], { type: 'text/csv' }));
      var a = el('a', { href: url, download: 'moat-accounts.csv' });
      document.body.appendChild(a);
      a.click();
      a.remove();
      setTimeout(function () { URL.revokeObjectURL(url); }, 1000);
    }
  }

  function showAccountsOf(index) {
    accountFilter.campaign = String(index);
    byId('filter-campaign').value = String(index);
    accountTable.refresh(true);
    byId('accounts').scrollIntoView({ behavior: 'auto', block: 'start' });
  }

  function renderNotes() {
    var section = byId('notes');
    if (!D.notes.count) return;
    section.hidden = false;
    append(section, [el('h2', { text: 'Data notes' }),
      el('p', { cls: 'muted', text: count(D.notes.count) + ' problems were found while reading the scan folder; the figures above leave those records out.' +
        (D.notes.count > D.notes.first.length ? ' The first ' + D.notes.first.length + ' are listed.' : '') }),
      el('ul', { cls: 'notes' }, D.notes.first.map(function (n) { return el('li', { text: n }); }))]);
  }

  function campaignFromHash() {
    var m = /^#campaign=(.*)$/.exec(location.hash);
    if (!m) return 0;
    var id;
    try { id = decodeURIComponent(m[1]); } catch (e) { return 0; }
    return id in campaignIndex ? campaignIndex[id] : 0;
  }

  renderMasthead();
  renderOverview();
  renderAccounts();
  renderNotes();
  if (D.campaigns.length) select(campaignFromHash(), false);
  window.addEventListener('hashchange', function () { var i = campaignFromHash(); if (i !== current) select(i, false); });
  // Debounced, and only for charts that are laid out: a resize while the window is transiently
  // zero-sized (printing, full-page capture) would give ECharts a singular view transform.
  var resizeTimer = 0;
  window.addEventListener('resize', function () {
    clearTimeout(resizeTimer);
    resizeTimer = setTimeout(function () {
      for (var k in charts) {
        if (laidOut(charts[k].getDom())) charts[k].resize();
      }
    }, 120);
  });
  document.documentElement.setAttribute('data-report-ready', 'true');
})();
