"""Starting a checklist from the previous one: its answers to the same questions carried over
as 未確認, reworded items left for a new answer (要再回答)."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from jukidesk.base.errors import ValidationError
from jukidesk.base.vocabulary import CHECKLIST_KIND_LABELS
from jukidesk.core import checklists
from jukidesk.core.revisions import diff_templates, item_links
from jukidesk.storage.models import Answer


@dataclass(frozen=True)
class CarryResult:
    checklist_id: int
    previous_fy: int
    carried: int  # answers copied as 未確認
    reanswer: tuple[str, ...]  # numbers of items whose text changed (要再回答)
    new_items: tuple[str, ...]  # numbers of items that did not exist before

    def text(self) -> str:
        lines = [f"{self.previous_fy}年度の回答 {self.carried} 件を「未確認」として引き継ぎました。"]
        if self.reanswer:
            lines.append(f"文言が変わったため要再回答: {'、'.join(self.reanswer)}")
        if self.new_items:
            lines.append(f"新しい項目: {'、'.join(self.new_items)}")
        return "\n".join(lines)


def start_from_previous(session: Session, fy: int, kind: str, institution_id: int) -> CarryResult:
    """Fill the (new or empty) checklist of ``fy`` with the previous checklist's answers to
    the same questions, each 未確認. Refused when the checklist already has answers."""
    checklist = checklists.ensure_checklist(session, fy, kind, institution_id)
    if checklist.status == "complete":
        raise ValidationError("このチェックリストは完了済みです。")
    if checklist.answers:
        raise ValidationError(
            "このチェックリストには既に回答があります。前年度の回答からは、まだ何も入力していないチェックリストだけを始められます。"
        )
    before = checklists.previous_checklist(session, fy, kind, institution_id)
    if before is None:
        raise ValidationError(f"引き継ぐ前回の{CHECKLIST_KIND_LABELS[kind]}の回答がありません。")
    links = item_links(before.template, checklist.template)
    old_answers = {a.item_id: a for a in before.answers}
    reworded = diff_templates(before.template, checklist.template).reworded()
    carried, reanswer, new_items = 0, [], []
    for item in checklists.applicable_items(checklist.template, kind):
        old_item_id = links.get(item.id)
        if old_item_id is None:
            (reanswer if item.id in reworded else new_items).append(item.number)
            continue
        answer = old_answers.get(old_item_id)
        if answer is None or not (answer.score is not None or answer.not_applicable or (answer.remark or "").strip()):
            continue
        checklist.answers.append(
            Answer(
                item=item, score=answer.score, not_applicable=bool(answer.not_applicable),
                remark=answer.remark or "", status="unconfirmed",
            )
        )
        carried += 1
    session.flush()
    return CarryResult(checklist.id, before.fy, carried, tuple(reanswer), tuple(new_items))
