// The review workbench, keyboard first:
//   j/k or arrows move between segments, e/Enter edits, Esc leaves the editor, Ctrl+Enter (or Cmd+Enter) approves,
//   1-3 take a memory match (Alt+1-3 while editing), / searches segments, c searches the memory.
// While typing, the target goes to the server's check registry (POST .../check, same CSRF token) and its flags
// show under the editor; the length counter follows. Everything works without this script, only slower.
(function () {
  "use strict";

  function segments() {
    return Array.prototype.slice.call(document.querySelectorAll("article.seg"));
  }

  function current() {
    var el = document.activeElement;
    return el && el.closest ? el.closest("article.seg") : null;
  }

  function focusSegment(seg) {
    if (!seg) {
      return;
    }
    segments().forEach(function (s) {
      s.classList.toggle("current", s === seg);
    });
    seg.focus();
    seg.scrollIntoView({ block: "center" });
  }

  function move(step) {
    var all = segments();
    if (!all.length) {
      return;
    }
    var index = all.indexOf(current());
    var next = index < 0 ? (step > 0 ? 0 : all.length - 1) : Math.min(all.length - 1, Math.max(0, index + step));
    focusSegment(all[next]);
  }

  function take(seg, n) {
    var button = seg && seg.querySelector('button.take[data-take="' + n + '"]');
    if (!button) {
      return false;
    }
    var area = seg.querySelector("textarea");
    area.value = button.getAttribute("data-text");
    area.focus();
    area.dispatchEvent(new Event("input", { bubbles: true }));
    return true;
  }

  function renderFlags(list, data) {
    list.textContent = "";
    var items = data.error ? [{ severity: "error", code: "refused", message: data.error }] : data.flags;
    items.forEach(function (f) {
      var li = document.createElement("li");
      li.className = "flag " + f.severity;
      var b = document.createElement("b");
      b.textContent = f.severity;
      var code = document.createElement("code");
      code.textContent = f.code;
      li.appendChild(b);
      li.appendChild(document.createTextNode(" "));
      li.appendChild(code);
      li.appendChild(document.createTextNode(" " + f.message));
      list.appendChild(li);
    });
    if (!items.length) {
      var ok = document.createElement("li");
      ok.className = "flag ok";
      ok.textContent = "No flag";
      list.appendChild(ok);
    }
  }

  var timers = new WeakMap();

  function liveCheck(area) {
    var form = area.form;
    var seg = area.closest("article.seg");
    var counter = seg.querySelector(".counter .len");
    if (counter) {
      counter.textContent = String(area.value.replace(/\{\/?[A-Za-z0-9.-]+\/?\}/g, "").length);
    }
    clearTimeout(timers.get(area));
    timers.set(
      area,
      setTimeout(function () {
        var body = new URLSearchParams();
        body.set("csrf", form.elements.csrf.value);
        body.set("segment", form.elements.segment.value);
        body.set("target", area.value);
        fetch(form.getAttribute("action").replace(/\/approve$/, "/check"), {
          method: "POST",
          body: body,
          credentials: "same-origin",
        })
          .then(function (r) {
            return r.json();
          })
          .then(function (data) {
            renderFlags(seg.querySelector("ul.live-flags"), data);
            var critical = data.error || data.flags.some(function (f) {
              return f.severity === "critical";
            });
            seg.classList.toggle("has-critical", Boolean(critical));
          })
          .catch(function () {});
      }, 300)
    );
  }

  document.addEventListener("input", function (event) {
    if (event.target && event.target.tagName === "TEXTAREA" && event.target.closest("form.approve")) {
      liveCheck(event.target);
    }
  });

  document.addEventListener("keydown", function (event) {
    var seg = current();
    var editing = event.target && event.target.tagName === "TEXTAREA";
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (seg) {
        event.preventDefault();
        seg.querySelector("form.approve").requestSubmit();
      }
      return;
    }
    if (editing && event.altKey && /^[1-3]$/.test(event.key)) {
      if (take(seg, event.key)) {
        event.preventDefault();
      }
      return;
    }
    var typing = event.target && (event.target.tagName === "INPUT" || event.target.tagName === "SELECT");
    if (typing) {
      return;
    }
    if (editing) {
      if (event.key === "Escape") {
        event.preventDefault();
        focusSegment(seg);
      }
      return;
    }
    if (event.ctrlKey || event.metaKey || event.altKey) {
      return;
    }
    if (event.key === "j" || event.key === "ArrowDown") {
      event.preventDefault();
      move(1);
    } else if (event.key === "k" || event.key === "ArrowUp") {
      event.preventDefault();
      move(-1);
    } else if ((event.key === "e" || event.key === "Enter") && seg && event.target === seg) {
      event.preventDefault();
      seg.querySelector("textarea").focus();
    } else if (/^[1-3]$/.test(event.key) && seg && event.target === seg) {
      if (take(seg, event.key)) {
        event.preventDefault();
      }
    } else if (event.key === "/" || event.key === "c") {
      var box = document.getElementById(event.key === "/" ? "q" : "cq");
      if (box) {
        event.preventDefault();
        box.focus();
      }
    }
  });

  document.addEventListener("click", function (event) {
    var button = event.target && event.target.closest ? event.target.closest("button.take") : null;
    if (button) {
      take(button.closest("article.seg"), button.getAttribute("data-take"));
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var asking = document.querySelector("[autofocus]");
    if (asking) {
      var card = asking.closest("article.seg");
      if (card) {
        card.classList.add("current");
      }
      asking.focus(); // a confirmation asks first
      asking.scrollIntoView({ block: "center" });
      return;
    }
    var main = document.querySelector("main[data-focus]");
    var wanted = main ? document.getElementById(main.getAttribute("data-focus")) : null;
    var first = wanted || segments()[0];
    if (first) {
      focusSegment(first);
    }
  });
})();
