// kb page script: small enhancements; every page works without it.
(function () {
  "use strict";
  var d = document;

  // Search: search.js, most of the theme's script, is fetched the first
  // time the reader comes to a search box rather than with every page, and
  // at once on a page that shows results (the search page loads it itself).
  // It searches what the reader typed before it arrived.
  var searchJS = d.currentScript && d.currentScript.getAttribute("data-search-js");
  if (searchJS) {
    var loadSearch = function () {
      var src = new URL(searchJS, location.href).href;
      for (var i = 0; i < d.scripts.length; i++) if (d.scripts[i].src === src) return;
      var s = d.createElement("script");
      s.src = searchJS;
      d.head.appendChild(s);
    };
    if (d.querySelector("[data-kb-results]")) loadSearch();
    d.querySelectorAll("form[data-kb-search] input[name=q]").forEach(function (q) {
      if (d.activeElement === q || q.value) loadSearch();
      ["pointerdown", "focus", "input"].forEach(function (type) { q.addEventListener(type, loadSearch, { once: true }); });
    });
  }

  // Root page: send the reader to the language the browser prefers.
  var chooser = d.querySelector("[data-kb-chooser]");
  if (chooser && !sessionStorage.getItem("kb-chose")) {
    var links = Array.prototype.slice.call(chooser.querySelectorAll("a[hreflang]"));
    var prefs = navigator.languages || [navigator.language || ""];
    outer: for (var i = 0; i < prefs.length; i++) {
      var want = prefs[i].toLowerCase();
      for (var pass = 0; pass < 2; pass++) {
        for (var j = 0; j < links.length; j++) {
          var have = links[j].getAttribute("hreflang").toLowerCase();
          if (pass === 0 ? have === want : have.split("-")[0] === want.split("-")[0]) {
            sessionStorage.setItem("kb-chose", "1");
            location.replace(links[j].href);
            break outer;
          }
        }
      }
    }
  }

  // The language menu: Escape closes it and gives the focus back to its
  // button, as it does for any menu.
  var langs = d.querySelector("details.langs");
  if (langs) {
    langs.addEventListener("keydown", function (e) {
      if (e.key !== "Escape" || !langs.open) return;
      e.preventDefault();
      langs.open = false;
      langs.querySelector("summary").focus();
    });
  }

  // Support hours: add the reader's local time when it differs.
  var hours = d.querySelector(".hours[data-tz]");
  if (hours && window.Intl) {
    try {
      var tz = hours.dataset.tz, now = new Date();
      var offset = function (zone) {
        var p = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric", day: "numeric", hour: "numeric", minute: "numeric" }).formatToParts(now);
        var v = {}; p.forEach(function (x) { v[x.type] = +x.value; });
        return (Date.UTC(v.year, v.month - 1, v.day, v.hour, v.minute) - now.getTime()) / 60000;
      };
      var local = Intl.DateTimeFormat().resolvedOptions().timeZone;
      var diff = Math.round(offset(local) - offset(tz));
      if (diff && local !== tz) {
        var shift = function (hm) {
          var m = (+hm.slice(0, 2) * 60 + +hm.slice(3) + diff + 1440) % 1440;
          return ("0" + Math.floor(m / 60)).slice(-2) + ":" + ("0" + (m % 60)).slice(-2);
        };
        var s = d.createElement("span");
        s.textContent = " · " + shift(hours.dataset.open) + "–" + shift(hours.dataset.close) + " " + hours.dataset.local;
        s.dir = "auto";
        hours.appendChild(s);
      }
    } catch (e) { /* an unknown zone: keep the site's hours */ }
  }

  // FAQ: open the question a link points at.
  var openTarget = function () {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && d.getElementById(id);
    var q = el && el.closest("details");
    if (q) { q.open = true; el.scrollIntoView(); }
  };
  window.addEventListener("hashchange", openTarget);
  openTarget();

  // FAQ: "show all answers" opens every question, then closes them all.
  var expand = d.querySelector("[data-kb-expand]");
  if (expand) {
    var qs = d.querySelectorAll("[data-kb-faq] details"), labels = [expand.textContent, expand.dataset.collapse];
    var sync = function () {
      var all = Array.prototype.every.call(qs, function (q) { return q.open; });
      expand.textContent = labels[all ? 1 : 0];
      expand.setAttribute("aria-expanded", all);
      return all;
    };
    expand.hidden = false;
    sync();
    expand.addEventListener("click", function () {
      var open = !sync();
      qs.forEach(function (q) { q.open = open; });
      sync();
    });
    qs.forEach(function (q) { q.addEventListener("toggle", sync); });
  }

  // Announcements: the site's stays dismissed once the reader closes it,
  // by its id, which a new text changes; one past its end goes, where no
  // build has taken it off since. The region goes with the last one.
  var anns = d.querySelector(".announcements");
  if (anns) {
    var shown = function () { anns.hidden = !anns.querySelector(".announcement:not([hidden])"); };
    anns.querySelectorAll("[data-ends]").forEach(function (a) { if (Date.now() >= Date.parse(a.dataset.ends)) a.hidden = true; });
    var ann = anns.querySelector("[data-kb-announcement]");
    if (ann) {
      var key = "kb-dismissed-" + ann.dataset.kbAnnouncement, seen = null;
      try { seen = localStorage.getItem(key); } catch (e) { /* storage off: it stays */ }
      if (seen) ann.hidden = true;
      var x = ann.querySelector("[data-kb-dismiss]");
      x.hidden = false;
      x.addEventListener("click", function () {
        ann.hidden = true;
        try { localStorage.setItem(key, "1"); } catch (e) { /* only for this page */ }
        shown();
        d.querySelector(".brand").focus();
      });
    }
    shown();
  }

  // Policies: a print button.
  var print = d.querySelector("[data-kb-print]");
  if (print) { print.hidden = false; print.addEventListener("click", function () { window.print(); }); }

  // "Was this helpful?": votes go to the feedback endpoint (kb serve gives
  // its own). The reader is thanked only for a vote the endpoint took; with
  // no endpoint (a static host) nothing is sent, and a "no" leads to the
  // support contacts. The focus moves to what replaces the buttons.
  var fb = d.querySelector("[data-kb-feedback]");
  if (fb) {
    var live = d.querySelector("script[data-kb-feedback-api]");
    var api = fb.dataset.endpoint || (live ? live.dataset.kbFeedbackApi : "");
    var status = fb.querySelector(".thanks"), contact = fb.querySelector(".contact");
    var finish = function (message, helpful) {
      fb.querySelectorAll("fieldset").forEach(function (f) { f.hidden = true; });
      if (message) { status.textContent = message; status.hidden = false; }
      if (!helpful && contact) contact.hidden = false;
      (message ? status : contact || fb).focus();
    };
    var thanks = status.textContent;
    var send = function (body) {
      fb.querySelectorAll("fieldset").forEach(function (f) { f.disabled = true; });
      fetch(api, { method: "POST", keepalive: true, headers: { "Content-Type": "application/json" }, body: JSON.stringify(body) })
        .then(function (r) { return r.ok; }, function () { return false; })
        .then(function (ok) { finish(ok ? thanks : status.dataset.unsent, body.helpful); });
    };
    fb.hidden = false;
    fb.querySelectorAll("button[name=helpful]").forEach(function (b) {
      b.addEventListener("click", function () {
        if (!api) finish(b.value === "yes" ? status.dataset.glad : "", b.value === "yes");
        else if (b.value === "yes") send({ page: fb.dataset.page, lang: fb.dataset.lang, helpful: true });
        else { fb.querySelector(".why").hidden = false; fb.querySelector("input[name=reason]").focus(); }
      });
    });
    fb.addEventListener("submit", function (e) {
      e.preventDefault();
      var r = fb.querySelector("input[name=reason]:checked");
      send({ page: fb.dataset.page, lang: fb.dataset.lang, helpful: false, reason: r ? r.value : "", comment: fb.querySelector("textarea").value });
    });
  }

})();
