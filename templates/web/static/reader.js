// The transcript reader. Everything here enhances what works without it:
// - A passage selected with the mouse (or the keyboard, with caret browsing) fills the quote form
//   with the turn and the selection's offsets in the turn's text. Offsets are the browser's own
//   (UTF-16 code units); the server converts them to code points (bikva/web/offsets.py).
// - "Quote from this turn" (a link that reloads the page with the turn chosen) chooses the turn
//   in place and puts the keyboard in the passage field; a suggestion's "Use" link fills in its
//   passage the same way.
// - Saving sends the form with `Accept: application/json`; the server answers with the quote's
//   turn and the list of quotes as HTML to put in place, or with the refusal's one line for the
//   form's error box. Anything else (a page instead of JSON, no connection) sends the form the
//   ordinary way, so the server's own page says what happened.
// - "Show suggestions" fetches the suggestions section instead of reloading the page.
(function () {
  "use strict";
  var form = document.getElementById("quote-form");
  var turns = document.querySelector(".turns");
  if (!form || !turns) { return; }
  var passage = form.querySelector("#passage");
  var status = form.querySelector("#selection-status");
  var saved = document.getElementById("quote-saved");
  var field = function (name) { return form.querySelector("input[name='" + name + "']"); };
  var carries = form.querySelectorAll("input[name='carry_to']");
  var advice = form.querySelector("#advice");
  var carryTouched = false;

  function choose(turn, start, end, text, message) {
    field("turn").value = turn;
    field("start").value = start;
    field("end").value = end;
    if (text !== null) { passage.value = text; }
    status.textContent = message;
  }

  function turnOf(node) {
    var element = node.nodeType === Node.ELEMENT_NODE ? node : node.parentElement;
    return element ? element.closest(".turn-text") : null;
  }

  // UTF-16 units from the start of the turn's text to (node, offset).
  function offsetIn(turn, node, offset) {
    var range = document.createRange();
    range.selectNodeContents(turn);
    range.setEnd(node, offset);
    return range.toString().length;
  }

  function capture() {
    var selection = window.getSelection();
    if (!selection || selection.rangeCount === 0 || selection.isCollapsed) { return; }
    var range = selection.getRangeAt(0);
    var turn = turnOf(range.startContainer);
    if (!turn || turn !== turnOf(range.endContainer)) {
      if (turnOf(range.startContainer) || turnOf(range.endContainer)) { status.textContent = form.dataset.oneTurn; }
      return;
    }
    var start = offsetIn(turn, range.startContainer, range.startOffset);
    var end = offsetIn(turn, range.endContainer, range.endOffset);
    choose(turn.dataset.turn, String(start), String(end), turn.textContent.slice(start, end), form.dataset.chosen);
  }

  turns.addEventListener("mouseup", capture);
  turns.addEventListener("keyup", capture);
  // A typed passage: the chosen turn stays (it is looked for there first), the offsets go.
  passage.addEventListener("input", function () {
    field("start").value = "";
    field("end").value = "";
  });

  // Links that choose a turn or a suggested passage: done here without a reload.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.quote-turn, a.use-passage");
    if (!link) { return; }
    event.preventDefault();
    var text = link.classList.contains("use-passage") ? link.dataset.text : "";
    choose(link.dataset.turn, link.dataset.start || "", link.dataset.end || "", text, link.dataset.chosen);
    passage.focus();
    if (text) { passage.select(); }
  });

  // Where the quote goes by default follows its kind, as `bikva quote add` without --carry-to,
  // until the evaluator changes a box.
  Array.prototype.forEach.call(carries, function (box) {
    box.addEventListener("change", function () { carryTouched = true; });
  });
  function carryDefaults() {
    var kind = advice && advice.checked ? "advice" : "statement";
    Array.prototype.forEach.call(carries, function (box) { box.checked = box.dataset[kind] === "yes"; });
  }
  if (advice) {
    advice.addEventListener("change", function () { if (!carryTouched) { carryDefaults(); } });
  }

  function errorBox() {
    var box = document.getElementById("form-error");
    if (!box) {
      box = document.createElement("div");
      box.className = "notice error";
      box.setAttribute("role", "alert");
      box.id = "form-error";
      box.tabIndex = -1;
      box.appendChild(document.createElement("p"));
      form.parentNode.insertBefore(box, form);
    }
    return box;
  }

  function clearMessages() {
    var box = document.getElementById("form-error");
    if (box) { box.parentNode.removeChild(box); }
    saved.textContent = "";
  }

  function afterSaving(answer) {
    var old = turns.querySelector(".turn-text[data-turn='" + answer.turn + "']");
    if (old) { old.outerHTML = answer.turn_html; }
    var list = document.getElementById("quote-list");
    if (list) { list.outerHTML = answer.quotes_html; }
    window.getSelection().removeAllRanges();
    // Ready for the next quote: the theme stays (a new one joins the list), the rest is cleared.
    var theme = form.querySelector("#theme");
    if (answer.theme && !Array.prototype.some.call(theme.options, function (o) { return o.value === answer.theme; })) {
      theme.add(new Option(answer.theme, answer.theme));
    }
    theme.value = answer.theme || theme.value;
    ["passage", "new_theme", "rationale", "prompts"].forEach(function (name) {
      var input = form.querySelector("#" + name);
      if (input) { input.value = ""; }
    });
    choose("", "", "", null, "");
    var responds = form.querySelector("#responds_to");
    if (responds) { responds.value = ""; }
    var critical = form.querySelector("#tone-critical");
    if (critical) { critical.checked = true; }
    if (advice) { advice.checked = false; }
    carryTouched = false;
    carryDefaults();
    var notice = document.createElement("p");
    notice.className = "notice done";
    notice.textContent = answer.message;
    saved.appendChild(notice);
    saved.focus();
  }

  var sending = false;
  form.addEventListener("submit", function (event) {
    if (!window.fetch || !window.FormData) { return; }
    event.preventDefault();
    if (sending) { return; }
    sending = true;
    clearMessages();
    fetch(form.action, {method: "POST", body: new FormData(form), credentials: "same-origin",
                        headers: {"Accept": "application/json"}})
      .then(function (response) {
        var type = response.headers.get("content-type") || "";
        if (type.indexOf("application/json") < 0) { throw new Error("not an answer for the script"); }
        return response.json().then(function (answer) { return {ok: response.ok, answer: answer}; });
      })
      .then(function (result) {
        sending = false;
        if (result.ok) {
          afterSaving(result.answer);
        } else {
          var box = errorBox();
          box.querySelector("p").textContent = result.answer.error;
          box.focus();
        }
      })
      .catch(function () { sending = false; form.submit(); });
  });

  // Suggestions on demand, put in place of the link that asks for them.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("#show-suggestions");
    if (!link) { return; }
    event.preventDefault();
    link.setAttribute("aria-busy", "true");
    fetch(link.dataset.piece, {credentials: "same-origin"})
      .then(function (response) {
        if (!response.ok) { throw new Error(String(response.status)); }
        return response.text();
      })
      .then(function (html) {
        document.getElementById("suggestions").outerHTML = html;
        document.getElementById("suggestions-heading").focus();
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
