"""`corridor scheduler`: enqueues the periodic jobs on their cron schedule.

django-crontask's `crontask` command under Corridor's name: it imports every app's `tasks`
module (where the `@cron` jobs are declared) and enqueues each job when it is due; the
`worker` runs them. Run one scheduler per deployment.
"""

from crontask.management.commands.crontask import Command as CronTaskScheduler


class Command(CronTaskScheduler):
    help = (
        "Enqueue the periodic jobs declared with @cron in the apps' tasks modules when they are "
        "due, until stopped; `corridor worker` runs them. The options are django-crontask's."
    )
