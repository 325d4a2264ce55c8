"""Review cycles: the register and its snapshots, what changed between versions, review status.

Imports ``source``, ``views`` and ``util``; renders nothing (the changelog pages are in ``site``).
"""
