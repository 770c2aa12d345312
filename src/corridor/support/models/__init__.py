"""Partner services, referrals to them, and mutual-assistance groups of migrant families."""

from corridor.support.models.catalogue import PartnerService, ServiceCategory
from corridor.support.models.groups import (
    AssistanceGroup,
    GroupMember,
    Meeting,
    MeetingAttendance,
)
from corridor.support.models.referrals import (
    CLOSED,
    OPEN,
    Referral,
    ReferralReminder,
    ReferralStatus,
    ReferralStep,
    next_statuses,
)

__all__ = [
    "CLOSED",
    "OPEN",
    "AssistanceGroup",
    "GroupMember",
    "Meeting",
    "MeetingAttendance",
    "PartnerService",
    "Referral",
    "ReferralReminder",
    "ReferralStatus",
    "ReferralStep",
    "ServiceCategory",
    "next_statuses",
]
