# Generated from ui/main_window.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 4cc746b3a92d1447278bfffc54da361624922a4a2bfdd5722445540246819873
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'main_window.ui'
##
## Created by: Qt User Interface Compiler version 6.11.3
##
## WARNING! All changes made in this file will be lost when recompiling UI file!
################################################################################

from PySide6.QtCore import (QCoreApplication, QDate, QDateTime, QLocale,
    QMetaObject, QObject, QPoint, QRect,
    QSize, QTime, QUrl, Qt)
from PySide6.QtGui import (QAction, QBrush, QColor, QConicalGradient,
    QCursor, QFont, QFontDatabase, QGradient,
    QIcon, QImage, QKeySequence, QLinearGradient,
    QPainter, QPalette, QPixmap, QRadialGradient,
    QTransform)
from PySide6.QtWidgets import (QApplication, QMainWindow, QMenu, QMenuBar,
    QSizePolicy, QStatusBar, QTabWidget, QToolBar,
    QVBoxLayout, QWidget)

class Ui_MainWindow(object):
    def setupUi(self, MainWindow):
        if not MainWindow.objectName():
            MainWindow.setObjectName(u"MainWindow")
        MainWindow.resize(1280, 800)
        self.action_new = QAction(MainWindow)
        self.action_new.setObjectName(u"action_new")
        self.action_open = QAction(MainWindow)
        self.action_open.setObjectName(u"action_open")
        self.action_quit = QAction(MainWindow)
        self.action_quit.setObjectName(u"action_quit")
        self.action_quit.setMenuRole(QAction.MenuRole.QuitRole)
        self.action_org_settings = QAction(MainWindow)
        self.action_org_settings.setObjectName(u"action_org_settings")
        self.action_manual = QAction(MainWindow)
        self.action_manual.setObjectName(u"action_manual")
        self.action_previous_year = QAction(MainWindow)
        self.action_previous_year.setObjectName(u"action_previous_year")
        self.action_next_year = QAction(MainWindow)
        self.action_next_year.setObjectName(u"action_next_year")
        self.action_about = QAction(MainWindow)
        self.action_about.setObjectName(u"action_about")
        self.action_about.setMenuRole(QAction.MenuRole.AboutRole)
        self.central = QWidget(MainWindow)
        self.central.setObjectName(u"central")
        self.central_layout = QVBoxLayout(self.central)
        self.central_layout.setObjectName(u"central_layout")
        self.central_layout.setContentsMargins(6, 6, 6, 6)
        self.tabs = QTabWidget(self.central)
        self.tabs.setObjectName(u"tabs")
        self.tabs.setDocumentMode(True)

        self.central_layout.addWidget(self.tabs)

        MainWindow.setCentralWidget(self.central)
        self.menubar = QMenuBar(MainWindow)
        self.menubar.setObjectName(u"menubar")
        self.menu_file = QMenu(self.menubar)
        self.menu_file.setObjectName(u"menu_file")
        self.menu_settings = QMenu(self.menubar)
        self.menu_settings.setObjectName(u"menu_settings")
        self.menu_help = QMenu(self.menubar)
        self.menu_help.setObjectName(u"menu_help")
        self.menu_view = QMenu(self.menubar)
        self.menu_view.setObjectName(u"menu_view")
        MainWindow.setMenuBar(self.menubar)
        self.main_toolbar = QToolBar(MainWindow)
        self.main_toolbar.setObjectName(u"main_toolbar")
        self.main_toolbar.setMovable(False)
        self.main_toolbar.setFloatable(False)
        MainWindow.addToolBar(Qt.ToolBarArea.TopToolBarArea, self.main_toolbar)
        self.statusbar = QStatusBar(MainWindow)
        self.statusbar.setObjectName(u"statusbar")
        MainWindow.setStatusBar(self.statusbar)

        self.menubar.addAction(self.menu_file.menuAction())
        self.menubar.addAction(self.menu_view.menuAction())
        self.menubar.addAction(self.menu_settings.menuAction())
        self.menubar.addAction(self.menu_help.menuAction())
        self.menu_file.addAction(self.action_new)
        self.menu_file.addAction(self.action_open)
        self.menu_file.addSeparator()
        self.menu_file.addAction(self.action_quit)
        self.menu_settings.addAction(self.action_org_settings)
        self.menu_help.addAction(self.action_manual)
        self.menu_help.addSeparator()
        self.menu_help.addAction(self.action_about)
        self.menu_view.addAction(self.action_previous_year)
        self.menu_view.addAction(self.action_next_year)
        self.menu_view.addSeparator()

        self.retranslateUi(MainWindow)
        self.action_quit.triggered.connect(MainWindow.close)

        QMetaObject.connectSlotsByName(MainWindow)
    # setupUi

    def retranslateUi(self, MainWindow):
        MainWindow.setWindowTitle(QCoreApplication.translate("MainWindow", u"jukidesk", None))
        self.action_new.setText(QCoreApplication.translate("MainWindow", u"\u65b0\u898f\u4f5c\u6210(&N)\u2026", None))
#if QT_CONFIG(tooltip)
        self.action_new.setToolTip(QCoreApplication.translate("MainWindow", u"\u7a7a\u306e\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u3092\u4f5c\u6210\u3057\u3066\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.action_new.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+N", None))
#endif // QT_CONFIG(shortcut)
        self.action_open.setText(QCoreApplication.translate("MainWindow", u"\u958b\u304f(&O)\u2026", None))
#if QT_CONFIG(tooltip)
        self.action_open.setToolTip(QCoreApplication.translate("MainWindow", u"\u5225\u306e\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u3092\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.action_open.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+O", None))
#endif // QT_CONFIG(shortcut)
        self.action_quit.setText(QCoreApplication.translate("MainWindow", u"\u7d42\u4e86(&X)", None))
#if QT_CONFIG(shortcut)
        self.action_quit.setShortcut(QCoreApplication.translate("MainWindow", u"Ctrl+Q", None))
#endif // QT_CONFIG(shortcut)
        self.action_org_settings.setText(QCoreApplication.translate("MainWindow", u"\u7d44\u7e54\u306e\u8a2d\u5b9a(&O)\u2026", None))
#if QT_CONFIG(tooltip)
        self.action_org_settings.setToolTip(QCoreApplication.translate("MainWindow", u"\u7d44\u7e54\u540d\u3001\u8077\u540d\u3001\u5831\u544a\u66f8\u306e\u6587\u7ae0\u306a\u3069\u3092\u8a2d\u5b9a\u3057\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.action_manual.setText(QCoreApplication.translate("MainWindow", u"\u4f7f\u3044\u65b9(&M)", None))
#if QT_CONFIG(tooltip)
        self.action_manual.setToolTip(QCoreApplication.translate("MainWindow", u"\u4f7f\u3044\u65b9\u306e\u8aac\u660e\uff08\u753b\u9762\u306e\u5199\u771f\u3064\u304d\uff09\u3092\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
#if QT_CONFIG(shortcut)
        self.action_manual.setShortcut(QCoreApplication.translate("MainWindow", u"F1", None))
#endif // QT_CONFIG(shortcut)
        self.action_previous_year.setText(QCoreApplication.translate("MainWindow", u"\u524d\u306e\u5e74\u5ea6(&P)", None))
#if QT_CONFIG(shortcut)
        self.action_previous_year.setShortcut(QCoreApplication.translate("MainWindow", u"Alt+Left", None))
#endif // QT_CONFIG(shortcut)
        self.action_next_year.setText(QCoreApplication.translate("MainWindow", u"\u6b21\u306e\u5e74\u5ea6(&N)", None))
#if QT_CONFIG(shortcut)
        self.action_next_year.setShortcut(QCoreApplication.translate("MainWindow", u"Alt+Right", None))
#endif // QT_CONFIG(shortcut)
        self.action_about.setText(QCoreApplication.translate("MainWindow", u"\u30d0\u30fc\u30b8\u30e7\u30f3\u60c5\u5831(&A)", None))
        self.menu_file.setTitle(QCoreApplication.translate("MainWindow", u"\u30d5\u30a1\u30a4\u30eb(&F)", None))
        self.menu_settings.setTitle(QCoreApplication.translate("MainWindow", u"\u8a2d\u5b9a(&S)", None))
        self.menu_help.setTitle(QCoreApplication.translate("MainWindow", u"\u30d8\u30eb\u30d7(&H)", None))
        self.menu_view.setTitle(QCoreApplication.translate("MainWindow", u"\u8868\u793a(&V)", None))
        self.main_toolbar.setWindowTitle(QCoreApplication.translate("MainWindow", u"\u5e74\u5ea6", None))
    # retranslateUi

