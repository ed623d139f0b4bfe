"""``python -m connector``: the connector host's command group."""

from connector.cli import cli

if __name__ == "__main__":
    cli()
