"""Referral documents as PDF bytes: the only importer of reportlab."""
