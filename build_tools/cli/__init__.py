"""The ``handbook`` command: thin verbs over :mod:`build_tools.publish` and the renderers.

The top of the pipeline: it may import every stage; nothing imports it.
"""
