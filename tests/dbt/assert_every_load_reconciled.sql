-- Bad input never vanishes: for every landed file, rows in the file = rows landed in raw
-- = rows staged + rows rejected. Returns the files that do not reconcile.
select
    source_name,
    source_file,
    load_id,
    rows_in_file,
    rows_landed,
    rows_staged,
    rows_rejected
from {{ ref('dq_load_reconciliation') }}
where not is_reconciled
