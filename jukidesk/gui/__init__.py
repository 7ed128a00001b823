"""The PySide6 desktop GUI (the only package that imports Qt).

- ``app.py``: ``run_gui(args)`` — QApplication, bundled fonts, Qt's Japanese translations,
  which file to open (``opening.py``), the main window.
- ``main_window.py``: menus, the fiscal-year picker, and the tabs listed in ``tabs.py``
  (add a tab there: one line; built lazily on first activation).
- ``context.py``: ``AppContext`` — the open database, the selected fiscal year, the year
  style, and the ``year_changed`` / ``data_changed`` signals every tab listens to.
- ``operations.py``: ``run_operation`` for long work (worker thread, progress dialog, errors).
- ``prompts.py``: every message box and file chooser (tests patch this one module).
- ``forms/``: Python compiled from the Designer files in ``ui/`` (generated, do not edit).
- ``models/``: Qt item models over core data.
"""
