"""Every type kept with `context.drafts.keep`, under the name it is saved as in the database
(bot/chat_state.py). A name never changes once shipped (a saved draft is found by it); a draft
of a type missing here fails the update that kept it, loudly, in the tests first."""

from __future__ import annotations

from bot.handlers.complaints.drafts import (
    ChaseUp,
    InfoStep,
    ParkedComplaint,
    ReopenStep,
    StaffStep,
    UnclearText,
)
from bot.handlers.figures.draft import FigureDraft
from bot.handlers.plan_upload import PlanUploadDraft
from bot.handlers.procedures.questions_flow import AnswerDraft
from bot.handlers.procedures.session import SearchSession
from bot.handlers.procedures.ward_answer_flow import WardAnswerDraft
from bot.handlers.tasks.deadlines import DeadlineDraft
from bot.handlers.tasks.draft import ReportDraft
from domain.complaints import Draft
from domain.survey import SurveyDraft
from services.news import NewsDraft

DRAFT_TYPES: dict[str, type] = {
    "complaint": Draft,
    "complaint_chase_up": ChaseUp,
    "complaint_info": InfoStep,
    "complaint_info_or_question": UnclearText,
    "complaint_parked": ParkedComplaint,
    "complaint_reopen": ReopenStep,
    "complaint_staff_step": StaffStep,
    "figure": FigureDraft,
    "plan_upload": PlanUploadDraft,
    "question_answer": AnswerDraft,
    "procedure_search": SearchSession,
    "ward_answer": WardAnswerDraft,
    "task_deadline": DeadlineDraft,
    "task_report": ReportDraft,
    "survey": SurveyDraft,
    "news": NewsDraft,
}
