"""Renderer: the model → the Markdown pages of the MkDocs site (handbook, audiences, changelog,
editors' guide) and their navigation. Pure: no I/O.

Imports ``source``, ``views``, ``review``, ``editor`` (the format reference) and ``util``; never
``publish`` or ``cli``.
"""
