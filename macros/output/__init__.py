"""Pure renderers: the model (and the changes from history/) in, HTML, feeds and open data out. No I/O.

May import: history/, macros.model, macros.constants, macros.dates. Never data/ or build/.
"""
