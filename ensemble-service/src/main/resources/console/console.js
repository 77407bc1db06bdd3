// The Chorus console: renders each snapshot the management port pushes (one Server-Sent Event per tick) and keeps
// a short history per member for the sparklines. Plain DOM, no build step.
(function () {
  'use strict';
  var HISTORY = 60;
  var history = {};
  var root = document.getElementById('ensembles');
  var connection = document.getElementById('connection');

  function text(value) {
    return String(value).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function fixed(value, digits) { return (value === null || value === undefined) ? '—' : value.toFixed(digits); }
  function percent(value) { return (value === null || value === undefined) ? '—' : (value * 100).toFixed(1) + '%'; }
  function millis(value) { return (value === null || value === undefined) ? '—' : value.toFixed(value < 10 ? 1 : 0) + ' ms'; }

  function remember(key, value) {
    var points = history[key] || (history[key] = []);
    points.push(value === null || value === undefined ? null : value);
    if (points.length > HISTORY) { points.shift(); }
    return points;
  }

  function sparkline(points, color, fixedMax) {
    var width = 64, height = 18;
    var known = points.filter(function (p) { return p !== null; });
    var max = fixedMax || Math.max.apply(null, known.concat([1e-9]));
    var coords = [];
    points.forEach(function (p, i) {
      if (p === null) { return; }
      var x = i * width / Math.max(points.length - 1, 1);
      var y = height - 1 - Math.min(p, max) / max * (height - 2);
      coords.push(x.toFixed(1) + ',' + y.toFixed(1));
    });
    return '<svg class="spark" width="' + width + '" height="' + height + '" viewBox="0 0 ' + width + ' ' + height
      + '"><polyline stroke="' + color + '" points="' + coords.join(' ') + '"/></svg>';
  }

  function member(ensemble, m) {
    var key = ensemble + '/' + m.name;
    var p99 = remember(key + ':p99', m.p99Millis);
    var failing = remember(key + ':failing', m.callsPerSecond > 0 ? (m.errorRate || 0) + (m.timeoutRate || 0) : null);
    var hedges = m.hedges ? fixed(m.hedges.sentPerSecond, 1) + ' / ' + fixed(m.hedges.wonPerSecond, 1) : '—';
    var replicas = m.replicas.map(function (r) {
      return '<span class="replica' + (r.ejected ? ' ejected' : '') + '" title="' + text(r.address) + ', '
        + r.inFlight + ' in flight, EWMA ' + r.ewmaMillis.toFixed(1) + ' ms' + (r.ejected ? ', ejected' : '') + '">#'
        + r.index + ' ' + r.inFlight + '⇡ ' + r.ewmaMillis.toFixed(0) + 'ms</span>';
    }).join('');
    return '<tr class="' + text(m.status) + '" data-member="' + text(m.name) + '" data-status="' + text(m.status) + '">'
      + '<td><span class="dot ' + text(m.status) + '"></span>' + text(m.name) + ' <span class="muted">' + text(m.model) + '</span></td>'
      + '<td><span class="badge ' + text(m.breaker) + '">' + text(m.breaker) + '</span>'
      + (m.breakerFailureRate !== null ? ' <span class="muted">' + fixed(m.breakerFailureRate, 0) + '%</span>' : '') + '</td>'
      + '<td class="num">' + fixed(m.callsPerSecond, 1) + '</td>'
      + '<td class="num">' + millis(m.p50Millis) + '</td>'
      + '<td class="num">' + millis(m.p99Millis) + sparkline(p99, '#0969da') + '</td>'
      + '<td class="num' + (m.errorRate > 0 ? ' bad' : '') + '">' + percent(m.errorRate) + '</td>'
      + '<td class="num' + (m.timeoutRate > 0 ? ' bad' : '') + '">' + percent(m.timeoutRate)
      + sparkline(failing, '#cf222e', 1) + '</td>'
      + '<td class="num">' + hedges + '</td>'
      + '<td>' + replicas + '</td></tr>';
  }

  function ensemble(e) {
    var agreement = remember(e.name + ':agreement', e.agreement);
    var outcomes = Object.keys(e.outcomes).map(function (o) { return text(o) + ' ' + e.outcomes[o]; }).join(', ');
    return '<section class="ensemble" data-ensemble="' + text(e.name) + '"><div class="head">'
      + '<h2>' + text(e.name) + '</h2>'
      + '<span class="stat">' + text(e.strategy) + ', quorum ' + e.quorum + '</span>'
      + '<span class="stat"><b>' + fixed(e.requestsPerSecond, 1) + '</b> req/s</span>'
      + '<span class="stat"><b>' + e.inFlight + '</b> in flight</span>'
      + '<span class="stat">agreement <b>' + percent(e.agreement) + '</b>' + sparkline(agreement, '#8250df', 1) + '</span>'
      + '<span class="stat">' + (outcomes || 'no requests') + '</span></div>'
      + '<table><thead><tr><th>member</th><th>breaker</th><th>calls/s</th><th>p50</th><th>p99</th>'
      + '<th>errors</th><th>timeouts</th><th>hedges/s sent, won</th><th>replicas (in flight, EWMA)</th></tr></thead><tbody>'
      + e.members.map(function (m) { return member(e.name, m); }).join('') + '</tbody></table></section>';
  }

  function render(snapshot) {
    document.getElementById('window').textContent = snapshot.windowSeconds;
    document.getElementById('updated').textContent = 'updated ' + new Date(snapshot.at).toLocaleTimeString();
    root.innerHTML = snapshot.ensembles.map(ensemble).join('');
  }

  var source = new EventSource('/console/stream');
  source.addEventListener('snapshot', function (event) {
    connection.dataset.state = 'live';
    connection.textContent = 'live';
    render(JSON.parse(event.data));
  });
  source.onerror = function () {
    // EventSource reconnects by itself; say so rather than show stale numbers as live.
    connection.dataset.state = 'lost';
    connection.textContent = 'reconnecting…';
  };
}());
