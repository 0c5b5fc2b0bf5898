"""performance: course.source_fingerprint, index on meeting_attendance.user_id

Revision ID: 0003_i15
Revises: 0003_i11adm
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_i15"
down_revision = "0003_i11adm"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(sa.Column("source_fingerprint", sa.String(length=64), nullable=True))
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_meeting_attendance_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("meeting_attendance", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_meeting_attendance_user_id"))
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_column("source_fingerprint")
