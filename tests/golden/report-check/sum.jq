# sum.jq: the cell-by-cell sum of several zfxxgk.report/1 documents, computed here
# independently of zfxxgk: a cell is the sum of the members' non-null values, null when
# every member left it null. Input: an array of reports (jq --slurp). Output: {table2?,
# table3, table4} where table2 is only summed when every member has the same format.
def cellsum: map(select(. != null)) | if length == 0 then null else add end;
def keysof(f): [.[] | f | keys[]] | unique;
. as $in
| {
    table3: (keysof(.table3.rows) | map(. as $k | {key: $k, value:
        [range(0; 7) as $c | [$in[] | .table3.rows[$k][$c]] | cellsum]}) | from_entries),
    table4: (keysof(.table4) | map(. as $g | {key: $g, value:
        ([$in[] | .table4[$g] | keys[]] | unique | map(. as $f | {key: $f, value:
            ([$in[] | .table4[$g][$f]] | cellsum)}) | from_entries)}) | from_entries)
  }
+ (if ([$in[] | .format] | unique | length) == 1 then {table2: (keysof(.table2) | map(. as $i | {key: $i, value:
        ([$in[] | .table2[$i] | keys[]] | unique | map(. as $f | {key: $f, value:
            ([$in[] | .table2[$i][$f]] | cellsum)}) | from_entries)}) | from_entries)} else {} end)
