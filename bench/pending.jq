# What a jq user would write instead of `spectrack pending --format json`.
#
#   jq --arg today 2026-11-21 -f bench/pending.jq CATALOGUE.json
#
# CATALOGUE.json is the catalogue converted once with bench/tojson.py. Same derivation
# (SPEC section 2), shape and order (SPEC section 5) as spectrack and bench/pending.py.
# Assumes a valid catalogue.

# Days since 1970-01-01 of a civil date (H. Hinnant's days_from_civil).
def civil($y0; $m; $d):
  (if $m <= 2 then $y0 - 1 else $y0 end) as $y
  | ($y / 400 | floor) as $era
  | ($y - $era * 400) as $yoe
  | (((153 * (if $m > 2 then $m - 3 else $m + 9 end) + 2) / 5 | floor) + $d - 1) as $doy
  | $era * 146097 + $yoe * 365 + ($yoe / 4 | floor) - ($yoe / 100 | floor) + $doy - 719468;

def month_days($y; $m):
  if $m == 2 then
    (if ($y % 4 == 0 and $y % 100 != 0) or $y % 400 == 0 then 29 else 28 end)
  elif $m == 4 or $m == 6 or $m == 9 or $m == 11 then 30
  else 31 end;

# A partial date -> {s: first day, e: last day, p: precision, t: text as spectrack prints it}.
def partial:
  (.[0:4] | tonumber) as $y
  | if length == 4 then {s: civil($y; 1; 1), e: civil($y; 12; 31), p: 0, t: .}
    elif .[5:6] == "Q" or .[5:6] == "q" then
      (.[6:7] | tonumber) as $q | (($q - 1) * 3 + 1) as $m
      | {s: civil($y; $m; 1), e: civil($y; $m + 2; month_days($y; $m + 2)), p: 1,
         t: "\(.[0:4])-Q\($q)"}
    elif length == 7 then
      (.[5:7] | tonumber) as $m
      | {s: civil($y; $m; 1), e: civil($y; $m; month_days($y; $m)), p: 2, t: .}
    else
      (civil($y; .[5:7] | tonumber; .[8:10] | tonumber)) as $d
      | {s: $d, e: $d, p: 3, t: .}
    end;

($today | partial | .s) as $t
| ((.event // []) | map({key: .id, value: ((.end // .start) | partial)}) | from_entries)
  as $events
| [ (.spec // [])[]
    | . as $spec
    # An entry counts when its date has started and every entry above it counts (file order).
    | [ limit(1; (.history // []) | to_entries[] | select((.value.date | partial | .s) > $t) | .key) ]
      as $stop
    | [ (.history // [])[: ($stop[0] // null)][] | {d: (.date | partial), state, expected, version} ]
    | reduce .[] as $e ({state: null, since: null, expected: null, version: null};
        (if $e.state then .state = $e.state | .since = $e.d.t | .expected = null else . end)
        | (if $e.expected then .expected = $e.expected else . end)
        | (if $e.version then .version = $e.version else . end))
    | select(.state == "proposed" or .state == "announced" or .state == "drafting"
             or .state == "released")
    | (if .expected == null then {due: null, event: null}
       elif (.expected[0:1] | test("[0-9]")) then {due: (.expected | partial), event: null}
       elif $events[.expected] then {due: $events[.expected], event: .expected}
       else {due: null, event: null} end) as $x
    | (if $x.due and $x.due.e < $t then $t - $x.due.e else null end) as $days
    | {id: $spec.id, title: $spec.title, kind: $spec.kind, orgs: $spec.orgs,
       topics: ($spec.topics // []), state, since,
       expected: $x.due.t, expected_event: $x.event, pending: true,
       overdue: ($days != null), days_overdue: $days, url: $spec.url,
       version,
       _key: [(if $days then 0 else 1 end), -($days // 0), (if $x.due then 0 else 1 end),
              ($x.due.s // 0), ($x.due.e // 0), ($x.due.p // 0), $spec.id]}
  ]
| sort_by(._key)
| map(del(._key))
