"""Reading and checking today's YAML in data/: the gate, the schemas, the cross-checks, Dutch errors.

May import: macros.model, macros.constants, macros.dates. Never output/, history/ or build/.
"""
