"""The contest's codes as a person reads them: round, entry, screening, sheet and assignment
statuses, ties, prizes, and the contest's audit actions (registered with core.labels)."""
from flask_babel import lazy_gettext as _l

from fairapp.core.labels import register_actions, register_objects, register_statuses

ROUND_STATUS_LABELS = register_statuses("round", {
    "draft": _l("In preparation"), "open": _l("Open"), "closed": _l("Closed"),
}, columns=("contest_rounds.status",))
ENTRY_STATUS_LABELS = register_statuses("entry", {
    "submitted": _l("Submitted"), "withdrawn": _l("Withdrawn"),
}, columns=("contest_entries.status",))
ELIGIBILITY_LABELS = register_statuses("eligibility", {
    "pending": _l("Awaiting screening"), "eligible": _l("Eligible"), "ineligible": _l("Not eligible"),
}, columns=("contest_entries.eligibility",))
SHEET_STATUS_LABELS = register_statuses("sheet", {
    "draft": _l("Draft"), "submitted": _l("Submitted"), "abstained": _l("Abstained"),
}, columns=("score_sheets.status",))
ASSIGNMENT_STATUS_LABELS = register_statuses("assignment", {
    "active": _l("Assigned"), "recused": _l("Recused"), "removed": _l("Removed"),
}, columns=("jury_assignments.status",))
CONFLICT_KIND_LABELS = register_statuses("conflict_kind", {
    "same_business": _l("Same business"), "family": _l("Family"),
    "teacher_apprentice": _l("Teacher or apprentice"), "commercial": _l("Commercial tie"), "other": _l("Other"),
}, columns=("juror_ties.kind", "conflicts.kind"))
CONFLICT_SOURCE_LABELS = register_statuses("conflict_source", {
    "declared": _l("juror's declaration"), "detected": _l("automatic check"), "recusal": _l("recusal while scoring"),
}, columns=("conflicts.source",))
PRIZE_LABELS = register_statuses("prize", {
    "first": _l("First prize"), "second": _l("Second prize"), "third": _l("Third prize"),
    "consolation": _l("Consolation prize"),
}, columns=("prize_tiers.tier", "prize_awards.tier"))

register_actions({
    "contest.update": _l("Contest settings changed"),
    "contest.publish": _l("Results published"),
    "round.create": _l("Round added"),
    "round.update": _l("Round changed"),
    "round.open": _l("Round opened"),
    "round.close": _l("Round closed"),
    "round.advance": _l("Entries advanced to the next round"),
    "criterion.create": _l("Criterion added"),
    "criterion.update": _l("Criterion changed"),
    "criterion.delete": _l("Criterion deleted"),
    "prize_tiers.update": _l("Prize numbers changed"),
    "entry.submit": _l("Entry submitted"),
    "entry.update": _l("Entry changed"),
    "entry.withdraw": _l("Entry withdrawn"),
    "entry.screen": _l("Entry screened"),
    "juror.profile": _l("Juror profile changed"),
    "juror.tie_add": _l("Tie declared"),
    "juror.tie_remove": _l("Declared tie removed"),
    "conflict.detect": _l("Conflict of interest found"),
    "panel.add": _l("Juror added to a panel"),
    "panel.remove": _l("Juror removed from a panel"),
    "assignment.add": _l("Entry assigned to a juror"),
    "assignment.auto": _l("Entries assigned automatically"),
    "assignment.replacement": _l("Replacement juror assigned"),
    "assignment.removed": _l("Assignment removed"),
    "assignment.recused": _l("Juror recused"),
    "score.create": _l("Score given"),
    "score.change": _l("Score changed"),
    "score.withdraw": _l("Score withdrawn"),
    "sheet.submitted": _l("Score sheet submitted"),
    "sheet.abstained": _l("Juror abstained"),
    "sheet.draft": _l("Score sheet reopened"),
    "ranking.committee_decision": _l("Committee decided a tie"),
    "prize.award": _l("Prize awarded"),
    "prize.revoke": _l("Prize withdrawn"),
    "certificate.issue": _l("Certificate issued"),
})
register_objects({
    "contest": _l("Contest"), "contest_category": _l("Category"), "contest_round": _l("Round"),
    "rubric_criterion": _l("Criterion"), "contest_entry": _l("Entry"), "juror_tie": _l("Declared tie"),
    "conflict": _l("Conflict of interest"), "jury_assignment": _l("Assignment"), "jury_score": _l("Score"),
    "score_sheet": _l("Score sheet"), "prize_award": _l("Prize"), "certificate": _l("Certificate"),
})
