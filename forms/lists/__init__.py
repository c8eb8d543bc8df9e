"""Controlled lists as data files (generated from CLDR or maintained by hand)."""
