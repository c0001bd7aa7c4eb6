// The staff console (bot/staff/channel.py): Try, Overview, Review, Reports.
// Plain JS; every text from the server is set with textContent (never as HTML),
// charts are SVG built element by element, and every POST carries the CSRF token.
'use strict';

const SVG = 'http://www.w3.org/2000/svg';
const UNDER = '5未満';
const state = { csrf: '', concerns: [], labels: {}, notAConcern: 'not_a_concern', conversation: '', overview: null };

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === 'class') node.className = v;
    else if (k === 'text') node.textContent = v;
    else if (k.startsWith('data-')) node.setAttribute(k, v);
    else node[k] = v;
  }
  for (const child of children) if (child) node.append(child);
  return node;
}

function svg(tag, attrs = {}) {
  const node = document.createElementNS(SVG, tag);
  for (const [k, v] of Object.entries(attrs)) node.setAttribute(k, String(v));
  return node;
}

async function api(path, { method = 'GET', body } = {}) {
  const headers = { Accept: 'application/json' };
  if (method !== 'GET') {
    headers['Content-Type'] = 'application/json';
    headers['X-CSRF-Token'] = state.csrf;
  }
  const answer = await fetch(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body),
    credentials: 'same-origin', cache: 'no-store' });
  if (answer.status === 401) {
    window.location.assign('/staff/login');
    throw new Error('login required');
  }
  const data = await answer.json().catch(() => ({}));
  if (!answer.ok) throw new Error(data.error || `HTTP ${answer.status}`);
  return data;
}

function newConversation() {
  const bytes = new Uint8Array(12);
  crypto.getRandomValues(bytes);
  state.conversation = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// -- tabs ------------------------------------------------------------------------
const LOADERS = { overview: loadOverview, review: loadReview, reports: loadReports };

function showTab(name) {
  for (const tab of document.querySelectorAll('[role="tab"]')) {
    const on = tab.id === `tab-${name}`;
    tab.setAttribute('aria-selected', String(on));
    document.getElementById(tab.getAttribute('aria-controls')).hidden = !on;
  }
  if (LOADERS[name]) LOADERS[name]();
}

// -- Try ---------------------------------------------------------------------------
function webView(messages, result) {
  const box = el('div', { class: 'resident' });
  for (const m of messages) {
    if (m.custom && m.custom.type === 'navigator.result') continue;
    if (m.text) {
      const listing = result && result.windows && result.windows.length && m.text === result.listing_text;
      box.append(el('div', { class: 'bubble', text: listing ? result.listing_without_windows : m.text }));
    }
    if (m.buttons && m.buttons.length) box.append(buttonRow(m.buttons));
  }
  if (result) {
    for (const w of result.windows || []) {
      box.append(el('div', { class: 'card', 'data-window': w.id },
        el('h4', { text: w.name }),
        el('p', { text: (w.departments || []).join('・') }),
        el('p', { text: w.what || '' }),
        w.checked_text ? el('p', { text: w.checked_text }) : null));
    }
    if (result.question && result.question.options) box.append(buttonRow(result.question.options));
  }
  return box;
}

function buttonRow(buttons) {
  const row = el('div', { class: 'buttons' });
  for (const b of buttons) {
    row.append(el('button', { type: 'button', text: b.title, onclick: () => send(b.payload, b.title) }));
  }
  return row;
}

function flexNode(node) {
  if (!node || typeof node !== 'object') return null;
  if (node.type === 'box') {
    const box = el('div', { class: `flex-box ${node.layout || 'vertical'}` });
    for (const child of node.contents || []) box.append(flexNode(child) || '');
    return box;
  }
  if (node.type === 'text') {
    const text = el('div', { class: `flex-text ${node.weight === 'bold' ? 'bold' : ''} ${node.size || ''}`, text: node.text || '' });
    if (node.color && /^#[0-9a-fA-F]{6}$/.test(node.color)) text.style.color = node.color;
    return text;
  }
  if (node.type === 'button') {
    return el('button', { type: 'button', class: `flex-button ${node.style || ''}`, text: (node.action || {}).label || '', disabled: true });
  }
  if (node.type === 'separator') return el('hr');
  if (node.type === 'bubble') {
    const bubble = el('div', { class: 'flex-bubble' });
    for (const part of ['header', 'hero', 'body', 'footer']) if (node[part]) bubble.append(flexNode(node[part]) || '');
    return bubble;
  }
  if (node.type === 'carousel') {
    const row = el('div', { class: 'carousel' });
    for (const b of node.contents || []) row.append(flexNode(b) || '');
    return row;
  }
  return null;
}

function lineView(line) {
  const box = el('div', { class: 'resident line' });
  for (const m of line) {
    if (m.type === 'text') box.append(el('div', { class: 'bubble', text: m.text }));
    else if (m.type === 'flex') box.append(el('div', { class: 'flex-alt', text: `（通知: ${m.altText}）` }), flexNode(m.contents) || '');
    if (m.quickReply) {
      const quick = el('div', { class: 'quick' });
      for (const item of m.quickReply.items || []) quick.append(el('span', { text: (item.action || {}).label || '' }));
      box.append(quick);
    }
  }
  if (!line.length) box.append(el('div', { class: 'bubble', text: '（LINEでは何も送られません）' }));
  return box;
}

function explainView(turn) {
  const box = el('div', { class: 'explain' }, el('h3', { text: '職員向けの説明' }));
  const x = turn.explanation;
  if (!x) {
    box.append(el('p', { class: 'missing', text: turn.result ? '説明（bot/staff/explain.py）がこのサーバーにはまだありません。' : 'この返事には案内の結果がありません（あいさつ・質問など）。' }));
  } else {
    const list = (title, items) => {
      box.append(el('strong', { text: title }));
      const ul = el('ul');
      for (const item of items) ul.append(el('li', { text: item }));
      if (!items.length) ul.append(el('li', { text: 'なし' }));
      box.append(ul);
    };
    list('相談と点数', (x.concerns || []).map((c) => `${c.label}（${c.id}）${c.score == null ? '' : Number(c.score).toFixed(2)}`));
    list('危機', x.crisis ? [`${x.crisis.tier} / ${x.crisis.kind || '-'}（判定: ${x.crisis.source || '-'}）`] : []);
    list('人についての情報', Object.entries(x.facts || {}).filter(([, v]) => v !== null && v !== undefined && v !== '').map(([k, v]) => `${k}: ${v}`));
    list('窓口と理由', (x.windows || []).map((w) => `${w.name}（${w.department || ''}）: ${(w.reasons || []).join('、')}`));
    box.append(el('p', { text: `言語: ${x.language || '-'}` }));
  }
  if (turn.lines && turn.lines.length) {
    box.append(el('details', {}, el('summary', { text: 'シェル（make shell）と同じ表示' }), el('pre', { class: 'lines', text: turn.lines.join('\n') })));
  }
  const buttons = [];
  for (const m of turn.messages) for (const b of m.buttons || []) buttons.push(b.title);
  if (turn.result && turn.result.question) for (const b of turn.result.question.options || []) buttons.push(b.title);
  box.append(el('p', { text: `住民に見えるボタン: ${buttons.length ? buttons.join(' / ') : 'なし'}` }));
  return box;
}

function renderTurn(item) {
  const lineOn = document.getElementById('line-view').checked;
  item.node.replaceChildren(
    el('div', {}, el('p', { class: 'said' }, el('span', { text: item.said })),
      lineOn ? lineView(item.turn.line || []) : webView(item.turn.messages, item.turn.result)),
    explainView(item.turn));
}

const turns = [];

async function send(text, shownAs) {
  const list = document.getElementById('turns');
  const node = el('li', { class: 'turn' }, el('p', { class: 'said' }, el('span', { text: shownAs || text })));
  list.append(node);
  try {
    const turn = await api('/staff/api/try', { method: 'POST', body: { text, conversation: state.conversation } });
    const item = { node, said: shownAs || text, turn };
    turns.push(item);
    renderTurn(item);
  } catch (error) {
    node.append(el('p', { class: 'status', text: `送れませんでした: ${error.message}` }));
  }
  node.scrollIntoView({ block: 'nearest' });
}

// -- Overview ---------------------------------------------------------------------
const NAMES = {
  language: { ja: '日本語', easy_ja: 'やさしい日本語', en: '英語' },
  rates: { fallback: 'フォールバック（案内できず）', out_of_scope: '対象外', several_concerns: '複数の相談をふくむ案内' },
  channel: { socketio: 'ウェブのチャット', rest: 'REST', line: 'LINE', unknown: '不明' },
};

function valueOf(v) { return v === UNDER ? 4 : Number(v) || 0; }

function hbars(items, { unit = '', crisis = false } = {}) {
  const rowH = 22; const labelW = 190; const width = 640;
  const max = Math.max(1, ...items.map((i) => valueOf(i.value)));
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${rowH * items.length + 6}`, role: 'img' });
  items.forEach((item, i) => {
    const y = i * rowH + 3; const w = Math.max(1, ((width - labelW - 70) * valueOf(item.value)) / max);
    const label = svg('text', { x: 0, y: y + 14 }); label.textContent = item.label; chart.append(label);
    chart.append(svg('rect', { x: labelW, y, width: w, height: rowH - 6, class: `bar${item.value === UNDER ? ' under' : ''}${crisis ? ' crisis' : ''}` }));
    const v = svg('text', { x: labelW + w + 4, y: y + 14 }); v.textContent = `${item.value}${item.value === UNDER ? '' : unit}`; chart.append(v);
  });
  return chart;
}

function vbars(labels, values, { crisis = false } = {}) {
  const width = 640; const height = 160; const base = 140;
  const max = Math.max(1, ...values.map(valueOf));
  const step = (width - 30) / Math.max(1, values.length);
  const chart = svg('svg', { class: 'chart', viewBox: `0 0 ${width} ${height}`, role: 'img' });
  chart.append(svg('line', { x1: 28, y1: base, x2: width, y2: base, class: 'axis' }));
  const top = svg('text', { x: 0, y: 12 }); top.textContent = String(max); chart.append(top);
  values.forEach((value, i) => {
    const h = (120 * valueOf(value)) / max;
    chart.append(svg('rect', { x: 30 + i * step + 1, y: base - h, width: Math.max(1, step - 2), height: h,
      class: `bar${value === UNDER ? ' under' : ''}${crisis ? ' crisis' : ''}` }));
  });
  const first = svg('text', { x: 30, y: base + 14 }); first.textContent = labels[0] || ''; chart.append(first);
  const last = svg('text', { x: width - 70, y: base + 14 }); last.textContent = labels[labels.length - 1] || ''; chart.append(last);
  return chart;
}

function table(metric, header, rows) {
  const t = el('table', { class: 'data', 'data-metric': metric });
  const head = el('tr'); for (const h of header) head.append(el('th', { text: h }));
  const body = el('tbody');
  if (!rows.length) body.append(el('tr', {}, el('td', { text: '（この期間はありません）', colSpan: header.length })));
  for (const row of rows) {
    const tr = el('tr', { 'data-key': row.key });
    tr.append(el('th', { text: row.label, scope: 'row' }));
    row.cells.forEach((cell, i) => tr.append(el('td', { text: String(cell), 'data-metric': metric, 'data-key': row.key, 'data-period': row.periods[i] })));
    body.append(tr);
  }
  t.append(el('thead', {}, head), body);
  return el('div', { class: 'table-wrap' }, t);
}

function block(id, title, chart, tableNode) {
  return el('section', { class: 'chart-block', id }, el('h2', { text: title }), chart, tableNode);
}

function renderOverview() {
  const data = state.overview; if (!data) return;
  const grain = document.getElementById('ov-grain').value;
  const periods = grain === 'weekly' ? data.weeks : data.days;
  const m = data.metrics;
  const byKey = (metric, names) => Object.keys(m[metric].total).map((key) => ({
    key, label: (names && names[key]) || key,
    cells: [m[metric].total[key], ...m[metric][grain][key]], periods: ['total', ...periods],
  }));
  const header = ['', '期間合計', ...periods];
  const out = document.getElementById('overview');
  out.replaceChildren(
    el('p', { class: 'period', text: `期間: ${data.first} 〜 ${data.last}（西東京市の日付）` }),
    block('ov-concerns', '相談の種類（期間合計）',
      hbars(Object.entries(m.concern.total).map(([k, v]) => ({ label: state.labels[k] || k, value: v }))),
      table('concern', header, byKey('concern', state.labels))),
    block('ov-messages', `住民のメッセージ数（${grain === 'weekly' ? '週' : '日'}ごと）`,
      vbars(periods, m.messages[`${grain}_all`]),
      table('per_period', header, ['messages', 'results', 'crisis', 'fallback', 'out_of_scope', 'several_concerns'].map((metric) => ({
        key: metric, label: { messages: 'メッセージ', results: '案内', crisis: '危機', fallback: 'フォールバック', out_of_scope: '対象外', several_concerns: '複数の相談' }[metric],
        cells: [data.metrics[metric].total_all, ...m[metric][`${grain}_all`]], periods: ['total', ...periods],
      })))),
    block('ov-crisis', `危機の案内（${grain === 'weekly' ? '週' : '日'}ごと）`,
      vbars(periods, m.crisis[`${grain}_all`], { crisis: true }), table('crisis', header, byKey('crisis'))),
    block('ov-rates', '割合（期間全体）',
      hbars(Object.entries(data.rates).map(([k, v]) => ({ label: NAMES.rates[k], value: v })), { unit: '%' }),
      table('rates', ['', '割合（%）'], Object.entries(data.rates).map(([k, v]) => ({ key: k, label: NAMES.rates[k], cells: [v], periods: ['total'] })))),
    block('ov-channels', '経路（チャネル）別のメッセージ',
      hbars(Object.entries(m.messages.total).map(([k, v]) => ({ label: NAMES.channel[k] || k, value: v }))),
      table('messages', header, byKey('messages', NAMES.channel))),
    block('ov-language', '言語（案内の数）',
      hbars(Object.entries(m.language.total).map(([k, v]) => ({ label: NAMES.language[k] || k, value: v }))),
      table('language', header, byKey('language', NAMES.language))),
  );
}

async function loadOverview() {
  const days = document.getElementById('ov-days').value;
  document.getElementById('ov-csv').href = `/staff/overview.csv?days=${days}`;
  state.overview = await api(`/staff/api/overview?days=${days}`);
  renderOverview();
  document.getElementById('overview').dataset.loaded = 'true';
}

// -- Review -----------------------------------------------------------------------
async function loadReview() {
  const list = document.getElementById('review-items');
  const { items } = await api('/staff/api/review');
  list.replaceChildren();
  for (const item of items) {
    const select = el('select', { 'aria-label': '相談の種類' });
    select.append(el('option', { value: '', text: '選んでください' }));
    for (const c of state.concerns) select.append(el('option', { value: c.id, text: c.label }));
    select.append(el('option', { value: state.notAConcern, text: '相談ではない' }));
    const button = el('button', { type: 'button', text: 'ラベルをつける' });
    const node = el('li', { class: 'review-item', 'data-id': String(item.id) },
      el('blockquote', { text: item.text }),
      el('p', { class: 'meta', text: `${item.reason === 'fallback' ? '案内できなかった' : '読み取りの点数が低い'}・モデルの判定 ${item.intent || '-'} ${item.score == null ? '' : Number(item.score).toFixed(2)}` }),
      select, button);
    button.addEventListener('click', async () => {
      if (!select.value) return;
      try {
        const done = await api(`/staff/api/review/${item.id}`, { method: 'POST', body: { label: select.value } });
        const said = { written: `${done.file} に書きました`, refused_test_sentence: '評価用の文と同じなので書きませんでした', empty: '空なので書きませんでした' };
        document.getElementById('review-status').textContent = said[done.outcome] || done.outcome;
        node.remove();
      } catch (error) {
        document.getElementById('review-status').textContent = `できませんでした: ${error.message}`;
      }
    });
    list.append(node);
  }
  if (!items.length) list.append(el('li', { text: '見直すメッセージはありません。' }));
}

// -- Reports ---------------------------------------------------------------------
const REASONS = { closed: '窓口がなくなっていた', moved: '場所や連絡先が変わっていた', department: '担当の課がちがった', age: '年齢が合わなかった', other: 'そのほか' };
const DECIDED = { fixed: '直した', not_a_problem: '問題なし' };

async function loadReports() {
  const body = document.querySelector('#reports tbody');
  const { reports } = await api('/staff/api/reports');
  body.replaceChildren();
  for (const r of reports) {
    const action = el('td');
    if (r.decision) action.textContent = `${DECIDED[r.decision]}（${r.decided_by}）`;
    else {
      for (const decision of Object.keys(DECIDED)) {
        action.append(el('button', { type: 'button', text: DECIDED[decision], onclick: async () => {
          await api(`/staff/api/reports/${r.id}`, { method: 'POST', body: { decision } });
          loadReports();
        } }));
      }
    }
    body.append(el('tr', { 'data-id': String(r.id) }, el('td', { text: r.reported_on }), el('td', { text: r.window_id }),
      el('td', { text: REASONS[r.reason] || r.reason }), el('td', { text: r.note || '' }), el('td', { text: r.channel }), action));
  }
  document.getElementById('reports-status').textContent = reports.length ? '' : '報告はありません。';
}

// -- start -------------------------------------------------------------------------
async function start() {
  const session = await api('/staff/api/session');
  state.csrf = session.csrf;
  state.concerns = session.concerns;
  state.notAConcern = session.not_a_concern;
  for (const c of session.concerns) state.labels[c.id] = c.label;
  document.getElementById('who').textContent = session.name;
  document.getElementById('logout-csrf').value = session.csrf;
  newConversation();
  for (const tab of document.querySelectorAll('[role="tab"]')) tab.addEventListener('click', () => showTab(tab.id.slice(4)));
  document.getElementById('try-form').addEventListener('submit', (event) => {
    event.preventDefault();
    const box = document.getElementById('try-text');
    const text = box.value.trim();
    if (text) { box.value = ''; send(text); }
  });
  document.getElementById('try-reset').addEventListener('click', () => {
    newConversation(); turns.length = 0; document.getElementById('turns').replaceChildren();
  });
  document.getElementById('line-view').addEventListener('change', () => turns.forEach(renderTurn));
  document.getElementById('ov-days').addEventListener('change', loadOverview);
  document.getElementById('ov-grain').addEventListener('change', renderOverview);
  document.body.dataset.ready = 'true';
}

document.addEventListener('DOMContentLoaded', start);
