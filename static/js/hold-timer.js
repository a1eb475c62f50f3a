// Hold timer: a [data-hold-timer] button counts down data-seconds, then vibrates, beeps
// and fills the hold input. Listeners are delegated, so they survive htmx swaps. Without
// JavaScript the buttons stay hidden and the athlete types the hold time instead.
(function () {
  "use strict";
  function reveal() {
    document.querySelectorAll("[data-hold-timer][hidden]").forEach(function (b) {
      b.hidden = false;
    });
  }
  function beep() {
    try {
      var Ctx = window.AudioContext || window.webkitAudioContext;
      if (!Ctx) return;
      var ctx = new Ctx();
      var osc = ctx.createOscillator();
      var gain = ctx.createGain();
      osc.frequency.value = 880;
      gain.gain.value = 0.2;
      osc.connect(gain);
      gain.connect(ctx.destination);
      osc.onended = function () { ctx.close(); };
      osc.start();
      osc.stop(ctx.currentTime + 0.25);
    } catch (e) { /* sound is a nicety */ }
  }
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-hold-timer]");
    if (!button || button.dataset.running) return;
    var total = parseInt(button.dataset.seconds, 10) || 0;
    var end = Date.now() + total * 1000;
    button.dataset.running = "1";
    button.disabled = true;
    function show(text) {
      // Looked up each tick: an htmx swap may have replaced the card meanwhile.
      var out = document.getElementById(button.dataset.output);
      if (out) out.textContent = text;
    }
    function tick() {
      var left = Math.max(0, Math.ceil((end - Date.now()) / 1000));
      if (left > 0) {
        show(left + " s");
        setTimeout(tick, 200);
        return;
      }
      delete button.dataset.running;
      button.disabled = false;
      show("Done");
      var input = document.getElementById(button.dataset.input);
      if (input) input.value = total;
      if (navigator.vibrate) navigator.vibrate([200, 100, 200]);
      beep();
    }
    tick();
  });
  reveal();
  document.addEventListener("htmx:load", reveal);
})();
