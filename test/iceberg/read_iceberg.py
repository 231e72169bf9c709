"""Reads cockpit catalog tables with PyIceberg through the Iceberg SQL catalog in the app
database, as an engine that is not ours would, and writes each table's rows to Parquet.

argv[1]: JSON {"uri": SQLAlchemy URL, "properties": FileIO properties,
               "reads": [{"table": "ns.name", "asOf": snapshot id or absent, "out": path}]}
stdout:  JSON [{"table", "snapshot", "rows", "deleteFiles"}] — what was read.
"""
import json
import sys

import pyarrow.parquet as pq
from pyiceberg.catalog.sql import SqlCatalog


def snapshot_as_of(table, as_of):
    # "As of snapshot N" in the cockpit: the table's latest change at or before N.
    if as_of is None:
        current = table.current_snapshot()
        return None if current is None else current.snapshot_id
    ids = [s.snapshot_id for s in table.snapshots() if s.snapshot_id <= as_of]
    return max(ids) if ids else None


def main():
    request = json.loads(sys.argv[1])
    catalog = SqlCatalog("cockpit", uri=request["uri"], **request.get("properties", {}))
    done = []
    for read in request["reads"]:
        table = catalog.load_table(read["table"])
        snapshot = snapshot_as_of(table, read.get("asOf"))
        scan = table.scan(snapshot_id=snapshot)
        delete_files = sum(len(task.delete_files) for task in scan.plan_files())
        rows = scan.to_arrow()
        pq.write_table(rows, read["out"])
        done.append({"table": read["table"], "snapshot": snapshot, "rows": rows.num_rows, "deleteFiles": delete_files})
    print(json.dumps(done))


if __name__ == "__main__":
    main()
