"""`python -m wuchuan_check` runs the command line."""

from wuchuan_check.cli import main

main()
