"""Japanese labels of the stored codes: one table, used by the GUI, the CLI and reports."""

INSTITUTION_KIND_LABELS = {"user": "事務利用機関", "operator": "運用機関"}
TERMINAL_INSTITUTION_LABEL = "業務端末設置機関"  # Institution.has_terminal

CHECKLIST_KIND_LABELS = {
    "self": "自己点検",
    "internal": "内部監査",
    "external": "外部監査",
    "followup": "フォローアップ",
}

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
PAPER_LABELS = {"shiryo2": "資料2（監査経過報告）", "committee": "審議会への年次報告"}

# Municipal operations (storage/models_municipal.py)
COURSE_KIND_LABELS = {"elearning": "e-ラーニング", "practical": "実務研修", "other": "その他"}
EMERGENCY_DOCUMENT_KIND_LABELS = {"plan": "緊急時対応計画書", "contacts": "緊急時連絡網"}
INSPECTION_KIND_LABELS = {"daily": "日次点検", "monthly": "月次点検"}
MEETING_KIND_LABELS = {"management": "管理運用会議", "council": "審議会"}
MEMBER_ROLE_LABELS = {"chair": "会長", "deputy": "職務代理者", "member": "委員"}
RULE_KIND_LABELS = {"rule": "例規", "procedure": "手順書"}
RULE_STATUS_LABELS = {"ready": "整備済", "missing": "未整備"}

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
        "description": "説明", "file_name": "ファイル名", "size": "大きさ", "sha256": "SHA-256",
        "added_at": "登録日時", "added_by": "登録者",
    },
    "audit": {
        "fy": "年度", "kind": "区分", "institution_id": "機関", "status": "状態",
        "starts_at": "開始日時", "ends_at": "終了日時", "place": "場所", "auditors": "監査人",
        "methods": "方法", "notified_on": "通知日", "note": "備考",
    },
    "finding": {
        "audit_id": "監査", "item_id": "項目", "content": "指摘内容", "response": "対応",
        "due_date": "期限", "status": "状態", "confirmed_by_audit_id": "確認した監査",
        "confirmed_on": "確認日",
    },
    "setting": {"key": "項目", "value": "値"},
    "year_note": {"fy": "年度", "key": "項目", "text": "本文"},
}



def kind_from_label(text: str, labels: dict[str, str]) -> str | None:
    """Accept a stored code or its Japanese label."""
    if text in labels:
        return text
    for code, label in labels.items():
        if label == text:
            return code
    return None
