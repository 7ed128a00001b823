# Generated from ui/manual_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 73d3f65b422f98a0f8ebf0e9bec64894d1f3f0e014ca1fde53f3831632720071
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'manual_dialog.ui'
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
    QHBoxLayout, QLabel, QLineEdit, QPushButton,
    QSizePolicy, QSpacerItem, QVBoxLayout, QWidget)

from jukidesk.gui.manual_browser import ManualBrowser

class Ui_ManualDialog(object):
    def setupUi(self, ManualDialog):
        if not ManualDialog.objectName():
            ManualDialog.setObjectName(u"ManualDialog")
        ManualDialog.setMinimumSize(QSize(720, 480))
        self.main_layout = QVBoxLayout(ManualDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.navigation_layout = QHBoxLayout()
        self.navigation_layout.setObjectName(u"navigation_layout")
        self.home_button = QPushButton(ManualDialog)
        self.home_button.setObjectName(u"home_button")
        self.home_button.setAutoDefault(False)

        self.navigation_layout.addWidget(self.home_button)

        self.back_button = QPushButton(ManualDialog)
        self.back_button.setObjectName(u"back_button")
        self.back_button.setAutoDefault(False)

        self.navigation_layout.addWidget(self.back_button)

        self.forward_button = QPushButton(ManualDialog)
        self.forward_button.setObjectName(u"forward_button")
        self.forward_button.setAutoDefault(False)

        self.navigation_layout.addWidget(self.forward_button)

        self.navigation_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.navigation_layout.addItem(self.navigation_spacer)

        self.find_label = QLabel(ManualDialog)
        self.find_label.setObjectName(u"find_label")

        self.navigation_layout.addWidget(self.find_label)

        self.find_text = QLineEdit(ManualDialog)
        self.find_text.setObjectName(u"find_text")
        self.find_text.setClearButtonEnabled(True)

        self.navigation_layout.addWidget(self.find_text)


        self.main_layout.addLayout(self.navigation_layout)

        self.browser = ManualBrowser(ManualDialog)
        self.browser.setObjectName(u"browser")
        self.browser.setOpenExternalLinks(False)
        self.browser.setOpenLinks(True)

        self.main_layout.addWidget(self.browser)

        self.buttons = QDialogButtonBox(ManualDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.find_label.setBuddy(self.find_text)
#endif // QT_CONFIG(shortcut)

        self.retranslateUi(ManualDialog)
        self.buttons.rejected.connect(ManualDialog.reject)

        QMetaObject.connectSlotsByName(ManualDialog)
    # setupUi

    def retranslateUi(self, ManualDialog):
        ManualDialog.setWindowTitle(QCoreApplication.translate("ManualDialog", u"jukidesk \u306e\u4f7f\u3044\u65b9", None))
        self.home_button.setText(QCoreApplication.translate("ManualDialog", u"\u76ee\u6b21(&T)", None))
        self.back_button.setText(QCoreApplication.translate("ManualDialog", u"\u623b\u308b(&B)", None))
        self.forward_button.setText(QCoreApplication.translate("ManualDialog", u"\u9032\u3080(&F)", None))
        self.find_label.setText(QCoreApplication.translate("ManualDialog", u"\u691c\u7d22(&S):", None))
        self.find_text.setPlaceholderText(QCoreApplication.translate("ManualDialog", u"\u8a9e\u53e5\u3092\u5165\u529b\u3057\u3066 Enter", None))
    # retranslateUi

