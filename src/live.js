// handbook serve: live reload and the build-error overlay. `handbook serve` adds this script to the
// HTML it serves; built sites never contain it. Events come from the server as Server-Sent Events:
// `reload` (a good build: reload, keeping the scroll position) and `error` (a failed rebuild: show
// its problems over the last good page until the next good build).
(function () {
  "use strict";
  var me = document.currentScript;
  var token = me.getAttribute("data-token");
  var eventsUrl = me.getAttribute("data-events");
  var scrollKey = "handbook-serve-scroll:" + location.pathname;
  var overlayId = "handbook-serve-errors";
  var lastFocus = null;

  var saved = sessionStorage.getItem(scrollKey);
  if (saved !== null) {
    sessionStorage.removeItem(scrollKey);
    var restore = function () { window.scrollTo(0, parseFloat(saved) || 0); };
    if (document.readyState === "complete") { restore(); } else { window.addEventListener("load", restore); }
  }

  var labels = {
    th: {
      title: "บันทึกล่าสุดมีข้อผิดพลาด",
      note: "หน้านี้แสดงผลจากการสร้างครั้งล่าสุดที่สำเร็จ แก้ไขแล้วบันทึกอีกครั้ง หน้าจะโหลดใหม่เอง",
      close: "ปิด"
    },
    en: {
      title: "The last save has errors",
      note: "This page shows the last good build. Fix the errors and save again; the page reloads by itself.",
      close: "Close"
    }
  };
  var lang = (document.documentElement.lang || "th").slice(0, 2) === "en" ? "en" : "th";
  var text = labels[lang];

  function el(name, style, content) {
    var node = document.createElement(name);
    if (style) { node.setAttribute("style", style); }
    if (content) { node.textContent = content; }
    return node;
  }

  function hide() {
    var old = document.getElementById(overlayId);
    if (!old) { return; }
    old.parentNode.removeChild(old);
    if (lastFocus && lastFocus.focus) { lastFocus.focus(); }
    lastFocus = null;
  }

  function show(problems) {
    var previous = document.getElementById(overlayId);
    if (previous) { previous.parentNode.removeChild(previous); } else { lastFocus = document.activeElement; }
    var backdrop = el("div", "position:fixed;inset:0;z-index:2147483647;background:rgba(0,0,0,.65);" +
      "display:flex;align-items:flex-start;justify-content:center;padding:4vh 1rem;overflow:auto;");
    backdrop.id = overlayId;
    var box = el("div", "background:#fff;color:#000;border:4px solid #a00000;border-radius:6px;" +
      "max-width:50rem;width:100%;padding:1.25rem 1.5rem;font-size:1rem;line-height:1.6;" +
      "font-family:inherit;box-shadow:0 4px 24px rgba(0,0,0,.5);");
    box.setAttribute("role", "alertdialog");
    box.setAttribute("aria-modal", "true");
    box.setAttribute("aria-labelledby", overlayId + "-title");
    box.setAttribute("aria-describedby", overlayId + "-note");
    box.setAttribute("lang", lang);
    var title = el("h2", "margin:0 0 .5rem;font-size:1.4rem;color:#a00000;", text.title);
    title.id = overlayId + "-title";
    var note = el("p", "margin:0 0 1rem;", text.note);
    note.id = overlayId + "-note";
    var list = el("ul", "margin:0 0 1rem;padding:0;list-style:none;");
    problems.forEach(function (p) {
      var item = el("li", "margin:0 0 .75rem;padding:.5rem .75rem;background:#fff4f4;border-left:4px solid #a00000;");
      var where = p.file ? p.file + (p.line ? ":" + p.line + ":" + p.col : "") : "";
      if (where) {
        item.appendChild(el("code", "display:block;font-weight:bold;color:#000;word-break:break-all;", where));
      }
      item.appendChild(el("span", "white-space:pre-wrap;", p.message));
      list.appendChild(item);
    });
    var close = el("button", "font:inherit;padding:.4rem 1.2rem;background:#000;color:#fff;border:2px solid #000;" +
      "border-radius:4px;cursor:pointer;outline-offset:3px;", text.close);
    close.type = "button";
    close.addEventListener("click", hide);
    backdrop.addEventListener("keydown", function (e) {
      if (e.key === "Escape") { hide(); }
      if (e.key === "Tab") { e.preventDefault(); close.focus(); }
    });
    box.appendChild(title);
    box.appendChild(note);
    box.appendChild(list);
    box.appendChild(close);
    backdrop.appendChild(box);
    document.body.appendChild(backdrop);
    close.focus();
  }

  var source = new EventSource(eventsUrl + "?since=" + encodeURIComponent(token));
  source.addEventListener("reload", function () {
    sessionStorage.setItem(scrollKey, String(window.scrollY));
    source.close();
    location.reload();
  });
  // A named `error` event carries data; the EventSource's own connection errors do not.
  source.addEventListener("error", function (e) {
    if (typeof e.data !== "string") { return; }
    show(JSON.parse(e.data));
  });
})();
