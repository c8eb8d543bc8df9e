"""Command-line face of First Contact: one module per subcommand group."""
