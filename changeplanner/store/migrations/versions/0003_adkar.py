"""Optional ADKAR rating per person.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-30
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

ELEMENTS = ("awareness", "desire", "knowledge", "ability", "reinforcement")


def upgrade() -> None:
    op.create_table(
        "adkar",
        sa.Column("person_id", sa.String(), sa.ForeignKey("person.id", ondelete="CASCADE"),
                  primary_key=True),
        *(sa.Column(name, sa.Integer(), nullable=True) for name in ELEMENTS),
        *(sa.CheckConstraint(f"{name} IS NULL OR {name} BETWEEN 1 AND 5",
                             name=f"ck_adkar_{name}") for name in ELEMENTS),
    )


def downgrade() -> None:
    op.drop_table("adkar")
