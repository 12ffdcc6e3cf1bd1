"""The contest's tables, re-exported in one place so that importing the package registers them all."""
from fairapp.contest.models.entries import (
    ELIGIBILITY, ENTRY_STATUSES, MAX_PHOTOS, PRIZE_TIERS, ROUND_STATUSES, Contest, ContestCategory, ContestEntry,
    ContestRound, CriterionLevel, EntryPhoto, PrizeTier, RubricCriterion,
)
from fairapp.contest.models.jury import (
    ASSIGNMENT_STATUSES, CONFLICT_KINDS, CONFLICT_SOURCES, SHEET_STATUSES, Conflict, JurorProfile, JurorTie,
    JuryAssignment, JuryScore, PanelMember, ScoreSheet,
)
from fairapp.contest.models.results import Advancement, Certificate, CommitteeDecision, PrizeAward

__all__ = [
    "ELIGIBILITY", "ENTRY_STATUSES", "MAX_PHOTOS", "PRIZE_TIERS", "ROUND_STATUSES", "Contest", "ContestCategory",
    "ContestEntry", "ContestRound", "CriterionLevel", "EntryPhoto", "PrizeTier", "RubricCriterion",
    "ASSIGNMENT_STATUSES", "CONFLICT_KINDS", "CONFLICT_SOURCES", "SHEET_STATUSES", "Conflict", "JurorProfile",
    "JurorTie", "JuryAssignment", "JuryScore", "PanelMember", "ScoreSheet",
    "Advancement", "Certificate", "CommitteeDecision", "PrizeAward",
]
