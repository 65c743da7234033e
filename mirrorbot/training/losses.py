"""Losses for the task heads.

`family_loss` lets single-label sets with Ekman-level labels (CARER tweets, DailyDialog turns)
teach the 28-label GoEmotions head: a family is "present" when any of its labels is (noisy-OR),
so the head learns that these texts are emotional, and in which family, without inventing
fine-grained labels for them.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F

from mirrorbot.taxonomy import FAMILIES, FAMILY_OF, LABELS


def family_membership() -> torch.Tensor:
    """A (7 families × 28 labels) 0/1 matrix."""
    matrix = torch.zeros(len(FAMILIES), len(LABELS))
    for j, label in enumerate(LABELS):
        matrix[FAMILIES.index(FAMILY_OF[label]), j] = 1.0
    return matrix


def family_loss(logits: torch.Tensor, family_targets: torch.Tensor, membership: torch.Tensor) -> torch.Tensor:
    """BCE of each family's noisy-OR probability against a one-hot family target.

    log P(family absent) = sum over its labels of log(1 - p_label) = sum of logsigmoid(-logit).
    """
    log_absent = F.logsigmoid(-logits) @ membership.T  # (batch, 7), each <= 0
    log_present = torch.log(-torch.expm1(log_absent.clamp(max=-1e-6)))
    loss = -(family_targets * log_present + (1 - family_targets) * log_absent)
    return loss.mean()


def masked_mse(predictions: torch.Tensor, targets: torch.Tensor, mask: torch.Tensor) -> torch.Tensor:
    """Mean squared error over the entries where `mask` is 1 (other outputs have no gold value)."""
    return ((predictions - targets) ** 2 * mask).sum() / mask.sum().clamp(min=1.0)
