"""An index on the projects' start year (lane "overview-speed", issue 24).

The *Übersicht* tab's year filter offers the years from the first to the last with data; the
first and last project start known only as a year (``projects.start_year``, revision 0013) were
found by reading every project (about 17 ms for 100,000 projects, on every first look at the tab
and after each change of partnerships or organisations). With this index each is one step from
one end of it. The same on SQLite and PostgreSQL; no data changes.

(The covering index on projects (currency, budget) proposed for the SDG chart was tried and not
taken: scanning it instead of the table made SQLite look the goals up in the index's order, not
the table's, and the SDG statement 2.5 times slower; see the lane's report.)

Revision ID: 0025
Revises: 0024
"""

from __future__ import annotations

from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(op.f("ix_projects_start_year"), "projects", ["start_year"])


def downgrade() -> None:
    op.drop_index(op.f("ix_projects_start_year"), table_name="projects")
