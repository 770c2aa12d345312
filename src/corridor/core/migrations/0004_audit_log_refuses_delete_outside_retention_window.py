"""The audit log refuses DELETE too, except through an open retention window.

A row may be deleted only while a row of core_auditretentionwindow is open (closed_at is null)
and the audit entry is older than its cutoff; core.retention opens, uses and closes a window in
one transaction. On PostgreSQL, TRUNCATE (which skips row triggers) is refused unless the
audit log is already empty, which is how test databases are flushed after the suite's fixture
has emptied the log through a window.
"""

import django.utils.timezone
from django.db import migrations, models


SQLITE = """
CREATE TRIGGER IF NOT EXISTS core_auditevent_no_delete BEFORE DELETE ON core_auditevent
WHEN NOT EXISTS (
    SELECT 1 FROM core_auditretentionwindow AS w WHERE w.closed_at IS NULL AND OLD.at < w.cutoff
)
BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
"""
SQLITE_REVERSE = "DROP TRIGGER IF EXISTS core_auditevent_no_delete;"

POSTGRES = """
CREATE OR REPLACE FUNCTION core_auditevent_refuse_delete() RETURNS trigger AS $$
BEGIN
    IF EXISTS (
        SELECT 1 FROM core_auditretentionwindow AS w
        WHERE w.closed_at IS NULL AND OLD.at < w.cutoff
    ) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only';
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_no_delete BEFORE DELETE ON core_auditevent
FOR EACH ROW EXECUTE FUNCTION core_auditevent_refuse_delete();

CREATE OR REPLACE FUNCTION core_auditevent_refuse_truncate() RETURNS trigger AS $$
BEGIN
    IF EXISTS (SELECT 1 FROM core_auditevent) THEN
        RAISE EXCEPTION 'the audit log is append-only';
    END IF;
    RETURN NULL;
END;
$$ LANGUAGE plpgsql;
CREATE TRIGGER core_auditevent_no_truncate BEFORE TRUNCATE ON core_auditevent
FOR EACH STATEMENT EXECUTE FUNCTION core_auditevent_refuse_truncate();
"""
POSTGRES_REVERSE = """
DROP TRIGGER IF EXISTS core_auditevent_no_truncate ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_refuse_truncate();
DROP TRIGGER IF EXISTS core_auditevent_no_delete ON core_auditevent;
DROP FUNCTION IF EXISTS core_auditevent_refuse_delete();
"""


def create_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES)


def drop_triggers(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "sqlite":
        schema_editor.execute(SQLITE_REVERSE)
    elif vendor == "postgresql":
        schema_editor.execute(POSTGRES_REVERSE)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0003_audit_merge_actions'),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditRetentionWindow',
            fields=[
                ('id', models.BigAutoField(primary_key=True, serialize=False)),
                ('opened_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='opened')),
                ('cutoff', models.DateTimeField(verbose_name='entries before')),
                ('reason', models.CharField(max_length=500, verbose_name='reason')),
                ('actor_label', models.CharField(blank=True, max_length=254, verbose_name='who')),
                ('closed_at', models.DateTimeField(blank=True, null=True, verbose_name='closed')),
                ('deleted', models.PositiveIntegerField(default=0, verbose_name='entries deleted')),
            ],
            options={
                'verbose_name': 'audit retention window',
                'verbose_name_plural': 'audit retention windows',
                'ordering': ['-opened_at'],
            },
        ),
        migrations.RunPython(create_triggers, drop_triggers),
    ]
