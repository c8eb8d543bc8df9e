"""The first-contact assessment: definitions, conditions, validation, referral routes."""
