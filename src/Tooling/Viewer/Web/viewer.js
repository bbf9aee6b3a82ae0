// ArrHost viewer: shows a session's stream relayed by `arr view` over a WebSocket, decodes H.264 with
// WebCodecs (VideoDecoder, low-latency: one access unit in, one picture out) or JPEG with createImageBitmap,
// orbits and zooms the camera with mouse and touch, loads models, and charts the latency of every frame.
'use strict';
(() => {
  const HEADER = 44;
  const RING = 4096;
  const STAGES = [
    ['wait', '#6c7a89'], ['render', '#4aa3ff'], ['readback', '#9b6bff'], ['encode', '#ffb84a'],
    ['network + decode + paint', '#3fcf8e'],
  ];
  const params = new URLSearchParams(location.search);
  const $ = id => document.getElementById(id);
  const view = $('view'), chart = $('chart'), g = view.getContext('2d'), cg = chart.getContext('2d');

  // What tests and the benchmark read: counts and the latest samples.
  const state = window.arrViewer = {
    frames: 0, codec: null, note: null, refused: null, ended: null, connected: false, connects: 0,
    lastSeq: 0, g2g: [], decode: [], loaded: null, errors: [],
    drop: () => ws && ws.close(), // what a lost connection looks like to the page (tests use it)
  };

  const camera = state.camera = { target: [0, 0, 0], yaw: 0.6, pitch: 0.35, distance: 4, fov: 50 };
  let ws = null, retry = 250, poseTimer = 0, dirty = true, lastPoseAt = 0, seq = 0, spinFrom = 0;
  const sentSeq = new Uint32Array(RING), sentAt = new Float64Array(RING);
  const samples = []; // the chart's frames: [wait, render, readback, encode, rest, g2g]
  let decoder = null, decoderCodec = '', pending = new Map(), paintTimes = [];
  if (params.get('spin') === '1') $('spin').checked = true;

  function setStatus(text, kind) {
    const s = $('status');
    s.textContent = text;
    s.className = 'status' + (kind ? ' ' + kind : '');
  }

  function banner(text, bad) {
    const b = $('banner');
    b.hidden = !text;
    b.textContent = text || '';
    b.className = 'banner' + (bad ? ' bad' : '');
  }

  async function canDecodeH264() {
    if (params.get('codec') === 'jpeg' || typeof VideoDecoder === 'undefined') return false;
    try {
      const r = await VideoDecoder.isConfigSupported({ codec: 'avc1.42E01F', optimizeForLatency: true });
      return !!r.supported;
    } catch { return false; }
  }

  function connect() {
    setStatus(state.connects ? 'reconnecting…' : 'connecting…');
    ws = new WebSocket(`${location.protocol === 'https:' ? 'wss' : 'ws'}://${location.host}/ws`);
    ws.binaryType = 'arraybuffer';
    ws.onopen = async () => {
      state.connects++;
      retry = 250;
      ws.send(JSON.stringify({ t: 'hello', h264: await canDecodeH264() }));
    };
    ws.onmessage = e => (typeof e.data === 'string' ? onText(JSON.parse(e.data)) : onFrame(e.data));
    ws.onclose = () => {
      state.connected = false;
      clearInterval(poseTimer);
      resetDecoder();
      if (state.refused || state.ended) return;
      setStatus('disconnected: reconnecting…', 'bad');
      setTimeout(connect, retry);
      retry = Math.min(retry * 2, 4000);
    };
  }

  function send(message) {
    if (ws && ws.readyState === WebSocket.OPEN) ws.send(JSON.stringify(message));
  }

  function onText(m) {
    switch (m.t) {
      case 'welcome':
        state.connected = true;
        state.codec = m.codec;
        state.note = m.note || null;
        banner(m.note, false);
        if (view.width !== m.width || view.height !== m.height) { view.width = m.width; view.height = m.height; }
        $('session').textContent = `session ${m.session}`;
        $('n-codec').textContent = `${m.codec} (${m.encoder})`;
        $('n-device').textContent = m.device;
        setStatus('live', 'live');
        resetDecoder();
        clearInterval(poseTimer);
        poseTimer = setInterval(tick, 1000 / Math.max(1, Math.min(m.poseRate || 60, 120)));
        dirty = true;
        break;
      case 'refused':
        state.refused = m.reason;
        setStatus('refused', 'bad');
        banner(`Refused (${m.reason}): ${m.message}`, true);
        break;
      case 'ended':
        state.ended = m.reason;
        setStatus('session ended', 'bad');
        banner(`The session's stream ended (${m.reason})${m.message ? ': ' + m.message : ''}.`, true);
        break;
      case 'loading':
        $('load-status').textContent = `loading ${m.url}: ${Math.round((m.fraction || 0) * 100)}%`;
        break;
      case 'loaded': {
        state.loaded = m;
        $('load-status').textContent = `${m.url}: ${m.triangles.toLocaleString()} triangles`;
        if (!$('model').value) $('model').value = m.url;
        const c = [0, 1, 2].map(i => (m.min[i] + m.max[i]) / 2);
        const r = Math.max(1e-3, Math.hypot(m.max[0] - m.min[0], m.max[1] - m.min[1], m.max[2] - m.min[2]) / 2);
        camera.target = c;
        camera.distance = r / Math.sin((camera.fov * Math.PI) / 360) * 1.15;
        dirty = true;
        break;
      }
      case 'error':
        state.errors.push(m.message);
        $('load-status').textContent = m.message;
        break;
    }
  }

  // Poses: at the page's pose rate while the camera moves, and once a second otherwise.
  function tick() {
    const now = performance.now();
    if ($('spin').checked) {
      if (!spinFrom) spinFrom = now;
      camera.yaw += ((now - (lastPoseAt || now)) / 1000) * (Math.PI / 4);
      dirty = true;
    } else spinFrom = 0;
    if (!dirty && now - lastPoseAt < 1000) return;
    dirty = false;
    lastPoseAt = now;
    const cp = Math.cos(camera.pitch);
    const t = camera.target;
    const eye = [t[0] + camera.distance * cp * Math.sin(camera.yaw), t[1] + camera.distance * Math.sin(camera.pitch), t[2] + camera.distance * cp * Math.cos(camera.yaw)];
    seq = (seq + 1) >>> 0 || 1;
    sentSeq[seq % RING] = seq;
    sentAt[seq % RING] = now;
    send({ t: 'pose', seq, eye, target: t, fov: camera.fov });
  }

  function onFrame(buffer) {
    const h = new DataView(buffer, 0, HEADER);
    const info = {
      codec: h.getUint8(1), key: h.getUint8(2) === 1, width: h.getUint16(4, true), height: h.getUint16(6, true),
      seq: h.getUint32(8, true), frame: h.getUint32(12, true),
      wait: h.getFloat32(16, true), render: h.getFloat32(20, true), readback: h.getFloat32(24, true),
      encode: h.getFloat32(28, true), total: h.getFloat32(36, true), start: performance.now(),
    };
    const payload = new Uint8Array(buffer, HEADER);
    if (info.codec === 2) {
      createImageBitmap(new Blob([payload], { type: 'image/jpeg' }))
        .then(bitmap => { paint(bitmap, info); bitmap.close(); })
        .catch(e => skip(`JPEG decode: ${e}`));
    } else decodeH264(payload, info);
  }

  function decodeH264(payload, info) {
    if (info.key) {
      const codec = codecOf(payload);
      if (!decoder || decoder.state === 'closed' || codec !== decoderCodec) {
        resetDecoder();
        decoder = new VideoDecoder({
          output: frame => {
            const i = pending.get(frame.timestamp);
            pending.delete(frame.timestamp);
            if (i) paint(frame, i);
            frame.close();
          },
          error: e => { state.errors.push(`H.264 decode: ${e.message}`); resetDecoder(); send({ t: 'keyframe' }); },
        });
        decoder.configure({ codec, optimizeForLatency: true, hardwareAcceleration: 'no-preference' });
        decoderCodec = codec;
      }
    }
    if (!decoder || decoder.state !== 'configured') { skip(null); send({ t: 'keyframe' }); return; }
    pending.set(info.frame, info);
    if (pending.size > 8) { const first = pending.keys().next().value; pending.delete(first); send({ t: 'painted' }); }
    decoder.decode(new EncodedVideoChunk({ type: info.key ? 'key' : 'delta', timestamp: info.frame, data: payload }));
  }

  // "avc1.PPCCLL" from the keyframe's sequence parameter set (NAL type 7).
  function codecOf(p) {
    for (let i = 0; i + 4 < p.length; i++) {
      if (p[i] === 0 && p[i + 1] === 0 && p[i + 2] === 1 && (p[i + 3] & 0x1f) === 7) {
        const hex = b => b.toString(16).padStart(2, '0');
        return `avc1.${hex(p[i + 4])}${hex(p[i + 5])}${hex(p[i + 6])}`.toUpperCase().replace('AVC1', 'avc1');
      }
    }
    return decoderCodec || 'avc1.42E01F';
  }

  function resetDecoder() {
    if (decoder && decoder.state !== 'closed') { try { decoder.close(); } catch { /* already closed */ } }
    decoder = null;
    decoderCodec = '';
    for (let n = pending.size; n > 0; n--) send({ t: 'painted' });
    pending = new Map();
  }

  function skip(error) {
    if (error) state.errors.push(error);
    send({ t: 'painted' });
  }

  function paint(image, info) {
    g.drawImage(image, 0, 0, view.width, view.height);
    const now = performance.now();
    const known = info.seq && sentSeq[info.seq % RING] === info.seq;
    const g2g = known ? now - sentAt[info.seq % RING] : null;
    const decode = now - info.start;
    send(g2g === null ? { t: 'painted', decode } : { t: 'painted', seq: info.seq, g2g, decode });
    state.frames++;
    state.lastSeq = info.seq;
    if (g2g !== null) { state.g2g.push(g2g); if (state.g2g.length > 10000) state.g2g.shift(); }
    state.decode.push(decode);
    if (state.decode.length > 10000) state.decode.shift();
    paintTimes.push(now);
    while (paintTimes.length && now - paintTimes[0] > 1000) paintTimes.shift();
    const host = info.wait + info.render + info.readback + info.encode;
    samples.push([info.wait, info.render, info.readback, info.encode, g2g === null ? 0 : Math.max(0, g2g - host), g2g]);
    if (samples.length > 120) samples.shift();
  }

  function percentile(values, p) {
    if (!values.length) return NaN;
    const s = values.slice().sort((a, b) => a - b);
    const r = (p / 100) * (s.length - 1), lo = Math.floor(r), hi = Math.min(lo + 1, s.length - 1);
    return s[lo] + (s[hi] - s[lo]) * (r - lo);
  }

  function drawChart() {
    const w = chart.width, h = chart.height;
    cg.clearRect(0, 0, w, h);
    const recent = samples.map(s => s[5] ?? s.slice(0, 5).reduce((a, b) => a + b, 0));
    const top = Math.max(20, Math.ceil(percentile(recent, 95) * 1.25 / 10) * 10 || 20);
    cg.strokeStyle = '#2a313a';
    cg.fillStyle = '#8b95a3';
    cg.font = '10px system-ui';
    for (let ms = 0; ms <= top; ms += top / 4) {
      const y = h - 14 - (ms / top) * (h - 24);
      cg.beginPath(); cg.moveTo(30, y); cg.lineTo(w, y); cg.stroke();
      cg.fillText(`${Math.round(ms)} ms`, 0, y + 3);
    }
    const bw = (w - 32) / 120;
    samples.forEach((s, i) => {
      let y = h - 14;
      for (let k = 0; k < 5; k++) {
        const bh = (Math.min(s[k], top) / top) * (h - 24);
        cg.fillStyle = STAGES[k][1];
        cg.fillRect(32 + i * bw, y - bh, Math.max(1, bw - 1), bh);
        y -= bh;
      }
    });
    const last = samples.slice(-30);
    const mean = k => (last.length ? last.reduce((a, s) => a + s[k], 0) / last.length : NaN);
    $('legend').innerHTML = STAGES.map(([name, color], k) => `<li><i style="background:${color}"></i>${name} ${fmt(mean(k))}</li>`).join('');
    const recentG2g = state.g2g.slice(-600);
    $('n-frames').textContent = state.frames;
    $('n-fps').textContent = paintTimes.length;
    $('n-g2g').textContent = `${fmt(percentile(recentG2g, 50))} / ${fmt(percentile(recentG2g, 99))}`;
    $('n-decode').textContent = fmt(percentile(state.decode.slice(-600), 50));
  }

  const fmt = v => (Number.isFinite(v) ? `${v.toFixed(1)} ms` : '–');

  // Orbit with one pointer (mouse, pen or finger), zoom with the wheel or two fingers.
  const pointers = new Map();
  let pinch = 0;
  view.addEventListener('pointerdown', e => {
    view.setPointerCapture(e.pointerId);
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    view.classList.add('dragging');
    if (pointers.size === 2) pinch = spread();
  });
  view.addEventListener('pointermove', e => {
    const p = pointers.get(e.pointerId);
    if (!p) return;
    const dx = e.clientX - p[0], dy = e.clientY - p[1];
    pointers.set(e.pointerId, [e.clientX, e.clientY]);
    if (pointers.size === 1) {
      camera.yaw -= dx * 0.008;
      camera.pitch = Math.max(-1.5, Math.min(1.5, camera.pitch + dy * 0.008));
    } else if (pointers.size === 2) {
      const s = spread();
      if (pinch > 0 && s > 0) camera.distance = Math.max(1e-3, camera.distance * (pinch / s));
      pinch = s;
    }
    dirty = true;
  });
  const release = e => {
    pointers.delete(e.pointerId);
    if (pointers.size < 2) pinch = 0;
    if (!pointers.size) view.classList.remove('dragging');
  };
  view.addEventListener('pointerup', release);
  view.addEventListener('pointercancel', release);
  view.addEventListener('wheel', e => {
    e.preventDefault();
    camera.distance = Math.max(1e-3, camera.distance * Math.exp(e.deltaY * 0.001));
    dirty = true;
  }, { passive: false });
  function spread() {
    const [a, b] = [...pointers.values()];
    return Math.hypot(a[0] - b[0], a[1] - b[1]);
  }

  $('load-form').addEventListener('submit', e => {
    e.preventDefault();
    const url = $('model').value.trim();
    if (url) send({ t: 'load', url });
  });

  setInterval(drawChart, 250);
  connect();
})();
