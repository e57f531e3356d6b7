"""``python -m generator.cli``."""

from . import main

main()
