import django.db.models.deletion
from django.db import migrations, models


def copy_the_applications_organisation(apps, schema_editor):
    ApplicationStep = apps.get_model("recruitment", "ApplicationStep")
    Application = apps.get_model("recruitment", "Application")
    ApplicationStep.objects.update(
        organisation_id=models.Subquery(
            Application.objects.filter(pk=models.OuterRef("application_id")).values(
                "organisation_id"
            )[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_api_tokens_expire"),
        ("recruitment", "0002_match_tiers_by_experience"),
    ]

    operations = [
        # Nullable first, filled from each step's application, then required.
        migrations.AddField(
            model_name="applicationstep",
            name="organisation",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
        migrations.RunPython(copy_the_applications_organisation, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="applicationstep",
            name="organisation",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="accounts.organisation",
            ),
        ),
    ]
