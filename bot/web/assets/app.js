// Tarn web chat: the page over /chat/api (state, events, messages,
// actions, forms). No dependencies; everything Tarn or a person wrote is
// escaped before any markup is added.
'use strict';

const $ = (sel) => document.querySelector(sel);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

const S = {
  you: '', seq: 0, people: [], examples: [],
  channels: [],            // names, in order
  threads: new Map(),      // id → {id, channel, messages: []}
  channel: localStorage.getItem('tarn.channel') || 'general',
  open: null,              // the open thread's id
  notices: [],
  unread: new Map(),       // channel → count of new threads and replies
  clicked: new Map(),      // message id → its edits when a button was clicked
  es: null, loaded: false, buffer: [], gen: 0,
};

const describe = {
  general: 'Ask about traffic, customers, billing and security',
  approvals: 'Access requests, table reviews and session flips',
  alerts: 'Investigations opened by alerts',
};

// ---- markdown (safe) ----

function esc(s) {
  return String(s).replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c]));
}

function safeHref(h) {
  return /^(https?:\/\/|\/(?!\/)|#|mailto:)/i.test(h);
}

// md renders Tarn's markdown: the text is escaped first, then **bold**,
// _italic_, `code`, ```blocks```, [links](url), bare URLs and lists.
function md(src) {
  const slots = [];
  const keep = (html) => '\u0000' + (slots.push(html) - 1) + '\u0000';
  const link = (href, text) => `<a href="${href}" target="_blank" rel="noopener noreferrer">${text}</a>`;
  let s = esc(src);
  s = s.replace(/```([\w+-]*)[ \t]*\n?([\s\S]*?)```/g, (_, lang, code) => '\n' + keep('<pre><code>' + code.replace(/\n$/, '') + '</code></pre>') + '\n');
  s = s.replace(/`([^`\n]+)`/g, (_, code) => keep('<code>' + code + '</code>'));
  s = s.replace(/\[([^\]\n]+)\]\(([^)\s]+)\)/g, (m, text, href) => (safeHref(href) ? keep(link(href, text)) : m));
  s = s.replace(/(^|[\s(])(https?:\/\/[^\s<)]+[^\s<).,;:!?])/g, (_, pre, href) => pre + keep(link(href, href)));
  s = s.replace(/\*\*([^*\n]+)\*\*/g, '<strong>$1</strong>');
  s = s.replace(/(^|[\s(>])_([^_\n]+)_(?=$|[\s).,!?:;<])/gm, '$1<em>$2</em>');
  s = s.replace(/(^|[\s(>])\*([^*\s][^*\n]*)\*(?=$|[\s).,!?:;<])/gm, '$1<em>$2</em>');
  const out = [];
  let para = [], list = null, quote = [];
  const flushQuote = () => { if (quote.length) out.push('<blockquote>' + quote.join('<br>') + '</blockquote>'); quote = []; };
  const flushPara = () => { flushQuote(); if (para.length) out.push('<p>' + para.join('<br>') + '</p>'); para = []; };
  const flushList = () => { if (list) out.push(`<${list.tag}>` + list.items.map((i) => '<li>' + i + '</li>').join('') + `</${list.tag}>`); list = null; };
  for (const line of s.split('\n')) {
    const q = /^&gt;\s?(.*)$/.exec(line);
    if (q) {
      if (para.length) flushPara(); // a paragraph before the quote (no quote is open then)
      flushList(); quote.push(q[1]);
      continue;
    }
    flushQuote();
    const bullet = /^\s*[-*•]\s+(.*)$/.exec(line);
    const num = /^\s*\d+[.)]\s+(.*)$/.exec(line);
    if (bullet || num) {
      const tag = bullet ? 'ul' : 'ol';
      flushPara();
      if (list && list.tag !== tag) flushList();
      list = list || { tag, items: [] };
      list.items.push((bullet || num)[1]);
    } else if (/^\s*$/.test(line)) {
      flushPara(); flushList();
    } else if (/^\u0000\d+\u0000$/.test(line.trim()) && slots[+line.trim().slice(1, -1)].startsWith('<pre>')) {
      flushPara(); flushList(); out.push(line.trim());
    } else {
      flushList(); para.push(line);
    }
  }
  flushPara(); flushList();
  return out.join('').replace(/\u0000(\d+)\u0000/g, (_, i) => slots[+i]);
}

// ---- rendering ----

const palette = ['#8e4ec6', '#2f7ed8', '#d9534f', '#e8912d', '#3a9d5d', '#c2417f', '#5b6ee1', '#a0703c'];
function avatar(m) {
  if (m.tarn) return el('div', 'avatar tarn');
  const a = el('div', 'avatar', (m.author || '?').slice(0, 1).toUpperCase());
  let h = 0;
  for (const c of m.author || '') h = (h * 31 + c.charCodeAt(0)) >>> 0;
  a.style.background = palette[h % palette.length];
  return a;
}

const timeFmt = new Intl.DateTimeFormat([], { hour: '2-digit', minute: '2-digit' });
const when = (at) => timeFmt.format(new Date(at));
const isWorking = (m) => m.tarn && /^working/i.test(m.text || '');
const isNum = (v) => /^[-+]?[$€£]?[\d,.\s]+(%|[kKMBGTP]i?B?)?$/.test(v.trim()) && /\d/.test(v);

function renderTable(t) {
  const table = el('table', 'result');
  const head = table.createTHead().insertRow();
  for (const c of t.columns || []) head.appendChild(el('th', '', c));
  const body = table.createTBody();
  for (const r of t.rows || []) {
    const tr = body.insertRow();
    for (const v of r) tr.appendChild(el('td', isNum(v) ? 'num' : '', v));
  }
  if (t.more) table.createCaption().textContent = `… ${t.more.toLocaleString()} more row${t.more === 1 ? '' : 's'}`;
  return table;
}

function renderMessage(m, full) {
  const row = el('div', 'msg' + (m.tarn ? ' tarn' : '') + (isWorking(m) ? ' working' : ''));
  row.dataset.id = m.id;
  row.appendChild(avatar(m));
  const main = el('div', 'main');
  const meta = el('div', 'meta');
  meta.appendChild(el('span', 'name', m.tarn ? 'Tarn' : m.author));
  if (m.tarn) meta.appendChild(el('span', 'app-tag', 'app'));
  const t = el('time', '', when(m.at));
  t.dateTime = m.at;
  meta.appendChild(t);
  if (m.edits > 0 && !isWorking(m)) meta.appendChild(el('span', 'edited', '(edited)'));
  main.appendChild(meta);
  const body = el('div', 'body' + (full ? '' : ' snippet'));
  body.innerHTML = md(m.text || '');
  main.appendChild(body);
  if (!full) return row.appendChild(main), row;
  if (m.table) main.appendChild(renderTable(m.table));
  if (m.code) {
    const wrap = el('div', 'code-wrap');
    const pre = el('pre', 'code');
    pre.appendChild(el('code', '', m.code));
    wrap.appendChild(pre);
    if (m.codeLang) wrap.appendChild(el('span', 'lang', m.codeLang));
    main.appendChild(wrap);
  }
  if (m.images && m.images.length) {
    const imgs = el('div', 'images');
    for (const im of m.images) {
      const a = el('a');
      a.href = im.url;
      a.target = '_blank';
      a.rel = 'noopener noreferrer';
      const img = el('img');
      img.src = im.url;
      img.alt = im.title || im.name;
      img.title = im.title || im.name;
      img.loading = 'lazy';
      a.appendChild(img);
      a.addEventListener('click', (e) => { e.preventDefault(); showImage(im); });
      imgs.appendChild(a);
    }
    main.appendChild(imgs);
  }
  if (m.footer) main.appendChild(el('div', 'footer', m.footer));
  if (m.buttons && m.buttons.length) {
    const bar = el('div', 'buttons');
    const busy = S.clicked.get(m.id) === m.edits;
    m.buttons.forEach((b, i) => {
      const btn = el('button', 'btn' + (b.style ? ' ' + b.style : ''), b.label);
      btn.type = 'button';
      btn.disabled = busy;
      btn.addEventListener('click', () => click(m, i));
      bar.appendChild(btn);
    });
    main.appendChild(bar);
  }
  row.appendChild(main);
  return row;
}

function renderChannels() {
  const ul = $('#channels');
  ul.replaceChildren();
  for (const name of S.channels) {
    const li = el('li');
    const b = el('button', name === S.channel ? 'active' : '');
    b.type = 'button';
    b.appendChild(el('span', '', '# ' + name));
    const n = S.unread.get(name) || 0;
    if (n && name !== S.channel) {
      b.classList.add('unread');
      b.appendChild(el('span', 'badge', String(n)));
    }
    b.addEventListener('click', () => selectChannel(name));
    li.appendChild(b);
    ul.appendChild(li);
  }
}

function channelThreads(name) {
  return [...S.threads.values()].filter((t) => t.channel === name).sort((a, b) => +a.id - +b.id);
}

function renderThreads() {
  const box = $('#threads');
  const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 40;
  $('#channel-name').textContent = '# ' + S.channel;
  $('#channel-sub').textContent = describe[S.channel] || '';
  $('#new-text').placeholder = `Ask Tarn a question in #${S.channel}`;
  const list = channelThreads(S.channel);
  box.replaceChildren();
  for (const t of list) {
    const root = t.messages[0];
    const row = renderMessage(root, false);
    row.classList.toggle('selected', t.id === S.open);
    row.dataset.thread = t.id;
    const replies = t.messages.length - 1;
    const main = row.querySelector('.main');
    const r = el('div', 'replies');
    r.appendChild(el('span', 'count', replies ? `${replies} repl${replies === 1 ? 'y' : 'ies'}` : 'Open thread'));
    if (replies) r.appendChild(el('span', 'last', 'last ' + when(t.messages[t.messages.length - 1].at)));
    main.appendChild(r);
    row.addEventListener('click', (e) => { if (!e.target.closest('a')) openThread(t.id); });
    box.appendChild(row);
  }
  const empty = list.length === 0;
  $('#empty').hidden = !empty;
  const chips = $('#examples');
  chips.replaceChildren();
  for (const q of S.examples) {
    const c = el('button', 'chip', q);
    c.type = 'button';
    c.addEventListener('click', () => send('#new-text', '#new-error', '', q));
    chips.appendChild(c);
  }
  if (stick) box.scrollTop = box.scrollHeight;
}

function renderConversation() {
  const t = S.threads.get(S.open);
  $('#thread').hidden = !t;
  if (!t) return;
  const box = $('#conversation');
  const stick = box.scrollHeight - box.scrollTop - box.clientHeight < 60;
  $('#thread-channel').textContent = '# ' + t.channel;
  box.replaceChildren();
  t.messages.forEach((m, i) => {
    box.appendChild(renderMessage(m, true));
    if (i === 0 && t.messages.length > 1) {
      const n = t.messages.length - 1;
      box.appendChild(el('div', 'divider', `${n} repl${n === 1 ? 'y' : 'ies'}`));
    }
  });
  if (stick) box.scrollTop = box.scrollHeight;
}

function dismissed() {
  try { return new Set(JSON.parse(localStorage.getItem('tarn.dismissed.' + S.you) || '[]')); } catch { return new Set(); }
}

function renderNotices() {
  const gone = dismissed();
  const box = $('#notices');
  box.replaceChildren();
  for (const n of S.notices) {
    if (gone.has(n.id)) continue;
    const d = el('div', 'notice');
    d.dataset.id = n.id;
    d.appendChild(el('span', 'who-only', 'Only you'));
    const body = el('div', 'body');
    body.innerHTML = md(n.text);
    d.appendChild(body);
    const x = el('button', 'dismiss', '×');
    x.type = 'button';
    x.setAttribute('aria-label', 'Dismiss');
    x.addEventListener('click', () => {
      const ids = [...dismissed(), n.id].slice(-100);
      localStorage.setItem('tarn.dismissed.' + S.you, JSON.stringify(ids));
      renderNotices();
    });
    d.appendChild(x);
    if (n.thread && S.threads.has(n.thread)) body.addEventListener('click', () => openThread(n.thread));
    box.appendChild(d);
  }
}

function render() {
  renderChannels();
  renderThreads();
  renderConversation();
  renderNotices();
}

// ---- state and events ----

function addThread(t) {
  S.threads.set(t.id, { id: t.id, channel: t.channel, messages: t.messages.slice() });
  if (!S.channels.includes(t.channel)) S.channels.push(t.channel);
}

function bump(channel) {
  if (channel !== S.channel) S.unread.set(channel, (S.unread.get(channel) || 0) + 1);
}

const handlers = {
  thread(t) { addThread(t); bump(t.channel); },
  message(m) {
    const t = S.threads.get(m.thread);
    if (!t || t.messages.some((x) => x.id === m.id)) return;
    t.messages.push(m);
    if (m.thread !== S.open) bump(m.channel);
  },
  update(m) {
    const t = S.threads.get(m.thread);
    const i = t ? t.messages.findIndex((x) => x.id === m.id) : -1;
    if (i >= 0) t.messages[i] = m;
  },
  notice(n) { S.notices.push(n); },
  form(f) { openForm(f); },
};

function apply(name, raw) {
  const ev = JSON.parse(raw);
  if (ev.seq <= S.seq) return;
  S.seq = ev.seq;
  handlers[name](ev.data);
  render();
}

function setStatus(live, text) {
  $('#status').classList.toggle('live', live);
  $('#status-text').textContent = text;
}

async function loadState() {
  const q = S.you ? '?as=' + encodeURIComponent(S.you) : '';
  const r = await fetch('/chat/api/state' + q, { headers: { Accept: 'application/json' } });
  const s = await r.json();
  if (!r.ok) throw Object.assign(new Error(s.error ? s.error.message : r.statusText), { status: r.status });
  return s;
}

// connect opens the event stream, then loads the state; events that
// arrive meanwhile are applied after it when they are newer.
async function connect() {
  const gen = ++S.gen;
  if (S.es) S.es.close();
  S.loaded = false;
  S.buffer = [];
  const es = new EventSource('/chat/api/events' + (S.you ? '?as=' + encodeURIComponent(S.you) : ''));
  S.es = es;
  let opened = false;
  es.onopen = () => {
    setStatus(true, 'live');
    if (opened) reload(gen);
    opened = true;
  };
  es.onerror = () => setStatus(false, 'reconnecting…');
  for (const name of Object.keys(handlers)) {
    es.addEventListener(name, (e) => {
      if (gen !== S.gen) return;
      if (!S.loaded) S.buffer.push([name, e.data]);
      else apply(name, e.data);
    });
  }
  await reload(gen);
}

async function reload(gen) {
  let s;
  try {
    s = await loadState();
  } catch (err) {
    if (err.status === 400 && S.you) { // the saved person is not offered any more
      S.you = '';
      localStorage.removeItem('tarn.as');
      return start();
    }
    setStatus(false, 'cannot reach Tarn');
    setTimeout(() => gen === S.gen && reload(gen), 3000);
    return;
  }
  if (gen !== S.gen) return;
  S.seq = s.seq;
  S.people = s.people;
  S.examples = s.examples || [];
  S.channels = s.channels.map((c) => c.name);
  S.threads = new Map();
  for (const c of s.channels) for (const t of c.threads) addThread(t);
  S.notices = s.notices || [];
  if (!S.channels.includes(S.channel)) S.channel = S.channels[0];
  if (S.open && !S.threads.has(S.open)) S.open = null;
  renderPeople();
  S.loaded = true;
  const buffered = S.buffer;
  S.buffer = [];
  for (const [name, data] of buffered) apply(name, data);
  render();
}

function renderPeople() {
  const sel = $('#person');
  sel.replaceChildren();
  for (const p of S.people) {
    const o = el('option', '', p.note ? `${p.name} — ${p.note}` : p.name);
    o.value = p.name;
    sel.appendChild(o);
  }
  sel.value = S.you;
  const me = S.people.find((p) => p.name === S.you);
  $('#person-note').textContent = me ? `acting as web:${me.name} · ${me.note || 'no groups'}` : '';
}

async function start() {
  S.you = localStorage.getItem('tarn.as') || '';
  if (!S.you) {
    try {
      const s = await loadState();
      if (s.people.length) S.you = s.people[0].name;
    } catch { /* connect reports it */ }
  }
  S.unread.clear();
  S.clicked.clear();
  closeForm();
  await connect();
}

// ---- actions ----

async function api(path, body) {
  const r = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
    body: JSON.stringify(body),
  });
  let data = {};
  try { data = await r.json(); } catch { /* empty */ }
  return { ok: r.ok, status: r.status, data };
}

const errText = (res) => (res.data && res.data.error && res.data.error.message) || `Tarn answered ${res.status}`;

async function send(box, errBox, thread, text) {
  text = text.trim();
  if (!text || !S.you) return;
  const ta = $(box);
  const delivery = crypto.randomUUID ? crypto.randomUUID() : String(Math.random()).slice(2);
  $(errBox).textContent = '';
  let res;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      res = await api('/chat/api/messages', { as: S.you, channel: S.channel, thread, text, delivery });
      break;
    } catch {
      await new Promise((ok) => setTimeout(ok, 500 * (attempt + 1))); // retried with the same delivery
    }
  }
  if (!res || !res.ok) {
    $(errBox).textContent = res ? errText(res) : 'Cannot reach Tarn.';
    return;
  }
  if (ta.value.trim() === text) { ta.value = ''; grow(ta); }
  if (!thread) {
    const m = res.data.message;
    if (!S.threads.has(m.thread)) addThread({ id: m.thread, channel: m.channel, messages: [m] });
    openThread(m.thread);
  }
}

async function click(m, i) {
  S.clicked.set(m.id, m.edits);
  render();
  let res;
  try {
    res = await api('/chat/api/actions', { as: S.you, message: m.id, button: i });
  } catch {
    res = { ok: false, status: 0, data: {} };
  }
  if (!res.ok) {
    S.clicked.delete(m.id);
    render();
    alertNotice(errText(res));
    return;
  }
  if (res.data.form) openForm(res.data.form);
}

function alertNotice(text) {
  S.notices.push({ id: 'local-' + Date.now(), text, at: new Date().toISOString() });
  renderNotices();
}

// ---- forms ----

function openForm(f) {
  const dlg = $('#form-dialog');
  if (dlg.open && dlg.dataset.token === f.token) return;
  dlg.dataset.token = f.token;
  $('#form-title').textContent = f.title;
  $('#form-submit').textContent = f.submit || 'Submit';
  $('#form-error').textContent = '';
  const box = $('#form-fields');
  box.replaceChildren();
  for (const fd of f.fields) {
    const wrap = el('div', 'field');
    wrap.dataset.field = fd.id;
    const id = 'f-' + fd.id;
    const label = el('label', '', fd.label);
    label.htmlFor = id;
    if (fd.optional) label.appendChild(el('span', 'optional', ' (optional)'));
    wrap.appendChild(label);
    let input;
    if (fd.options && fd.options.length) {
      input = el('select');
      for (const o of fd.options) {
        const opt = el('option', '', o.label);
        opt.value = o.value;
        input.appendChild(opt);
      }
      input.value = fd.default || fd.options[0].value;
    } else if (fd.multiline) {
      input = el('textarea');
      input.value = fd.default || '';
    } else {
      input = el('input');
      input.type = 'text';
      input.value = fd.default || '';
    }
    input.id = id;
    input.name = fd.id;
    input.dataset.optional = fd.optional ? 'true' : 'false';
    if (fd.placeholder) input.placeholder = fd.placeholder;
    wrap.appendChild(input);
    const err = el('div', 'field-error');
    err.id = id + '-error';
    input.setAttribute('aria-describedby', err.id);
    wrap.appendChild(err);
    box.appendChild(wrap);
  }
  if (!dlg.open) dlg.showModal();
  const first = box.querySelector('input, textarea, select');
  if (first) first.focus();
}

function closeForm() {
  const dlg = $('#form-dialog');
  if (dlg.open) dlg.close();
}

async function submitForm(e) {
  e.preventDefault();
  const dlg = $('#form-dialog');
  const fields = {};
  for (const input of $('#form-fields').querySelectorAll('[name]')) fields[input.name] = input.value;
  for (const w of $('#form-fields').querySelectorAll('.field')) {
    w.classList.remove('invalid');
    w.querySelector('.field-error').textContent = '';
  }
  $('#form-error').textContent = '';
  // Required fields are checked here first, as the server checks them again.
  let missing = false;
  for (const input of $('#form-fields').querySelectorAll('[name]')) {
    if (input.dataset.optional !== 'true' && input.value.trim() === '') {
      const w = input.closest('.field');
      w.classList.add('invalid');
      w.querySelector('.field-error').textContent = 'Required.';
      if (!missing) input.focus();
      missing = true;
    }
  }
  if (missing) return;
  $('#form-submit').disabled = true;
  let res;
  try {
    res = await api('/chat/api/forms', { as: S.you, token: dlg.dataset.token, fields });
  } catch {
    res = { ok: false, status: 0, data: {} };
  } finally {
    $('#form-submit').disabled = false;
  }
  if (res.ok) return closeForm();
  const errs = res.data.fields || {};
  let shown = false;
  for (const [id, msg] of Object.entries(errs)) {
    const w = $('#form-fields').querySelector(`.field[data-field="${CSS.escape(id)}"]`);
    if (!w) continue;
    w.classList.add('invalid');
    w.querySelector('.field-error').textContent = msg;
    shown = true;
  }
  if (!shown) $('#form-error').textContent = errText(res);
}

// ---- navigation ----

function selectChannel(name) {
  S.channel = name;
  localStorage.setItem('tarn.channel', name);
  S.unread.delete(name);
  render();
  $('#new-text').focus();
}

function openThread(id) {
  if (!S.threads.has(id)) return;
  S.open = id;
  const t = S.threads.get(id);
  if (t.channel !== S.channel) S.channel = t.channel;
  S.unread.delete(t.channel);
  render();
  const box = $('#conversation');
  box.scrollTop = box.scrollHeight;
  $('#reply-text').focus();
}

function showImage(im) {
  const lb = $('#lightbox');
  $('#lightbox-img').src = im.url;
  $('#lightbox-img').alt = im.title || im.name;
  $('#lightbox-open').href = im.url;
  lb.showModal();
}

function grow(ta) {
  ta.style.height = 'auto';
  ta.style.height = Math.min(ta.scrollHeight, 180) + 'px';
}

function composer(formSel, boxSel, errSel, thread) {
  const ta = $(boxSel);
  ta.addEventListener('input', () => grow(ta));
  ta.addEventListener('keydown', (e) => {
    if (e.key === 'Enter' && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      send(boxSel, errSel, thread(), ta.value);
    }
  });
  $(formSel).addEventListener('submit', (e) => {
    e.preventDefault();
    send(boxSel, errSel, thread(), ta.value);
  });
}

document.addEventListener('DOMContentLoaded', () => {
  composer('#new-thread', '#new-text', '#new-error', () => '');
  composer('#reply', '#reply-text', '#reply-error', () => S.open);
  $('#person').addEventListener('change', (e) => {
    localStorage.setItem('tarn.as', e.target.value);
    start();
  });
  $('#close-thread').addEventListener('click', () => { S.open = null; render(); });
  $('#form').addEventListener('submit', submitForm);
  $('#form-cancel').addEventListener('click', closeForm);
  $('#lightbox').addEventListener('click', () => $('#lightbox').close());
  document.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && S.open && !$('#form-dialog').open && !$('#lightbox').open) { S.open = null; render(); }
  });
  start();
});
