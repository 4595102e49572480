// The copy button of a console block copies the commands only: each line that starts with
// the prompt "$ ", without the prompt, and none of the output. Material's copy button copies
// the data-clipboard-text of the button when it has one, so the text is set on the button
// just before the copy runs (in the capture phase of the click).
(function () {
  "use strict";
  var PROMPT = "$ ";
  var CONSOLES = ".language-console, .language-shell-session";

  function commands(text) {
    return text
      .split("\n")
      .filter(function (line) { return line.indexOf(PROMPT) === 0; })
      .map(function (line) { return line.slice(PROMPT.length); })
      .join("\n");
  }

  document.addEventListener("click", function (event) {
    // Material's copy button: `.md-code__button` (9.7) or `.md-clipboard` (before it).
    var button = event.target.closest && event.target.closest("[data-clipboard-target]");
    var block = button && button.closest(CONSOLES);
    var code = block && block.querySelector("code");
    if (code) {
      button.setAttribute("data-clipboard-text", commands(code.textContent));
    }
  }, true);
})();
