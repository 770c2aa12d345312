"""Support pages: the service catalogue, referrals (the sender's and the partner's pages) and
mutual-assistance groups. Thin: they parse, call a service or a query, and render."""

from corridor.support.views.catalogue import catalogue_view, service_create_view, service_edit_view
from corridor.support.views.groups import (
    family_options_view,
    group_create_view,
    group_detail_view,
    group_list_view,
    meeting_create_view,
    meeting_detail_view,
    member_add_view,
    member_leave_view,
    raise_need_view,
)
from corridor.support.views.referrals import (
    received_move_view,
    received_outcome_view,
    received_referral_view,
    refer_view,
    referral_cancel_view,
    referral_detail_view,
    referral_feedback_view,
    referral_list_view,
)

__all__ = [
    "catalogue_view",
    "family_options_view",
    "group_create_view",
    "group_detail_view",
    "group_list_view",
    "meeting_create_view",
    "meeting_detail_view",
    "member_add_view",
    "member_leave_view",
    "raise_need_view",
    "received_move_view",
    "received_outcome_view",
    "received_referral_view",
    "refer_view",
    "referral_cancel_view",
    "referral_detail_view",
    "referral_feedback_view",
    "referral_list_view",
    "service_create_view",
    "service_edit_view",
]
