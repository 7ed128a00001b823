"""Japanese labels of the stored codes: one table, used by the GUI, the CLI and reports."""

from jukidesk.base import audit_kinds

INSTITUTION_KIND_LABELS = {"user": "事務利用機関", "operator": "運用機関"}
TERMINAL_INSTITUTION_LABEL = "業務端末設置機関"  # Institution.has_terminal

# The kinds of checklist and audit, from their one table (base.audit_kinds): a live view.
CHECKLIST_KIND_LABELS = audit_kinds.LABELS

AUDIT_STATUS_LABELS = {"planned": "予定", "notified": "通知済", "done": "実施済", "reported": "報告済"}

CHECKLIST_STATUS_LABELS = {"open": "入力中", "complete": "完了"}

FINDING_STATUS_LABELS = {"open": "未対応", "in_progress": "対応中", "confirmed": "改善確認済"}

AUDIT_METHOD_LABELS = {
    "hearing": "聞き取り",
    "log_analysis": "ログ解析",
    "site_visit": "現地調査",
    "documents": "書類確認",
}

NOT_APPLICABLE_LABEL = "該当なし"

# Evidence and traceability (issue 11: core/evidence.py, core/revisions.py, reports/issued.py)
ANSWER_STATUS_LABELS = {"answered": "回答済", "unconfirmed": "未確認"}
REANSWER_LABEL = "要再回答"  # the item's text changed since the answer it would carry over
ATTACHMENT_OWNER_LABELS = {"answer": "回答", "finding": "指摘事項", "audit": "監査", "drill": "訓練"}
ITEM_CHANGE_LABELS = {"added": "追加", "removed": "削除", "reworded": "文言変更", "moved": "移動"}
PAPER_LABELS = {"shiryo2": "資料2（監査経過報告）", "committee": "審議会への年次報告", "internal_audit": "内部監査報告書"}

# Municipal operations (storage/models_municipal.py)
COURSE_KIND_LABELS = {"elearning": "e-ラーニング", "practical": "実務研修", "other": "その他"}
EMERGENCY_DOCUMENT_KIND_LABELS = {"plan": "緊急時対応計画書", "contacts": "緊急時連絡網"}
INSPECTION_KIND_LABELS = {"daily": "日次点検", "monthly": "月次点検"}
MEETING_KIND_LABELS = {"management": "管理運用会議", "council": "審議会"}
MEMBER_ROLE_LABELS = {"chair": "会長", "deputy": "職務代理者", "member": "委員"}
RULE_KIND_LABELS = {"rule": "例規", "procedure": "手順書"}
RULE_STATUS_LABELS = {"ready": "整備済", "missing": "未整備"}

# The city's year (storage/models_city.py, issue 18)
CERTIFICATE_KIND_LABELS = {"pmark": "プライバシーマーク", "isms": "ISMS"}
COUNCIL_DECISION_LABELS = {"hold": "開催", "not_hold": "不開催"}
COUNCIL_ANSWER_LABELS = {"hold": "開催を要する", "not_hold": "開催は不要"}
PROPOSAL_STATUS_LABELS = {"open": "未着手", "in_progress": "対応中", "done": "完了"}

# Backups: the reason code in a generation's file name (storage/backup.py).
BACKUP_REASON_LABELS = {
    "manual": "手動",
    "open": "起動時",
    "before-migration": "形式の更新前",
    "before-import": "取込み前",
    "before-bulk": "一括変更前",
    "before-restore": "復元前",
    "damaged": "破損したファイル",
}

# Edit history (storage/history.py, table change_log).
CHANGE_ACTION_LABELS = {"insert": "追加", "update": "変更", "delete": "削除"}
CHANGE_TABLE_LABELS = {
    "institution": "機関台帳",
    "checklist": "チェックリスト",
    "answer": "回答",
    "audit": "監査",
    "finding": "指摘事項",
    "setting": "設定",
    "year_note": "年度の記述",
    "attachment": "証拠資料",
    "file_lock": "ファイルのロック（使用中の記録）",
    "past_result": "過去の実績（取り込み）",
    # municipal (storage/models_municipal.py)
    "role_assignment": "セキュリティ組織名簿",
    "staff": "職員",
    "training_course": "研修計画",
    "training_completion": "研修の受講",
    "emergency_document": "緊急時対応計画・連絡網",
    "drill": "緊急時対応訓練",
    "inspection_template": "点検項目表",
    "inspection_item": "点検項目",
    "inspection_record": "日次・月次点検",
    "inspection_result": "点検結果",
    "committee_member": "審議会委員",
    "meeting": "会議・審議会",
    "agenda_item": "議題",
    "meeting_attendance": "出席者",
    "written_reply": "書面開催の回答",
    "rule_document": "例規・手順書",
    "outsourcing_contract": "委託契約",
    # the yearly 調査票 (storage/models_survey.py)
    "survey_template": "調査票の様式",
    "survey_question": "調査票の項目",
    "survey_question_rule": "調査票の項目と関連手順",
    "survey_answer": "調査票の回答",

    "council_decision": "審議会の開催要否",
    "council_decision_reply": "開催要否の回答",
    "internal_audit_report": "内部監査報告書",
    "internal_audit_method": "監査方法別の結果",
    "internal_audit_proposal": "内部監査の意見・提案",
}
CHANGE_FIELD_LABELS = {
    "institution": {
        "code": "機関コード", "name": "機関名", "short_name": "略称", "kind": "区分",
        "has_terminal": "業務端末", "head_title": "責任者の職名", "address": "所在地",
        "valid_from_fy": "有効開始年度", "valid_until_fy": "有効終了年度", "sort_order": "表示順",
    },
    "checklist": {
        "fy": "年度", "kind": "区分", "institution_id": "機関", "template_id": "様式",
        "status": "状態", "filled_by": "記入者", "filled_on": "記入日", "completed_at": "完了日時",
    },
    "answer": {
        "checklist_id": "チェックリスト", "item_id": "項目", "score": "点数",
        "not_applicable": "該当なし", "remark": "備考", "status": "確認状況",
    },
    "attachment": {
        "owner_type": "添付先の種類", "owner_id": "添付先", "item_id": "項目", "evidence_date": "証拠の日付",
        "description": "説明", "file_name": "ファイル名", "size": "大きさ", "sha256": "改ざん検知の値",
        "added_at": "登録日時", "added_by": "登録者",
    },
    "audit": {
        "fy": "年度", "kind": "区分", "institution_id": "機関", "status": "状態",
        "starts_at": "開始日時", "ends_at": "終了日時", "place": "場所", "auditors": "監査人",
        "methods": "方法", "notified_on": "通知日", "note": "備考",
        "pinned": "計画で固定", "uid": "予定表の識別子",
    },
    "finding": {
        "audit_id": "監査", "item_id": "項目", "content": "指摘内容", "response": "対応",
        "due_date": "期限", "status": "状態", "confirmed_by_audit_id": "確認した監査",
        "confirmed_on": "確認日",
    },
    "setting": {"key": "項目", "value": "値"},
    "year_note": {"fy": "年度", "key": "項目", "text": "本文"},
    "past_result": {
        "fy": "年度", "kind": "区分", "institutions": "対象機関数", "average": "平均点", "performed_by": "実施機関",
        "findings": "指摘内容", "source_file": "取り込んだファイル", "source_row": "行", "source_sha256": "ファイルの改ざん検知の値",
        "imported_at": "取り込み日時", "imported_by": "取り込んだ人",
    },
    # municipal: the same words as the entry forms (core/municipal/*.py)
    "role_assignment": {
        "role": "役割", "person": "氏名", "title": "職名", "section": "所属",
        "starts_on": "就任日", "ends_on": "退任日", "note": "備考",
    },
    "staff": {
        "code": "職員番号", "name": "氏名", "institution_id": "所属", "starts_on": "着任日",
        "ends_on": "転出日", "note": "備考",
    },
    "training_course": {
        "fy": "年度", "kind": "区分", "title": "研修名", "planned_from": "実施予定（開始）",
        "planned_until": "実施予定（終了）", "due_on": "受講期限", "required": "全員必須", "note": "備考",
    },
    "training_completion": {"course_id": "研修", "staff_id": "職員", "completed_on": "受講完了日"},
    "emergency_document": {
        "kind": "種類", "title": "文書名", "version": "版", "revised_on": "改訂日", "note": "改訂内容・備考",
    },
    "drill": {
        "held_on": "実施日", "scenario": "想定（シナリオ）", "participants": "参加者",
        "findings": "訓練で分かった課題", "follow_up": "改善の対応", "follow_up_done": "改善の対応が完了",
    },
    "inspection_template": {"kind": "区分", "version": "版", "valid_from": "適用開始日", "created_at": "作成日時"},
    "inspection_item": {"template_id": "点検項目表", "position": "番号", "text": "点検項目"},
    "inspection_record": {
        "kind": "区分", "institution_id": "点検場所", "period": "点検日・点検月",
        "template_id": "点検項目表", "inspector": "点検者", "note": "備考",
    },
    "inspection_result": {"record_id": "点検記録", "item_id": "点検項目", "ok": "異常なし", "remark": "異常の内容"},
    "committee_member": {
        "name": "氏名", "affiliation": "所属・役職", "role": "役割", "term_start": "任期の開始",
        "term_end": "任期の終了", "email": "電子メール",
    },
    "meeting": {
        "fy": "年度", "kind": "会議の種類", "title": "会議名", "held_on": "開催日", "time_text": "時間",
        "place": "場所", "web": "WEB会議", "written": "書面開催", "materials_sent_on": "資料送付日",
        "opinions_due_on": "意見の回答期限", "minutes": "議事の概要",
    },
    "agenda_item": {
        "meeting_id": "会議", "position": "順番", "title": "議題", "report": "報告・説明の内容",
        "decision": "決定事項・審議結果",
    },
    "meeting_attendance": {"meeting_id": "会議", "member_id": "委員", "name": "氏名", "capacity": "立場", "present": "出席"},
    "written_reply": {
        "meeting_id": "会議", "member_id": "委員", "received_on": "回答日", "has_opinion": "意見あり",
        "opinion": "意見の内容",
    },
    "rule_document": {
        "title": "名称", "kind": "種類", "version": "版", "revised_on": "最終改正日",
        "next_review_on": "次回見直し期限", "status": "整備状況", "note": "備考",
    },
    "outsourcing_contract": {
        "vendor": "委託先", "subject": "業務名", "starts_on": "契約期間（開始）", "ends_on": "契約期間（終了）",
        "privacy_mark_number": "プライバシーマーク登録番号", "privacy_mark_expires_on": "プライバシーマーク有効期限",
        "requirements_checked": "セキュリティ要件を確認済み", "checked_on": "確認日", "note": "確認した要件・備考",
        "certificate_kind": "認証の種類",
    },
    "council_decision": {
        "fy": "年度", "sent_on": "資料送付日", "documents": "送付した資料", "opinions_due_on": "意見の回答期限",
        "decision": "会長の判断", "decided_on": "判断日", "reason": "判断の理由",
    },
    "council_decision_reply": {
        "decision_id": "開催要否", "member_id": "委員", "received_on": "回答日", "answer": "回答", "opinion": "意見",
    },
    "internal_audit_report": {
        "audit_id": "監査", "reported_on": "報告日", "auditors": "監査委員", "scope": "監査の対象", "summary": "総評",
    },
    "internal_audit_method": {
        "report_id": "内部監査報告書", "position": "順番", "method": "監査方法", "no_problem": "問題なし",
        "result": "結果",
    },
    "internal_audit_proposal": {
        "report_id": "内部監査報告書", "position": "順番", "method": "監査方法", "content": "意見・提案",
        "owner": "担当", "due_on": "期限", "status": "状況", "done_on": "完了日", "response": "対応内容",
    },
    "survey_template": {"name": "名称", "version": "版", "valid_from_fy": "適用開始年度", "created_at": "作成日時"},
    "survey_question": {"template_id": "様式", "position": "順番", "chapter": "章", "number": "番号", "text": "質問"},
    "survey_question_rule": {"question_id": "項目", "rule_id": "関連手順"},
    "survey_answer": {"fy": "年度", "question_id": "項目", "status": "回答", "confirmed": "確認済み", "note": "備考"},
}

# The yearly 調査票 (core/municipal/survey.py)
SURVEY_STATUS_LABELS = {"done": "整備・運用済", "partial": "一部未整備", "missing": "未整備", "na": "該当なし"}
SURVEY_UNANSWERED_LABEL = "未回答"
SURVEY_UNCONFIRMED_LABEL = "未確認"



def kind_from_label(text: str, labels: dict[str, str]) -> str | None:
    """Accept a stored code or its Japanese label."""
    if text in labels:
        return text
    for code, label in labels.items():
        if label == text:
            return code
    return None

# The year's notes (table year_note, reports.shiryo2.NOTE_KEYS) by key, as 変更履歴 names them.
YEAR_NOTE_LABELS = {
    "overview": "資料2「１ 監査の概要」",
    "method": "資料2「２ 監査の実施方法」",
    "progress": "資料2「３ 監査経過」",
    "next_plan": "資料2「４ 今後の対策」",
}

