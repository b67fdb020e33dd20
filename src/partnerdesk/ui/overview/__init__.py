"""The *Übersicht* tab: partner map, SDG coverage and counts, CEMR statistics."""

from partnerdesk.ui.overview.panel import install

__all__ = ["install"]
