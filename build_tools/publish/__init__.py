"""Orchestration: sources → an edition's build, the site (MkDocs and its plugin), output
folders that never destroy data, the leak check of every output.

Imports every stage below it; only ``cli`` imports it.
"""
