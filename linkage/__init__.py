"""Possible-match detection for the council's case store (Qt-free).

The only package that imports Splink. It turns case records into flat person rows
(`linkage.rows`), normalises names across scripts and spellings (`linkage.names`), runs a
Fellegi-Sunter model on DuckDB or PostgreSQL (`linkage.model`, `linkage.engines`), finds the
shared identifiers that link cases of one network (`linkage.network`), and generates fictional
test populations to measure precision and recall (`linkage.generate`, `linkage.quality`).
"""
