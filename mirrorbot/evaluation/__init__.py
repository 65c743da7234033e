"""Evaluation: metrics as defined in the design notes, dataset runners, peers and reports.

One job per module:
- `metrics`: the metric functions (scikit-learn / scipy underneath).
- `label_maps`, `files`, `tasks`: read a labeled set (standard or the user's) into a `Task`, gold
  mapped to the Ekman families with the tables in `data/label_maps/`.
- `model_system` (the model, or a `--compare` model), `peers` (majority, NRC lexicon),
  `zero_shot` (base encoder + label descriptions): systems that answer a task as `Predictions`.
- `scoring`: metrics of one system's predictions on a task; `runner`: all systems, one task.
- `table` (terminal), `report` + `plots` (Markdown + PNG), `results` (the README table),
  `mirror` (`eval --mirror`).
"""
