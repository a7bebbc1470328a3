// The update form keeps what is typed: a few seconds after the last keystroke it sends the form
// (without its files) to be kept as a draft, and says when it last did. Before the session ends
// it warns, as GOV.UK's timeout warning does, that the draft is kept and will be back after
// signing in. Without script, every submit keeps the draft instead.
const status = document.getElementById("draft-status");
const form = status && status.parentElement.querySelector("form");

if (status && form) {
  const url = status.dataset.draftUrl;
  const endsAt = Date.parse(status.dataset.sessionEnds);
  let timer = null;
  let signedOut = false;

  const say = (text, warning = false) => {
    status.innerHTML = "";
    const paragraph = document.createElement(warning ? "div" : "p");
    paragraph.className = warning ? "govuk-warning-text" : "govuk-body-s app-secondary";
    if (warning) {
      paragraph.innerHTML = '<span class="govuk-warning-text__icon" aria-hidden="true">!</span>';
      const strong = document.createElement("strong");
      strong.className = "govuk-warning-text__text";
      strong.textContent = text;
      paragraph.append(strong);
    } else {
      paragraph.textContent = text;
    }
    status.append(paragraph);
  };

  const keep = async () => {
    const data = new FormData(form);
    data.delete("files");
    try {
      const response = await fetch(url, { method: "POST", body: data, credentials: "same-origin" });
      if (response.status === 401) {
        signedOut = true;
        say("You have been signed out. What you typed is kept: sign in again and it will be back on this form.", true);
        return;
      }
      if (response.ok) {
        const answer = await response.json();
        say(`Draft kept at ${answer.at}.`);
      }
    } catch (error) {
      say("Your draft could not be kept just now: check your connection.");
    }
  };

  form.addEventListener("input", () => {
    if (signedOut) return;
    window.clearTimeout(timer);
    timer = window.setTimeout(keep, 2000);
  });

  if (!Number.isNaN(endsAt)) {
    const warnAt = endsAt - 5 * 60 * 1000;
    const warn = () => {
      const minutes = Math.max(1, Math.round((endsAt - Date.now()) / 60000));
      say(`For your security you will be signed out in ${minutes} minute${minutes === 1 ? "" : "s"}. What you have typed is kept: after signing in again it will be back on this form.`, true);
      keep();
    };
    const wait = warnAt - Date.now();
    if (wait <= 0) warn();
    else if (wait < 2 ** 31) window.setTimeout(warn, wait);
  }
}
