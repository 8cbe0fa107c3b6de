"""Renderers: analysis results and diagnostics as text for people and machines."""
