"""`python -m readlist`."""

from readlist.cli import app

app()
