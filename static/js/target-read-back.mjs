// Says how a target date is read while it is typed ("Read as a deadline of 30 June 2025"):
// the server reads it, so the page and the saved date never disagree.
for (const region of document.querySelectorAll("[data-read-back-for]")) {
  const input = document.getElementById(region.dataset.readBackFor);
  if (!input) continue;
  let timer;
  input.addEventListener("input", () => {
    clearTimeout(timer);
    timer = setTimeout(async () => {
      const url = `${region.dataset.url}?text=${encodeURIComponent(input.value)}`;
      try {
        const response = await fetch(url, { headers: { Accept: "application/json" } });
        if (response.ok) region.textContent = (await response.json()).text;
      } catch {
        // offline or signed out: the reading shows again when the form is sent
      }
    }, 300);
  });
}
