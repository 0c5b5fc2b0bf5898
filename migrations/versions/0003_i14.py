"""authoring: a sync log per course per sync, and webhook deliveries

Revision ID: 0003_i14
Revises: 0003_i12
"""

import sqlalchemy as sa
from alembic import op

import lms.models.types

revision = "0003_i14"
down_revision = "0003_i12"
branch_labels = None
depends_on = None


def upgrade():
    op.create_table(
        "sync_log",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("course_id", sa.Integer(), nullable=True),
        sa.Column("course_slug", sa.String(length=100), nullable=True),
        sa.Column("folder", sa.String(length=200), nullable=False),
        sa.Column("synced_at", lms.models.types.UTCDateTime(), nullable=False),
        sa.Column("source", sa.String(length=20), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("version", sa.String(length=40), nullable=True),
        sa.Column("content_hash", sa.String(length=64), nullable=True),
        sa.Column("added", sa.JSON(), nullable=False),
        sa.Column("changed", sa.JSON(), nullable=False),
        sa.Column("archived", sa.JSON(), nullable=False),
        sa.Column("passes_kept", sa.Integer(), nullable=False),
        sa.Column("errors", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(["course_id"], ["course.id"], name=op.f("fk_sync_log_course_id_course")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_sync_log")),
    )
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_sync_log_course_id"), ["course_id"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_log_folder"), ["folder"], unique=False)
        batch_op.create_index(batch_op.f("ix_sync_log_synced_at"), ["synced_at"], unique=False)

    op.create_table(
        "webhook_delivery",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("delivery_id", sa.String(length=100), nullable=False),
        sa.Column("sent_at", lms.models.types.UTCDateTime(), nullable=False),
        sa.Column("received_at", lms.models.types.UTCDateTime(), nullable=False),
        sa.Column("ok", sa.Boolean(), nullable=False),
        sa.Column("result", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_webhook_delivery")),
        sa.UniqueConstraint("delivery_id", name=op.f("uq_webhook_delivery_delivery_id")),
    )
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_webhook_delivery_received_at"), ["received_at"], unique=False
        )


def downgrade():
    with op.batch_alter_table("webhook_delivery", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_webhook_delivery_received_at"))
    op.drop_table("webhook_delivery")
    with op.batch_alter_table("sync_log", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_sync_log_synced_at"))
        batch_op.drop_index(batch_op.f("ix_sync_log_folder"))
        batch_op.drop_index(batch_op.f("ix_sync_log_course_id"))
    op.drop_table("sync_log")
