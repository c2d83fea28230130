// Keyboard review: j/k or arrows move between segments, e/Enter edits, Esc leaves the editor,
// Ctrl+Enter (or Cmd+Enter) approves the segment being edited or focused.
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
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var first = segments()[0];
    if (first) {
      focusSegment(first);
    }
  });
})();
