"""`--report DIR`: a Markdown report with PNG plots and the JSON metrics of an evaluation."""

from __future__ import annotations

import json
from pathlib import Path

from mirrorbot.evaluation import plots
from mirrorbot.evaluation.runner import EvalResult
from mirrorbot.evaluation.summary import fmt, headline_rows


def markdown_table(result: EvalResult) -> str:
    """The headline metrics as a Markdown table: one row per metric, one column per system."""
    names = list(result.metrics)
    header = ["metric", *[result.model_name if name == "model" else name for name in names]]
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    for title, cells in headline_rows(result):
        throughput = title == "examples/s"
        lines.append("| " + " | ".join([title, *(fmt(cells.get(name), throughput) for name in names)]) + " |")
    return "\n".join(lines)


def per_class_markdown(result: EvalResult) -> str:
    per_class = result.model.get("per_class") or {}
    lines = ["| class | precision | recall | F1 | support |", "|---|---|---|---|---|"]
    for name, scores in per_class.items():
        lines.append(f"| {name} | {fmt(scores['precision'])} | {fmt(scores['recall'])} | {fmt(scores['f1'])} | {scores['support']} |")
    return "\n".join(lines)


def write_report(result: EvalResult, folder: Path) -> Path:
    """Write `report.md`, `metrics.json` and the plots into `folder`; return the report's path."""
    folder.mkdir(parents=True, exist_ok=True)
    task = result.task
    pictures = [
        ("Confusion matrix (families)", plots.confusion_heatmap(result, folder / "confusion.png")),
        ("Per-label F1 beside the peers", plots.f1_bars(result, folder / "per_label_f1.png", "per_class") if task.kind == "multilabel" else None),
        ("Per-family F1 beside the peers", plots.f1_bars(result, folder / "per_family_f1.png", "per_family")),
        ("Predicted against gold", plots.scatter(result, folder / "scatter.png")),
    ]
    lines = [
        f"# mirrorbot eval · {task.name} {task.split}",
        "",
        f"Model: `{result.model_name}` · {len(task)} examples · wall time {result.seconds:.1f} s"
        + (f" · {task.skipped} rows skipped (empty text or a label the map ignores)" if task.skipped else ""),
        "",
        *([f"Gold labels mapped to the Ekman families with {task.label_map}; scored over the families the set "
           f"has: {', '.join(task.classes)}.", ""] if task.label_map else []),
        markdown_table(result),
        "",
        "Throughput counts prediction only (model loading excluded). Every system answered the same examples.",
        "",
        "## How each system answered",
        "",
    ]
    for name, predictions in result.predictions.items():
        label = result.model_name if name == "model" else name
        lines.append(f"- **{label}**: " + "; ".join(predictions.notes or ["—"]))
    if task.kind in ("multilabel", "families"):
        lines += ["", f"## Per class ({result.model_name})", "", per_class_markdown(result)]
    for title, path in pictures:
        if path is not None:
            lines += ["", f"## {title}", "", f"![{title}]({path.name})"]
    (folder / "metrics.json").write_text(json.dumps(result.to_json(), indent=2) + "\n")
    report = folder / "report.md"
    report.write_text("\n".join(lines) + "\n")
    return report
