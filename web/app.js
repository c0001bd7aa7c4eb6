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
      // Over the lines that answer now (open === true) only: a closed line is never "now".
      emergencyNow: '今つながる電話',
      emergency: '電話で相談できるところ',
      // Over the lines closed now (with when they open) and those of unknown hours.
      emergencyOther: 'ほかの相談先（受付時間をご確認ください）',
      checkSite: '受付の日時や場所は、市のホームページで確かめてください：',
      listing: '同じ案内を文章で読む',
      choices: '選んで答える'
    },
    en: {
      you: 'You: ',
      bot: 'Navigator: ',
      windows: 'Windows of the city that may help',
      departments: 'Department',
      emergencyNow: 'You can call now',
      emergency: 'Phone lines',
      emergencyOther: 'Other lines (see their hours)',
      checkSite: 'Check opening days and places on the city website: ',
      listing: 'Read the same as text',
      choices: 'Choose an answer'
    }
  };
  // やさしい日本語: the same headings with readings (shown as ruby by richHtml).
  var EASY_HEADINGS = {
    emergencyNow: '今（いま）つながる電話（でんわ）',
    emergency: '電話（でんわ）で相談（そうだん）できるところ',
    emergencyOther: 'ほかの相談先（そうだんさき）（受付時間（うけつけじかん）を確（たし）かめてください）'
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

  var current = null; // {exchange, replies, result, possible (the calm line, kept last)}

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
    current = { exchange: exchange, replies: replies, result: null, possible: null };
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

  /**
   * The text that stands in this turn for `text`, the listing of the windows shown
   * as cards: the reply contract (docs/architecture.md) names that message
   * `listing_text` and gives `listing_without_windows` to show with the cards.
   * null when `text` is not the listing (or the turn has no cards).
   */
  function listingShownWithCards(result, text) {
    if (!result || !Array.isArray(result.windows) || !result.windows.length) return null;
    if (typeof result.listing_text !== 'string' || result.listing_text !== text) return null;
    return typeof result.listing_without_windows === 'string' ? result.listing_without_windows : null;
  }

  function renderText(text, quickReplies) {
    var t = turn();
    var lang = looksEnglish(text) ? 'en' : 'ja';
    var bubble = botBubble(lang);
    var withCards = listingShownWithCards(t.result, text);
    var shown = strippedOfPossibleRisk(t, withCards === null ? text : withCards);
    if (shown) {
      bubble.botText = shown; // kept on the element only: taken out with the conversation
      bubble.appendChild(rich('div', 'msg-text', shown));
    }
    if (withCards !== null) {
      // The whole listing stays one tap away, for reading the windows as text.
      var details = node('details', 'listing');
      details.appendChild(node('summary', null, WORDS[t.result.lang === 'en' ? 'en' : 'ja'].listing));
      details.appendChild(rich('div', 'msg-text', text));
      bubble.appendChild(details);
    }
    if (bubble.childNodes.length > 1) place(t, bubble); // more than the hidden "bot:" label
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
    place(t, group);
  }

  /** The headings of a result's phone lines: its language, with readings in やさしい日本語. */
  function headingText(result, key) {
    if (result.lang !== 'en' && result.easy_japanese === true) return EASY_HEADINGS[key];
    return WORDS[result.lang === 'en' ? 'en' : 'ja'][key];
  }

  function uid(prefix) {
    return prefix + '-' + Math.random().toString(36).slice(2);
  }

  /** One phone line: a tel: link (name, number), then, if closed now, when it opens; then its hours. */
  function emergencyItem(line) {
    var state = line.open === true ? 'open' : (line.open === false ? 'closed' : 'unknown');
    var li = node('li', 'emergency-item emergency-item-' + state);
    li.setAttribute('data-open', state);
    var link = node('a', 'emergency-link');
    link.href = telHref(line.number);
    link.appendChild(rich('span', 'emergency-name', line.name || ''));
    link.appendChild(node('span', 'emergency-number', line.number));
    li.appendChild(link);
    var status = state === 'closed' && typeof line.status === 'string' ? line.status : '';
    if (status) {
      var note = rich('span', 'emergency-status', status);
      note.id = uid('st');
      link.setAttribute('aria-describedby', note.id); // the link itself says it is closed now
      li.appendChild(note);
    }
    if (typeof line.hours === 'string' && line.hours) li.appendChild(rich('span', 'emergency-hours', line.hours));
    return li;
  }

  function emergencyGroup(className, title, lines) {
    var group = node('div', 'emergency-group ' + className);
    var heading = node('h3', 'emergency-title');
    heading.innerHTML = richHtml(title);
    heading.id = uid('em');
    group.appendChild(heading);
    var ul = node('ul', 'emergency-list');
    lines.forEach(function (line) { ul.appendChild(emergencyItem(line)); });
    group.appendChild(ul);
    return group;
  }

  /**
   * The phone lines of a result, at the top of the turn. The navigator orders them
   * open first; the page groups them by `open`: only lines open now (true) go under
   * the first heading (in a crisis 「今つながる電話」), the closed ones (false, with
   * their `status`) and those of unknown hours (null) under 「ほかの相談先」.
   */
  function renderEmergency(t, result) {
    var list = (Array.isArray(result.emergency) ? result.emergency : []).filter(function (line) {
      return line && line.number;
    });
    if (!list.length) return;
    var crisis = result.crisis === true || (typeof result.crisis === 'string' && result.crisis !== '')
      || result.risk === 'crisis';
    var block = node('section', crisis ? 'emergency emergency-crisis' : 'emergency');
    if (crisis) block.setAttribute('role', 'alert');
    if (result.lang === 'en') block.lang = 'en';
    var now = list.filter(function (line) { return line.open === true; });
    var other = list.filter(function (line) { return line.open !== true; });
    var groups = [];
    if (now.length) groups.push(emergencyGroup('emergency-now', headingText(result, crisis ? 'emergencyNow' : 'emergency'), now));
    if (other.length) groups.push(emergencyGroup('emergency-other', headingText(result, 'emergencyOther'), other));
    groups.forEach(function (group) { block.appendChild(group); });
    block.setAttribute('aria-labelledby', groups[0].querySelector('h3').id);
    // The top of the turn: before the texts that came with it.
    t.replies.insertBefore(block, t.replies.firstChild);
  }

  /**
   * Where `number` (escaped) stands alone in `html`: not in a tag, not part of a
   * longer number or address, not in a link already made; -1 if nowhere.
   */
  function numberAt(html, number) {
    var from = 0;
    for (;;) {
      var at = html.indexOf(number, from);
      if (at === -1) return -1;
      var before = html.charAt(at - 1);
      var after = html.charAt(at + number.length);
      var inTag = html.lastIndexOf('<', at) > html.lastIndexOf('>', at);
      var inLink = html.lastIndexOf('<a', at) > html.lastIndexOf('</a>', at);
      if (!inTag && !inLink && !/[0-9A-Za-z\/#.\-]/.test(before) && !/[0-9A-Za-z\/\-]/.test(after)) return at;
      from = at + 1;
    }
  }

  /** The calm line's HTML: its text, with each line's number in it as a tel: link. */
  function possibleRiskHtml(text, lines, unlinked) {
    var html = richHtml(text);
    lines.forEach(function (line) {
      var number = escapeHtml(line.number);
      var at = numberAt(html, number);
      if (at === -1) { unlinked.push(line); return; }
      var link = '<a class="possible-risk-link" href="' + escapeHtml(telHref(line.number)) + '">' + number + '</a>';
      html = html.slice(0, at) + link + html.slice(at + number.length);
    });
    return html;
  }

  /**
   * The possible-risk tier: one calm line at the END of the turn (never an alert, never
   * at the top), its text with the 24-hour numbers as tel: links. The navigator also
   * writes the line into its texts; shown here, it is taken out of them.
   */
  function renderPossibleRisk(t, result) {
    var possible = result.possible_risk;
    if (!possible || typeof possible.text !== 'string' || !possible.text.trim()) return;
    var lines = (Array.isArray(possible.lines) ? possible.lines : []).filter(function (line) {
      return line && line.number;
    });
    var box = node('div', 'possible-risk');
    if (result.lang === 'en') box.lang = 'en';
    var unlinked = [];
    var text = node('p', 'possible-risk-text');
    text.innerHTML = possibleRiskHtml(possible.text, lines, unlinked);
    box.appendChild(text);
    if (unlinked.length) {
      var ul = node('ul', 'possible-risk-lines');
      unlinked.forEach(function (line) {
        var li = node('li');
        var link = node('a', 'possible-risk-link');
        link.href = telHref(line.number);
        link.appendChild(rich('span', 'possible-risk-name', line.name || ''));
        link.appendChild(document.createTextNode(' '));
        link.appendChild(node('span', 'possible-risk-number', line.number));
        li.appendChild(link);
        if (typeof line.hours === 'string' && line.hours) li.appendChild(rich('span', 'possible-risk-hours', line.hours));
        ul.appendChild(li);
      });
      box.appendChild(ul);
    }
    t.replies.appendChild(box);
    t.possible = box;
    Array.prototype.forEach.call(t.replies.querySelectorAll('.msg-bot'), function (bubble) {
      withoutPossibleRisk(t, bubble);
    });
  }

  /** The calm line of this turn taken out of a bot text shown as a bubble (not of the folded listing). */
  function strippedOfPossibleRisk(t, text) {
    var possible = t.result && t.result.possible_risk;
    if (!possible || typeof possible.text !== 'string' || !possible.text.trim()) return text;
    var at = text.indexOf(possible.text);
    if (at === -1) return text;
    var end = at + possible.text.length;
    // With the line break that set it apart.
    if (text.charAt(at - 1) === '\n') at -= 1;
    else if (text.charAt(end) === '\n') end += 1;
    return (text.slice(0, at) + text.slice(end)).replace(/^\s+|\s+$/g, '');
  }

  function withoutPossibleRisk(t, bubble) {
    var shown = bubble.querySelector(':scope > .msg-text');
    if (!shown || typeof bubble.botText !== 'string') return;
    var text = strippedOfPossibleRisk(t, bubble.botText);
    if (text === bubble.botText) return;
    bubble.botText = text;
    if (!text) {
      // A listing's bubble keeps its folded text.
      if (bubble.querySelector('details.listing')) shown.remove();
      else bubble.remove();
      return;
    }
    shown.innerHTML = richHtml(text);
  }

  /** Appends to the turn, keeping the possible-risk line (once shown) last. */
  function place(t, element) {
    t.replies.insertBefore(element, t.possible && t.possible.parentNode === t.replies ? t.possible : null);
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
      // The checked date and 「情報がちがう・古いときは」 (web/report.js).
      if (window.NavigatorReport) {
        window.NavigatorReport.decorateCard(li, w, result, {
          rich: rich,
          sessionId: function () { return socket && socket.id; }
        });
      }
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
    place(t, section);
  }

  function renderResult(result) {
    var t = turn();
    t.result = result;
    renderWindows(t, result);
    renderEmergency(t, result);
    renderPossibleRisk(t, result); // last: after the window cards
    // The 相談メモ (web/memo.js) keeps the result in memory and may offer its button here.
    if (window.navigatorMemo) window.navigatorMemo.onResult(result, function (element) { place(t, element); });
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
    if (window.navigatorMemo) window.navigatorMemo.clear(); // the memo and its note too
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
  window.navigatorChat = Object.freeze({ richHtml: richHtml, telHref: telHref, node: node, rich: rich });

  updateCounter();
  connect();
})();
