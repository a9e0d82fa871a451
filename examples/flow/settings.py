# Settings for the "flow" example project (Django 1.6, South 1.0).
import os
import tempfile

DEBUG = True
SECRET_KEY = "southgen-example-flow"

DATABASES = {
    "default": {
        "ENGINE": "django.db.backends.sqlite3",
        "NAME": os.environ.get(
            "SOUTHGEN_EXAMPLE_DB",
            os.path.join(tempfile.gettempdir(), "southgen-example-flow.sqlite3"),
        ),
    }
}

INSTALLED_APPS = (
    "django.contrib.contenttypes",
    "django.contrib.auth",
    "south",
    "lib",
)
