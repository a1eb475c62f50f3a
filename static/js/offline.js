// Offline use of the athlete's pages (docs/offline.md): registers the service worker, says
// when a page is shown from the phone, and queues logging actions and the check-in in
// IndexedDB while there is no signal, then sends them in order, once each.
(function () {
  "use strict";
  var meta = function (name) {
    var el = document.querySelector('meta[name="' + name + '"]');
    return el ? el.content : "";
  };
  var owner = meta("speedchain-owner");
  var syncUrl = meta("speedchain-sync");
  if (!owner || !syncUrl || !window.indexedDB) return;
  var main = document.getElementById("main");
  var lastSubmitter = new WeakMap();
  var syncing = false;

  // --- the queue (IndexedDB) -----------------------------------------------------------
  function open() {
    return new Promise(function (resolve, reject) {
      var request = indexedDB.open("speedchain", 1);
      request.onupgradeneeded = function () {
        request.result.createObjectStore("actions", { keyPath: "seq", autoIncrement: true });
      };
      request.onsuccess = function () { resolve(request.result); };
      request.onerror = function () { reject(request.error); };
    });
  }
  function withStore(mode, work) {
    return open().then(function (db) {
      return new Promise(function (resolve, reject) {
        var tx = db.transaction("actions", mode);
        var request = work(tx.objectStore("actions"));
        tx.oncomplete = function () { db.close(); resolve(request ? request.result : undefined); };
        tx.onerror = function () { db.close(); reject(tx.error); };
      });
    });
  }
  function allActions() { return withStore("readonly", function (s) { return s.getAll(); }); }
  function clearQueue() { return withStore("readwrite", function (s) { return s.clear(); }); }

  function uuid() {
    if (crypto.randomUUID) return crypto.randomUUID();
    var b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 15) | 64; b[8] = (b[8] & 63) | 128;
    var h = Array.prototype.map.call(b, function (x) { return (x + 256).toString(16).slice(1); }).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }
  function hhmm(date) {
    return ("0" + date.getHours()).slice(-2) + ":" + ("0" + date.getMinutes()).slice(-2);
  }

  // --- what the athlete sees -----------------------------------------------------------
  function bar(id, className) {
    var el = document.getElementById(id);
    if (!el) {
      el = document.createElement("div");
      el.id = id;
      el.className = className;
      el.setAttribute("role", "status");
      main.insertBefore(el, main.firstChild);
    }
    return el;
  }
  function showConnection() {
    var el = bar("offline-bar", "offline-bar msg");
    var rendered = new Date(meta("speedchain-rendered"));
    el.hidden = navigator.onLine;
    el.textContent = "Offline — showing the page as of " + hhmm(rendered);
  }
  function describe(form, kind, data) {
    if (kind === "checkin") return "Check-in " + Object.keys(data).reduce(function (t, k) { return t + (+data[k] || 0); }, 0) + "/25";
    var card = form.closest("article");
    var name = card ? card.querySelector("h3").textContent.trim() : "";
    if (kind === "finish") return "Finished: RPE " + (data.rpe || "?") + (data.notes ? " · “" + data.notes + "”" : "");
    if (kind === "undo_set") return "Undo last set · " + name;
    var parts = [];
    if (data.sets_done) parts.push("Set " + data.sets_done);
    if (data.hold_seconds) parts.push("hold " + data.hold_seconds + " s");
    if (data.load_kg) parts.push(data.load_kg + " kg");
    return parts.join(", ") + " · " + name;
  }
  function showQueue(actions) {
    var mine = actions.filter(function (a) { return a.owner === owner; });
    var el = bar("offline-queue", "card offline-queue");
    el.hidden = mine.length === 0;
    el.textContent = "";
    var pending = mine.filter(function (a) { return a.state === "pending"; });
    var refused = mine.filter(function (a) { return a.state === "refused"; });
    if (pending.length) {
      var title = document.createElement("p");
      title.innerHTML = "<strong>Saved on this phone, will send</strong>";
      el.appendChild(title);
      el.appendChild(list(pending, function (a) { return hhmm(new Date(a.done_at)) + " " + a.label; }));
    }
    if (refused.length) {
      var warn = document.createElement("p");
      warn.className = "error";
      warn.setAttribute("role", "alert");
      warn.textContent = "Not saved:";
      el.appendChild(warn);
      el.appendChild(list(refused, function (a) { return a.label + " — " + a.message; }));
      var dismiss = document.createElement("button");
      dismiss.type = "button";
      dismiss.textContent = "Dismiss";
      dismiss.addEventListener("click", function () {
        withStore("readwrite", function (s) {
          refused.forEach(function (a) { s.delete(a.seq); });
        }).then(refresh);
      });
      el.appendChild(dismiss);
    }
  }
  function list(actions, text) {
    var ul = document.createElement("ul");
    actions.forEach(function (a) {
      var li = document.createElement("li");
      li.textContent = text(a);
      ul.appendChild(li);
    });
    return ul;
  }

  // A queued action shows on its card as if it were saved, marked as not yet sent.
  function reflect(action) {
    if (action.kind === "checkin") return reflectCheckin(action);
    if (action.kind === "finish") {
      var finish = document.querySelector('form[data-offline-kind="finish"][data-offline-target="' + action.target + '"]');
      if (finish && !finish.querySelector(".pending-note")) {
        finish.closest("section").classList.add("rx-pending");
        var note = document.createElement("p");
        note.className = "pending-note small";
        note.setAttribute("role", "status");
        note.textContent = "RPE " + (action.data.rpe || "?") + ": saved on this phone, will send";
        finish.appendChild(note);
      }
      return;
    }
    var card = document.getElementById("rx-" + action.target);
    if (!card) return;
    var count = parseInt(card.dataset.setsDone, 10) || 0;
    if (action.kind === "undo_set") {
      if (count === parseInt(action.data.from_count, 10)) count -= 1;
    } else if (action.data.sets_done) {
      count = Math.max(count, parseInt(action.data.sets_done, 10));
    }
    card.dataset.setsDone = count;
    card.classList.add("rx-pending");
    card.querySelectorAll("button.set").forEach(function (button) {
      var done = parseInt(button.value, 10) <= count;
      var text = button.textContent.replace(/^✓ /, "");
      button.classList.toggle("done", done);
      button.setAttribute("aria-pressed", done ? "true" : "false");
      button.textContent = (done ? "✓ " : "") + text;
    });
    var undo = card.querySelector('input[name="from_count"]');
    if (undo) undo.value = count;
    var status = card.querySelector("p.status");
    if (status) {
      status.textContent = status.textContent.replace(/^\d+/, String(count)).replace(/ · (Saved|saved on this phone, will send)$/, "");
      if (action.data.hold_seconds) status.textContent += " · hold " + action.data.hold_seconds + " s";
      if (action.data.load_kg) status.textContent += " · " + action.data.load_kg + " kg";
      status.textContent += " · saved on this phone, will send";
    }
  }
  // The check-in card: the queued ratings, and the session may get lighter once sent.
  function reflectCheckin(action) {
    var form = document.querySelector('form[data-offline-kind="checkin"]');
    if (!form) return;
    for (var name in action.data) {
      var radio = form.querySelector('[name="' + name + '"][value="' + action.data[name] + '"]');
      if (radio) radio.checked = true;
    }
    var card = form.closest("section");
    var note = card.querySelector(".pending-note") || card.insertBefore(document.createElement("p"), card.children[1]);
    card.classList.add("rx-pending");
    note.className = "pending-note msg";
    note.setAttribute("role", "status");
    note.textContent = action.label + " at " + hhmm(new Date(action.done_at)) + ": saved on this phone, will send. The session may change once it is sent.";
  }
  function refresh() {
    return allActions().then(function (actions) {
      showQueue(actions);
      actions.filter(function (a) { return a.owner === owner && a.state === "pending"; }).forEach(reflect);
      return actions;
    });
  }

  // --- queueing and sending ------------------------------------------------------------
  function queue(form) {
    var kind = form.dataset.offlineKind;
    var data = {};
    new FormData(form).forEach(function (value, name) {
      if (name !== "csrfmiddlewaretoken" && value !== "") data[name] = value;
    });
    var submitter = lastSubmitter.get(form);
    if (submitter && submitter.name) data[submitter.name] = submitter.value;
    var action = {
      key: uuid(), owner: owner, kind: kind, target: form.dataset.offlineTarget, data: data,
      done_at: new Date().toISOString(), label: describe(form, kind, data), state: "pending",
    };
    return withStore("readwrite", function (s) { return s.add(action); }).then(refresh);
  }
  function csrfToken() {
    try { return JSON.parse(document.body.getAttribute("hx-headers"))["X-CSRFToken"]; } catch (e) { return ""; }
  }
  function sync() {
    if (syncing || !navigator.onLine) return Promise.resolve();
    syncing = true;
    return allActions().then(function (actions) {
      var pending = actions.filter(function (a) { return a.owner === owner && a.state === "pending"; });
      if (!pending.length) return null;
      return fetch(syncUrl, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "X-CSRFToken": csrfToken() },
        body: JSON.stringify({
          owner: owner,
          actions: pending.map(function (a) {
            return { key: a.key, kind: a.kind, target: a.target, data: a.data, done_at: a.done_at };
          }),
        }),
      }).then(function (response) {
        if (!response.ok) throw new Error("sync " + response.status);
        return response.json();
      }).then(function (body) {
        var byKey = {};
        var answered = 0;
        body.results.forEach(function (r) { byKey[r.key] = r; });
        return withStore("readwrite", function (s) {
          pending.forEach(function (a) {
            var result = byKey[a.key];
            if (!result) return;
            answered += 1;
            if (result.outcome === "applied") s.delete(a.seq);
            else s.put(Object.assign({}, a, { state: "refused", message: result.message }));
          });
        }).then(function () {
          // Fresh pages from the server now hold what was sent.
          if (answered) location.reload();
        });
      });
    }).catch(function () { /* kept on the phone; sent on the next try */ }).then(function () {
      syncing = false;
    });
  }

  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.matches('form[action$="/logout/"]')) {
      event.preventDefault();
      var leave = function () { form.submit(); };
      Promise.all([clearQueue(), askWorker({ type: "clear" })]).then(leave, leave);
      return;
    }
    if (!form.dataset.offlineKind) return;
    lastSubmitter.set(form, event.submitter);
    if (navigator.onLine) return;  // htmx sends it as usual
    event.preventDefault();
    event.stopImmediatePropagation();
    queue(form);
  }, true);
  // Online, but the request never arrived (a weak signal): keep it on the phone instead.
  document.addEventListener("htmx:sendError", function (event) {
    var form = event.detail.elt.closest("form[data-offline-kind]");
    if (form) queue(form);
  });
  // After a save online, keep the phone's copy of this page in step.
  document.addEventListener("htmx:afterRequest", function (event) {
    if (event.detail.successful) askWorker({ type: "keep", paths: [location.pathname] });
  });
  window.addEventListener("offline", showConnection);
  window.addEventListener("online", function () { showConnection(); sync(); });

  // --- the service worker --------------------------------------------------------------
  function askWorker(message) {
    if (!("serviceWorker" in navigator)) return Promise.resolve();
    // Never waits long: without a worker (refused, private mode) `ready` never settles.
    var giveUp = new Promise(function (resolve) { setTimeout(resolve, 5000); });
    return Promise.race([giveUp, navigator.serviceWorker.ready.then(function (registration) {
      return new Promise(function (resolve) {
        var channel = new MessageChannel();
        channel.port1.onmessage = function (event) { resolve(event.data); };
        registration.active.postMessage(message, [channel.port2]);
      });
    })]);
  }
  if ("serviceWorker" in navigator) {
    var hadController = !!navigator.serviceWorker.controller;
    navigator.serviceWorker.addEventListener("controllerchange", function () {
      if (!hadController) return;  // the first install, not an update
      var note = bar("offline-update", "msg");
      note.textContent = "A new version of Speedchain is ready. ";
      var reload = document.createElement("button");
      reload.type = "button";
      reload.textContent = "Reload";
      reload.addEventListener("click", function () { location.reload(); });
      note.appendChild(reload);
    });
    navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
      if (!navigator.onLine) return null;
      return askWorker({ type: "warm", paths: [location.pathname] }).then(function (reply) {
        if (reply && reply.ok) {
          document.documentElement.dataset.offlineReady = reply.release;
        }
      });
    }).catch(function () { /* the pages still work online */ });
  }

  // Another login's queue is never shown or sent here (a shared phone).
  allActions().then(function (actions) {
    var others = actions.filter(function (a) { return a.owner !== owner; });
    if (!others.length) return null;
    return withStore("readwrite", function (s) { others.forEach(function (a) { s.delete(a.seq); }); });
  }).then(refresh).then(function () {
    showConnection();
    return sync();
  });
})();
