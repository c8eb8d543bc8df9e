"""Versioned form definitions as TOML data files."""
