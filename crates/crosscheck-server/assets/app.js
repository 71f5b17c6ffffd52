// crosscheck pages: hover tips, passage links, and stepping through a pair's matches.
// Text is only ever set with textContent; nothing here builds HTML from data.
"use strict";

(function () {
  var tip = document.getElementById("tip");

  function showTip(el, text) {
    if (!tip) { return; }
    tip.textContent = text;
    tip.hidden = false;
    var box = el.getBoundingClientRect();
    tip.style.left = Math.round(window.scrollX + box.left) + "px";
    tip.style.top = Math.round(window.scrollY + box.bottom + 4) + "px";
  }

  function hideTip() {
    if (tip) { tip.hidden = true; }
  }

  document.addEventListener("mouseover", function (event) {
    var el = event.target.closest ? event.target.closest("[data-original]") : null;
    if (el) {
      showTip(el, "original: " + el.getAttribute("data-original"));
    } else {
      hideTip();
    }
  });

  // Document page: a reused passage opens its pair side by side.
  document.addEventListener("click", function (event) {
    var el = event.target.closest ? event.target.closest("[data-href]") : null;
    if (!el) { return; }
    var href = el.getAttribute("data-href");
    if (href && href.indexOf("/pair/") === 0) {
      window.location.href = href;
    }
  });

  // Pair page: a passage on one side scrolls the other side to its match.
  var source = document.getElementById("source-text");
  var target = document.getElementById("target-text");
  if (!source || !target) { return; }
  var count = source.querySelectorAll("[id^='s-']").length;
  var current = -1;
  var status = document.getElementById("match-status");

  function select(n, from) {
    if (count === 0) { return; }
    current = ((n % count) + count) % count;
    var marked = document.querySelectorAll(".current");
    for (var i = 0; i < marked.length; i++) { marked[i].classList.remove("current"); }
    var ids = ["s-" + current, "t-" + current];
    for (var k = 0; k < ids.length; k++) {
      var parts = document.querySelectorAll("[data-match='" + ids[k] + "']");
      for (var j = 0; j < parts.length; j++) { parts[j].classList.add("current"); }
    }
    var s = document.getElementById("s-" + current);
    var t = document.getElementById("t-" + current);
    if (from !== "source" && s) { s.scrollIntoView({ block: "center" }); }
    if (from !== "target" && t) { t.scrollIntoView({ block: "center" }); }
    if (status) { status.textContent = "match " + (current + 1) + " of " + count; }
  }

  function clicked(pane, side) {
    pane.addEventListener("click", function (event) {
      var el = event.target.closest ? event.target.closest("[data-match]") : null;
      if (!el) { return; }
      var other = el.getAttribute("data-match") || "";
      var n = parseInt(other.slice(2), 10);
      if (!isNaN(n)) { select(n, side); }
    });
  }
  clicked(source, "source");
  clicked(target, "target");

  var next = document.getElementById("next-match");
  var prev = document.getElementById("prev-match");
  if (next) { next.addEventListener("click", function () { select(current + 1); }); }
  if (prev) { prev.addEventListener("click", function () { select(current < 0 ? count - 1 : current - 1); }); }
}());

// Add articles (/ingest): files dropped or chosen, or an article pasted. Results are listed
// with textContent and links built from hex hashes and numeric keys only.
(function () {
  var zone = document.getElementById("dropzone");
  var form = document.getElementById("paste-form");
  var list = document.getElementById("ingest-results");
  var status = document.getElementById("ingest-status");
  if (!list) { return; }

  function link(href, text) {
    var a = document.createElement("a");
    if (/^\/(doc\/[0-9a-f]+|story\/[0-9]+)$/.test(href)) { a.setAttribute("href", href); }
    a.textContent = text;
    return a;
  }

  function show(answer, what) {
    if (answer.error) {
      status.textContent = what + ": " + answer.error;
      return;
    }
    status.textContent = what + ": " + answer["new"] + " new, " + answer.already_stored +
      " already stored" + (answer.skipped.length ? ", " + answer.skipped.length + " skipped" : "") + ".";
    answer.skipped.forEach(function (s) {
      var li = document.createElement("li");
      li.className = "error";
      li.textContent = "skipped " + s.location + ": " + s.reason;
      list.appendChild(li);
    });
    answer.documents.forEach(function (d) {
      var li = document.createElement("li");
      li.className = "ingested";
      li.appendChild(link(d.href, d.document.title || d.document.id));
      li.appendChild(document.createTextNode(" → "));
      if (d.story_href) {
        li.appendChild(link(d.story_href, "story " + d.document.story));
      } else {
        li.appendChild(document.createTextNode("not placed in a story"));
      }
      list.appendChild(li);
    });
  }

  function post(url, body, type, what) {
    status.textContent = what + ": adding…";
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": type, "X-Crosscheck-Write": "1" },
      body: body
    }).then(function (r) { return r.json(); })
      .then(function (answer) { show(answer, what); })
      .catch(function (e) { status.textContent = what + ": " + e; });
  }

  function send(files) {
    var chain = Promise.resolve();
    Array.prototype.forEach.call(files, function (file) {
      chain = chain.then(function () {
        return post("/api/ingest?name=" + encodeURIComponent(file.name), file,
          "application/octet-stream", file.name);
      });
    });
  }

  if (zone) {
    zone.addEventListener("dragover", function (e) { e.preventDefault(); zone.classList.add("over"); });
    zone.addEventListener("dragleave", function () { zone.classList.remove("over"); });
    zone.addEventListener("drop", function (e) {
      e.preventDefault();
      zone.classList.remove("over");
      send(e.dataTransfer.files);
    });
  }
  var input = document.getElementById("file-input");
  if (input) { input.addEventListener("change", function () { send(input.files); }); }
  if (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var data = {};
      ["format", "title", "outlet", "published", "url", "text"].forEach(function (k) {
        data[k] = form.elements[k].value;
      });
      post("/api/ingest/text", JSON.stringify(data), "application/json", "pasted article");
    });
  }
}());

// Story corrections (story page, --allow-ingest): merge this story into another, or move a
// document to another story or one of its own. On success the page goes to the story.
(function () {
  var status = document.getElementById("correct-status");

  function say(text) {
    if (status) { status.textContent = text; } else { window.alert(text); }
  }

  function post(url, data) {
    return fetch(url, {
      method: "POST",
      headers: { "Content-Type": "application/json", "X-Crosscheck-Write": "1" },
      body: JSON.stringify(data)
    }).then(function (r) { return r.json(); }).then(function (answer) {
      if (answer.error) { say(answer.error); return; }
      if (/^\/story\/[0-9]+$/.test(answer.href)) { window.location.href = answer.href; }
    }).catch(function (e) { say(String(e)); });
  }

  var merge = document.getElementById("merge-form");
  if (merge) {
    merge.addEventListener("submit", function (e) {
      e.preventDefault();
      var key = merge.getAttribute("data-story");
      var into = parseInt(merge.elements.into.value, 10);
      if (/^[0-9]+$/.test(key) && !isNaN(into)) { post("/api/story/" + key + "/merge", { into: into }); }
    });
  }
  var forms = document.querySelectorAll(".move-form");
  Array.prototype.forEach.call(forms, function (form) {
    form.addEventListener("submit", function (e) {
      e.preventDefault();
      var doc = form.getAttribute("data-doc");
      if (!/^[0-9a-f]+$/.test(doc)) { return; }
      var own = e.submitter && e.submitter.name === "own";
      var to = parseInt(form.elements.to.value, 10);
      if (!own && isNaN(to)) { say("Give the number of the story to move it to."); return; }
      post("/api/document/" + doc + "/move", { to: own ? null : to });
    });
  });
}());
