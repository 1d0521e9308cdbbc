"""Checklists: an outline as data (`outline/*.yaml`), loaded, validated and chosen.

model (areas 大项 → measures 分项 → items 支项; the loader, its YAML safety limits and its
one-line problem reports; provincial plans `based_on` a built-in outline) · schema (the pydantic
schema, imported only to validate a file) · cache (parsed checklists kept on disk) · tailoring (items a
government marks 不涉及 or required) · mapping (measures of one outline → another's, for compare) ·
selection (which outline a report is scored against, and the one place `--outline` is resolved).
"""
