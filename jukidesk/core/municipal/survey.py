"""The yearly 調査票 to 総務省 (「住民基本台帳ネットワークシステム及びそれに接続している既設
ネットワークに関する調査票」): its item list, the year's answers and how they agree with the
rules register.

Rules kept in this one place:

- The item list (chapters and questions, each possibly tied to procedures of the rules
  register by their titles) is versioned like the checklist templates (core/templates.py):
  a version with answers is never edited in place; a changed list then becomes a new
  version in force from the year after the last one with answers.
- One answer per question and fiscal year: 整備・運用済 / 一部未整備 / 未整備 / 該当なし, with 備考.
- :func:`start_year` carries last year's answers as 未確認 (``confirmed`` False) until
  someone reviews them (:func:`answer_question`); a question tied to a procedure that the
  register marks 未整備 starts as 未整備 whatever last year said.
- The register and the answers must agree (:func:`mismatches`): a question tied to a
  未整備 procedure answered 整備・運用済 or 該当なし, and a question answered 未整備 whose
  procedures are all 整備済, are warnings (here, in the page and in ``jukidesk warnings``).
- The report (:func:`survey_report`) is computed once as plain tables: the year's answers,
  the 未整備 items beside the 未整備 procedures, and the changes from last year.
"""

from __future__ import annotations

import tomllib
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import (
    RULE_STATUS_LABELS,
    SURVEY_STATUS_LABELS,
    SURVEY_UNANSWERED_LABEL,
    SURVEY_UNCONFIRMED_LABEL,
)
from jukidesk.core.municipal.records import Table
from jukidesk.core.revisions import normalized
from jukidesk.core.versioning import plan_version
from jukidesk.storage.models_municipal import RuleDocument
from jukidesk.storage.models_survey import (
    SurveyAnswer,
    SurveyQuestion,
    SurveyQuestionRule,
    SurveyTemplate,
)

OPEN_STATUSES = ("missing", "partial")  # an item listed with the 未整備 procedures

# ---------------------------------------------------------------- item list (versioned)


@dataclass(frozen=True)
class QuestionDefinition:
    chapter: str
    number: str
    text: str
    procedures: tuple[str, ...] = ()  # titles in the rules register


@dataclass
class SurveyDefinition:
    name: str
    questions: list[QuestionDefinition] = field(default_factory=list)

    @property
    def chapters(self) -> list[str]:
        return list(dict.fromkeys(q.chapter for q in self.questions))


def read_survey_toml(path: Path) -> SurveyDefinition:
    """``name = …`` and ``[[chapter]] name = …`` with ``[[chapter.question]] number, text,
    procedures = [titles]`` (resources/templates/survey_standard.toml)."""
    try:
        data = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
        raise ValidationError(f"調査票の項目一覧 {Path(path).name} を読み込めません: {exc}") from exc
    questions = [
        QuestionDefinition(
            str(chapter.get("name", "")), str(q.get("number", "")), str(q.get("text", "")),
            tuple(str(p) for p in q.get("procedures", [])),
        )
        for chapter in data.get("chapter", [])
        for q in chapter.get("question", [])
    ]
    return SurveyDefinition(str(data.get("name", Path(path).stem)), questions)


STANDARD_FILE = "survey_standard.toml"  # resources/templates/: the demo item list shipped with jukidesk


def standard_definition() -> SurveyDefinition:
    """The bundled item list (written from the technical standard's chapters; no links)."""
    from jukidesk.base.paths import resource

    return read_survey_toml(resource("templates", STANDARD_FILE))


def validate_definition(session: Session, definition: SurveyDefinition) -> None:
    if not definition.name.strip():
        raise ValidationError("調査票の名称がありません。")
    if not definition.questions:
        raise ValidationError("調査票に項目がありません。")
    seen: set[str] = set()
    titles = set(session.scalars(select(RuleDocument.title)))
    for q in definition.questions:
        if not q.chapter.strip() or not q.number.strip() or not q.text.strip():
            raise ValidationError(f"章・番号・質問のいずれかが空の項目があります（{q.number or q.chapter or q.text[:20]}）。")
        if q.number in seen:
            raise ValidationError(f"項目番号 {q.number} が重複しています。")
        seen.add(q.number)
        unknown = [p for p in q.procedures if p not in titles]
        if unknown:
            raise ValidationError(
                f"項目 {q.number} の関連手順「{'」「'.join(unknown)}」は例規・手順書の一覧にありません。"
                "先に「例規・手順書」に登録するか、名称を一覧と同じにしてください。"
            )


def definition_of(template: SurveyTemplate) -> SurveyDefinition:
    return SurveyDefinition(
        template.name,
        [QuestionDefinition(q.chapter, q.number, q.text, tuple(r.title for r in q.procedures)) for q in template.questions],
    )


def _add_questions(session: Session, template: SurveyTemplate, definition: SurveyDefinition) -> None:
    rules = {r.title: r for r in session.scalars(select(RuleDocument))}
    for position, q in enumerate(definition.questions, 1):
        question = SurveyQuestion(template=template, position=position, chapter=q.chapter, number=q.number, text=q.text)
        session.add(question)
        for title in dict.fromkeys(q.procedures):
            session.add(SurveyQuestionRule(question=question, rule=rules[title]))


def list_templates(session: Session) -> list[SurveyTemplate]:
    return list(session.scalars(select(SurveyTemplate).order_by(SurveyTemplate.valid_from_fy, SurveyTemplate.version)))


def latest_template(session: Session) -> SurveyTemplate | None:
    return session.scalars(
        select(SurveyTemplate).order_by(SurveyTemplate.valid_from_fy.desc(), SurveyTemplate.version.desc())
    ).first()


def template_for_year(session: Session, fy: int) -> SurveyTemplate | None:
    """The version in force in ``fy``: the newest one that starts on or before it."""
    return session.scalars(
        select(SurveyTemplate)
        .where(SurveyTemplate.valid_from_fy <= fy)
        .order_by(SurveyTemplate.valid_from_fy.desc(), SurveyTemplate.version.desc())
    ).first()


def answered_years(session: Session, template_id: int | None = None) -> list[int]:
    query = select(func.distinct(SurveyAnswer.fy))
    if template_id is not None:
        query = query.join(SurveyQuestion, SurveyAnswer.question_id == SurveyQuestion.id).where(
            SurveyQuestion.template_id == template_id
        )
    return sorted(session.scalars(query))


@dataclass
class SaveResult:
    template: SurveyTemplate
    action: str  # 'unchanged', 'edited' (no answers yet) or 'new_version'

    def describe(self) -> str:
        t = self.template
        action = {"unchanged": "変更はありません", "edited": "更新しました", "new_version": "新しい版として登録しました"}[self.action]
        return f"調査票の項目一覧を{action}: {t.name} 第{t.version}版（{t.valid_from_fy}年度から、項目 {len(t.questions)} 件）"


def save_template(session: Session, definition: SurveyDefinition, from_fy: int | None = None) -> SaveResult:
    """Store an edited or imported item list as the one in force from ``from_fy`` on (the
    checklist templates' rule): the newest version is edited in place while it has no
    answers, otherwise a new version starts after the last year with answers."""
    validate_definition(session, definition)
    latest = latest_template(session)
    plan = plan_version(
        session,
        SurveyTemplate,
        name=definition.name,
        latest=latest,
        unchanged=latest is not None and definition_of(latest) == definition,
        all_answered=answered_years(session),
        latest_answered=answered_years(session, latest.id) if latest is not None else (),
        from_fy=from_fy,
        what="項目一覧",
    )
    if plan.action == "unchanged":
        return SaveResult(latest, "unchanged")
    if plan.action == "edited":
        latest.questions.clear()
        session.flush()
        latest.name, latest.valid_from_fy = definition.name, plan.from_fy
        _add_questions(session, latest, definition)
        session.flush()
        return SaveResult(latest, "edited")
    template = SurveyTemplate(name=definition.name, version=plan.version, valid_from_fy=plan.from_fy)
    session.add(template)
    _add_questions(session, template, definition)
    session.flush()
    return SaveResult(template, "new_version")


# ---------------------------------------------------------------- answers of a year


def status_label(answer: SurveyAnswer | None) -> str:
    """整備・運用済 …; 未回答 when there is no answer yet; 未確認（…） while not reviewed."""
    if answer is None or answer.status is None:
        return SURVEY_UNANSWERED_LABEL
    label = SURVEY_STATUS_LABELS[answer.status]
    return label if answer.confirmed else f"{SURVEY_UNCONFIRMED_LABEL}（{label}）"


def year_answers(session: Session, fy: int) -> dict[int, SurveyAnswer]:
    """The year's answers by question id."""
    return {a.question_id: a for a in session.scalars(select(SurveyAnswer).where(SurveyAnswer.fy == fy))}


def previous_year(session: Session, fy: int) -> int | None:
    """The latest earlier year with answers."""
    return session.scalars(select(func.max(SurveyAnswer.fy)).where(SurveyAnswer.fy < fy)).first()


def _previous_answers(session: Session, fy: int, template: SurveyTemplate) -> dict[int, SurveyAnswer]:
    """Last year's answer for each question of ``template``: the same question row, or the
    same question (same text, core.revisions.normalized) of the version answered then."""
    before = previous_year(session, fy)
    if before is None:
        return {}
    answers = year_answers(session, before)
    by_text = {normalized(a.question.text): a for a in answers.values()}
    found = {}
    for q in template.questions:
        answer = answers.get(q.id) or by_text.get(normalized(q.text))
        if answer is not None:
            found[q.id] = answer
    return found


def missing_procedures(question: SurveyQuestion) -> list[RuleDocument]:
    return [r for r in question.procedures if r.status == "missing"]


@dataclass(frozen=True)
class StartResult:
    fy: int
    questions: int
    carried: int  # last year's answers carried as 未確認
    prefilled: int  # questions set to 未整備 from the register
    missing: int = 0  # questions whose procedures the register lists as 未整備 (all start 未整備)

    def describe(self) -> str:
        return (
            f"{self.fy}年度の調査票を開始しました: 項目 {self.questions} 件（前年度の回答を未確認として引継ぎ "
            f"{self.carried} 件、例規・手順書の一覧から未整備 {self.prefilled} 件）。"
        )


def start_year(session: Session, fy: int, *, dry_run: bool = False) -> StartResult:
    """The year's answers, from last year's as 未確認; 未整備 where the register says so.
    ``dry_run``: the counts only (nothing is added)."""
    template = template_for_year(session, fy)
    if template is None:
        raise ValidationError(f"{fy}年度に適用する調査票の項目一覧がありません。先に項目一覧を取り込んでください。")
    if year_answers(session, fy):
        raise ValidationError(f"{fy}年度の調査票は既に開始しています。")
    previous = _previous_answers(session, fy, template)
    carried = prefilled = missing = 0
    for q in template.questions:
        last = previous.get(q.id)
        status, note = (last.status, last.note) if last is not None else (None, "")
        carried += last is not None and last.status is not None
        if missing_procedures(q):
            missing += 1
            prefilled += status != "missing"
            status = "missing"
        if not dry_run:
            session.add(SurveyAnswer(fy=fy, question_id=q.id, status=status, note=note, confirmed=False))
    session.flush()
    return StartResult(fy, len(template.questions), carried, prefilled, missing)


def _question(session: Session, fy: int, question_id: int) -> SurveyQuestion:
    template = template_for_year(session, fy)
    question = session.get(SurveyQuestion, question_id)
    if template is None or question is None or question.template_id != template.id:
        raise ValidationError(f"この項目は{fy}年度の調査票にありません。")
    return question


def find_question(session: Session, fy: int, number: str) -> SurveyQuestion:
    template = template_for_year(session, fy)
    for q in template.questions if template else []:
        if q.number == number:
            return q
    raise ValidationError(f"{fy}年度の調査票に項目番号「{number}」はありません。")


def answer_question(session: Session, fy: int, question_id: int, status: str, note: str | None = None) -> SurveyAnswer:
    """The organisation's (reviewed) answer: ``status`` a code or its Japanese label."""
    code = next((c for c, label in SURVEY_STATUS_LABELS.items() if status in (c, label)), None)
    if code is None:
        raise ValidationError(f"回答は {'・'.join(SURVEY_STATUS_LABELS.values())} のいずれかにしてください（{status}）。", "status")
    _question(session, fy, question_id)
    answer = session.scalars(
        select(SurveyAnswer).where(SurveyAnswer.fy == fy, SurveyAnswer.question_id == question_id)
    ).first()
    if answer is None:
        answer = SurveyAnswer(fy=fy, question_id=question_id, note="")
        session.add(answer)
    answer.status, answer.confirmed = code, True
    if note is not None:
        answer.note = note.strip()
    session.flush()
    return answer


# ---------------------------------------------------------------- agreement with the register


@dataclass(frozen=True)
class Mismatch:
    question: SurveyQuestion
    status: str | None
    message: str


def mismatches(session: Session, fy: int) -> list[Mismatch]:
    """Answers that disagree with the rules register (either way)."""
    template = template_for_year(session, fy)
    answers = year_answers(session, fy)
    found = []
    for q in template.questions if template and answers else []:
        answer = answers.get(q.id)
        status = answer.status if answer else None
        missing = missing_procedures(q)
        if missing and status in ("done", "na"):
            titles = "」「".join(r.title for r in missing)
            found.append(Mismatch(q, status, (
                f"調査票 {q.number}「{_short(q.text)}」は「{SURVEY_STATUS_LABELS[status]}」ですが、"
                f"関連する「{titles}」は例規・手順書の一覧で未整備です。"
            )))
        elif status == "missing" and q.procedures and not missing:
            titles = "」「".join(r.title for r in q.procedures)
            found.append(Mismatch(q, status, (
                f"調査票 {q.number}「{_short(q.text)}」は「未整備」ですが、関連する「{titles}」は"
                "例規・手順書の一覧で整備済です。回答か一覧を見直してください。"
            )))
    return found


def _short(text: str, length: int = 24) -> str:
    return text if len(text) <= length else text[: length - 1] + "…"


# ---------------------------------------------------------------- the year at a glance


@dataclass
class SurveyRow:
    question: SurveyQuestion
    answer: SurveyAnswer | None
    previous: SurveyAnswer | None

    @property
    def status(self) -> str | None:
        return self.answer.status if self.answer else None

    @property
    def changed(self) -> bool:
        return self.previous is not None and self.answer is not None and self.previous.status != self.answer.status


@dataclass
class SurveyStatus:
    fy: int
    template: SurveyTemplate | None
    previous_fy: int | None
    rows: list[SurveyRow]
    mismatches: list[Mismatch]

    @property
    def started(self) -> bool:
        return any(row.answer is not None for row in self.rows)

    @property
    def counts(self) -> Counter:
        """Answers by label: 整備・運用済 … 未回答, 未確認 counted on its own."""
        counts: Counter = Counter()
        for row in self.rows:
            if row.status is None:
                counts[SURVEY_UNANSWERED_LABEL] += 1
            elif not row.answer.confirmed:
                counts[SURVEY_UNCONFIRMED_LABEL] += 1
            else:
                counts[SURVEY_STATUS_LABELS[row.status]] += 1
        return counts

    def describe(self) -> str:
        if self.template is None:
            return f"{self.fy}年度に適用する調査票の項目一覧がありません。"
        if not self.started:
            return f"{self.fy}年度の調査票はまだ開始していません（項目 {len(self.rows)} 件）。"
        order = [*SURVEY_STATUS_LABELS.values(), SURVEY_UNCONFIRMED_LABEL, SURVEY_UNANSWERED_LABEL]
        counts = self.counts
        parts = "、".join(f"{label} {counts[label]}" for label in order if counts[label])
        return f"項目 {len(self.rows)} 件: {parts}。登録簿との不一致 {len(self.mismatches)} 件。"


def survey_status(session: Session, fy: int) -> SurveyStatus:
    template = template_for_year(session, fy)
    if template is None:
        return SurveyStatus(fy, None, previous_year(session, fy), [], [])
    answers = year_answers(session, fy)
    previous = _previous_answers(session, fy, template)
    rows = [SurveyRow(q, answers.get(q.id), previous.get(q.id)) for q in template.questions]
    return SurveyStatus(fy, template, previous_year(session, fy), rows, mismatches(session, fy))


# ---------------------------------------------------------------- the report as plain data


@dataclass
class SurveyReport:
    fy: int
    title: str
    summary: str
    answers: Table
    open_items: Table  # 未整備 items and the 未整備 procedures together
    changes: Table
    warnings: list[str]


def survey_report(
    session: Session, fy: int, year_label: Callable[[int], str] | None = None, *, status: SurveyStatus | None = None
) -> SurveyReport:
    """The year's report; ``year_label`` writes a fiscal year (和暦 from the settings' style)."""
    status = status if status is not None else survey_status(session, fy)
    if status.template is None:
        raise ValidationError(status.describe())
    if not status.started:
        raise ValidationError(status.describe() + "画面の「調査票を開始」か jukidesk survey start で開始してください。")
    name = year_label or (lambda year: f"{year}年度")
    label = name(fy)
    last = name(status.previous_fy) if status.previous_fy else "前年度"
    answers = Table(
        f"調査票の回答（{label}）",
        ["章", "番号", "質問", "回答", "備考", "関連する例規・手順書", f"前年度（{last}）"],
        [
            [
                row.question.chapter, row.question.number, row.question.text, status_label(row.answer),
                row.answer.note if row.answer else "",
                "\n".join(f"{r.title}（{RULE_STATUS_LABELS[r.status]}）" for r in row.question.procedures),
                status_label(row.previous) if row.previous else "",
            ]
            for row in status.rows
        ],
        [row.question.id for row in status.rows],
        [14, 6, 44, 14, 24, 28, 16],
    )
    open_rows, ids, linked = [], [], set()
    for row in status.rows:
        if row.status in OPEN_STATUSES:
            procedures = row.question.procedures
            linked.update(r.id for r in procedures)
            open_rows.append([
                row.question.number, row.question.text, status_label(row.answer),
                "\n".join(r.title for r in procedures) or "（関連付けなし）",
                "\n".join(RULE_STATUS_LABELS[r.status] for r in procedures),
                row.answer.note if row.answer else "",
            ])
            ids.append(row.question.id)
    for rule in session.scalars(select(RuleDocument).where(RuleDocument.status == "missing").order_by(RuleDocument.title)):
        if rule.id not in linked:
            open_rows.append(["", "（調査票の項目に関連付けなし）", "", rule.title, RULE_STATUS_LABELS[rule.status], rule.note])
            ids.append(None)
    open_items = Table(
        f"未整備の項目と手順（{label}）", ["番号", "質問", "回答", "関連する例規・手順書", "一覧の整備状況", "備考"],
        open_rows, ids, [6, 44, 12, 32, 10, 24],
    )
    changed = [row for row in status.rows if row.previous is None or row.changed]
    changes = Table(
        f"前年度からの変更（{last} → {label}）",
        ["番号", "質問", f"前年度（{last}）", "今年度", "備考"],
        [
            [row.question.number, row.question.text, status_label(row.previous) if row.previous else "（新しい項目）",
             status_label(row.answer), row.answer.note if row.answer else ""]
            for row in changed
        ] if status.previous_fy else [],
        [row.question.id for row in changed] if status.previous_fy else [],
        [6, 44, 14, 14, 30],
    )
    title = f"{status.template.name}（{label}）"
    return SurveyReport(fy, title, status.describe(), answers, open_items, changes, [m.message for m in status.mismatches])


# ---------------------------------------------------------------- the committee's annual report


# The answers counted in the committee report, in this order; 未回答 only when there are some.
COMMITTEE_COUNT_LABELS = (*SURVEY_STATUS_LABELS.values(), SURVEY_UNCONFIRMED_LABEL)


@dataclass
class SurveyYearFigures:
    """The 調査票 in the committee's annual report (reports/committee.py): the year's counts
    per answer and the 未整備 items with their procedures (the report's ``open_items``)."""

    fy: int
    title: str  # the item list's name, "" when there is none
    note: str  # why there is nothing to count (no item list, not started), else ""
    counts: list[tuple[str, int]]
    open_items: Table | None
    mismatches: int

    @property
    def total(self) -> int:
        return sum(count for _, count in self.counts)


def survey_year_figures(session: Session, fy: int, year_label: Callable[[int], str] | None = None) -> SurveyYearFigures:
    status = survey_status(session, fy)
    name = (year_label or (lambda year: f"{year}年度"))(fy)
    if status.template is None:
        return SurveyYearFigures(fy, "", f"{name}に適用する調査票の項目一覧は登録されていない。", [], None, 0)
    if not status.started:
        return SurveyYearFigures(fy, status.template.name, f"{name}の調査票はまだ開始していない。", [], None, 0)
    counts = status.counts
    labels = [*COMMITTEE_COUNT_LABELS, *([SURVEY_UNANSWERED_LABEL] if counts[SURVEY_UNANSWERED_LABEL] else [])]
    report = survey_report(session, fy, year_label, status=status)
    return SurveyYearFigures(
        fy, status.template.name, "", [(label, counts[label]) for label in labels], report.open_items, len(status.mismatches)
    )
