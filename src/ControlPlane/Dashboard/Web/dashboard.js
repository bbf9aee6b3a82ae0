// ArrHost region dashboard: polls /dashboard/state with the account key and shows the region's hosts
// (with frame metrics from their heartbeats) and the account's sessions. Read-only.
'use strict';
(() => {
  const $ = id => document.getElementById(id);
  const KEY = 'arr-dashboard-credentials';
  const fpsHistory = new Map(); // host id -> last 120 frames/s samples (60 s at the poll rate)
  let timer = 0;

  function credentials() {
    const hash = new URLSearchParams(location.hash.slice(1));
    if (hash.get('account') && hash.get('key')) {
      sessionStorage.setItem(KEY, JSON.stringify({ account: hash.get('account'), key: hash.get('key') }));
      window.history.replaceState(null, '', location.pathname); // the key leaves the address bar
    }
    try { return JSON.parse(sessionStorage.getItem(KEY) || 'null'); } catch { return null; }
  }

  function showSignIn(error) {
    clearTimeout(timer);
    $('signin').hidden = false;
    $('main').hidden = true;
    $('signout').hidden = true;
    $('status').textContent = 'signed out';
    $('status').className = 'status';
    $('signin-error').textContent = error || '';
  }

  $('signin').addEventListener('submit', e => {
    e.preventDefault();
    sessionStorage.setItem(KEY, JSON.stringify({ account: $('account-id').value.trim(), key: $('account-key').value }));
    start();
  });
  $('signout').addEventListener('click', () => { sessionStorage.removeItem(KEY); showSignIn(); });

  async function poll() {
    const c = credentials();
    if (!c) return showSignIn();
    try {
      const r = await fetch('/dashboard/state', { headers: { Authorization: `Bearer ${c.account}:${c.key}` }, cache: 'no-store' });
      if (r.status === 401) { sessionStorage.removeItem(KEY); return showSignIn('The account id or key is not valid.'); }
      if (!r.ok) throw new Error(`HTTP ${r.status}`);
      render(await r.json());
      $('status').textContent = 'live';
      $('status').className = 'status live';
    } catch (e) {
      $('status').textContent = `unreachable (${e.message}); retrying`;
      $('status').className = 'status';
    }
    timer = setTimeout(poll, 500);
  }

  function start() {
    $('signin').hidden = true;
    $('main').hidden = false;
    $('signout').hidden = false;
    clearTimeout(timer);
    poll();
  }

  const esc = s => String(s ?? '').replace(/[&<>"']/g, ch => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[ch]));
  const num = (v, d = 1) => (v === null || v === undefined ? '–' : Number(v).toFixed(d));
  const time = iso => (iso ? new Date(iso).toLocaleTimeString() : '–');
  function span(seconds) {
    if (seconds === null || seconds === undefined) return '–';
    const s = Math.round(seconds), h = Math.floor(s / 3600), m = Math.floor((s % 3600) / 60), r = s % 60;
    return h ? `${h}h ${String(m).padStart(2, '0')}m` : m ? `${m}m ${String(r).padStart(2, '0')}s` : `${r}s`;
  }

  function render(state) {
    $('region').textContent = state.region;
    $('account').textContent = `account ${state.account}`;
    $('updated').textContent = time(state.now);
    $('hosts').tBodies[0].innerHTML = state.hosts.map(h => {
      const f = h.frames;
      const samples = fpsHistory.get(h.hostId) || [];
      samples.push(f ? f.framesPerSecond : 0);
      if (samples.length > 120) samples.shift();
      fpsHistory.set(h.hostId, samples);
      return `<tr data-host="${esc(h.hostId)}"><td>${esc(h.hostId)}</td><td>${esc(h.size)}</td>` +
        `<td><span class="pill ${esc(h.state)}">${esc(h.state)}</span></td><td>${esc(h.device)}</td>` +
        `<td>${esc(h.sessionId ?? '–')}</td><td>${h.clientConnected === null ? '–' : h.clientConnected ? 'connected' : 'none'}</td>` +
        `<td class="n fps">${f ? num(f.framesPerSecond) : '–'}</td><td class="n">${f && f.framesPerSecond ? num(f.meanTotalMs) : '–'}</td>` +
        `<td class="n">${f && f.framesPerSecond ? num(f.meanRenderMs) : '–'}</td><td class="n">${f && f.framesPerSecond ? num(f.meanEncodeMs) : '–'}</td>` +
        `<td class="n">${f && f.framesPerSecond ? num(f.meanFrameBytes / 1024) : '–'}</td><td class="n sent">${f ? f.sent : '–'}</td>` +
        `<td><canvas class="spark" width="120" height="24"></canvas></td></tr>`;
    }).join('');
    for (const row of $('hosts').tBodies[0].rows) spark(row.querySelector('canvas'), fpsHistory.get(row.dataset.host) || []);
    $('sessions').tBodies[0].innerHTML = state.sessions.map(s =>
      `<tr data-session="${esc(s.id)}"><td>${esc(s.id)}</td><td>${esc(s.size)}</td>` +
      `<td><span class="pill state ${esc(s.status)}">${esc(s.status)}</span>${s.stage ? ` <span class="muted small">${esc(s.stage)}</span>` : ''}</td>` +
      `<td>${esc(s.hostId ?? '–')}</td><td>${time(s.created)}</td><td class="n">${s.maxLeaseMinutes} min</td>` +
      `<td class="n">${span(s.leaseRemainingSeconds)}</td><td class="n billed">${span(s.billedSeconds)}</td>` +
      `<td class="wrap">${s.errorCode ? `<b>${esc(s.errorCode)}</b> ${esc(s.errorMessage)}` : ''}</td></tr>`).join('');
  }

  function spark(canvas, values) {
    const g = canvas.getContext('2d'), w = canvas.width, h = canvas.height;
    g.clearRect(0, 0, w, h);
    const top = Math.max(10, ...values);
    g.strokeStyle = '#4aa3ff';
    g.beginPath();
    values.forEach((v, i) => {
      const x = (i / 119) * w, y = h - 1 - (v / top) * (h - 2);
      i ? g.lineTo(x, y) : g.moveTo(x, y);
    });
    g.stroke();
  }

  credentials() ? start() : showSignIn();
})();
