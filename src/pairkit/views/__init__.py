"""Views over the findings and the records: what `check`, `status` and `list` show, in either language.

A view counts nothing of its own. Findings come from ``pairkit.rules.evaluate``; the records a listing shows are
chosen by the same selection the report counts with (``report.figures.select``), so a number on the screen and
the number in the report are one number.
"""
