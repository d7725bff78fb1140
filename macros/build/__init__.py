"""Wiring: the generator that makes every file from the data, and the adapters of the builders (MkDocs).

May import every other folder. Nothing imports build/ except macros/__init__.py (the macros plugin).
"""
