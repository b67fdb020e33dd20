"""The "Anstehend" tab (what is due) and its model."""

from partnerdesk.ui.due.panel import install

__all__ = ["install"]
