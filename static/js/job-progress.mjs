// A job's page keeps itself up to date: it asks for the job's status every second or two, shows
// the progress, and when the job has finished loads the page again (which then offers the
// download) or goes on to where the job leads. Without script, the "Refresh" link does the same.
const region = document.getElementById("job-status");

if (region) {
  const label = region.querySelector("[data-job-label]");
  const text = region.querySelector("[data-job-text]");
  const bar = document.getElementById("job-progress");
  const detail = region.querySelector("[data-job-detail]");
  const url = region.dataset.statusUrl;
  let lastText = text ? text.textContent : "";

  const check = async () => {
    let status;
    try {
      const response = await fetch(url, { headers: { Accept: "application/json" }, credentials: "same-origin" });
      if (!response.ok) {
        window.setTimeout(check, 5000);
        return;
      }
      status = await response.json();
    } catch {
      window.setTimeout(check, 5000);
      return;
    }
    if (status.finished) {
      window.location.replace(status.next_url || window.location.href);
      return;
    }
    if (text && status.text !== lastText) {
      label.textContent = `${status.label}.`;
      text.textContent = status.text;
      lastText = status.text;
    }
    if (detail) {
      detail.textContent = status.detail;
    }
    if (bar && status.percent !== null) {
      bar.value = status.percent;
      bar.textContent = `${status.percent}%`;
    }
    window.setTimeout(check, 1500);
  };
  window.setTimeout(check, 1000);
}
