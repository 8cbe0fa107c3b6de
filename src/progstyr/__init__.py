"""progstyr: programme management (programstyrning) files in git, checked and reported."""

__version__ = "0.1.0"
