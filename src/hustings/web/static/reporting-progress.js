// Campaign report progress: poll the run's status, update the bar and the status line (a
// polite live region, changed only when the stage changes), and show the report when done.
const box = document.querySelector("[data-report-status-url]");
if (box) {
  const bar = box.querySelector("progress");
  const status = box.querySelector("[data-report-stage]");
  let lastMessage = status ? status.textContent : "";
  const poll = async () => {
    try {
      const response = await fetch(box.dataset.reportStatusUrl, {
        headers: { accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const run = await response.json();
        if (bar) {
          bar.value = run.percent;
          bar.textContent = `${run.percent}%`;
        }
        if (run.finished) {
          window.location.reload();
          return;
        }
        if (status && run.message !== lastMessage) {
          status.textContent = run.message;
          lastMessage = run.message;
        }
      }
    } catch (error) {
      // A dropped connection: try again on the next tick.
    }
    window.setTimeout(poll, 1000);
  };
  window.setTimeout(poll, 1000);
}
