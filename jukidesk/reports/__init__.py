"""Reports: papers computed once as plain data (``document.py``) and drawn by renderers.

``shiryo2.py`` builds the 資料2 committee paper, ``notices.py`` the audit notice letters;
``xlsx_renderer.py`` and ``pdf_renderer.py`` draw any :class:`~jukidesk.reports.document.Document`.
Nothing here imports Qt.
"""
