"""The little that every stage shares and that belongs to none: writing files atomically.

Imports nothing of ours.
"""
