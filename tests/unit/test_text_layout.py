"""Line breaking shared by the Excel and PDF renderers (base.text_layout)."""


def test_a_title_breaks_at_a_phrase_never_inside_a_word():
    from jukidesk.base.text_layout import measurer, title_lines

    measure = measurer(13, "gothic_bold")
    title = "県における住民基本台帳ネットワークシステムセキュリティ対策（監査経過報告）について"
    for width in (measure(title) * 0.95, measure(title) * 0.8, measure(title) * 0.72):
        lines = title_lines(title, width, measure)
        assert lines == ["県における住民基本台帳ネットワークシステムセキュリティ対策", "（監査経過報告）について"], width
    assert title_lines(title, measure(title), measure) == [title]  # fits: one line
    # no phrase boundary that fits: running-text breaking, kinsoku kept
    narrow = title_lines(title, measure(title) * 0.3, measure)
    assert "".join(narrow) == title and all(measure(line) <= measure(title) * 0.3 for line in narrow)
