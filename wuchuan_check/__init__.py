"""wuchuan-check: score a rule-of-law government report against the national outline."""

__version__ = "0.1.0"
