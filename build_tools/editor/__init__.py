"""Tools for the people who edit the sources: JSON Schemas, the style lint, skeletons for new
items, CODEOWNERS.

Imports ``source``, ``views``, ``review`` and ``util``.
"""
