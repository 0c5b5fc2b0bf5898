"""trust: folded usernames, session versions, deleted accounts

Revision ID: 0003_i12
Revises: 0003_i11sup
"""

import logging
import unicodedata

import sqlalchemy as sa
from alembic import op

revision = "0003_i12"
down_revision = "0003_i11sup"
branch_labels = None
depends_on = None


def _fold(username: str) -> str:
    return unicodedata.normalize("NFKC", unicodedata.normalize("NFKC", username).casefold())


def upgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.add_column(sa.Column("username_key", sa.String(length=80), nullable=True))
        batch_op.add_column(
            sa.Column("session_version", sa.Integer(), server_default="0", nullable=False)
        )
        batch_op.add_column(sa.Column("deleted_at", sa.DateTime(timezone=True), nullable=True))
    user = sa.table(
        "user",
        sa.column("id", sa.Integer),
        sa.column("username", sa.String),
        sa.column("username_key", sa.String),
    )
    conn = op.get_bind()
    taken: set[str] = set()
    for row in conn.execute(sa.select(user.c.id, user.c.username).order_by(user.c.id)).all():
        key = _fold(row.username)
        if key in taken:
            # "Åse" and "åse" were two accounts: the older keeps the name; the newer gets a
            # key no one can type ("~" is not allowed in usernames) until an admin renames it.
            logging.getLogger("alembic").warning(
                "user %s (%r) folds like an older username; rename it", row.id, row.username
            )
            key = f"{key[:60]}~{row.id}"
        taken.add(key)
        conn.execute(user.update().where(user.c.id == row.id).values(username_key=key))
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.alter_column("username_key", existing_type=sa.String(length=80), nullable=False)
        batch_op.create_unique_constraint(batch_op.f("uq_user_username_key"), ["username_key"])


def downgrade():
    with op.batch_alter_table("user", schema=None) as batch_op:
        batch_op.drop_constraint(batch_op.f("uq_user_username_key"), type_="unique")
        batch_op.drop_column("deleted_at")
        batch_op.drop_column("session_version")
        batch_op.drop_column("username_key")
