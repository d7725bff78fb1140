"""Wiring: the generator that makes every file from the data, and the adapters of the builders: the
Markdown extension every builder runs (markdown_extension.py) and the MkDocs hook (mkdocs_hooks.py).

May import every other folder. Nothing imports build/ except macros/__init__.py (the macros plugin).
"""
