"""``python -m simulator`` runs the simulator's command group."""

from simulator.cli import cli

if __name__ == "__main__":  # pragma: no cover
    cli()
