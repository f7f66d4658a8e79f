"""Exchange with the tools translators already use: TMX memories, TBX glossaries, XLIFF files.

Each format is one module (``tmx``, ``tbx``, ``xliff``); what they share (reading the project's
catalogs, XML text helpers, the one catalog writer of an import) lives in ``common``.
"""
