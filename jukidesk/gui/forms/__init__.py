"""Python forms compiled from the Qt Designer files in the top-level ``ui/`` folder.

Generated — do not edit the ``ui_*.py`` files; change ``ui/<name>.ui`` and run
``python -m jukidesk.gui.forms.compile``. Widgets use them by composition::

    self.ui = Ui_InstitutionDialog()
    self.ui.setupUi(self)
"""
