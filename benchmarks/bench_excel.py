"""How fast are `pairkit export` and `pairkit import` compared with `pairkit validate` of the same records?

Run:  .venv/bin/python benchmarks/bench_excel.py [--activities 20000] [--repeat 3]

It writes the synthetic tree of bench_validate.py (Chinese text, 1,000 activities a file) and reports, measured in
the same rounds, medians and ratios rather than lone seconds (the machines are shared and noisy):
  validate   pairkit's whole validation of the tree (what every command starts with)
  export     validate, then the ledger workbook of the period holding every activity, written to disk
  import     validate, then that workbook read back, every row resolved, compared and found already kept
It also times the candidate Excel libraries on the ledger's rows, which is how they were chosen:
  write      XlsxWriter vs openpyxl (write-only mode)
  read       python-calamine vs openpyxl (read-only mode)
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
from datetime import date
from pathlib import Path

from bench_validate import median_time, write_tree
from pairkit.change import plan
from pairkit.ledger.export import ledger
from pairkit.ledger.rows import read_rows
from pairkit.load.workbook import read_workbook
from pairkit.model.periods import Calendar
from pairkit.pipeline import validate_tree
from pairkit.report.provenance import collect


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--activities", type=int, default=20000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp) / "records"
        root.mkdir()
        size = write_tree(root, args.activities)
        book = Path(tmp) / "台账.xlsx"

        def export() -> None:
            outcome = validate_tree(root)
            period = Calendar(outcome.records.programme).custom(date(2024, 1, 1), date(2024, 12, 31))
            book.write_bytes(ledger(outcome.records, period, date(2025, 1, 1), collect(root, outcome.files)))

        def import_() -> None:
            outcome = validate_tree(root)
            workbook, problems = read_workbook(book, str(book))
            assert workbook is not None, problems
            reading = read_rows(workbook, outcome.records)
            change = plan(outcome, root, reading.records)
            assert change.added == 0, change.problems[:3]
            assert len(change.skipped) == args.activities

        # Rounds interleave the three so that a shared machine's load drifts over all of them alike; each ratio is
        # taken within a round, then the median over rounds.
        rounds = []
        for _ in range(args.repeat):
            rounds.append([median_time(fn, 1) for fn in (lambda: validate_tree(root), export, import_)])
        t_validate, t_export, t_import = (statistics.median(r[i] for r in rounds) for i in range(3))
        r_export = statistics.median(r[1] / r[0] for r in rounds)
        r_import = statistics.median(r[2] / r[0] for r in rounds)
        rows = _rows(book)
        target = Path(tmp) / "w.xlsx"
        t_xw = median_time(lambda: _xw(rows, target), args.repeat)
        t_opw = median_time(lambda: _opw(rows, target), args.repeat)
        t_cal = median_time(lambda: _calamine(book), args.repeat)
        t_opr = median_time(lambda: _opr(book), args.repeat)
    print(f"{args.activities} activities, {size / 1e6:.2f} MB of YAML, workbook {book.name}; medians of {args.repeat}")
    print(f"  validate {t_validate:6.2f} s")
    print(f"  export   {t_export:6.2f} s   export / validate = {r_export:.2f}")
    print(f"  import   {t_import:6.2f} s   import / validate = {r_import:.2f}")
    print(
        f"  write {len(rows)} rows: XlsxWriter {t_xw:.2f} s, openpyxl {t_opw:.2f} s (openpyxl / XlsxWriter = "
        f"{t_opw / t_xw:.2f})"
    )
    print(
        f"  read  {len(rows)} rows: calamine {t_cal:.2f} s, openpyxl {t_opr:.2f} s (openpyxl / calamine = "
        f"{t_opr / t_cal:.2f})"
    )


def _rows(book: Path) -> list[list[object]]:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(book)) as wb:
        return [list(row) for row in wb.get_sheet_by_name("活动台账").to_python()]


def _xw(rows: list[list[object]], path: Path) -> None:
    import xlsxwriter

    wb = xlsxwriter.Workbook(str(path), {"constant_memory": True})
    ws = wb.add_worksheet("活动台账")
    for r, row in enumerate(rows):
        ws.write_row(r, 0, row)
    wb.close()


def _opw(rows: list[list[object]], path: Path) -> None:
    import openpyxl

    wb = openpyxl.Workbook(write_only=True)
    ws = wb.create_sheet("活动台账")
    for row in rows:
        ws.append(row)
    wb.save(path)


def _calamine(book: Path) -> int:
    import python_calamine

    with python_calamine.CalamineWorkbook.from_path(str(book)) as wb:
        return len(wb.get_sheet_by_name("活动台账").to_python())


def _opr(book: Path) -> int:
    import openpyxl

    wb = openpyxl.load_workbook(book, read_only=True, data_only=True)
    n = sum(1 for _ in wb["活动台账"].iter_rows(values_only=True))
    wb.close()
    return n


if __name__ == "__main__":
    main()
