"""units form a tree: unit.parent_id

Revision ID: 0002
Revises: 0001
"""

import sqlalchemy as sa
from alembic import op

revision = "0002"
down_revision = "0001"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.add_column(sa.Column("parent_id", sa.Integer(), nullable=True))
        batch_op.create_index(batch_op.f("ix_unit_parent_id"), ["parent_id"], unique=False)
        batch_op.create_foreign_key(
            batch_op.f("fk_unit_parent_id_unit"), "unit", ["parent_id"], ["id"]
        )


def downgrade():
    with op.batch_alter_table("unit", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("fk_unit_parent_id_unit"), type_="foreignkey")
        batch_op.drop_index(batch_op.f("ix_unit_parent_id"))
        batch_op.drop_column("parent_id")
