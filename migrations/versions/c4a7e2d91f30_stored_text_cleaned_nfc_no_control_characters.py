"""stored text cleaned: NFC, no control characters, as every form now stores it

Names typed before the forms cleaned their input could hold a NUL or an escape, after which
the XLSX ticket export, PDFs and mails failed on them. Every user-typed text column is put
through core/i18n.py:clean_input (line breaks kept where the field is multi-line); a search key
derived from a changed name is computed again. Data only: the schema does not change.

Revision ID: c4a7e2d91f30
Revises: 38fa1f1f66dd
Create Date: 2026-12-01 09:00:00.000000

"""
import sqlalchemy as sa
from alembic import op

from fairapp.core.i18n import clean_input, search_key

# revision identifiers, used by Alembic.
revision = 'c4a7e2d91f30'
down_revision = '38fa1f1f66dd'
branch_labels = None
depends_on = None

BATCH = 500

# table: (primary key, single-line columns, multi-line columns)
TEXT_COLUMNS = {
    "users": ("id", ("name", "email", "phone"), ()),
    "fairs": ("id", ("name", "venue"), ()),
    "fair_terms": ("fair_id", ("bank_account_name", "organiser_name", "organiser_governing_body", "organiser_address",
                               "organiser_tax_code", "organiser_phone", "organiser_email",
                               "organiser_representative"), ()),
    "halls": ("id", ("name",), ()),
    "booths": ("id", ("block_reason",), ()),
    "gates": ("id", ("name",), ()),
    "gate_devices": ("id", ("name",), ()),
    "ticket_types": ("id", ("name", "name_en"), ()),
    "tickets": ("id", ("name", "email", "phone", "organization", "revoked_reason"), ()),
    "exhibitor_profiles": ("id", ("name", "tax_code", "representative", "phone", "email", "address", "province",
                                  "craft_village", "artisan_decision_no"), ()),
    "exhibitor_photos": ("id", ("caption",), ()),
    "exhibitor_applications": ("id", (), ("products", "notes", "decision_reason")),
    "invoices": ("id", ("buyer_name", "buyer_tax_code", "buyer_address"), ()),
    "payments": ("id", ("bank_reference",), ()),
    "contests": ("id", ("name", "signatory_name", "signatory_title"), ()),
    "contest_categories": ("id", ("name", "name_en"), ()),
    "contest_rounds": ("id", ("name", "name_en"), ()),
    "rubric_criteria": ("id", ("name", "name_en"), ()),
    "criterion_levels": ("id", ("description", "description_en"), ()),
    "contest_entries": ("id", ("title", "materials", "techniques", "dimensions", "designers", "maker_name",
                               "maker_business", "maker_village", "tax_code", "contact_phone"),
                        ("description", "eligibility_reason")),
    "juror_profiles": ("user_id", ("business_name", "tax_code", "phone", "expertise"), ()),
    "juror_ties": ("id", ("party_name", "party_business", "party_tax_code", "party_phone", "party_email", "note"), ()),
    "conflicts": ("id", (), ("note",)),
    "jury_assignments": ("id", ("reason",), ()),
    "score_sheets": ("id", (), ("abstain_reason",)),
    "jury_scores": ("id", (), ("comment",)),
    "committee_decisions": ("id", (), ("reason",)),
    "certificates": ("id", ("recipient_name",), ()),
}
# Unique addresses: a cleaned value that another row already has is left as it was (an organiser
# merges the two accounts by hand) rather than failing the whole upgrade.
UNIQUE = {("users", "email"), ("tickets", "email")}


def _cleaned(row, single, multi):
    changes = {}
    for column in single + multi:
        value = row[column]
        if isinstance(value, str):
            clean = clean_input(value, multiline=column in multi)
            if clean != value:
                changes[column] = clean
    return changes


def _derived(conn, table, pk, key, changes, row):
    """Search keys follow the names they are made of."""
    if table in ("users", "tickets") and "name" in changes:
        changes["name_key"] = search_key(changes["name"])[:120]
    if table == "exhibitor_profiles" and changes.keys() & {"name", "representative", "craft_village", "province"}:
        parts = [changes.get(c, row[c]) for c in ("name", "representative", "craft_village")]
        district, province = conn.execute(sa.text(f"SELECT district, province FROM {table} WHERE {pk} = :key"),
                                          {"key": key}).one()
        parts += [district, changes.get("province", province)]
        changes["search_key"] = search_key(" ".join(p for p in parts if p))[:600]
    return changes


def clean_stored_text(conn, batch=BATCH):
    """Clean every user-typed text column, a batch of rows at a time; returns the rows changed per table."""
    changed = {}
    inspector = sa.inspect(conn)
    existing_tables = set(inspector.get_table_names())
    for table, (pk, single, multi) in TEXT_COLUMNS.items():
        if table not in existing_tables:
            continue
        present = {column["name"] for column in inspector.get_columns(table)}
        single = tuple(c for c in single if c in present)
        multi = tuple(c for c in multi if c in present)
        columns = ", ".join((pk,) + single + multi)
        last, count = None, 0
        while True:
            where = f"WHERE {pk} > :last " if last is not None else ""
            rows = conn.execute(sa.text(f"SELECT {columns} FROM {table} {where}ORDER BY {pk} LIMIT :n"),
                                {"last": last, "n": batch}).mappings().all()
            if not rows:
                break
            for row in rows:
                changes = _cleaned(row, single, multi)
                for column in [c for c in changes if (table, c) in UNIQUE]:
                    taken = conn.execute(sa.text(f"SELECT 1 FROM {table} WHERE {column} = :value AND {pk} <> :key"),
                                         {"value": changes[column], "key": row[pk]}).first()
                    if taken:
                        del changes[column]
                if not changes:
                    continue
                changes = _derived(conn, table, pk, row[pk], changes, row)
                assignments = ", ".join(f"{column} = :{column}" for column in changes)
                conn.execute(sa.text(f"UPDATE {table} SET {assignments} WHERE {pk} = :pk_value"),
                             {**changes, "pk_value": row[pk]})
                count += 1
            last = rows[-1][pk]
        changed[table] = count
    return changed


def upgrade():
    clean_stored_text(op.get_bind())


def downgrade():
    pass  # the control characters removed were never meant to be there
