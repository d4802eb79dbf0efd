/* Live score preview of the assessment form: what the typed (unsaved) national values would
   score, from the public POST /api/v1/score-preview/ (the same scoring as stored scores).
   The form works without this script; it only adds the preview box. */
(function () {
  "use strict";
  var form = document.getElementById("assessment-form");
  var box = document.getElementById("live-preview");
  if (!form || !box || !window.fetch) return;
  var COUNTS = ["women", "men", "numerator", "denominator", "reported", "investigated",
                "prosecuted", "penalised"];
  var AMOUNTS = ["allocated", "disbursed", "to_civil_society"];

  function field(prefix, name) { return form.elements[prefix + "-" + name]; }
  function text(prefix, name) { var f = field(prefix, name); return f ? f.value.trim() : ""; }

  function rowInputs(row, kind) {
    var prefix = row.dataset.prefix, inputs = {}, any = false;
    if (text(prefix, "value_level") === "local") return null; // local values are not scored
    COUNTS.concat(AMOUNTS).forEach(function (name) {
      var value = text(prefix, name);
      if (value !== "") { inputs[name] = Number(value); any = true; }
    });
    var currency = text(prefix, "currency");
    if (currency) { inputs.currency = currency; any = true; }
    var level = row.querySelector("input[name='" + prefix + "-level']:checked");
    if (level && level.value !== "") { inputs.level = Number(level.value); any = true; }
    if (kind === "checklist") {
      var items = {};
      row.querySelectorAll("select[name^='" + prefix + "-item-']").forEach(function (select) {
        if (select.value) { items[select.name.slice((prefix + "-item-").length)] = select.value; }
      });
      if (Object.keys(items).length) { inputs.items = items; any = true; }
    }
    return any ? inputs : null;
  }

  function payload() {
    var indicators = {};
    form.querySelectorAll("fieldset.indicator").forEach(function (set) {
      var code = set.dataset.code, na = form.elements[code + "-na"];
      if (na && na.checked) {
        indicators[code] = {not_applicable: true, reason: text(code, "na_reason") || "-"};
        return;
      }
      var components = {};
      set.querySelectorAll("fieldset.component").forEach(function (part) {
        var rows = part.querySelectorAll(".value-row");
        for (var i = 0; i < rows.length; i++) {
          var inputs = rowInputs(rows[i], part.dataset.kind);
          if (inputs) { components[part.dataset.key] = inputs; break; }
        }
      });
      if (Object.keys(components).length) indicators[code] = {components: components};
    });
    return {methodology: box.dataset.methodology, indicators: indicators};
  }

  // Words for status, band and cluster keys come from the page, in its language.
  function words(key) {
    return box.getAttribute("data-w-" + key) || key.replace(/_/g, " ");
  }
  var lang = document.documentElement.lang || undefined;
  function number(value) {
    try {
      return value.toLocaleString(lang, {minimumFractionDigits: 1, maximumFractionDigits: 1});
    } catch (e) {
      return value.toFixed(1);
    }
  }

  function shown(result) {
    if (result.status === "scored" && result.score !== null) return number(result.score);
    return words(result.status);
  }

  function firstMessage(errors) {
    if (typeof errors === "string") return errors;
    for (var key in errors) {
      var found = firstMessage(errors[key]);
      if (found) return found;
    }
    return "";
  }

  var timer = null;
  function refresh() {
    fetch(box.dataset.url, {
      method: "POST",
      headers: {"Content-Type": "application/json", "Accept": "application/json"},
      body: JSON.stringify(payload())
    }).then(function (response) {
      return response.json().then(function (body) { return {ok: response.ok, body: body}; });
    }).then(function (answer) {
      var out = box.querySelector("output");
      if (!answer.ok) {
        out.textContent = box.dataset.invalid + " " + firstMessage(answer.body);
        return;
      }
      var b = answer.body;
      out.textContent = box.dataset.overall + " " + shown(b.overall) +
        (b.overall.band ? " (" + words(b.overall.band) + ")" : "") + " · " +
        Object.keys(b.clusters).map(function (name) {
          return words(name) + " " + shown(b.clusters[name]);
        }).join(" · ");
    }).catch(function () { /* the preview is an extra; saving still works */ });
  }
  form.addEventListener("input", function () {
    clearTimeout(timer);
    timer = setTimeout(refresh, 400);
  });
  box.hidden = false;
})();
