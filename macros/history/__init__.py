"""The past of the data, read from git: the versions of each data file and what changed between them.

May import: data/ (old versions pass the same gate), macros.model, macros.constants, macros.dates.
"""
