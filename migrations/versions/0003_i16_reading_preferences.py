"""reading preferences: user.first_language, user.text_size, user.line_spacing

Revision ID: 0003_i16
Revises: 0003_i14
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_i16"
down_revision = "0003_i14"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("first_language", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("text_size", sa.String(length=10), nullable=True))
        batch_op.add_column(sa.Column("line_spacing", sa.String(length=10), nullable=True))


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_column("line_spacing")
        batch_op.drop_column("text_size")
        batch_op.drop_column("first_language")
