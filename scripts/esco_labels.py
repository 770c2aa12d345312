"""Derive the occupation coder's English ESCO labels from the ESCO CSV export.

Usage: python3 scripts/esco_labels.py ../shared/data/esco/occupations_en.csv \
           src/corridor/occupations/data/esco_labels_en.csv

Keeps only what the coder uses: each occupation's ISCO-08 unit group, and its preferred and
alternative labels (hidden labels are mostly misspellings ESCO keeps for search engines).
"""

import csv
import sys


def main(source: str, target: str) -> None:
    rows: set[tuple[str, str, str]] = set()
    with open(source, newline="", encoding="utf-8") as handle:
        for occupation in csv.DictReader(handle):
            code = occupation["iscoGroup"].strip()
            rows.add((code, "preferred", occupation["preferredLabel"].strip()))
            for label in occupation["altLabels"].splitlines():
                if label.strip():
                    rows.add((code, "alternative", label.strip()))
    with open(target, "w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle, lineterminator="\n")
        writer.writerow(["isco_code", "kind", "label"])
        writer.writerows(sorted(rows))


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
