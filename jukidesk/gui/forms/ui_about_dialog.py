# Generated from ui/about_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 1b7a5eb3cb633a3bf85e8c089db2932cd225393bc003f6dc964bbc5a70e96311
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'about_dialog.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QBrush, QColor, QConicalGradient, QCursor,
    QFont, QFontDatabase, QGradient, QIcon,
    QImage, QKeySequence, QLinearGradient, QPainter,
    QPalette, QPixmap, QRadialGradient, QTransform)
from PySide6.QtWidgets import (QAbstractButton, QApplication, QDialog, QDialogButtonBox,
    QLabel, QSizePolicy, QTextBrowser, QVBoxLayout,
    QWidget)

class Ui_AboutDialog(object):
    def setupUi(self, AboutDialog):
        if not AboutDialog.objectName():
            AboutDialog.setObjectName(u"AboutDialog")
        AboutDialog.setMinimumSize(QSize(620, 420))
        self.main_layout = QVBoxLayout(AboutDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.title_label = QLabel(AboutDialog)
        self.title_label.setObjectName(u"title_label")

        self.main_layout.addWidget(self.title_label)

        self.subtitle_label = QLabel(AboutDialog)
        self.subtitle_label.setObjectName(u"subtitle_label")
        self.subtitle_label.setWordWrap(True)

        self.main_layout.addWidget(self.subtitle_label)

        self.details = QTextBrowser(AboutDialog)
        self.details.setObjectName(u"details")
        self.details.setOpenExternalLinks(False)

        self.main_layout.addWidget(self.details)

        self.buttons = QDialogButtonBox(AboutDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.main_layout.addWidget(self.buttons)


        self.retranslateUi(AboutDialog)
        self.buttons.rejected.connect(AboutDialog.reject)

        QMetaObject.connectSlotsByName(AboutDialog)
    # setupUi

    def retranslateUi(self, AboutDialog):
        AboutDialog.setWindowTitle(QCoreApplication.translate("AboutDialog", u"\u30d0\u30fc\u30b8\u30e7\u30f3\u60c5\u5831", None))
        self.title_label.setStyleSheet(QCoreApplication.translate("AboutDialog", u"font-size: 16pt;", None))
        self.title_label.setText(QCoreApplication.translate("AboutDialog", u"jukidesk", None))
        self.subtitle_label.setText(QCoreApplication.translate("AboutDialog", u"\u4f4f\u57fa\u30cd\u30c3\u30c8 \u30bb\u30ad\u30e5\u30ea\u30c6\u30a3\u76e3\u67fb\u306e\u4e8b\u52d9\u3092\u3001\u30cd\u30c3\u30c8\u30ef\u30fc\u30af\u306a\u3057\u306e1\u53f0\u306ePC\u3067\u884c\u3046\u30a2\u30d7\u30ea", None))
    # retranslateUi

