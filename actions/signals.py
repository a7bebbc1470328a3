"""What the actions app tells the apps above it. Updates are written in bulk (no `post_save`), so
their writers say which actions have new updates once they are stored."""

from django.dispatch import Signal

# sent with `action_ids`, inside the writing transaction, once new progress updates are stored
updates_recorded = Signal()
