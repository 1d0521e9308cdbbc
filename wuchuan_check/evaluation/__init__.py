"""Evaluation: how good the scorer is. `metrics` (gold files, precision/recall/F1, agreement
between annotators, the title-search and BM25 baselines and their tokenizer), `run` (score the
labelled reports the way users do and compare), `lint` (a checklist's keywords and its per-item
examples run through the scorer)."""
