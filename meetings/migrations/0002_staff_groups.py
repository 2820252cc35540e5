"""Create the staff groups and give them their permissions."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

ALL = ("add", "change", "delete", "view")

# What each group may touch; later groups include the earlier ones' rights.
SESSION_WORK = {
    "session": ALL,
    "attendance": ALL,
    "agendaitem": ALL,
    "document": ALL,
    "task": ALL,
    "article": ALL,
    "photo": ALL,
    # Needed to pick people and bodies in the session form's autocompletes.
    "person": ("view",),
    "organization": ("view",),
    "term": ("view",),
    "category": ("view",),
    "role": ("view",),
    "position": ("view",),
}
GROUPS = {
    "Biên tập viên": (SESSION_WORK, []),
    "Duyệt tin": (SESSION_WORK, ["publish_article"]),
    "Quản trị nội dung": (
        {
            **SESSION_WORK,
            "person": ALL,
            "organization": ALL,
            "position": ALL,
            "term": ALL,
            "category": ALL,
            "role": ALL,
        },
        [],
    ),
}


def create_groups(apps, schema_editor):
    # Permissions are normally made after all migrations; groups need them now.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None

    Group = apps.get_model("auth", "Group")
    Permission = apps.get_model("auth", "Permission")
    for name, (models, extra) in GROUPS.items():
        group, _ = Group.objects.get_or_create(name=name)
        codenames = [f"{action}_{model}" for model, actions in models.items()
                     for action in actions]
        codenames += extra
        group.permissions.set(
            Permission.objects.filter(
                content_type__app_label="meetings", codename__in=codenames
            )
        )


def remove_groups(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name__in=GROUPS).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("meetings", "0001_initial"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]

    operations = [migrations.RunPython(create_groups, remove_groups)]
