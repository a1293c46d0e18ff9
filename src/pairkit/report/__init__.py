"""Stage 4, render: Word reports from the records.

``figures`` and ``attention`` compute every number, ``templating`` renders the wording (Jinja → Markdown) in a
sandbox, ``document`` writes that Markdown into the base .docx by style name, ``chart`` adds 图1 as a Word chart,
``make`` puts a report together and saves it atomically. ``basedoc`` rebuilds the default base .docx.
Importing this package is cheap; python-docx and Jinja are imported by the modules that need them.
"""
