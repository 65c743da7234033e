"""Training: `TrainingArguments`, the data mix, and `train()` which writes a model folder."""
