"""Per-nation configuration as TOML data files."""
