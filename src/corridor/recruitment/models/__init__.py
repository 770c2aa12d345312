"""Recruitment: vacancies, workers' job preferences and matching features, applications through
the hiring pipeline, contracts, and the fee ledger."""

from corridor.recruitment.models.applications import Application, ApplicationStatus, ApplicationStep
from corridor.recruitment.models.contracts import Contract
from corridor.recruitment.models.fees import FeePurpose, PayeeType, Payment
from corridor.recruitment.models.interests import VacancyInterest
from corridor.recruitment.models.profiles import JobProfile, MatchFeatures, MatchOccupation
from corridor.recruitment.models.vacancies import (
    Housing,
    Meals,
    Schedule,
    Vacancy,
    VacancyLanguage,
    VacancySource,
    VacancyStatus,
)

__all__ = [
    "Application",
    "ApplicationStatus",
    "ApplicationStep",
    "Contract",
    "FeePurpose",
    "Housing",
    "JobProfile",
    "MatchFeatures",
    "MatchOccupation",
    "Meals",
    "PayeeType",
    "Payment",
    "Schedule",
    "Vacancy",
    "VacancyInterest",
    "VacancyLanguage",
    "VacancySource",
    "VacancyStatus",
]
