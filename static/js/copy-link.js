// The invite page's Copy button and select-on-focus field, kept out of the HTML so the
// Content-Security-Policy needs no inline script. Delegated: works for htmx-swapped links.
document.addEventListener("click", (event) => {
  const button = event.target.closest("[data-copy]");
  if (!button) return;
  const input = document.getElementById(button.dataset.copy);
  input.select();
  const copied = () => { button.textContent = "Copied"; };
  const fallback = () => { document.execCommand("copy"); copied(); };
  if (navigator.clipboard) navigator.clipboard.writeText(input.value).then(copied, fallback);
  else fallback();
});
document.addEventListener("focusin", (event) => {
  if (event.target.matches("[data-select-on-focus]")) event.target.select();
});
