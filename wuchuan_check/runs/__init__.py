"""Runs: many reports at once. `batch` scores files in worker processes with time and memory
budgets and hands each compact result to the caller's sinks; `compare` sets two scorecards side by
side through the measure mapping. Both resolve outlines through `checklist.selection`."""
