/* contracts-bdd living documentation: search on the index, narrowing on a pact's page, keyboard help.
   Builds every element with textContent: no text from a pact is ever read as HTML. */
(function () {
  "use strict";

  var SHOWN = 100;

  function element(tag, className, text) {
    var made = document.createElement(tag);
    if (className) { made.className = className; }
    if (text !== undefined) { made.textContent = text; }
    return made;
  }

  function interactions(count) {
    return count + (count === 1 ? " interaction" : " interactions");
  }

  function fold(text) {
    return String(text).toLowerCase();
  }

  function focusSearchOnSlash(input) {
    document.addEventListener("keydown", function (event) {
      var target = event.target;
      var typing = target && (target.tagName === "INPUT" || target.tagName === "SELECT" || target.tagName === "TEXTAREA");
      if (event.key === "/" && !typing && !event.ctrlKey && !event.metaKey && !event.altKey) {
        event.preventDefault();
        input.focus();
      }
    });
  }

  function fillSelect(select, values, labels) {
    values.forEach(function (value, index) {
      var option = element("option", "", labels ? labels[index] : value);
      option.value = String(index);
      select.appendChild(option);
    });
  }

  function setUpSearch(data) {
    var form = document.getElementById("find");
    var text = document.getElementById("find-text");
    var service = document.getElementById("find-service");
    var status = document.getElementById("find-status");
    var tag = document.getElementById("find-tag");
    var state = document.getElementById("find-state");
    var states = document.getElementById("find-states");
    var count = document.getElementById("find-count");
    var results = document.getElementById("find-results");
    var more = document.getElementById("find-more");
    var limit = SHOWN;
    fillSelect(service, data.services);
    fillSelect(status, data.statuses);
    fillSelect(tag, data.tags);
    data.states.forEach(function (name) {
      states.appendChild(element("option", "", name)).value = name;
    });
    var folded = data.items.map(function (item) {
      var words = [item[4], data.services[item[1]], data.services[item[2]], item[5], item[8]];
      item[6].forEach(function (number) { words.push(data.states[number]); });
      item[7].forEach(function (number) { words.push(data.tags[number]); });
      return fold(words.join("\n"));
    });
    var foldedStates = data.states.map(fold);

    function matches(index) {
      var item = data.items[index];
      if (service.value !== "" && item[1] !== +service.value && item[2] !== +service.value) { return false; }
      if (status.value !== "" && item[3] !== +status.value) { return false; }
      if (tag.value !== "" && item[7].indexOf(+tag.value) < 0) { return false; }
      var wantedState = fold(state.value.trim());
      if (wantedState && !item[6].some(function (number) { return foldedStates[number].indexOf(wantedState) >= 0; })) {
        return false;
      }
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      return words.every(function (word) { return folded[index].indexOf(word) >= 0; });
    }

    function show() {
      var found = [];
      for (var index = 0; index < data.items.length; index += 1) {
        if (matches(index)) { found.push(index); }
      }
      results.textContent = "";
      found.slice(0, limit).forEach(function (index) {
        var item = data.items[index];
        var entry = element("li");
        var link = element("a", "", item[4]);
        link.href = item[0];
        entry.appendChild(link);
        entry.appendChild(document.createTextNode(" "));
        entry.appendChild(element("span", "badge status-" + data.statuses[item[3]].replace(/ /g, "-"), data.statuses[item[3]]));
        var where = data.services[item[1]] + " \u2192 " + data.services[item[2]] + " \u00b7 " + item[5];
        if (item[6].length) {
          where += " \u00b7 given " + item[6].map(function (number) { return data.states[number]; }).join(", ");
        }
        entry.appendChild(element("span", "result-meta", where));
        results.appendChild(entry);
      });
      var total = data.items.length;
      var first = found.length > limit ? ", the first " + limit + " shown" : "";
      count.textContent = found.length === total
        ? "All " + interactions(total) + first + "."
        : found.length + " of " + interactions(total) + (found.length === 1 ? " matches" : " match") + first + ".";
      more.hidden = found.length <= limit;
    }

    form.addEventListener("input", function () { limit = SHOWN; show(); });
    form.addEventListener("change", function () { limit = SHOWN; show(); });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    more.addEventListener("click", function () { limit += SHOWN; show(); });
    focusSearchOnSlash(text);
    show();
  }

  function setUpNarrowing() {
    var form = document.getElementById("narrow");
    var text = document.getElementById("narrow-text");
    var status = document.getElementById("narrow-status");
    var count = document.getElementById("narrow-count");
    var items = Array.prototype.slice.call(document.querySelectorAll("details.interaction"));
    var folded = items.map(function (item) { return fold(item.textContent); });
    var groups = Array.prototype.slice.call(document.querySelectorAll("section.group"));

    function narrow() {
      var words = fold(text.value).split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, index) {
        var fits = (status.value === "" || item.getAttribute("data-status") === status.value) &&
          words.every(function (word) { return folded[index].indexOf(word) >= 0; });
        item.hidden = !fits;
        if (fits) { shown += 1; }
      });
      groups.forEach(function (group) {
        group.hidden = !group.querySelector("details.interaction:not([hidden])");
      });
      count.textContent = shown === items.length
        ? "All " + interactions(shown) + " on this page."
        : shown + " of " + interactions(items.length) + " on this page " + (shown === 1 ? "matches." : "match.");
    }

    form.addEventListener("input", narrow);
    form.addEventListener("change", narrow);
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    focusSearchOnSlash(text);
    narrow();
  }

  function linkedInteraction() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id ? document.getElementById(id) : null;
    return target && target.tagName === "DETAILS" ? target : null;
  }

  function openTheLinkedInteraction() {
    var target = linkedInteraction();
    if (target) { target.open = true; }
  }

  function focusTheLinkedInteraction() {
    /* After the browser's own move to the fragment, which focuses the page itself. */
    var target = linkedInteraction();
    var summary = target && target.querySelector("summary");
    if (summary) {
      target.open = true;
      summary.focus();
      target.scrollIntoView();
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (window.CONTRACTS_SEARCH && document.getElementById("find")) {
      setUpSearch(window.CONTRACTS_SEARCH);
    }
    if (document.getElementById("narrow")) {
      setUpNarrowing();
      openTheLinkedInteraction();
      window.addEventListener("load", function () { window.setTimeout(focusTheLinkedInteraction, 0); });
      window.addEventListener("hashchange", focusTheLinkedInteraction);
    }
  });
}());
