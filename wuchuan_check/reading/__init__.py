"""Reading: bytes to a `Report` (document.py), the contract every later stage reads.

formats (txt, docx, pdf, html; size and time limits; the PDF child process) → textnorm (decoding
leftovers, full-width forms, traditional characters) → cleaning (web boilerplate, repeated blocks)
→ metadata (title, issuer, year, level, outlines cited; gazetteer) → structure (sections,
sentences, each sentence's role: achievement, problem, plan) → dockind (report, plan or unrelated).
Nothing here knows about checklists or scores.
"""
