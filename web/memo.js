/*
 * 相談メモ (issue 21): a memo the resident takes to the window, made here, on
 * their own device, and kept nowhere else.
 *
 * Built in the browser from the `navigator.result` payloads the page already
 * holds (app.js hands each one to `navigatorMemo.onResult`) and from
 * /chat/memo.json (texts and questions per concern, data/memo.yml), fetched
 * once when the page loads: no request is made while the memo is made, and
 * the resident's own note (「窓口で伝えること」) never leaves the textarea.
 * Nothing is written to localStorage, sessionStorage, cookies or IndexedDB;
 * the quick exit calls `navigatorMemo.clear()` with the rest of the page.
 *
 * In a conversation about DV or abuse (data/memo.yml offer_only_when_asked)
 * the memo is never offered as a button after a result: only the small
 * 「相談メモをつくる」 link under the conversation opens it, when asked for.
 *
 * Printing (A4) and the phone view are in memo.css; saving as PDF is the
 * browser's own print.
 */
(function () {
  'use strict';

  var CITY_SITE = 'https://www.city.nishitokyo.lg.jp/';
  var NOTE_MAX_CHARS = 400;

  var root = document.getElementById('memo-root');
  var askLink = document.getElementById('memo-ask');
  var data = null;     // memo.json: the same for every resident
  var results = [];    // this page's navigator.result payloads with windows (memory only)
  var opener = null;   // the button that opened the memo, focused again on close

  // The chat page's own element helpers (app.js), so that the memo renders text as the turns do.
  var node = window.navigatorChat.node;
  var rich = window.navigatorChat.rich;
  var richHtml = window.navigatorChat.richHtml;

  /** "ja", "easy" (やさしい日本語, readings as ruby) or "en": the conversation's language now. */
  function viewOf(result) {
    if (!result) return 'ja';
    if (result.lang === 'en') return 'en';
    return result.easy_japanese === true ? 'easy' : 'ja';
  }

  function latest() {
    return results[results.length - 1] || null;
  }

  function texts() {
    return data.texts[viewOf(latest())];
  }

  /** Whether the memo may be offered as a button (not about DV, abuse or a violent crisis). */
  function onlyWhenAsked() {
    var rule = (data && data.offer_only_when_asked) || {};
    var concerns = rule.concerns || [];
    var kinds = rule.crisis_kinds || [];
    return results.some(function (r) {
      return (r.concerns || []).some(function (c) { return concerns.indexOf(c) !== -1; })
        || kinds.indexOf(r.crisis_kind) !== -1;
    });
  }

  // ---------------------------------------------------------------- offers

  function offerButton() {
    var wrap = node('div', 'memo-offer');
    var button = node('button', 'memo-offer-button');
    button.type = 'button';
    button.innerHTML = richHtml(texts().button);
    button.addEventListener('click', function () { open(button); });
    wrap.appendChild(button);
    return wrap;
  }

  /** The small link under the conversation (always, once there is a result) and the prompt buttons. */
  function refreshOffers() {
    if (!data || !askLink) return;
    var any = results.length > 0;
    askLink.hidden = !any;
    if (any) {
      askLink.innerHTML = richHtml(texts().ask_link);
      askLink.lang = viewOf(latest()) === 'en' ? 'en' : 'ja';
    }
    if (onlyWhenAsked()) {
      // Once the conversation touches DV or abuse, no prompt stays on the page.
      Array.prototype.forEach.call(document.querySelectorAll('.memo-offer'), function (offer) { offer.remove(); });
    }
  }

  /** Called by app.js for every navigator.result; `place` appends an element to that turn. */
  function onResult(result, place) {
    if (!result || !Array.isArray(result.windows) || !result.windows.length) return;
    results.push(result);
    // A crisis turn keeps the numbers alone in view: no prompt there either (the link stays).
    var crisisTurn = result.risk === 'crisis' || result.crisis === true;
    if (data && !onlyWhenAsked() && !crisisTurn) place(offerButton());
    refreshOffers();
  }

  askLink.addEventListener('click', function () { open(askLink); });

  // ---------------------------------------------------------------- the memo's contents

  function today(view) {
    var d = new Date();
    if (view === 'en') {
      var months = ['January', 'February', 'March', 'April', 'May', 'June', 'July', 'August',
        'September', 'October', 'November', 'December'];
      return d.getDate() + ' ' + months[d.getMonth()] + ' ' + d.getFullYear();
    }
    if (view === 'easy') return d.getFullYear() + '年（ねん）' + (d.getMonth() + 1) + '月（がつ）' + d.getDate() + '日（にち）';
    return d.getFullYear() + '年' + (d.getMonth() + 1) + '月' + d.getDate() + '日';
  }

  /** The concern ids of the conversation, each once, in the order they came. */
  function concerns() {
    var out = [];
    results.forEach(function (r) {
      (r.concerns || []).forEach(function (c) { if (out.indexOf(c) === -1) out.push(c); });
    });
    return out;
  }

  function concernLabel(id, view) {
    var label = data.concerns[id];
    if (!label) return null;
    // English with the Japanese beside it, for the counter staff.
    return view === 'en' ? label.en + ' (' + label.ja + ')' : label[view];
  }

  /** Every window the conversation named, each once (its latest payload), in the order they came. */
  function windows() {
    var byId = {};
    var order = [];
    results.forEach(function (r) {
      r.windows.forEach(function (w) {
        if (!w || !w.name) return;
        var id = w.id || w.name;
        if (!byId[id]) order.push(id);
        byId[id] = w;
      });
    });
    return order.map(function (id) { return { id: id, window: byId[id] }; });
  }

  function windowName(w, view) {
    // The English name first, the Japanese one beside it: the staff read the Japanese.
    return view === 'en' && w.name_en ? w.name_en + ' (' + w.name + ')' : w.name;
  }

  function departmentNames(w, view) {
    var names = Array.isArray(w.departments) ? w.departments : (w.departments ? [w.departments] : []);
    return names.map(function (d) {
      var en = view === 'en' ? data.departments[d] : null;
      return en ? en + ' (' + d + ')' : d;
    }).join(view === 'en' ? ', ' : '・');
  }

  function questions(ids, view) {
    var out = [];
    ids.forEach(function (c) {
      ((data.questions[c] || {})[view] || []).forEach(function (q) { if (out.indexOf(q) === -1) out.push(q); });
    });
    return out.length ? out : data.questions['default'][view].slice();
  }

  function section(sheet, className, title) {
    var s = node('section', 'memo-section ' + className);
    s.appendChild(rich('h3', 'memo-heading', title));
    sheet.appendChild(s);
    return s;
  }

  /** The printable memo, from the chosen windows and the note as typed now. */
  function buildSheet(sheet, chosen, note) {
    var view = viewOf(latest());
    var t = data.texts[view];
    sheet.replaceChildren();
    var title = rich('h2', 'memo-title', t.title);
    title.id = 'memo-title';
    title.tabIndex = -1;
    sheet.appendChild(title);
    sheet.appendChild(rich('p', 'memo-date', t.date + (view === 'en' ? ': ' : '：') + today(view)));

    var ids = concerns();
    var labels = ids.map(function (c) { return concernLabel(c, view); }).filter(Boolean);
    if (labels.length) {
      var list = node('ul', 'memo-list');
      labels.forEach(function (label) { list.appendChild(rich('li', 'memo-concern', label)); });
      section(sheet, 'memo-concerns', t.concerns).appendChild(list);
    }

    var ol = node('ol', 'memo-windows');
    windows().forEach(function (entry) {
      if (chosen.indexOf(entry.id) === -1) return;
      var w = entry.window;
      var li = node('li', 'memo-window');
      li.appendChild(rich('p', 'memo-window-name', windowName(w, view)));
      var departments = departmentNames(w, view);
      if (departments) {
        var dept = node('p', 'memo-window-department');
        dept.appendChild(rich('span', 'memo-label', t.department + (view === 'en' ? ': ' : '：')));
        dept.appendChild(rich('span', null, departments));
        li.appendChild(dept);
      }
      if (w.what) li.appendChild(rich('p', 'memo-window-what', w.what));
      ol.appendChild(li);
    });
    if (ol.children.length) section(sheet, 'memo-windows-section', t.windows).appendChild(ol);

    // The resident's own words: shown as text, never as HTML, never sent.
    var noteBox = node('div', note ? 'memo-note-out' : 'memo-note-out memo-note-empty');
    noteBox.textContent = note;
    section(sheet, 'memo-note-section', t.note).appendChild(noteBox);

    var qs = node('ul', 'memo-list');
    questions(ids, view).forEach(function (q) { qs.appendChild(rich('li', 'memo-question', q)); });
    section(sheet, 'memo-questions', t.questions).appendChild(qs);

    var site = rich('p', 'memo-site', t.check_site + ' ');
    site.appendChild(node('span', 'memo-url', CITY_SITE));
    sheet.appendChild(site);
  }

  // ---------------------------------------------------------------- the memo on screen

  function button(className, text, onClick) {
    var b = node('button', className);
    b.type = 'button';
    b.innerHTML = richHtml(text);
    b.addEventListener('click', onClick);
    return b;
  }

  function open(from) {
    if (!data || !results.length) return;
    opener = from || null;
    var view = viewOf(latest());
    var t = data.texts[view];
    var exitButton = document.getElementById('quick-exit');

    var memo = node('div', 'memo');
    memo.id = 'memo';
    memo.setAttribute('role', 'dialog');
    memo.setAttribute('aria-modal', 'true');
    memo.setAttribute('aria-labelledby', 'memo-title');
    memo.lang = view === 'en' ? 'en' : 'ja';

    // On screen only (memo.css hides them in print): the quick exit stays one tap away.
    var bar = node('div', 'memo-bar memo-screen-only');
    bar.appendChild(button('memo-close', t.close, close));
    // At the counter: the memo alone, large, without the controls (pressed again: back to editing).
    var show = button('memo-show', t.show, function () {
      var showing = memo.classList.toggle('memo-showing');
      show.innerHTML = richHtml(showing ? t.edit : t.show);
      show.setAttribute('aria-pressed', showing ? 'true' : 'false');
      memo.scrollTop = 0;
    });
    show.setAttribute('aria-pressed', 'false');
    bar.appendChild(show);
    bar.appendChild(button('quick-exit memo-quick-exit', exitButton ? exitButton.textContent : 'すぐに閉じる',
      function () { if (exitButton) exitButton.click(); }));
    memo.appendChild(bar);

    var controls = node('div', 'memo-controls memo-screen-only');
    var all = windows();
    var chosen = all.map(function (e) { return e.id; });
    var fieldset = node('fieldset', 'memo-choose');
    fieldset.appendChild(rich('legend', null, t.choose));
    all.forEach(function (entry) {
      var label = node('label', 'memo-choice');
      var box = node('input');
      box.type = 'checkbox';
      box.checked = true;
      box.value = entry.id;
      box.addEventListener('change', function () {
        chosen = all.map(function (e) { return e.id; }).filter(function (id) {
          var input = fieldset.querySelector('input[value="' + CSS.escape(id) + '"]');
          return input && input.checked;
        });
        buildSheet(sheet, chosen, textarea.value);
      });
      label.appendChild(box);
      label.appendChild(rich('span', null, windowName(entry.window, view)));
      fieldset.appendChild(label);
    });
    controls.appendChild(fieldset);

    var noteLabel = rich('label', 'memo-note-label', t.note);
    noteLabel.htmlFor = 'memo-note';
    controls.appendChild(noteLabel);
    var textarea = node('textarea', 'memo-note');
    textarea.id = 'memo-note';
    textarea.rows = 3;
    textarea.maxLength = NOTE_MAX_CHARS;
    textarea.setAttribute('autocomplete', 'off');
    textarea.setAttribute('spellcheck', 'false');
    textarea.setAttribute('aria-describedby', 'memo-note-hint');
    textarea.addEventListener('input', function () { buildSheet(sheet, chosen, textarea.value); });
    controls.appendChild(textarea);
    var hint = rich('p', 'memo-hint', t.note_hint);
    hint.id = 'memo-note-hint';
    controls.appendChild(hint);
    controls.appendChild(rich('p', 'memo-privacy', t.privacy));
    controls.appendChild(button('memo-print', t.print, function () { window.print(); }));
    memo.appendChild(controls);

    var sheet = node('article', 'memo-sheet');
    memo.appendChild(sheet);
    buildSheet(sheet, chosen, '');

    root.replaceChildren(memo);
    document.body.classList.add('memo-open');
    var heading = document.getElementById('memo-title');
    if (heading) heading.focus();
  }

  function close() {
    root.replaceChildren();
    document.body.classList.remove('memo-open');
    if (opener && opener.isConnected) opener.focus();
    opener = null;
  }

  /** The quick exit: the memo, its note and the results it was built from are gone. */
  function clear() {
    results = [];
    root.replaceChildren();
    document.body.classList.remove('memo-open');
    Array.prototype.forEach.call(document.querySelectorAll('.memo-offer'), function (offer) { offer.remove(); });
    if (askLink) askLink.hidden = true;
    opener = null;
  }

  // Once, when the page loads: before the resident has written anything.
  try {
    fetch('memo.json', { credentials: 'omit', cache: 'no-store' })
      .then(function (answer) { return answer.ok ? answer.json() : null; })
      .then(function (loaded) { data = loaded; refreshOffers(); })
      .catch(function () { data = null; });
  } catch (e) { data = null; }

  window.navigatorMemo = Object.freeze({ onResult: onResult, clear: clear, open: open });
})();
