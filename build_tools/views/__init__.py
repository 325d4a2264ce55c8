"""Model → model: the handbook as one edition or one audience sees it.

Pure filters over :mod:`build_tools.source.model`; they import only ``source`` and ``util``.
"""
