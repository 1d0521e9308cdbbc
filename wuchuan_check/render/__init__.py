"""Render: results to what people read. The terminal (rich), JSON and CSV (`export`), Excel,
HTML, Word, and the batch, compare, eval, explain and outline views; every file is written through
`atomic` (never onto an input, never half-written). Shared labels and formatting live in one place
so every output names things the same way."""
