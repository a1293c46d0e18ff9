"""pairkit: records, checks and reports for school pairing programmes (城乡学校结对帮扶)."""

__version__ = "0.1.0"
