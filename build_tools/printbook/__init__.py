"""Renderer: the model → one print HTML document → the PDF handbook (WeasyPrint), laid out in
parts in parallel, merged, with a verified layout cache and a confined URL fetcher.

Imports ``source``, ``views``, ``review`` and ``util``; never ``site``, ``publish`` or ``cli``.
"""
