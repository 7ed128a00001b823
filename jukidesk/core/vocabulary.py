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


def kind_from_label(text: str, labels: dict[str, str]) -> str | None:
    """Accept a stored code or its Japanese label."""
    if text in labels:
        return text
    for code, label in labels.items():
        if label == text:
            return code
    return None
