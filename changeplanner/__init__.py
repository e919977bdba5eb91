"""Change Planner: plan an agile transformation around people."""

__version__ = "0.1.0"
