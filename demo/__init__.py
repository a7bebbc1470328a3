"""The top floor: the demonstration councils, plans, people and rounds that `make run` loads.
Nothing imports it; it may use every other app."""
