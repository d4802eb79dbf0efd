"""Indicators: the Women Count indicators, assessments, values and scores."""
