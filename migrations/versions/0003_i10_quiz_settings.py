"""course quiz settings: show_answers, shuffle_options

Revision ID: 0003_i10
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003_i10"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.add_column(
            sa.Column(
                "show_answers", sa.String(length=20), server_default="after_pass", nullable=False
            )
        )
        batch_op.add_column(
            sa.Column("shuffle_options", sa.Boolean(), server_default=sa.true(), nullable=False)
        )
        batch_op.create_check_constraint(
            "show_answers", "show_answers IN ('after_pass', 'always')"
        )


def downgrade():
    with op.batch_alter_table("course", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("ck_course_show_answers"), type_="check")
        batch_op.drop_column("shuffle_options")
        batch_op.drop_column("show_answers")
