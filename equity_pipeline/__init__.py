"""Equity & Justice performance-measure pipeline."""

__version__ = "0.1.0"
