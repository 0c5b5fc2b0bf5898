/* Read-aloud for a module page: the browser's own speech synthesis, sentence by sentence.
 *
 * Progressive enhancement: the controls are in the page with `hidden` and are shown only
 * where the browser can speak. The text is read in the course's language (data-lang),
 * one sentence per utterance, so pause, resume and stop act at once, and the sentence
 * being read is highlighted where the CSS Custom Highlight API exists. No inline script,
 * no network: the page's CSP stays as strict as before.
 */
(function () {
  "use strict";

  var controls = document.querySelector("[data-read-aloud]");
  if (!controls || !window.speechSynthesis || !window.SpeechSynthesisUtterance) {
    return;
  }
  var synth = window.speechSynthesis;
  var source = document.querySelector(controls.getAttribute("data-read-aloud"));
  var lang = controls.getAttribute("data-lang") || document.documentElement.lang;
  var toggle = controls.querySelector("[data-action=toggle]");
  var stop = controls.querySelector("[data-action=stop]");
  var canHighlight = !!(window.CSS && CSS.highlights && window.Highlight);
  var BLOCKS = "h1, h2, h3, h4, p, li, dt, dd, th, td, caption, figcaption, blockquote";
  var state = "idle"; // idle | speaking | paused
  var sentences = [];
  var current = 0;
  var run = 0; // bumps on every start and stop, so late events of an old run are ignored

  if (!source || !toggle || !stop) {
    return;
  }

  function label(name) {
    return toggle.getAttribute("data-label-" + name);
  }

  function show(newState) {
    state = newState;
    toggle.textContent = label(state === "speaking" ? "pause" : state === "paused" ? "resume" : "play");
    stop.hidden = state === "idle";
    if (state === "idle") {
      highlight(null);
    }
  }

  function highlight(range) {
    if (!canHighlight) {
      return;
    }
    if (range) {
      CSS.highlights.set("read-aloud", new Highlight(range));
    } else {
      CSS.highlights.delete("read-aloud");
    }
  }

  /* The innermost text blocks of the source, skipping code, controls and hidden parts. */
  function blocks() {
    var all = Array.prototype.slice.call(source.querySelectorAll(BLOCKS));
    return all.filter(function (el) {
      return (
        !el.querySelector(BLOCKS) &&
        !el.closest("pre, [hidden], [aria-hidden=true], [data-read-aloud]") &&
        el.getClientRects().length > 0
      );
    });
  }

  /* Split a block into sentences, each a Range over the block's text nodes. */
  function sentencesOf(block) {
    // Words in the learner's first language are not read with the course's voice.
    var walker = document.createTreeWalker(block, NodeFilter.SHOW_TEXT, {
      acceptNode: function (textNode) {
        return textNode.parentElement.closest(".translation")
          ? NodeFilter.FILTER_REJECT
          : NodeFilter.FILTER_ACCEPT;
      },
    });
    var nodes = [];
    var text = "";
    var node;
    while ((node = walker.nextNode())) {
      nodes.push({ node: node, start: text.length });
      text += node.data;
    }
    var spans = [];
    if (window.Intl && Intl.Segmenter) {
      var segmenter = new Intl.Segmenter(lang, { granularity: "sentence" });
      var parts = segmenter.segment(text);
      for (var it = parts[Symbol.iterator](), step = it.next(); !step.done; step = it.next()) {
        spans.push([step.value.index, step.value.index + step.value.segment.length]);
      }
    } else {
      var re = /[^.!?]+[.!?]*\s*/g;
      var match;
      while ((match = re.exec(text))) {
        spans.push([match.index, match.index + match[0].length]);
      }
    }
    return spans
      .filter(function (span) {
        return text.slice(span[0], span[1]).trim();
      })
      .map(function (span) {
        var range = document.createRange();
        place(range, nodes, span[0], "setStart");
        place(range, nodes, span[1], "setEnd");
        return { text: text.slice(span[0], span[1]).trim(), range: range };
      });
  }

  function place(range, nodes, offset, method) {
    for (var i = nodes.length - 1; i >= 0; i--) {
      if (nodes[i].start <= offset) {
        range[method](nodes[i].node, Math.min(offset - nodes[i].start, nodes[i].node.data.length));
        return;
      }
    }
  }

  function voiceFor(language) {
    var wanted = language.toLowerCase().split("-")[0];
    // Norwegian voices are tagged nb, no or nn depending on the system.
    var family = wanted === "nb" || wanted === "nn" || wanted === "no" ? ["nb", "no", "nn"] : [wanted];
    var voices = synth.getVoices ? synth.getVoices() || [] : [];
    for (var i = 0; i < voices.length; i++) {
      if (family.indexOf(String(voices[i].lang).toLowerCase().split(/[-_]/)[0]) !== -1) {
        return voices[i];
      }
    }
    return null;
  }

  function speak(index, thisRun) {
    if (thisRun !== run) {
      return;
    }
    if (index >= sentences.length) {
      show("idle");
      return;
    }
    current = index;
    var sentence = sentences[index];
    var utterance = new SpeechSynthesisUtterance(sentence.text);
    utterance.lang = lang;
    var voice = voiceFor(lang);
    if (voice) {
      utterance.voice = voice;
    }
    utterance.onstart = function () {
      if (thisRun === run) {
        highlight(sentence.range);
      }
    };
    utterance.onend = function () {
      speak(index + 1, thisRun);
    };
    utterance.onerror = function (event) {
      // "interrupted"/"canceled" come from our own stop; anything else ends the reading.
      if (thisRun === run && event && event.error !== "interrupted" && event.error !== "canceled") {
        show("idle");
      }
    };
    highlight(sentence.range);
    synth.speak(utterance);
  }

  function start() {
    sentences = [];
    blocks().forEach(function (block) {
      sentences = sentences.concat(sentencesOf(block));
    });
    if (!sentences.length) {
      return;
    }
    run += 1;
    synth.cancel();
    show("speaking");
    speak(0, run);
  }

  function halt() {
    run += 1;
    synth.cancel();
    show("idle");
  }

  toggle.addEventListener("click", function () {
    if (state === "idle") {
      start();
    } else if (state === "speaking") {
      synth.pause();
      show("paused");
    } else {
      synth.resume();
      show("speaking");
    }
  });
  stop.addEventListener("click", function () {
    halt();
    toggle.focus();
  });
  window.addEventListener("pagehide", function () {
    if (state !== "idle") {
      halt();
    }
  });

  show("idle");
  controls.hidden = false;
})();
