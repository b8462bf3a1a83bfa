"""Press releases, their language versions, contacts and SDGs.

``release_groups`` ties the language versions together; each version is a row of
``releases``. ``release_contacts.contact_id`` is ``ON DELETE SET NULL`` and the row keeps
a snapshot of the person, so a release stays readable after its contact is deleted (see
``store.models.releases``).

Revision ID: 0003
Revises: 0002
"""

import sqlalchemy as sa
from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "release_groups",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_groups")),
    )
    op.create_table(
        "releases",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("group_id", sa.Integer(), nullable=False),
        sa.Column("language", sa.String(length=16), nullable=False),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("categories", sa.JSON(), nullable=False),
        sa.Column("caption", sa.Text(), nullable=False),
        sa.Column("photo_data", sa.LargeBinary(), nullable=True),
        sa.Column("photo_mime", sa.String(length=100), nullable=False),
        sa.Column("photo_filename", sa.String(length=300), nullable=False),
        sa.Column("dateline_place", sa.String(length=200), nullable=False),
        sa.Column("dateline_date", sa.Date(), nullable=True),
        sa.Column("dateline_style", sa.String(length=10), nullable=False),
        sa.Column("dateline_agency", sa.String(length=200), nullable=False),
        sa.Column("body", sa.Text(), nullable=False),
        sa.Column("separator", sa.String(length=50), nullable=False),
        sa.Column("notes", sa.Text(), nullable=False),
        sa.Column("closing", sa.Text(), nullable=False),
        sa.Column("status", sa.String(length=20), nullable=False),
        sa.Column("embargo_utc", sa.DateTime(timezone=True), nullable=True),
        sa.Column("embargo_zone", sa.String(length=64), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("version", sa.Integer(), nullable=False),
        sa.CheckConstraint(
            "status IN ('draft', 'in review', 'approved', 'published', 'archived')",
            name=op.f("ck_releases_status"),
        ),
        sa.ForeignKeyConstraint(
            ["group_id"],
            ["release_groups.id"],
            name=op.f("fk_releases_group_id_release_groups"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_releases")),
        sa.UniqueConstraint("group_id", "language", name="uq_releases_group_id_language"),
    )
    op.create_index(op.f("ix_releases_status"), "releases", ["status"])
    op.create_index("ix_releases_updated_at", "releases", ["updated_at"])
    op.create_table(
        "release_contacts",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("position", sa.Integer(), nullable=False),
        sa.Column("contact_id", sa.Integer(), nullable=True),
        sa.Column("title", sa.Text(), nullable=False),
        sa.Column("name", sa.String(length=300), nullable=False),
        sa.Column("emails", sa.JSON(), nullable=False),
        sa.Column("phones", sa.JSON(), nullable=False),
        sa.ForeignKeyConstraint(
            ["contact_id"],
            ["contacts.id"],
            name=op.f("fk_release_contacts_contact_id_contacts"),
            ondelete="SET NULL",
        ),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_contacts_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_release_contacts")),
    )
    op.create_index(op.f("ix_release_contacts_contact_id"), "release_contacts", ["contact_id"])
    op.create_index(op.f("ix_release_contacts_release_id"), "release_contacts", ["release_id"])
    op.create_table(
        "release_sdgs",
        sa.Column("release_id", sa.Integer(), nullable=False),
        sa.Column("goal", sa.SmallInteger(), nullable=False),
        sa.CheckConstraint("goal BETWEEN 1 AND 17", name=op.f("ck_release_sdgs_goal")),
        sa.ForeignKeyConstraint(
            ["release_id"],
            ["releases.id"],
            name=op.f("fk_release_sdgs_release_id_releases"),
            ondelete="CASCADE",
        ),
        sa.PrimaryKeyConstraint("release_id", "goal", name=op.f("pk_release_sdgs")),
    )


def downgrade() -> None:
    op.drop_table("release_sdgs")
    op.drop_index(op.f("ix_release_contacts_release_id"), table_name="release_contacts")
    op.drop_index(op.f("ix_release_contacts_contact_id"), table_name="release_contacts")
    op.drop_table("release_contacts")
    op.drop_index("ix_releases_updated_at", table_name="releases")
    op.drop_index(op.f("ix_releases_status"), table_name="releases")
    op.drop_table("releases")
    op.drop_table("release_groups")
