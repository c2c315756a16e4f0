"""Draws benchmark results (results.csv from BenchmarkMain) as one bar chart per figure: Nudge next to its baseline,
per state backend. Usage: plot.py results.csv benchmark.png"""
import csv
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402


def main(csv_path, png_path):
    with open(csv_path, newline="") as f:
        rows = list(csv.DictReader(f))
    names = list(dict.fromkeys(row["figure"] for row in rows))
    fig, axes = plt.subplots(1, len(names), figsize=(4.2 * len(names), 4.2), squeeze=False)
    for ax, name in zip(axes[0], names):
        figure_rows = [row for row in rows if row["figure"] == name]
        backends = [row["backend"] for row in figure_rows]
        xs = range(len(backends))
        width = 0.38
        nudge = [float(row["nudge"]) for row in figure_rows]
        baseline = [float(row["baseline"]) for row in figure_rows]
        ax.bar([x - width / 2 for x in xs], nudge, width, label="Nudge", color="#2b6cb0")
        ax.bar([x + width / 2 for x in xs], baseline, width, label="baseline", color="#a0aec0")
        for x, n, b in zip(xs, nudge, baseline):
            ax.annotate(f"x{n / b:.2f}" if b else "", (x, max(n, b)), ha="center", va="bottom", fontsize=9)
        ax.set_xticks(list(xs))
        ax.set_xticklabels(backends)
        ax.set_title(name, fontsize=9, wrap=True)
        ax.margins(y=0.15)
    handles, labels = axes[0][0].get_legend_handles_labels()
    fig.legend(handles, labels, loc="upper right", fontsize=8)
    fig.suptitle("Nudge vs baselines (ratio = Nudge / baseline)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 0.95, 1))
    fig.savefig(png_path, dpi=110)


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
