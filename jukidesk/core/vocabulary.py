"""Japanese labels of the stored codes: one table, used by the GUI, the CLI and reports."""

INSTITUTION_KIND_LABELS = {"user": "事務利用機関", "operator": "運用機関"}

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

# Municipal operations (storage/models_municipal.py)
COURSE_KIND_LABELS = {"elearning": "e-ラーニング", "practical": "実務研修", "other": "その他"}
EMERGENCY_DOCUMENT_KIND_LABELS = {"plan": "緊急時対応計画書", "contacts": "緊急時連絡網"}
INSPECTION_KIND_LABELS = {"daily": "日次点検", "monthly": "月次点検"}
MEETING_KIND_LABELS = {"management": "管理運用会議", "council": "審議会"}
MEMBER_ROLE_LABELS = {"chair": "会長", "deputy": "職務代理者", "member": "委員"}
RULE_KIND_LABELS = {"rule": "例規", "procedure": "手順書"}
RULE_STATUS_LABELS = {"ready": "整備済", "missing": "未整備"}


def kind_from_label(text: str, labels: dict[str, str]) -> str | None:
    """Accept a stored code or its Japanese label."""
    if text in labels:
        return text
    for code, label in labels.items():
        if label == text:
            return code
    return None
