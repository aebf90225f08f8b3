"""On PostgreSQL, an exclusion constraint: one provider, no two overlapping active
appointments. The booking service locks and checks too; this makes it impossible for
concurrent transactions to both win. Needs the btree_gist extension (for `=` on a uuid
inside a GiST index); creating it needs a role allowed to create extensions.

The status list must match `Appointment.ACTIVE_STATUSES`.
"""

from django.db import migrations

from nuvae.lib.pgsql import postgresql_only

CREATE = """
CREATE EXTENSION IF NOT EXISTS btree_gist;
ALTER TABLE scheduling_appointment ADD CONSTRAINT appt_no_overlap EXCLUDE USING gist (
    provider_id WITH =,
    tstzrange(start_at, end_at, '[)') WITH &&
) WHERE (status IN ('SCHEDULED', 'CONFIRMED', 'CHECKED_IN') AND deleted_at IS NULL);
"""

DROP = "ALTER TABLE scheduling_appointment DROP CONSTRAINT IF EXISTS appt_no_overlap;"


class Migration(migrations.Migration):
    dependencies = [("scheduling", "0001_initial")]
    operations = [postgresql_only(CREATE, DROP)]
