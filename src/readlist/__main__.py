"""`python -m readlist`."""

from readlist.cli import run

run()
