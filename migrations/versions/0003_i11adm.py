"""staff onboarding: user.employee_number and one-time activation tokens

Revision ID: 0003_i11adm
Revises: 0003_i10
"""

import sqlalchemy as sa
from alembic import op

import lms.models.types

revision = "0003_i11adm"
down_revision = "0003_i10"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("employee_number", sa.String(length=40), nullable=True))
        batch_op.create_unique_constraint(
            batch_op.f("uq_user_employee_number"), ["employee_number"]
        )
    op.create_table(
        "activation_token",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("user_id", sa.Integer(), nullable=False),
        sa.Column("token_hash", sa.String(length=64), nullable=False),
        sa.Column("created_at", lms.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("expires_at", lms.models.types.UTCDateTime(timezone=True), nullable=False),
        sa.Column("used_at", lms.models.types.UTCDateTime(timezone=True), nullable=True),
        sa.Column("created_by_id", sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(
            ["created_by_id"], ["user.id"], name=op.f("fk_activation_token_created_by_id_user")
        ),
        sa.ForeignKeyConstraint(
            ["user_id"], ["user.id"], name=op.f("fk_activation_token_user_id_user")
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_activation_token")),
        sa.UniqueConstraint("token_hash", name=op.f("uq_activation_token_token_hash")),
    )
    with op.batch_alter_table("activation_token", schema=None) as batch_op:
        batch_op.create_index(
            batch_op.f("ix_activation_token_user_id"), ["user_id"], unique=False
        )


def downgrade():
    with op.batch_alter_table("activation_token", schema=None) as batch_op:
        batch_op.drop_index(batch_op.f("ix_activation_token_user_id"))
    op.drop_table("activation_token")
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_employee_number"), type_="unique")
        batch_op.drop_column("employee_number")
