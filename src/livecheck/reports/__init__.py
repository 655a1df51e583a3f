"""Reports over the journal and the library: what team leads read (see docs/reports.md).

`build_report` gathers every figure into one immutable `Report`; the renderers
turn it into text (rich tables), Markdown, CSV or JSON. The figures come from
SQL aggregations (GROUP BY, window functions), never from a Python loop over
every event, so a large journal reports in about a second.
"""
