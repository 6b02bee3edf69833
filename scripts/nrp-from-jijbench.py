#!/usr/bin/env python3
"""Writes Curtois & Qu shift-scheduling instances in their plain-text format from the JSON
copies in the MIT-licensed PyPI package `jijbench` (0.5.8,
`jijbench/datasets/Instances/*/nurse-scheduling/InstanceN.json`).

The JSON keeps the numbers but not the names, and its forbidden-succession array `R` lists
only the non-empty "cannot follow" lists, in order, padded with empty rows at the end: which
shift each list belongs to is lost. So the SECTION_SHIFTS lines come from the original files:
SHIFTS_DIR holds, per instance, `InstanceN.txt` with the horizon on the first line and the
original SECTION_SHIFTS lines after it (or a whole original instance file). The script checks
them against the JSON (horizon, shift count, lengths, and the non-empty lists in order) and
stops on any difference. Staff are written as E1, E2, … in the order of the JSON arrays (the
order of the original files).

`--check DIR` compares each converted instance with an original text file of the same name in
DIR, staff names mapped by position, and fails on any difference in the numbers.

    pip download --no-deps --python-version 3.10 --only-binary=:all: jijbench==0.5.8
    unzip -q jijbench-0.5.8-py3-none-any.whl 'jijbench/datasets/Instances/*'
    python3 scripts/nrp-from-jijbench.py jijbench/datasets/Instances \\
        scripts/nrp-shift-sections tests/fixtures/nrp

`scripts/nrp-shift-sections` holds the shift lines of instances 11–15, 17 and 19–24 (read from
wssuite/NurseScheduler, `datasets/nrp/`, commit 784e1c9f). Instances without a shift file are
skipped; to check the conversion against the twelve instances kept as original text, pass a
directory holding both the shift files and the originals as SHIFTS_DIR with `--check`.
"""

import glob
import json
import os
import re
import sys


def read_shifts(text):
    """(horizon, shift lines, staff count) of a shift-section file (horizon, shift lines and a
    last line `STAFF n`) or of a whole original instance."""
    lines = [ln.strip() for ln in text.splitlines()]
    lines = [ln for ln in lines if ln and not ln.startswith("#")]
    if "SECTION_HORIZON" not in lines:
        staff = int(lines[-1].split()[1])
        return int(lines[0]), lines[1:-1], staff
    horizon = int(lines[lines.index("SECTION_HORIZON") + 1])
    start = lines.index("SECTION_SHIFTS") + 1
    end = next(k for k in range(start, len(lines)) if lines[k].startswith("SECTION_"))
    staff_start = lines.index("SECTION_STAFF") + 1
    staff_end = next(k for k in range(staff_start, len(lines)) if lines[k].startswith("SECTION_"))
    return horizon, lines[start:end], staff_end - staff_start


def convert(d, horizon, shift_lines, staff_count, name):
    """The instance `d` (JijBench's JSON) as benchmark text, with the original shift lines."""
    staff, days, types = d["I"], d["D"], d["T"]
    rows = [ln.split(",") for ln in shift_lines]
    sid = [r[0] for r in rows]
    index = {s: k for k, s in enumerate(sid)}
    lists = [[index[s] for s in r[2].split("|") if s] for r in rows if len(r) > 2 and r[2]]
    json_lists = [[u for u in row if u >= 0] for row in d["R"]]
    problems = []
    if horizon != days or len(rows) != types or staff_count != staff:
        problems.append(
            f"horizon {horizon} vs {days}, shifts {len(rows)} vs {types}, "
            f"staff {staff_count} vs {staff}"
        )
    elif [int(r[1]) for r in rows] != list(d["l"]):
        problems.append(f"lengths {[r[1] for r in rows]} vs {d['l']}")
    elif [sorted(x) for x in lists] != [sorted(x) for x in json_lists if x]:
        problems.append(f"forbidden successions {lists} vs {json_lists}")
    elif any(json_lists[len(lists):]):
        problems.append("non-empty lists after the empty ones in R")
    if problems:
        sys.exit(f"{name}: the shift lines do not match the JSON: {problems[0]}")
    eid = [f"E{i + 1}" for i in range(staff)]
    out = ["# Converted from JijBench's JSON copy (scripts/nrp-from-jijbench.py).", ""]
    out += ["SECTION_HORIZON", str(days), "", "SECTION_SHIFTS"] + list(shift_lines)
    out += ["", "SECTION_STAFF"]
    for i in range(staff):
        limits = "|".join(f"{sid[t]}={d['m_max'][i][t]}" for t in range(types))
        out.append(
            f"{eid[i]},{limits},{d['b_max'][i]},{d['b_min'][i]},{d['c_max'][i]},"
            f"{d['c_min'][i]},{d['o_min'][i]},{d['a_max'][i]}"
        )
    out += ["", "SECTION_DAYS_OFF"]
    for i in range(staff):
        off = [str(x) for x in d["N"][i] if x >= 0]
        if off:
            out.append(",".join([eid[i]] + off))
    for name, key in (("SECTION_SHIFT_ON_REQUESTS", "q"), ("SECTION_SHIFT_OFF_REQUESTS", "p")):
        out += ["", name]
        for i in range(staff):
            for day in range(days):
                for t in range(types):
                    w = d[key][i][day][t]
                    if w:
                        out.append(f"{eid[i]},{day},{sid[t]},{w}")
    out += ["", "SECTION_COVER"]
    for day in range(days):
        for t in range(types):
            out.append(
                f"{day},{sid[t]},{d['u'][day][t]},{d['v_min'][day][t]},{d['v_max'][day][t]}"
            )
    return "\n".join(out) + "\n"


def canonical(text):
    """The numbers of a benchmark text with names replaced by their position."""
    sections, cur = {}, None
    for line in text.splitlines():
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        if line.startswith("SECTION_"):
            cur = line
            sections[cur] = []
            continue
        sections[cur].append(line.split(","))
    shifts = {row[0]: k for k, row in enumerate(sections["SECTION_SHIFTS"])}
    staff = {row[0]: k for k, row in enumerate(sections["SECTION_STAFF"])}
    c = {"days": int(sections["SECTION_HORIZON"][0][0])}
    c["shifts"] = [
        (int(r[1]), sorted(shifts[s] for s in r[2].split("|") if s)) for r in sections["SECTION_SHIFTS"]
    ]
    c["staff"] = [
        (sorted((shifts[k], int(v)) for k, v in (x.split("=") for x in r[1].split("|"))),)
        + tuple(int(x) for x in r[2:])
        for r in sections["SECTION_STAFF"]
    ]
    c["off"] = sorted(
        (staff[r[0]], int(x)) for r in sections.get("SECTION_DAYS_OFF", []) for x in r[1:] if x
    )
    for key in ("SECTION_SHIFT_ON_REQUESTS", "SECTION_SHIFT_OFF_REQUESTS"):
        c[key] = sorted(
            (staff[r[0]], int(r[1]), shifts[r[2]], int(r[3])) for r in sections.get(key, [])
        )
    c["cover"] = sorted(
        (int(r[0]), shifts[r[1]], int(r[2]), int(r[3]), int(r[4])) for r in sections["SECTION_COVER"]
    )
    return c


def main(argv):
    if len(argv) not in (4, 6) or (len(argv) == 6 and argv[4] != "--check"):
        sys.exit(__doc__)
    src, shifts, dst = argv[1], argv[2], argv[3]
    check = argv[5] if len(argv) == 6 else None
    os.makedirs(dst, exist_ok=True)
    paths = glob.glob(os.path.join(src, "*", "nurse-scheduling", "Instance*.json"))
    paths.sort(key=lambda p: int(re.search(r"Instance(\d+)", p).group(1)))
    bad = 0
    for path in paths:
        name = os.path.basename(path)[: -len(".json")] + ".txt"
        if not os.path.exists(os.path.join(shifts, name)):
            print(f"{name}: skipped (no shift lines in {shifts})")
            continue
        with open(os.path.join(shifts, name), encoding="utf-8") as f:
            horizon, shift_lines, staff_count = read_shifts(f.read())
        with open(path, encoding="utf-8") as f:
            text = convert(json.load(f), horizon, shift_lines, staff_count, name)
        with open(os.path.join(dst, name), "w", encoding="utf-8", newline="\n") as f:
            f.write(text)
        original = os.path.join(check, name) if check else None
        if original and os.path.exists(original):
            with open(original, encoding="utf-8") as f:
                same = canonical(f.read()) == canonical(text)
            bad += not same
            print(f"{name}: {'same numbers as' if same else 'DIFFERS from'} {original}")
        else:
            print(f"{name}: written")
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main(sys.argv)
