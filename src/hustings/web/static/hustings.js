// Hustings: start GOV.UK Frontend components and wire the reveal buttons for blurred content.
import { initAll } from "/static/govuk/govuk-frontend.min.js";

initAll();

for (const button of document.querySelectorAll("[data-reveal-target]")) {
  button.addEventListener("click", () => {
    const target = document.getElementById(button.dataset.revealTarget);
    if (!target) return;
    const revealed = target.classList.toggle("hustings-revealed");
    target.setAttribute("aria-hidden", revealed ? "false" : "true");
    button.setAttribute("aria-expanded", revealed ? "true" : "false");
    button.textContent = revealed ? button.dataset.hideText : button.dataset.showText;
  });
}

// Long form submissions (imports) show a progress indicator while the server works.
for (const form of document.querySelectorAll("form[data-progress]")) {
  form.addEventListener("submit", () => {
    const indicator = document.getElementById(form.dataset.progress);
    if (indicator) indicator.hidden = false;
  });
}
