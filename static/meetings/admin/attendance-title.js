// Prefill an attendee's title with the one they held on the session's day.
// A title typed by staff is never replaced; one filled here is refreshed when
// the person, role, date or body changes.
"use strict";
(function ($) {
  if (!$) {
    return;
  }
  const rowSelector = "tr.form-row";
  const personSelector = "select[name^='attendances-'][name$='-person']";
  const roleSelector = "select[name^='attendances-'][name$='-role']";

  function endpoint() {
    const path = window.location.pathname;
    const base = path.slice(0, path.indexOf("/meetings/session/"));
    return base + "/meetings/session/chuc-danh/";
  }

  function fill(row) {
    const person = row.find(personSelector).val();
    const title = row.find("input[name$='-title']");
    const organization = $("#id_organization").val();
    const date = $("#id_starts_at_0").val();
    if (!person || !organization || !date || !title.length) {
      return;
    }
    if (title.val() && !title.data("prefilled")) {
      return;
    }
    const query = new URLSearchParams({
      person: person,
      organization: organization,
      date: date,
      role: row.find(roleSelector).val() || "",
    });
    fetch(endpoint() + "?" + query.toString(), {
      credentials: "same-origin",
      headers: { Accept: "application/json" },
    })
      .then((response) => (response.ok ? response.json() : null))
      .then((data) => {
        if (data && (!title.val() || title.data("prefilled"))) {
          title.val(data.title);
          title.data("prefilled", true);
        }
      });
  }

  $(document).on("change", personSelector + ", " + roleSelector, function () {
    fill($(this).closest(rowSelector));
  });
  $(document).on("input", "input[name^='attendances-'][name$='-title']", function () {
    $(this).data("prefilled", false);
  });
  $(document).on("change", "#id_organization, #id_starts_at_0", function () {
    $(rowSelector).each(function () {
      const title = $(this).find("input[name$='-title']");
      if (title.data("prefilled")) {
        fill($(this));
      }
    });
  });
})(window.django && window.django.jQuery);
