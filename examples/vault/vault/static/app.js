// Stars a note through the JSON API. The CSRF token travels in the
// X-CSRFToken header (read from the page's meta tag); the same-origin fetch
// also carries Sec-Fetch-Site: same-origin, which the guard checks first.
"use strict";
document.addEventListener("DOMContentLoaded", () => {
  const token = document.querySelector('meta[name="csrf-token"]').content;
  for (const button of document.querySelectorAll("button.star")) {
    button.addEventListener("click", async () => {
      const starred = button.dataset.starred !== "true";
      const response = await fetch(button.dataset.url, {
        method: "POST",
        headers: { "Content-Type": "application/json", "X-CSRFToken": token },
        body: JSON.stringify({ starred }),
      });
      if (!response.ok) { button.classList.add("failed"); return; }
      const data = await response.json();
      button.dataset.starred = String(data.starred);
      button.textContent = data.starred ? "★" : "☆";
      button.classList.add("saved");
    });
  }
});
