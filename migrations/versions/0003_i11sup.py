"""assignments get a target tier and an author; notices told to a learner once

Revision ID: 0003_i11sup
Revises: 0003_i15
"""

import sqlalchemy as sa
from alembic import op

import lms.models.types

revision = "0003_i11sup"
down_revision = "0003_i15"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.add_column(sa.Column("target_tier", sa.String(length=20), nullable=True))
        batch_op.add_column(sa.Column("created_by_id", sa.Integer(), nullable=True))
        batch_op.create_foreign_key(
            batch_op.f("fk_assignment_created_by_id_user"), "user", ["created_by_id"], ["id"]
        )
        batch_op.create_check_constraint(
            batch_op.f("ck_assignment_target_tier"),
            "target_tier IN ('bas', 'fordjupning', 'spets')",
        )
    op.create_table(
        "notice",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("award_id", sa.Integer(), nullable=False),
        sa.Column("created_at", lms.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("shown_at", lms.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(
            ["award_id"], ["tier_award.id"], name=op.f("fk_notice_award_id_tier_award")
        ),
        sa.ForeignKeyConstraint(["user_id"], ["user.id"], name=op.f("fk_notice_user_id_user")),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_notice")),
    )
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.create_index(batch_op.f("ix_notice_user_id"), ["user_id"], unique=False)


def downgrade():
    with op.batch_alter_table("notice", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_notice_user_id"))
    op.drop_table("notice")
    with op.batch_alter_table("assignment", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_assignment_target_tier"), type_="check")
        batch_op.drop_constraint(batch_op.f("fk_assignment_created_by_id_user"), type_="foreignkey")
        batch_op.drop_column("created_by_id")
        batch_op.drop_column("target_tier")
