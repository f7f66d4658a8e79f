"""trilingual: English Markdown commentaries to Belarusian and Russian through gettext catalogs."""

__version__ = "0.1.0"
