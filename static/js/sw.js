// Speedchain's service worker (docs/offline.md). The /sw.js view puts RELEASE and PRECACHE
// in front of this file, so a new release is a new worker with new cache names.
// Only the athlete's pages are kept (network first, the cache when there is no signal)
// and our static files (cache first: their names change with their content).
/* global RELEASE, PRECACHE */
"use strict";
var STATIC_CACHE = "speedchain-static-" + RELEASE;
var PAGES_CACHE = "speedchain-pages-" + RELEASE;
var ATHLETE_PAGE = /^\/(today|week|history)\/$|^\/sessions\/\d+\/$/;
var SESSION_LINK = /href="(\/sessions\/\d+\/)"/g;

function cacheable(response) {
  var control = response.headers.get("Cache-Control") || "";
  return response.ok && !response.redirected && response.type === "basic" &&
    control.indexOf("no-store") === -1;
}

function store(cache, path) {
  return fetch(path, { credentials: "same-origin" }).then(function (response) {
    if (cacheable(response)) return cache.put(path, response.clone()).then(function () {
      return response;
    });
    return null;
  });
}

// The today page, the week and each session of the week: what the athlete opens offline.
function warm(paths) {
  return caches.open(PAGES_CACHE).then(function (cache) {
    var today = store(cache, "/today/");
    var rest = (paths || []).map(function (path) { return store(cache, path); });
    var week = store(cache, "/week/").then(function (response) {
      if (!response) return null;
      return response.text().then(function (html) {
        var seen = {};
        var sessions = [];
        var match;
        while ((match = SESSION_LINK.exec(html)) !== null) {
          if (!seen[match[1]]) sessions.push(store(cache, match[1]));
          seen[match[1]] = true;
        }
        return Promise.all(sessions);
      });
    });
    return Promise.all([today, week].concat(rest));
  });
}

function clearAll() {
  return caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("speedchain-") === 0;
    }).map(function (name) { return caches.delete(name); }));
  });
}

function offlineMissing() {
  var html = "<!doctype html><meta charset=utf-8><meta name=viewport " +
    "content='width=device-width, initial-scale=1'><title>Offline · Speedchain</title>" +
    "<h1>Offline</h1><p>This page was not saved on this phone. Open it once with a signal " +
    "to have it offline.</p><p><a href='/today/'>Today</a></p>";
  return new Response(html, { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC_CACHE).then(function (cache) {
    return cache.addAll(PRECACHE);
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  // A new release drops the old caches: an old page never hides the new version.
  event.waitUntil(caches.keys().then(function (names) {
    return Promise.all(names.filter(function (name) {
      return name.indexOf("speedchain-") === 0 && name !== STATIC_CACHE && name !== PAGES_CACHE;
    }).map(function (name) { return caches.delete(name); }));
  }).then(function () { return self.clients.claim(); }));
});

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.open(STATIC_CACHE).then(function (cache) {
      return cache.match(request).then(function (hit) {
        return hit || fetch(request).then(function (response) {
          if (response.ok) cache.put(request, response.clone());
          return response;
        });
      });
    }));
    return;
  }
  // Only whole athlete pages; htmx fragments and every coach page go to the network as usual.
  if (request.mode !== "navigate" || !ATHLETE_PAGE.test(url.pathname)) return;
  event.respondWith(fetch(request).then(function (response) {
    if (cacheable(response)) {
      var copy = response.clone();
      caches.open(PAGES_CACHE).then(function (cache) { cache.put(url.href, copy); });
    }
    return response;
  }, function () {
    return caches.open(PAGES_CACHE).then(function (cache) {
      return cache.match(url.href);
    }).then(function (hit) { return hit || offlineMissing(); });
  }));
});

self.addEventListener("message", function (event) {
  var data = event.data || {};
  var port = event.ports && event.ports[0];
  var done = null;
  if (data.type === "warm") done = warm(data.paths);
  if (data.type === "clear") done = clearAll();
  if (data.type === "keep") {  // after a save: only this page's copy, not the whole week
    done = caches.open(PAGES_CACHE).then(function (cache) {
      return Promise.all((data.paths || []).filter(function (path) {
        return ATHLETE_PAGE.test(path);
      }).map(function (path) { return store(cache, path); }));
    });
  }
  if (!done) return;
  event.waitUntil(done.then(function () {
    if (port) port.postMessage({ ok: true, release: RELEASE });
  }, function () {
    if (port) port.postMessage({ ok: false, release: RELEASE });
  }));
});
