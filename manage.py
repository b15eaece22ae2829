#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys

if __name__ == "__main__":
    os.umask(0o077)  # files the app writes are for its own user only
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "interdepend.web.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
