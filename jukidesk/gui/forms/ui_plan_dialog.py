# Generated from ui/plan_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 910c005c9b417010906ea9ccd3a873d7740d4666bf1dcd7f07f3974cd7da1834
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'plan_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QAbstractItemView, QApplication, QCheckBox,
    QComboBox, QDialog, QDialogButtonBox, QGridLayout,
    QGroupBox, QHBoxLayout, QHeaderView, QLabel,
    QPushButton, QSizePolicy, QSpacerItem, QTableView,
    QVBoxLayout, QWidget)

class Ui_PlanDialog(object):
    def setupUi(self, PlanDialog):
        if not PlanDialog.objectName():
            PlanDialog.setObjectName(u"PlanDialog")
        PlanDialog.setMinimumSize(QSize(760, 640))
        self.main_layout = QVBoxLayout(PlanDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.top_row = QHBoxLayout()
        self.top_row.setObjectName(u"top_row")
        self.cycle_label = QLabel(PlanDialog)
        self.cycle_label.setObjectName(u"cycle_label")

        self.top_row.addWidget(self.cycle_label)

        self.cycle = QComboBox(PlanDialog)
        self.cycle.setObjectName(u"cycle")
        self.cycle.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)

        self.top_row.addWidget(self.cycle)

        self.replace_planned = QCheckBox(PlanDialog)
        self.replace_planned.setObjectName(u"replace_planned")

        self.top_row.addWidget(self.replace_planned)

        self.top_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.top_row.addItem(self.top_spacer)

        self.propose_button = QPushButton(PlanDialog)
        self.propose_button.setObjectName(u"propose_button")

        self.top_row.addWidget(self.propose_button)


        self.main_layout.addLayout(self.top_row)

        self.targets_box = QGroupBox(PlanDialog)
        self.targets_box.setObjectName(u"targets_box")
        self.targets_grid = QGridLayout(self.targets_box)
        self.targets_grid.setObjectName(u"targets_grid")

        self.main_layout.addWidget(self.targets_box)

        self.grid_hint = QLabel(PlanDialog)
        self.grid_hint.setObjectName(u"grid_hint")
        self.grid_hint.setWordWrap(True)

        self.main_layout.addWidget(self.grid_hint)

        self.grid = QTableView(PlanDialog)
        self.grid.setObjectName(u"grid")
        self.grid.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.grid.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.grid.setWordWrap(False)

        self.main_layout.addWidget(self.grid)

        self.counts_label = QLabel(PlanDialog)
        self.counts_label.setObjectName(u"counts_label")
        self.counts_label.setWordWrap(True)

        self.main_layout.addWidget(self.counts_label)

        self.check_label = QLabel(PlanDialog)
        self.check_label.setObjectName(u"check_label")
        self.check_label.setWordWrap(True)
        self.check_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.main_layout.addWidget(self.check_label)

        self.buttons = QDialogButtonBox(PlanDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close|QDialogButtonBox.StandardButton.Save)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.cycle_label.setBuddy(self.cycle)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.cycle, self.replace_planned)
        QWidget.setTabOrder(self.replace_planned, self.propose_button)
        QWidget.setTabOrder(self.propose_button, self.grid)

        self.retranslateUi(PlanDialog)

        QMetaObject.connectSlotsByName(PlanDialog)
    # setupUi

    def retranslateUi(self, PlanDialog):
        PlanDialog.setWindowTitle(QCoreApplication.translate("PlanDialog", u"\u76e3\u67fb\u8a08\u753b\uff08\u5de1\u76ee\uff09", None))
        self.cycle_label.setText(QCoreApplication.translate("PlanDialog", u"\u5de1\u76ee(&C):", None))
        self.replace_planned.setText(QCoreApplication.translate("PlanDialog", u"\u4e88\u5b9a\uff08\u672a\u901a\u77e5\uff09\u306e\u76e3\u67fb\u3082\u7d44\u307f\u76f4\u3059(&R)", None))
#if QT_CONFIG(tooltip)
        self.replace_planned.setToolTip(QCoreApplication.translate("PlanDialog", u"\u30aa\u30d5: \u767b\u9332\u6e08\u307f\u306e\u4e88\u5b9a\u3092\u305d\u306e\u307e\u307e\u6b8b\u3057\u3066\u6b8b\u308a\u3092\u5272\u308a\u5f53\u3066\u307e\u3059\u3002\u30aa\u30f3: \u56fa\u5b9a\u3057\u305f\u4e88\u5b9a\u3068\u901a\u77e5\u6e08\u4ee5\u964d\u306e\u76e3\u67fb\u3060\u3051\u3092\u6b8b\u3057\u3001\u307b\u304b\u306f\u7d44\u307f\u76f4\u3057\u307e\u3059\u3002", None))
#endif // QT_CONFIG(tooltip)
        self.propose_button.setText(QCoreApplication.translate("PlanDialog", u"\u63d0\u6848\u3092\u8a08\u7b97(&P)", None))
        self.targets_box.setTitle(QCoreApplication.translate("PlanDialog", u"\u5e74\u5ea6\u3054\u3068\u306e\u4ef6\u6570", None))
        self.grid_hint.setText(QCoreApplication.translate("PlanDialog", u"\u30bb\u30eb\u3092\u30af\u30ea\u30c3\u30af\u3059\u308b\u3068\u3001\u305d\u306e\u5e74\u5ea6\u306e \u5185\u90e8 \u2192 \u5916\u90e8\uff08\u696d\u52d9\u7aef\u672b\u8a2d\u7f6e\u6a5f\u95a2\u306e\u307f\uff09\u2192 \u306a\u3057 \u3092\u5207\u308a\u66ff\u3048\u307e\u3059\u3002\uff0a \u901a\u77e5\u6e08\u4ee5\u964d\uff08\u52d5\u304b\u305b\u307e\u305b\u3093\uff09\u3000\u25c6 \u56fa\u5b9a", None))
        self.counts_label.setText("")
        self.check_label.setText("")
    # retranslateUi

