// Inserting a quote reference: the chosen option's `[[N]]` goes into the text where the cursor
// is. Without this script the list still shows each reference, to be typed by hand.
(() => {
  const button = document.getElementById("insert-reference");
  const pick = document.getElementById("quote-pick");
  if (!button || !pick) return;
  const text = document.getElementById(button.dataset.target);
  button.hidden = false;
  const insert = () => {
    if (!pick.value) return;
    const start = text.selectionStart, end = text.selectionEnd;
    const before = text.value.slice(0, start), after = text.value.slice(end);
    const gap = before && !/\s$/.test(before) ? " " : "";
    const reference = gap + pick.value;
    text.value = before + reference + after;
    text.focus();
    text.setSelectionRange(start + reference.length, start + reference.length);
  };
  button.addEventListener("click", insert);
  pick.addEventListener("dblclick", insert);
})();
