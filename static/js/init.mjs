// GOV.UK Frontend's components; the error summary moves focus to itself when the page loads.
import { initAll } from "../govuk/govuk-frontend.min.js";

initAll();
