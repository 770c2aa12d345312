"""Seed the stage rules shipped with Corridor (people.stages.DEFAULT_TRANSITIONS and
DEFAULT_REQUIREMENTS); an administrator edits them afterwards in the Django admin."""

from django.db import migrations

from corridor.people.stages import seed_default_rules


def seed(apps, schema_editor):
    seed_default_rules(apps.get_model("people", "StageTransition"), apps.get_model("people", "StageRequirement"))


def unseed(apps, schema_editor):
    apps.get_model("people", "StageTransition").objects.all().delete()
    apps.get_model("people", "StageRequirement").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [
        ("people", "0006_stage_rules_as_data"),
    ]

    operations = [migrations.RunPython(seed, unseed)]
