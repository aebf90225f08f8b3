"""On PostgreSQL, refuse UPDATE and DELETE of audit rows in the database itself.

The model layer already refuses them; the trigger covers raw SQL and bugs. TRUNCATE is
left alone so that test databases can be flushed; the application never truncates.
"""

from django.db import migrations

from nuvae.lib.pgsql import postgresql_only

CREATE = """
CREATE OR REPLACE FUNCTION nuvae_audit_append_only() RETURNS trigger AS $$
BEGIN
    RAISE EXCEPTION 'audit events are append-only (% refused)', TG_OP
        USING ERRCODE = 'insufficient_privilege';
END;
$$ LANGUAGE plpgsql;
DROP TRIGGER IF EXISTS clinics_auditevent_append_only ON clinics_auditevent;
CREATE TRIGGER clinics_auditevent_append_only
    BEFORE UPDATE OR DELETE ON clinics_auditevent
    FOR EACH ROW EXECUTE FUNCTION nuvae_audit_append_only();
"""

DROP = """
DROP TRIGGER IF EXISTS clinics_auditevent_append_only ON clinics_auditevent;
DROP FUNCTION IF EXISTS nuvae_audit_append_only();
"""


class Migration(migrations.Migration):
    dependencies = [("clinics", "0001_initial")]
    operations = [postgresql_only(CREATE, DROP)]
