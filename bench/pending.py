#!/usr/bin/env python3
"""What a user would write instead of `spectrack pending --format json`: Python 3.11 tomllib.

Computes the pending specs of a catalogue as of a day, with the derivation rules of SPEC
section 2, and prints them as `spectrack pending --format json` does (SPEC section 5): overdue
first (most days first), then by expected date (interval start, then end; none last), then id.

    python3 bench/pending.py CATALOGUE.toml --today 2026-11-21

Used by bench/compare.sh as a reference answer and a speed baseline. Assumes a valid catalogue.
"""

import argparse
import calendar
import datetime
import json
import sys
import tomllib

PENDING = {"proposed", "announced", "drafting", "released"}


def partial(value):
    """A partial date -> (start, end, precision, text as spectrack prints it)."""
    if isinstance(value, datetime.date):  # a bare TOML date
        return (value, value, 3, value.isoformat())
    year = int(value[:4])
    if len(value) == 4:
        return (datetime.date(year, 1, 1), datetime.date(year, 12, 31), 0, f"{year:04}")
    if value[5] in "Qq":
        quarter = int(value[6])
        first = (quarter - 1) * 3 + 1
        last = first + 2
        end = datetime.date(year, last, calendar.monthrange(year, last)[1])
        return (datetime.date(year, first, 1), end, 1, f"{year:04}-Q{quarter}")
    month = int(value[5:7])
    if len(value) == 7:
        end = datetime.date(year, month, calendar.monthrange(year, month)[1])
        return (datetime.date(year, month, 1), end, 2, f"{year:04}-{month:02}")
    day = datetime.date(year, month, int(value[8:10]))
    return (day, day, 3, day.isoformat())


def pending(catalogue, today):
    events = {
        e["id"]: partial(e.get("end", e["start"])) for e in catalogue.get("event", [])
    }
    answers = []
    for spec in catalogue.get("spec", []):
        # An entry counts when its date has started and every entry above it counts
        # (file order, docs/format.md).
        state = since = expected = version = None
        for entry in spec.get("history", []):
            date = partial(entry["date"])
            if date[0] > today:
                break
            if "state" in entry:
                state, since, expected = entry["state"], date, None
            if "expected" in entry:
                expected = entry["expected"]
            if "version" in entry:
                version = entry["version"]
        if state not in PENDING:
            continue
        due = event = None
        if isinstance(expected, datetime.date) or (expected and expected[0].isdigit()):
            due = partial(expected)
        elif expected in events:
            due, event = events[expected], expected
        days = (today - due[1]).days if due and due[1] < today else None
        answers.append(
            {
                "id": spec["id"],
                "title": spec["title"],
                "kind": spec["kind"],
                "orgs": spec["orgs"],
                "topics": spec.get("topics", []),
                "state": state,
                "since": since[3],
                "expected": due[3] if due else None,
                "expected_event": event,
                "pending": True,
                "overdue": days is not None,
                "days_overdue": days,
                "url": spec.get("url"),
                "version": version,
                "_due": due,
            }
        )

    def order(a):
        due = a.pop("_due")
        return (
            a["days_overdue"] is None,
            -(a["days_overdue"] or 0),
            due is None,
            due[:3] if due else (),
            a["id"],
        )

    keys = {id(a): order(a) for a in answers}
    answers.sort(key=lambda a: keys[id(a)])
    return answers


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("catalogue")
    parser.add_argument("--today", required=True, help="YYYY-MM-DD")
    args = parser.parse_args()
    today = datetime.date.fromisoformat(args.today)
    with open(args.catalogue, "rb") as f:
        catalogue = tomllib.load(f)
    json.dump(pending(catalogue, today), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")


if __name__ == "__main__":
    main()
