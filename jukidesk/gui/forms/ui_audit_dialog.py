# Generated from ui/audit_dialog.ui — do not edit.
# Change the .ui file in Qt Designer (or by hand), then run: python -m jukidesk.gui.forms.compile
# source-sha256: 8bb1248e7bbb47dd3dec3a5087d7b235fa1c7157f6fb8628f43d99bbe738c254
# -*- coding: utf-8 -*-

################################################################################
## Form generated from reading UI file 'audit_dialog.ui'
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
from PySide6.QtWidgets import (QAbstractButton, QApplication, QCheckBox, QComboBox,
    QDateEdit, QDialog, QDialogButtonBox, QFormLayout,
    QHBoxLayout, QLabel, QLineEdit, QPlainTextEdit,
    QSizePolicy, QSpacerItem, QTimeEdit, QVBoxLayout,
    QWidget)

from jukidesk.gui.widgets import FiscalYearCombo

class Ui_AuditDialog(object):
    def setupUi(self, AuditDialog):
        if not AuditDialog.objectName():
            AuditDialog.setObjectName(u"AuditDialog")
        AuditDialog.setMinimumSize(QSize(640, 0))
        self.main_layout = QVBoxLayout(AuditDialog)
        self.main_layout.setObjectName(u"main_layout")
        self.form = QFormLayout()
        self.form.setObjectName(u"form")
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.ExpandingFieldsGrow)
        self.institution_label = QLabel(AuditDialog)
        self.institution_label.setObjectName(u"institution_label")

        self.form.setWidget(0, QFormLayout.ItemRole.LabelRole, self.institution_label)

        self.institution = QComboBox(AuditDialog)
        self.institution.setObjectName(u"institution")

        self.form.setWidget(0, QFormLayout.ItemRole.FieldRole, self.institution)

        self.kind_label = QLabel(AuditDialog)
        self.kind_label.setObjectName(u"kind_label")

        self.form.setWidget(1, QFormLayout.ItemRole.LabelRole, self.kind_label)

        self.kind = QComboBox(AuditDialog)
        self.kind.setObjectName(u"kind")

        self.form.setWidget(1, QFormLayout.ItemRole.FieldRole, self.kind)

        self.fiscal_year_label = QLabel(AuditDialog)
        self.fiscal_year_label.setObjectName(u"fiscal_year_label")

        self.form.setWidget(2, QFormLayout.ItemRole.LabelRole, self.fiscal_year_label)

        self.fiscal_year = FiscalYearCombo(AuditDialog)
        self.fiscal_year.setObjectName(u"fiscal_year")

        self.form.setWidget(2, QFormLayout.ItemRole.FieldRole, self.fiscal_year)

        self.status_label = QLabel(AuditDialog)
        self.status_label.setObjectName(u"status_label")

        self.form.setWidget(3, QFormLayout.ItemRole.LabelRole, self.status_label)

        self.status = QComboBox(AuditDialog)
        self.status.setObjectName(u"status")

        self.form.setWidget(3, QFormLayout.ItemRole.FieldRole, self.status)

        self.date_label = QLabel(AuditDialog)
        self.date_label.setObjectName(u"date_label")

        self.form.setWidget(4, QFormLayout.ItemRole.LabelRole, self.date_label)

        self.date_row = QHBoxLayout()
        self.date_row.setObjectName(u"date_row")
        self.date = QDateEdit(AuditDialog)
        self.date.setObjectName(u"date")
        self.date.setCalendarPopup(True)

        self.date_row.addWidget(self.date)

        self.start_time = QTimeEdit(AuditDialog)
        self.start_time.setObjectName(u"start_time")

        self.date_row.addWidget(self.start_time)

        self.time_sep = QLabel(AuditDialog)
        self.time_sep.setObjectName(u"time_sep")

        self.date_row.addWidget(self.time_sep)

        self.end_time = QTimeEdit(AuditDialog)
        self.end_time.setObjectName(u"end_time")

        self.date_row.addWidget(self.end_time)

        self.undated = QCheckBox(AuditDialog)
        self.undated.setObjectName(u"undated")

        self.date_row.addWidget(self.undated)

        self.date_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.date_row.addItem(self.date_spacer)


        self.form.setLayout(4, QFormLayout.ItemRole.FieldRole, self.date_row)

        self.place_label = QLabel(AuditDialog)
        self.place_label.setObjectName(u"place_label")

        self.form.setWidget(5, QFormLayout.ItemRole.LabelRole, self.place_label)

        self.place = QLineEdit(AuditDialog)
        self.place.setObjectName(u"place")
        self.place.setMaxLength(300)

        self.form.setWidget(5, QFormLayout.ItemRole.FieldRole, self.place)

        self.auditors_label = QLabel(AuditDialog)
        self.auditors_label.setObjectName(u"auditors_label")

        self.form.setWidget(6, QFormLayout.ItemRole.LabelRole, self.auditors_label)

        self.auditors = QPlainTextEdit(AuditDialog)
        self.auditors.setObjectName(u"auditors")
        self.auditors.setMaximumSize(QSize(16777215, 64))
        self.auditors.setTabChangesFocus(True)

        self.form.setWidget(6, QFormLayout.ItemRole.FieldRole, self.auditors)

        self.methods_label = QLabel(AuditDialog)
        self.methods_label.setObjectName(u"methods_label")

        self.form.setWidget(7, QFormLayout.ItemRole.LabelRole, self.methods_label)

        self.methods_row = QHBoxLayout()
        self.methods_row.setObjectName(u"methods_row")
        self.method_hearing = QCheckBox(AuditDialog)
        self.method_hearing.setObjectName(u"method_hearing")

        self.methods_row.addWidget(self.method_hearing)

        self.method_log_analysis = QCheckBox(AuditDialog)
        self.method_log_analysis.setObjectName(u"method_log_analysis")

        self.methods_row.addWidget(self.method_log_analysis)

        self.method_site_visit = QCheckBox(AuditDialog)
        self.method_site_visit.setObjectName(u"method_site_visit")

        self.methods_row.addWidget(self.method_site_visit)

        self.method_documents = QCheckBox(AuditDialog)
        self.method_documents.setObjectName(u"method_documents")

        self.methods_row.addWidget(self.method_documents)

        self.methods_spacer = QSpacerItem(20, 20, QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)

        self.methods_row.addItem(self.methods_spacer)


        self.form.setLayout(7, QFormLayout.ItemRole.FieldRole, self.methods_row)

        self.pinned_label = QLabel(AuditDialog)
        self.pinned_label.setObjectName(u"pinned_label")

        self.form.setWidget(8, QFormLayout.ItemRole.LabelRole, self.pinned_label)

        self.pinned = QCheckBox(AuditDialog)
        self.pinned.setObjectName(u"pinned")

        self.form.setWidget(8, QFormLayout.ItemRole.FieldRole, self.pinned)

        self.note_label = QLabel(AuditDialog)
        self.note_label.setObjectName(u"note_label")

        self.form.setWidget(9, QFormLayout.ItemRole.LabelRole, self.note_label)

        self.note = QPlainTextEdit(AuditDialog)
        self.note.setObjectName(u"note")
        self.note.setMaximumSize(QSize(16777215, 52))
        self.note.setTabChangesFocus(True)

        self.form.setWidget(9, QFormLayout.ItemRole.FieldRole, self.note)


        self.main_layout.addLayout(self.form)

        self.warnings_label = QLabel(AuditDialog)
        self.warnings_label.setObjectName(u"warnings_label")
        self.warnings_label.setWordWrap(True)

        self.main_layout.addWidget(self.warnings_label)

        self.error_label = QLabel(AuditDialog)
        self.error_label.setObjectName(u"error_label")
        self.error_label.setWordWrap(True)

        self.main_layout.addWidget(self.error_label)

        self.buttons = QDialogButtonBox(AuditDialog)
        self.buttons.setObjectName(u"buttons")
        self.buttons.setStandardButtons(QDialogButtonBox.StandardButton.Cancel|QDialogButtonBox.StandardButton.Ok)

        self.main_layout.addWidget(self.buttons)

#if QT_CONFIG(shortcut)
        self.institution_label.setBuddy(self.institution)
        self.kind_label.setBuddy(self.kind)
        self.fiscal_year_label.setBuddy(self.fiscal_year)
        self.status_label.setBuddy(self.status)
        self.date_label.setBuddy(self.date)
        self.place_label.setBuddy(self.place)
        self.auditors_label.setBuddy(self.auditors)
        self.note_label.setBuddy(self.note)
#endif // QT_CONFIG(shortcut)
        QWidget.setTabOrder(self.institution, self.kind)
        QWidget.setTabOrder(self.kind, self.fiscal_year)
        QWidget.setTabOrder(self.fiscal_year, self.status)
        QWidget.setTabOrder(self.status, self.date)
        QWidget.setTabOrder(self.date, self.start_time)
        QWidget.setTabOrder(self.start_time, self.end_time)
        QWidget.setTabOrder(self.end_time, self.undated)
        QWidget.setTabOrder(self.undated, self.place)
        QWidget.setTabOrder(self.place, self.auditors)
        QWidget.setTabOrder(self.auditors, self.method_hearing)
        QWidget.setTabOrder(self.method_hearing, self.method_log_analysis)
        QWidget.setTabOrder(self.method_log_analysis, self.method_site_visit)
        QWidget.setTabOrder(self.method_site_visit, self.method_documents)
        QWidget.setTabOrder(self.method_documents, self.pinned)
        QWidget.setTabOrder(self.pinned, self.note)

        self.retranslateUi(AuditDialog)

        QMetaObject.connectSlotsByName(AuditDialog)
    # setupUi

    def retranslateUi(self, AuditDialog):
        AuditDialog.setWindowTitle(QCoreApplication.translate("AuditDialog", u"\u76e3\u67fb", None))
        self.institution_label.setText(QCoreApplication.translate("AuditDialog", u"\u6a5f\u95a2(&I):", None))
        self.kind_label.setText(QCoreApplication.translate("AuditDialog", u"\u533a\u5206(&K):", None))
        self.fiscal_year_label.setText(QCoreApplication.translate("AuditDialog", u"\u5e74\u5ea6(&Y):", None))
        self.status_label.setText(QCoreApplication.translate("AuditDialog", u"\u72b6\u6cc1(&S):", None))
        self.date_label.setText(QCoreApplication.translate("AuditDialog", u"\u65e5\u6642(&D):", None))
        self.date.setDisplayFormat(QCoreApplication.translate("AuditDialog", u"yyyy/MM/dd (ddd)", None))
        self.start_time.setDisplayFormat(QCoreApplication.translate("AuditDialog", u"HH:mm", None))
        self.time_sep.setText(QCoreApplication.translate("AuditDialog", u"\u301c", None))
        self.end_time.setDisplayFormat(QCoreApplication.translate("AuditDialog", u"HH:mm", None))
        self.undated.setText(QCoreApplication.translate("AuditDialog", u"\u65e5\u7a0b\u672a\u5b9a(&U)", None))
        self.place_label.setText(QCoreApplication.translate("AuditDialog", u"\u5834\u6240(&L):", None))
        self.place.setPlaceholderText(QCoreApplication.translate("AuditDialog", u"\u4f8b: \u9577\u91ce\u770c\u5e81 3\u968e \u4f1a\u8b70\u5ba4", None))
        self.auditors_label.setText(QCoreApplication.translate("AuditDialog", u"\u76e3\u67fb\u4eba(&A):", None))
        self.auditors.setPlaceholderText(QCoreApplication.translate("AuditDialog", u"1\u884c\u306b1\u4eba\uff08\u300c\u3001\u300d\u533a\u5207\u308a\u3082\u53ef\uff09\u3002\u5916\u90e8\u76e3\u67fb\u306f\u4f1a\u793e\u540d\u3068\u76e3\u67fb\u4eba\uff08\u4f8b: TIS\u3231\uff09", None))
        self.methods_label.setText(QCoreApplication.translate("AuditDialog", u"\u65b9\u6cd5:", None))
        self.method_hearing.setText(QCoreApplication.translate("AuditDialog", u"\u805e\u304d\u53d6\u308a", None))
        self.method_log_analysis.setText(QCoreApplication.translate("AuditDialog", u"\u30ed\u30b0\u89e3\u6790", None))
        self.method_site_visit.setText(QCoreApplication.translate("AuditDialog", u"\u73fe\u5730\u8abf\u67fb", None))
        self.method_documents.setText(QCoreApplication.translate("AuditDialog", u"\u66f8\u985e\u78ba\u8a8d", None))
        self.pinned_label.setText(QCoreApplication.translate("AuditDialog", u"\u8a08\u753b:", None))
        self.pinned.setText(QCoreApplication.translate("AuditDialog", u"\u76e3\u67fb\u8a08\u753b\u3092\u4f5c\u308a\u76f4\u3059\u3068\u304d\u3082\u3001\u3053\u306e\u5e74\u5ea6\u30fb\u533a\u5206\u306b\u56fa\u5b9a\u3059\u308b(&P)", None))
        self.note_label.setText(QCoreApplication.translate("AuditDialog", u"\u5099\u8003(&N):", None))
        self.warnings_label.setText("")
        self.warnings_label.setStyleSheet(QCoreApplication.translate("AuditDialog", u"QLabel { background: #fff3cd; color: #7a4b00; border: 1px solid #e0b84f; padding: 4px; }", None))
        self.error_label.setText("")
        self.error_label.setStyleSheet(QCoreApplication.translate("AuditDialog", u"color: #c00000; font-weight: bold;", None))
    # retranslateUi

