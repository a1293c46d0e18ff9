"""The Excel ledger (台账): its sheets and columns, written by `pairkit export`, read back by `pairkit import`."""
