"""Project format modules (FORMAT_MODULE_PATH = ["council.formats"]).

Each sub-package is named after a language code and holds a ``formats.py``
that Django consults before its own ``django.conf.locale.<lang>.formats``.
"""
