# Generated from ui/first_run_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: fba1d46b082e4f2a95c73a02ac859db38604df7503a51dd6878e3663fe5160b2
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'first_run_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QCommandLinkButton,
    QDialog, QDialogButtonBox, QFormLayout, QHBoxLayout,
    QLabel, QLineEdit, QListWidget, QListWidgetItem,
    QPushButton, QSizePolicy, QSpacerItem, QSpinBox,
    QStackedWidget, QVBoxLayout, QWidget)

class Ui_FirstRunDialog(object):
    def setupUi(self, FirstRunDialog):
        if not FirstRunDialog.objectName():
            FirstRunDialog.setObjectName(u"FirstRunDialog")
        FirstRunDialog.setMinimumSize(QSize(600, 0))
        self.main_layout = QVBoxLayout(FirstRunDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.pages = QStackedWidget(FirstRunDialog)
        self.pages.setObjectName(u"pages")
        self.choice_page = QWidget()
        self.choice_page.setObjectName(u"choice_page")
        self.choice_layout = QVBoxLayout(self.choice_page)
        self.choice_layout.setObjectName(u"choice_layout")
        self.choice_layout.setContentsMargins(0, 0, 0, 0)
        self.intro_label = QLabel(self.choice_page)
        self.intro_label.setObjectName(u"intro_label")
        self.intro_label.setWordWrap(True)

        self.choice_layout.addWidget(self.intro_label)

        self.new_button = QCommandLinkButton(self.choice_page)
        self.new_button.setObjectName(u"new_button")
        self.new_button.setAutoDefault(False)

        self.choice_layout.addWidget(self.new_button)

        self.demo_button = QCommandLinkButton(self.choice_page)
        self.demo_button.setObjectName(u"demo_button")
        self.demo_button.setDefault(True)

        self.choice_layout.addWidget(self.demo_button)

        self.open_button = QCommandLinkButton(self.choice_page)
        self.open_button.setObjectName(u"open_button")
        self.open_button.setAutoDefault(False)

        self.choice_layout.addWidget(self.open_button)

        self.recent_label = QLabel(self.choice_page)
        self.recent_label.setObjectName(u"recent_label")

        self.choice_layout.addWidget(self.recent_label)

        self.recent_list = QListWidget(self.choice_page)
        self.recent_list.setObjectName(u"recent_list")
        self.recent_list.setMaximumSize(QSize(16777215, 96))

        self.choice_layout.addWidget(self.recent_list)

        self.location_label = QLabel(self.choice_page)
        self.location_label.setObjectName(u"location_label")
        self.location_label.setWordWrap(True)
        self.location_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.choice_layout.addWidget(self.location_label)

        self.pages.addWidget(self.choice_page)
        self.new_page = QWidget()
        self.new_page.setObjectName(u"new_page")
        self.new_layout = QVBoxLayout(self.new_page)
        self.new_layout.setObjectName(u"new_layout")
        self.new_layout.setContentsMargins(0, 0, 0, 0)
        self.new_intro_label = QLabel(self.new_page)
        self.new_intro_label.setObjectName(u"new_intro_label")
        self.new_intro_label.setWordWrap(True)

        self.new_layout.addWidget(self.new_intro_label)

        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.org_name_label = QLabel(self.new_page)
        self.org_name_label.setObjectName(u"org_name_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.org_name_label)

        self.org_name = QLineEdit(self.new_page)
        self.org_name.setObjectName(u"org_name")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.org_name)

        self.org_short_name_label = QLabel(self.new_page)
        self.org_short_name_label.setObjectName(u"org_short_name_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.org_short_name_label)

        self.org_short_name = QLineEdit(self.new_page)
        self.org_short_name.setObjectName(u"org_short_name")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.org_short_name)

        self.security_officer_title_label = QLabel(self.new_page)
        self.security_officer_title_label.setObjectName(u"security_officer_title_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.security_officer_title_label)

        self.security_officer_title = QLineEdit(self.new_page)
        self.security_officer_title.setObjectName(u"security_officer_title")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.security_officer_title)

        self.security_officer_section_label = QLabel(self.new_page)
        self.security_officer_section_label.setObjectName(u"security_officer_section_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.security_officer_section_label)

        self.security_officer_section = QLineEdit(self.new_page)
        self.security_officer_section.setObjectName(u"security_officer_section")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.security_officer_section)

        self.network_admin_title_label = QLabel(self.new_page)
        self.network_admin_title_label.setObjectName(u"network_admin_title_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.network_admin_title_label)

        self.network_admin_title = QLineEdit(self.new_page)
        self.network_admin_title.setObjectName(u"network_admin_title")

        self.form.setWidget(4, QFormLayout.ItemRole.FieldRole, self.network_admin_title)

        self.cycle_first_fy_label = QLabel(self.new_page)
        self.cycle_first_fy_label.setObjectName(u"cycle_first_fy_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.cycle_first_fy_label)

        self.year_layout = QHBoxLayout()
        self.year_layout.setObjectName(u"year_layout")
        self.cycle_first_fy = QSpinBox(self.new_page)
        self.cycle_first_fy.setObjectName(u"cycle_first_fy")
        self.cycle_first_fy.setMinimum(1989)
        self.cycle_first_fy.setMaximum(2100)

        self.year_layout.addWidget(self.cycle_first_fy)

        self.cycle_first_fy_display = QLabel(self.new_page)
        self.cycle_first_fy_display.setObjectName(u"cycle_first_fy_display")

        self.year_layout.addWidget(self.cycle_first_fy_display)

        self.year_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.year_layout.addItem(self.year_spacer)


        self.form.setLayout(5, QFormLayout.ItemRole.FieldRole, self.year_layout)


        self.new_layout.addLayout(self.form)

        self.standard_template = QCheckBox(self.new_page)
        self.standard_template.setObjectName(u"standard_template")
        self.standard_template.setChecked(True)

        self.new_layout.addWidget(self.standard_template)

        self.target_label = QLabel(self.new_page)
        self.target_label.setObjectName(u"target_label")
        self.target_label.setWordWrap(True)
        self.target_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)

        self.new_layout.addWidget(self.target_label)

        self.error_label = QLabel(self.new_page)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.new_layout.addWidget(self.error_label)

        self.new_buttons_layout = QHBoxLayout()
        self.new_buttons_layout.setObjectName(u"new_buttons_layout")
        self.back_button = QPushButton(self.new_page)
        self.back_button.setObjectName(u"back_button")
        self.back_button.setAutoDefault(False)

        self.new_buttons_layout.addWidget(self.back_button)

        self.new_buttons_spacer = QSpacerItem(0, 0, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.new_buttons_layout.addItem(self.new_buttons_spacer)

        self.create_button = QPushButton(self.new_page)
        self.create_button.setObjectName(u"create_button")

        self.new_buttons_layout.addWidget(self.create_button)


        self.new_layout.addLayout(self.new_buttons_layout)

        self.pages.addWidget(self.new_page)

        self.main_layout.addWidget(self.pages)

        self.buttons = QDialogButtonBox(FirstRunDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Close)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.recent_label.setBuddy(self.recent_list)
        self.org_name_label.setBuddy(self.org_name)
        self.org_short_name_label.setBuddy(self.org_short_name)
        self.security_officer_title_label.setBuddy(self.security_officer_title)
        self.security_officer_section_label.setBuddy(self.security_officer_section)
        self.network_admin_title_label.setBuddy(self.network_admin_title)
        self.cycle_first_fy_label.setBuddy(self.cycle_first_fy)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.new_button, self.demo_button)
        QWidget.setTabOrder(self.demo_button, self.open_button)
        QWidget.setTabOrder(self.open_button, self.recent_list)
        QWidget.setTabOrder(self.recent_list, self.org_name)
        QWidget.setTabOrder(self.org_name, self.org_short_name)
        QWidget.setTabOrder(self.org_short_name, self.security_officer_title)
        QWidget.setTabOrder(self.security_officer_title, self.security_officer_section)
        QWidget.setTabOrder(self.security_officer_section, self.network_admin_title)
        QWidget.setTabOrder(self.network_admin_title, self.cycle_first_fy)
        QWidget.setTabOrder(self.cycle_first_fy, self.standard_template)
        QWidget.setTabOrder(self.standard_template, self.create_button)
        QWidget.setTabOrder(self.create_button, self.back_button)

        self.retranslateUi(FirstRunDialog)

        QMetaObject.connectSlotsByName(FirstRunDialog)
    # setupUi

    def retranslateUi(self, FirstRunDialog):
        FirstRunDialog.setWindowTitle(QCoreApplication.translate("FirstRunDialog", u"jukidesk \u3078\u3088\u3046\u3053\u305d", None))
        self.intro_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u304c\u307e\u3060\u3042\u308a\u307e\u305b\u3093\u3002\u3069\u306e\u3088\u3046\u306b\u59cb\u3081\u308b\u304b\u3092\u9078\u3093\u3067\u304f\u3060\u3055\u3044\u3002", None))
        self.new_button.setText(QCoreApplication.translate("FirstRunDialog", u"\u65b0\u3057\u304f\u59cb\u3081\u308b(&N)", None))
        self.new_button.setDescription(QCoreApplication.translate("FirstRunDialog", u"\u7d44\u7e54\u540d\u3068\u8077\u540d\u3092\u5165\u529b\u3057\u3066\u3001\u7a7a\u306e\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u3092\u4f5c\u308a\u307e\u3059\u3002\u6a5f\u95a2\u53f0\u5e33\u306e\u5165\u529b\u304b\u3089\u59cb\u3081\u307e\u3059\u3002", None))
        self.demo_button.setText(QCoreApplication.translate("FirstRunDialog", u"\u30c7\u30e2\u30c7\u30fc\u30bf\u3067\u8a66\u3059(&D)", None))
        self.demo_button.setDescription(QCoreApplication.translate("FirstRunDialog", u"\u4f8b\u306e\u30c7\u30fc\u30bf\u306e\u4e00\u6642\u30b3\u30d4\u30fc\u3067\u958b\u304d\u307e\u3059\u3002\u81ea\u7531\u306b\u64cd\u4f5c\u3067\u304d\u3001\u7d42\u4e86\u3059\u308b\u3068\u5909\u66f4\u306f\u6d88\u3048\u307e\u3059\u3002", None))
        self.open_button.setText(QCoreApplication.translate("FirstRunDialog", u"\u65e2\u5b58\u306e\u30d5\u30a1\u30a4\u30eb\u3092\u958b\u304f(&O)\u2026", None))
        self.open_button.setDescription(QCoreApplication.translate("FirstRunDialog", u"\u524d\u4efb\u8005\u304b\u3089\u5f15\u304d\u7d99\u3044\u3060\u30c7\u30fc\u30bf\u30d5\u30a1\u30a4\u30eb\u306a\u3069\u3092\u9078\u3093\u3067\u958b\u304d\u307e\u3059\u3002", None))
        self.recent_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u6700\u8fd1\u4f7f\u3063\u305f\u30d5\u30a1\u30a4\u30eb(&R):", None))
#if QT_CONFIG(tooltip)
        self.recent_list.setToolTip(QCoreApplication.translate("FirstRunDialog", u"\u30c0\u30d6\u30eb\u30af\u30ea\u30c3\u30af\u307e\u305f\u306f Enter \u3067\u958b\u304d\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.location_label.setText("")
        self.new_intro_label.setText(QCoreApplication.translate("FirstRunDialog", u"\u7d44\u7e54\u306e\u60c5\u5831\u3092\u5165\u529b\u3057\u3066\u304f\u3060\u3055\u3044\u3002\u5831\u544a\u66f8\u3084\u901a\u77e5\u6587\u306b\u4f7f\u308f\u308c\u307e\u3059\u3002\uff0a\u306e\u9805\u76ee\u306f\u5fc5\u305a\u5165\u529b\u3057\u3066\u304f\u3060\u3055\u3044\u3002\u3042\u3068\u304b\u3089 \u8a2d\u5b9a \u2192 \u7d44\u7e54\u306e\u8a2d\u5b9a \u3067\u5909\u66f4\u3067\u304d\u3001\u307b\u304b\u306e\u9805\u76ee\uff08\u5831\u544a\u66f8\u306e\u6587\u7ae0\u306a\u3069\uff09\u3082\u305d\u3053\u3067\u8a2d\u5b9a\u3057\u307e\u3059\u3002", None))
        self.org_name.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b: \u25cb\u25cb\u770c", None))
        self.org_short_name.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b: \u770c", None))
        self.security_officer_section.setPlaceholderText(QCoreApplication.translate("FirstRunDialog", u"\u4f8b: \u4f01\u753b\u90e8\u5e02\u753a\u6751\u8ab2", None))
        self.cycle_first_fy_display.setText("")
        self.standard_template.setText(QCoreApplication.translate("FirstRunDialog", u"\u540c\u68b1\u306e\u6a19\u6e96\u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8\uff08\u30c6\u30f3\u30d7\u30ec\u30fc\u30c8\uff09\u3092\u4f7f\u3046(&T)", None))
#if QT_CONFIG(tooltip)
        self.standard_template.setToolTip(QCoreApplication.translate("FirstRunDialog", u"\u3042\u3068\u304b\u3089 \u30c1\u30a7\u30c3\u30af\u30ea\u30b9\u30c8 \u2192 \u30c6\u30f3\u30d7\u30ec\u30fc\u30c8 \u3067\u81ea\u5206\u306e\u7d44\u7e54\u306e\u69d8\u5f0f\u306b\u7f6e\u304d\u63db\u3048\u3089\u308c\u307e\u3059", None))
#endif // QT_CONFIG(tooltip)
        self.target_label.setText("")
        self.error_label.setStyleSheet(QCoreApplication.translate("FirstRunDialog", u"color: #c00000; font-weight: bold;", None))
        self.error_label.setText("")
        self.back_button.setText(QCoreApplication.translate("FirstRunDialog", u"\u623b\u308b(&B)", None))
        self.create_button.setText(QCoreApplication.translate("FirstRunDialog", u"\u4f5c\u6210\u3057\u3066\u59cb\u3081\u308b(&S)", None))
    # retranslateUi

