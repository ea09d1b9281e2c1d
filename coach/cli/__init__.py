"""Command-line surface. Each module registers one group of commands on the Typer app."""
