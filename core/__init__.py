"""The ground floor: what every app uses and nothing of the product's own. Recording the audit
trail, reading and writing spreadsheets safely, one-line fields and the client's network address.
It imports no app."""
