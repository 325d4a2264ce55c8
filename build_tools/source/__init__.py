"""Sources → validated model: load the YAML with line marks, validate it, judge its Markdown.

The first stage. ``model`` (the source format and the immutable, validated handbook) imports
nothing of ours; the rest of this package imports only ``model``, each other and ``util``.
"""
