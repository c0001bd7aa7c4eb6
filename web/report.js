/*
 * The notes under each window card of the chat page (issue 20):
 *
 * - what a record is when it is not a window (an activity: a way to take part);
 * - 「情報確認日」: when the window's information was last checked (the
 *   payload's `checked_text`, from windows.yml `checked`);
 * - 「情報がちがう・古いときは」: a small form on the card — one choice
 *   (closed, moved, different department, wrong for my age, other) and one
 *   optional line — sent to POST report (bot/channels/webchat.py), then a
 *   thank-you. Its labels come with the result (`result.report`, from
 *   data/window_notes.yml).
 *
 * app.js calls NavigatorReport.decorateCard(card, window, result, helpers) for
 * each card. Nothing is kept in the browser: the form lives in the card and
 * goes with the conversation on quick exit.
 */
(function () {
  'use strict';

  var MAX_NOTE_CHARS = 200;
  var counter = 0;

  function el(tag, className, text) {
    var n = document.createElement(tag);
    if (className) n.className = className;
    if (text !== undefined && text !== null) n.textContent = text;
    return n;
  }

  function post(body) {
    return fetch('report', {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify(body),
      credentials: 'same-origin',
      cache: 'no-store'
    }).then(function (res) {
      return res.json().catch(function () { return {}; }).then(function (data) {
        return { ok: res.ok, status: res.status, data: data };
      });
    });
  }

  function buildForm(w, result, labels, helpers, opener) {
    counter += 1;
    var id = 'report-' + counter;
    var box = el('div', 'report-box');
    box.id = id;
    var fieldset = el('fieldset', 'report-choices');
    fieldset.appendChild(el('legend', null, labels.question));
    (labels.reasons || []).forEach(function (reason, i) {
      var label = el('label', 'report-choice');
      var input = document.createElement('input');
      input.type = 'radio';
      input.name = id + '-reason';
      input.value = reason.id;
      if (i === 0) input.required = true;
      label.appendChild(input);
      label.appendChild(document.createTextNode(' ' + reason.label));
      fieldset.appendChild(label);
    });
    box.appendChild(fieldset);
    var noteLabel = el('label', 'report-note-label', labels.note_label);
    noteLabel.htmlFor = id + '-note';
    var note = document.createElement('input');
    note.type = 'text';
    note.id = id + '-note';
    note.className = 'report-note';
    note.maxLength = MAX_NOTE_CHARS;
    note.autocomplete = 'off';
    note.spellcheck = false;
    box.appendChild(noteLabel);
    box.appendChild(note);
    var row = el('div', 'report-buttons');
    var send = el('button', 'report-send', labels.send);
    send.type = 'button';
    var cancel = el('button', 'report-cancel', labels.cancel);
    cancel.type = 'button';
    row.appendChild(send);
    row.appendChild(cancel);
    box.appendChild(row);
    var status = el('p', 'report-status');
    status.setAttribute('role', 'status');
    box.appendChild(status);

    cancel.addEventListener('click', function () {
      box.parentNode.removeChild(box);
      opener.setAttribute('aria-expanded', 'false');
      opener.focus();
    });
    send.addEventListener('click', function () {
      var chosen = box.querySelector('input[type=radio]:checked');
      if (!chosen) {
        status.textContent = labels.question;
        fieldset.querySelector('input').focus();
        return;
      }
      send.disabled = true;
      post({
        session_id: helpers.sessionId() || '',
        window_id: w.id,
        reason: chosen.value,
        note: note.value.trim() || undefined,
        lang: result.lang === 'en' ? 'en' : 'ja'
      }).then(function (answer) {
        var message = (answer.data && answer.data.message) || labels.failed;
        if (answer.ok) {
          var thanks = el('p', 'report-thanks', message);
          thanks.setAttribute('role', 'status');
          box.parentNode.replaceChild(thanks, box);
          opener.hidden = true;
        } else {
          status.textContent = message;
          send.disabled = false;
        }
      }, function () {
        status.textContent = labels.failed;
        send.disabled = false;
      });
    });
    return box;
  }

  function decorateCard(card, w, result, helpers) {
    if (w.kind_text) card.appendChild(helpers.rich('p', 'card-kind', w.kind_text));
    if (w.checked_text) card.appendChild(helpers.rich('p', 'card-checked', w.checked_text));
    var labels = result && result.report;
    if (!labels || !labels.link || !w.id) return;
    var opener = el('button', 'report-open', labels.link);
    opener.type = 'button';
    opener.setAttribute('aria-expanded', 'false');
    opener.addEventListener('click', function () {
      var open = card.querySelector('.report-box');
      if (open) {
        open.parentNode.removeChild(open);
        opener.setAttribute('aria-expanded', 'false');
        return;
      }
      var box = buildForm(w, result, labels, helpers, opener);
      opener.setAttribute('aria-controls', box.id);
      opener.setAttribute('aria-expanded', 'true');
      card.appendChild(box);
      var first = box.querySelector('input');
      if (first) first.focus();
    });
    card.appendChild(opener);
  }

  window.NavigatorReport = { decorateCard: decorateCard };
})();
