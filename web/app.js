/*
 * 西東京市 相談窓口あんない — the chat page.
 *
 * Talks to the navigator's socket.io channel (bot/channels/socketio.py, Rasa
 * 3.6's channel with session_persistence off): emits `user_uttered`
 * {message}, receives `bot_uttered` messages in the shapes Rasa's
 * SocketIOOutput emits:
 *   {text}                                 a text (Rasa splits texts at blank lines)
 *   {text, quick_replies: [{title, payload, content_type}]}   a text with buttons
 *   {attachment: ...}                      (not used by the navigator; ignored)
 *   {type: "navigator.result", ...}        the custom json, sent whole as the data
 *                                          (the navigator's channel; Rasa's own would
 *                                          spread it into emit(**payload) and fail)
 *
 * Privacy: nothing is written to localStorage, sessionStorage, cookies or
 * IndexedDB; the conversation lives only in this page's DOM and is removed by
 * the quick exit, which also asks the server to forget it (POST forget).
 */
(function () {
  'use strict';

  var body = document.body;
  var EXIT_URL = body.getAttribute('data-exit-url') || 'about:blank';
  var SOCKET_PATH = body.getAttribute('data-socket-path') || '/socket.io';
  var MAX_CHARS = parseInt(body.getAttribute('data-max-chars'), 10) || 2000;
  var SHIFT_PRESSES = 3;
  var SHIFT_WINDOW_MS = 5000;
  var CITY_SITE = 'https://www.city.nishitokyo.lg.jp/';

  var el = {
    overlay: document.getElementById('exit-overlay'),
    log: document.getElementById('log'),
    status: document.getElementById('status'),
    form: document.getElementById('composer'),
    input: document.getElementById('message'),
    counter: document.getElementById('counter'),
    limitNote: document.getElementById('limit-note'),
    exit: document.getElementById('quick-exit'),
    shiftStatus: document.getElementById('shift-status'),
    large: document.getElementById('toggle-large'),
    easy: document.getElementById('toggle-easy')
  };

  var WORDS = {
    ja: {
      you: 'あなた：',
      bot: '案内：',
      windows: '合いそうな相談窓口',
      departments: '担当課',
      emergencyCrisis: '今すぐ連絡できる番号',
      emergency: '電話で相談できるところ',
      checkSite: '受付の日時や場所は、市のホームページで確かめてください：',
      listing: '同じ案内を文章で読む',
      choices: '選んで答える'
    },
    en: {
      you: 'You: ',
      bot: 'Navigator: ',
      windows: 'Windows of the city that may help',
      departments: 'Department',
      emergencyCrisis: 'Call now',
      emergency: 'Phone lines',
      checkSite: 'Check opening days and places on the city website: ',
      listing: 'Read the same as text',
      choices: 'Choose an answer'
    }
  };

  // ---------------------------------------------------------------- text

  var HTML_ESCAPES = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

  function escapeHtml(text) {
    return String(text).replace(/[&<>"']/g, function (c) { return HTML_ESCAPES[c]; });
  }

  // A kanji run followed by its reading in full-width parentheses, in hiragana:
  // 相談（そうだん） → <ruby>相談<rt>そうだん</rt></ruby>. Only hiragana counts as a
  // reading, so 110番（警察） or 窓口（地域共生課） stay as written.
  var READING = /([\u3400-\u4DBF\u4E00-\u9FFF\uF900-\uFAFF々〆ヶ]+)（([\u3041-\u309Fー]+)）/g;
  // The only address the navigator gives.
  var CITY_URL = /https:\/\/www\.city\.nishitokyo\.lg\.jp\/[A-Za-z0-9\/._~%-]*/g;

  /** The HTML of a bot text: escaped first, then readings as ruby, then the city's address as a link. */
  function richHtml(text) {
    return escapeHtml(text)
      .replace(READING, '<ruby>$1<rt>$2</rt></ruby>')
      .replace(CITY_URL, '<a href="$&" target="_blank" rel="noopener noreferrer">$&</a>');
  }

  /** tel: link of a number as written: digits and # only, # as %23 (#9110 → tel:%239110). */
  function telHref(number) {
    var ascii = String(number).replace(/[０-９＃]/g, function (c) {
      return String.fromCharCode(c.charCodeAt(0) - 0xFEE0);
    });
    return 'tel:' + ascii.replace(/[^0-9#]/g, '').replace(/#/g, '%23');
  }

  function looksEnglish(text) {
    return !/[\u3040-\u30FF\u3400-\u9FFF]/.test(text);
  }

  function node(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined && text !== null) n.textContent = String(text);
    return n;
  }

  function rich(tag, className, text) {
    var n = node(tag, className);
    n.innerHTML = richHtml(text);
    return n;
  }

  // ---------------------------------------------------------------- turns

  var current = null; // {exchange, replies, result}

  function newExchange(userText) {
    var exchange = node('div', 'exchange');
    if (userText !== null) {
      var mine = node('div', 'msg msg-user');
      mine.appendChild(node('span', 'visually-hidden', WORDS.ja.you));
      mine.appendChild(node('span', 'msg-text', userText));
      if (looksEnglish(userText)) mine.lang = 'en';
      exchange.appendChild(mine);
    }
    var replies = node('div', 'replies');
    exchange.appendChild(replies);
    el.log.appendChild(exchange);
    current = { exchange: exchange, replies: replies, result: null };
    return current;
  }

  function turn() {
    return current || newExchange(null);
  }

  function scrollToEnd() {
    var last = el.log.lastElementChild;
    if (last && last.scrollIntoView) last.scrollIntoView({ block: 'end' });
  }

  function botBubble(lang) {
    var bubble = node('div', 'msg msg-bot');
    bubble.appendChild(node('span', 'visually-hidden', (WORDS[lang] || WORDS.ja).bot));
    if (lang === 'en') bubble.lang = 'en';
    return bubble;
  }

  function isListingOf(result, text) {
    // The navigator also sends its result as one text (for channels without cards):
    // when a text names every window just shown as cards, it is folded away.
    var windows = (result && result.windows) || [];
    if (!windows.length) return false;
    return windows.every(function (w) { return w.name && text.indexOf(w.name) !== -1; });
  }

  function renderText(text, quickReplies) {
    var t = turn();
    var lang = looksEnglish(text) ? 'en' : 'ja';
    var bubble = botBubble(lang);
    if (isListingOf(t.result, text)) {
      var details = node('details', 'listing');
      details.appendChild(node('summary', null, WORDS[t.result.lang === 'en' ? 'en' : 'ja'].listing));
      details.appendChild(rich('div', 'msg-text', text));
      bubble.appendChild(details);
    } else {
      bubble.appendChild(rich('div', 'msg-text', text));
    }
    t.replies.appendChild(bubble);
    if (quickReplies && quickReplies.length) renderQuickReplies(t, quickReplies, lang);
  }

  function renderQuickReplies(t, replies, lang) {
    var group = node('div', 'quick-replies');
    group.setAttribute('role', 'group');
    group.setAttribute('aria-label', (WORDS[lang] || WORDS.ja).choices);
    replies.forEach(function (reply) {
      if (!reply || typeof reply.title !== 'string') return;
      var payload = typeof reply.payload === 'string' ? reply.payload : reply.title;
      var button = node('button', 'quick-reply', reply.title);
      button.type = 'button';
      button.addEventListener('click', function () {
        if (button.getAttribute('aria-disabled') === 'true') return;
        Array.prototype.forEach.call(group.querySelectorAll('button'), function (b) {
          b.setAttribute('aria-disabled', 'true');
          b.classList.toggle('chosen', b === button);
        });
        send(payload, reply.title);
      });
      group.appendChild(button);
    });
    t.replies.appendChild(group);
  }

  function renderEmergency(t, result) {
    var list = Array.isArray(result.emergency) ? result.emergency : [];
    if (!list.length) return;
    var words = WORDS[result.lang === 'en' ? 'en' : 'ja'];
    var crisis = result.crisis === true || (typeof result.crisis === 'string' && result.crisis !== '');
    var block = node('section', crisis ? 'emergency emergency-crisis' : 'emergency');
    if (crisis) block.setAttribute('role', 'alert');
    var id = 'em-' + Math.random().toString(36).slice(2);
    var heading = node('h3', 'emergency-title', crisis ? words.emergencyCrisis : words.emergency);
    heading.id = id;
    block.setAttribute('aria-labelledby', id);
    block.appendChild(heading);
    var ul = node('ul', 'emergency-list');
    list.forEach(function (line) {
      if (!line || !line.number) return;
      var li = node('li', 'emergency-item');
      var link = node('a', 'emergency-link');
      link.href = telHref(line.number);
      link.appendChild(rich('span', 'emergency-name', line.name || ''));
      link.appendChild(node('span', 'emergency-number', line.number));
      li.appendChild(link);
      if (typeof line.hours === 'string' && line.hours) li.appendChild(rich('span', 'emergency-hours', line.hours));
      ul.appendChild(li);
    });
    block.appendChild(ul);
    // The top of the turn: before the texts that came with it.
    t.replies.insertBefore(block, t.replies.firstChild);
  }

  function renderWindows(t, result) {
    var windows = Array.isArray(result.windows) ? result.windows : [];
    if (!windows.length) return;
    var lang = result.lang === 'en' ? 'en' : 'ja';
    var words = WORDS[lang];
    var section = node('section', 'windows');
    if (lang === 'en') section.lang = 'en';
    var id = 'win-' + Math.random().toString(36).slice(2);
    var heading = node('h3', 'windows-title', words.windows);
    heading.id = id;
    section.setAttribute('aria-labelledby', id);
    section.appendChild(heading);
    var ul = node('ul', 'cards');
    windows.forEach(function (w) {
      if (!w || !w.name) return;
      var li = node('li', 'card');
      li.appendChild(rich('h4', 'card-name', w.name));
      var departments = Array.isArray(w.departments) ? w.departments.join('・') : (w.departments || '');
      if (departments) {
        var dept = node('p', 'card-departments');
        dept.appendChild(node('span', 'card-label', words.departments));
        dept.appendChild(rich('span', 'card-department-names', departments));
        li.appendChild(dept);
      }
      if (w.what) li.appendChild(rich('p', 'card-what', w.what));
      ul.appendChild(li);
    });
    section.appendChild(ul);
    var more = node('p', 'windows-more', words.checkSite);
    var link = node('a', null, CITY_SITE);
    link.href = CITY_SITE;
    link.target = '_blank';
    link.rel = 'noopener noreferrer';
    more.appendChild(link);
    section.appendChild(more);
    t.replies.appendChild(section);
  }

  function renderResult(result) {
    var t = turn();
    t.result = result;
    renderWindows(t, result);
    renderEmergency(t, result);
  }

  /** One `bot_uttered` event, in any of the shapes Rasa 3.6's socket.io output emits. */
  function receive(message) {
    if (!message || typeof message !== 'object') return;
    setStatus('');
    if (message.type === 'navigator.result') {
      renderResult(message);
    } else if (typeof message.text === 'string') {
      renderText(message.text, message.quick_replies || message.buttons);
    } else if (Array.isArray(message.quick_replies) && message.quick_replies.length) {
      renderQuickReplies(turn(), message.quick_replies, 'ja');
    } else {
      return; // attachments and unknown shapes: nothing the navigator sends
    }
    // In a crisis turn the numbers stay in view; otherwise follow the conversation.
    var crisisBlock = current && current.replies.querySelector('.emergency-crisis');
    if (crisisBlock && crisisBlock.scrollIntoView) crisisBlock.scrollIntoView({ block: 'start' });
    else scrollToEnd();
  }

  // ---------------------------------------------------------------- socket

  var socket = null;
  var sessionIds = []; // every socket session of this page, forgotten on exit
  var exiting = false;

  function setStatus(text) {
    el.status.textContent = text;
  }

  function connect() {
    if (typeof window.io !== 'function') {
      setStatus('案内につながりません。時間をおいて、もう一度開いてください。');
      return;
    }
    setStatus('案内につないでいます…');
    socket = window.io({ path: SOCKET_PATH, withCredentials: false });
    socket.on('connect', function () {
      if (sessionIds.indexOf(socket.id) === -1) sessionIds.push(socket.id);
      setStatus('');
    });
    socket.on('disconnect', function () {
      if (!exiting) setStatus('接続が切れました。つなぎ直しています…');
    });
    socket.on('connect_error', function () {
      if (!exiting) setStatus('案内につながりません。つなぎ直しています…');
    });
    socket.on('bot_uttered', receive);
  }

  function send(message, shown) {
    if (exiting || !socket) return;
    if (shown !== null) newExchange(shown);
    else newExchange(null);
    setStatus('案内を探しています…');
    socket.emit('user_uttered', { message: message });
    scrollToEnd();
  }

  // ---------------------------------------------------------------- composer

  function formatCount(n) {
    return n.toLocaleString('ja-JP');
  }

  function updateCounter() {
    var used = el.input.value.length;
    var left = Math.max(0, MAX_CHARS - used);
    el.counter.textContent = 'あと ' + formatCount(left) + ' 文字まで書けます';
    el.counter.classList.toggle('counter-low', left <= 100);
    el.limitNote.textContent = left === 0
      ? formatCount(MAX_CHARS) + '文字までです。続きは、送ったあとに次のメッセージで書いてください。'
      : '';
  }

  el.input.addEventListener('input', updateCounter);

  el.input.addEventListener('keydown', function (event) {
    if (event.key !== 'Enter' || event.shiftKey || event.isComposing || event.keyCode === 229) return;
    event.preventDefault();
    submit();
  });

  el.form.addEventListener('submit', function (event) {
    event.preventDefault();
    submit();
  });

  function submit() {
    var text = el.input.value.slice(0, MAX_CHARS);
    if (!text.trim()) {
      setStatus('困っていることを書いてから送ってください。');
      el.input.focus();
      return;
    }
    el.input.value = '';
    updateCounter();
    send(text, text);
    el.input.focus();
  }

  // ---------------------------------------------------------------- toggles

  el.large.addEventListener('click', function () {
    var on = el.large.getAttribute('aria-pressed') !== 'true';
    el.large.setAttribute('aria-pressed', on ? 'true' : 'false');
    document.documentElement.classList.toggle('large-text', on);
  });

  el.easy.addEventListener('click', function () {
    // The navigator keeps the mode in its slots: the button asks it to switch,
    // by payload, so the request is never shown as the resident's words.
    var on = el.easy.getAttribute('aria-pressed') !== 'true';
    el.easy.setAttribute('aria-pressed', on ? 'true' : 'false');
    el.easy.textContent = on ? 'やさしい日本語（オン）' : 'やさしい日本語';
    send(on ? '/easy_japanese' : '/plain_japanese', null);
  });

  // ---------------------------------------------------------------- quick exit

  function forgetOnServer() {
    var ids = sessionIds.slice();
    if (socket && socket.id && ids.indexOf(socket.id) === -1) ids.push(socket.id);
    ids.forEach(function (id) {
      try {
        fetch('forget', {
          method: 'POST',
          keepalive: true, // outlives the page we are leaving
          credentials: 'omit',
          cache: 'no-store',
          headers: { 'Content-Type': 'application/json' },
          body: JSON.stringify({ session_id: id })
        }).catch(function () {});
      } catch (e) { /* leaving anyway */ }
    });
  }

  /** Covers the page at once, removes the conversation, forgets it on the server, leaves. */
  function quickExit() {
    if (exiting) return;
    exiting = true;
    el.overlay.hidden = false;
    document.documentElement.classList.add('exiting');
    document.title = '西東京市';
    el.log.replaceChildren();
    el.input.value = '';
    el.status.textContent = '';
    forgetOnServer();
    if (socket) {
      socket.off('bot_uttered');
      socket.io.reconnection(false);
      socket.disconnect();
    }
    try {
      if (window.top !== window.self) window.top.location.replace(EXIT_URL);
    } catch (e) { /* another site's frame: leave this one */ }
    window.location.replace(EXIT_URL);
  }

  el.exit.addEventListener('click', quickExit);

  var shiftCount = 0;
  var shiftTimer = null;

  function resetShift() {
    shiftCount = 0;
    if (shiftTimer) clearTimeout(shiftTimer);
    shiftTimer = null;
    el.shiftStatus.textContent = '';
  }

  document.addEventListener('keydown', function (event) {
    // Esc also cancels a kanji conversion: not while the IME composes.
    if (event.isComposing || event.keyCode === 229) return;
    if (event.key === 'Escape' || event.key === 'Esc') {
      event.preventDefault();
      quickExit();
    } else if (event.key !== 'Shift') {
      resetShift();
    }
  }, true);

  document.addEventListener('keyup', function (event) {
    if (event.key !== 'Shift' || event.isComposing) return;
    shiftCount += 1;
    if (shiftCount >= SHIFT_PRESSES) {
      resetShift();
      quickExit();
      return;
    }
    el.shiftStatus.textContent = 'Shift をあと' + (SHIFT_PRESSES - shiftCount) + '回押すと閉じます';
    if (shiftTimer) clearTimeout(shiftTimer);
    shiftTimer = setTimeout(resetShift, SHIFT_WINDOW_MS);
  }, true);

  // For the browser test: the pure functions (nothing that holds the conversation).
  window.navigatorChat = Object.freeze({ richHtml: richHtml, telHref: telHref });

  updateCounter();
  connect();
})();
