"""Model → model: the handbook as one edition, one audience or one version sees it.

Pure filters over :mod:`build_tools.source.model`; they import only ``source`` and ``util``.
"""
