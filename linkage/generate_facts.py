"""Birthplaces, families and dates of birth for linkage.generate's fictional people, and how one
device records them (the rates are in linkage.generate's docstring).

Birthplaces are drawn from the provinces and towns people in UK trafficking cases really come
from, weighted so most come from a few (Nghe An and Ha Tinh for Vietnamese; Darfur for
Sudanese; Fujian for Chinese; Debub and Maekel for Eritreans): namesakes then often share a
province too, as they do in a council's real cases.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from dataclasses import dataclass

# nationality -> (province, weight, towns)
_PLACES: dict[str, tuple[tuple[str, int, tuple[str, ...]], ...]] = {
    "VN": (
        (
            "Nghe An",
            35,
            (
                "Dien Chau",
                "Quynh Luu",
                "Yen Thanh",
                "Nghi Loc",
                "Do Luong",
                "Vinh",
                "Thanh Chuong",
                "Nam Dan",
            ),
        ),
        ("Ha Tinh", 20, ("Ky Anh", "Cam Xuyen", "Thach Ha", "Can Loc", "Huong Son", "Duc Tho")),
        ("Quang Binh", 12, ("Dong Hoi", "Bo Trach", "Quang Trach", "Le Thuy")),
        ("Thanh Hoa", 8, ("Tinh Gia", "Hoang Hoa", "Nga Son")),
        ("Hai Phong", 8, ("Thuy Nguyen", "Kien An", "An Duong")),
        ("Hai Duong", 5, ("Chi Linh", "Kinh Mon")),
        ("Quang Ninh", 5, ("Ha Long", "Cam Pha")),
        ("Ha Noi", 7, ("Dong Anh", "Soc Son", "Gia Lam")),
    ),
    "SD": (
        (
            "Darfur",
            35,
            ("Nyala", "El Fasher", "Geneina", "Zalingei", "Kutum", "Tawila", "Kabkabiya"),
        ),
        ("Khartoum", 25, ("Khartoum", "Omdurman", "Bahri")),
        ("Kordofan", 20, ("El Obeid", "Kadugli", "Dilling")),
        ("Kassala", 10, ("Kassala", "Gedaref")),
        ("Gezira", 10, ("Wad Madani", "Managil")),
    ),
    "SY": (
        ("Aleppo", 30, ("Aleppo", "Afrin", "Azaz", "Manbij")),
        ("Idlib", 20, ("Idlib", "Saraqib", "Maarrat al-Numan")),
        ("Daraa", 15, ("Daraa", "Nawa")),
        ("Homs", 15, ("Homs", "Talkalakh")),
        ("Hasakah", 20, ("Qamishli", "Hasakah", "Amuda")),
    ),
    "IQ": (
        ("Sulaymaniyah", 35, ("Sulaymaniyah", "Ranya", "Qaladze", "Penjwen")),
        ("Erbil", 25, ("Erbil", "Koya", "Soran")),
        ("Duhok", 15, ("Duhok", "Zakho")),
        ("Nineveh", 15, ("Mosul", "Sinjar")),
        ("Basra", 10, ("Basra", "Zubair")),
    ),
    "EG": (
        ("Kafr el-Sheikh", 30, ("Kafr el-Sheikh", "Desouk", "Baltim")),
        ("Gharbia", 20, ("Tanta", "El Mahalla")),
        ("Asyut", 15, ("Asyut", "Manfalut")),
        ("Minya", 15, ("Minya", "Mallawi")),
        ("Cairo", 20, ("Cairo", "Giza", "Shubra")),
    ),
    "LY": (
        ("Tripolitania", 50, ("Tripoli", "Misrata", "Zawiya")),
        ("Cyrenaica", 35, ("Benghazi", "Tobruk")),
        ("Fezzan", 15, ("Sabha", "Ubari")),
    ),
    "CN": (
        ("Fujian", 40, ("Fuzhou", "Changle", "Fuqing", "Lianjiang", "Mawei", "Minhou", "Putian")),
        ("Zhejiang", 15, ("Wenzhou", "Qingtian", "Ruian")),
        ("Guangdong", 15, ("Guangzhou", "Taishan", "Shenzhen", "Jiangmen")),
        ("Liaoning", 10, ("Shenyang", "Dalian")),
        ("Heilongjiang", 10, ("Harbin", "Mudanjiang")),
        ("Hunan", 10, ("Changsha", "Yueyang")),
    ),
    "ER": (
        ("Debub", 35, ("Mendefera", "Dekemhare", "Adi Keyih", "Senafe", "Segeneiti", "Adi Quala")),
        ("Maekel", 30, ("Asmara", "Serejeka", "Berikh")),
        ("Anseba", 15, ("Keren", "Hagaz", "Elabored")),
        ("Gash-Barka", 15, ("Barentu", "Tesseney", "Agordat")),
        ("Northern Red Sea", 5, ("Massawa", "Ghinda")),
    ),
    "ET": (
        ("Tigray", 45, ("Mekelle", "Adigrat", "Shire", "Humera", "Axum", "Adwa")),
        ("Addis Ababa", 25, ("Addis Ababa",)),
        ("Amhara", 20, ("Gondar", "Bahir Dar")),
        ("Oromia", 10, ("Adama", "Jimma")),
    ),
}
_COUNTRY_NAMES = {"VN": "Vietnam", "SD": "Sudan", "SY": "Syria", "IQ": "Iraq", "EG": "Egypt",
                  "LY": "Libya", "CN": "China", "ER": "Eritrea", "ET": "Ethiopia"}  # fmt: skip
_PLACE_MARKS = {
    "Nghe An": "Nghệ An",
    "Ha Tinh": "Hà Tĩnh",
    "Quang Binh": "Quảng Bình",
    "Dien Chau": "Diễn Châu",
    "Quynh Luu": "Quỳnh Lưu",
    "Yen Thanh": "Yên Thành",
    "Ky Anh": "Kỳ Anh",
    "Hai Phong": "Hải Phòng",
    "Thanh Hoa": "Thanh Hóa",
    "Ha Noi": "Hà Nội",
    "Do Luong": "Đô Lương",
    "Thach Ha": "Thạch Hà",
}
# Who knows their month of birth (many children know only a year; in Eritrea, Sudan and Syria
# many births were never registered); a child under 16 knows it less often.
KNOWS_MONTH = {"vietnamese": 0.85, "chinese": 0.85, "arabic": 0.55, "eritrean": 0.45}


@dataclass(frozen=True)
class Place:
    country: str  # countries list id
    province: str
    town: str


@dataclass(frozen=True)
class Family:
    mother: tuple[str, ...]  # her name's words (a Vietnamese mother keeps her own family name)
    father: tuple[str, ...]
    children: tuple[str, ...]  # the given names of all the children, the person's among them


def place_for(nationality: str, culture_country: str, rng: random.Random) -> Place:
    country = nationality if nationality in _PLACES else culture_country
    provinces = _PLACES[country]
    province, _w, towns = rng.choices(provinces, weights=[w for _p, w, _t in provinces])[0]
    return Place(country, province, rng.choice(towns))


def _spell_place(name: str, rng: random.Random, drift: tuple[tuple[str, str], ...]) -> str:
    if name in _PLACE_MARKS and rng.random() < 0.4:
        return _PLACE_MARKS[name]
    if name.startswith(("El ", "Al ")) and rng.random() < 0.3:
        return ("Al " if name.startswith("El") else "El ") + name[3:]
    roll = rng.random()
    if roll < 0.25:
        old, new = rng.choice(drift)
        if old in name.lower():
            i = name.lower().index(old)
            return name[:i] + new + name[i + len(old) :]
    elif roll < 0.33 and len(name) >= 5:
        i = rng.randrange(1, len(name) - 1)
        return name[:i] + name[i + 1 :]  # a letter left out
    if " " in name and rng.random() < 0.15:
        return name.replace(" ", "")  # "Nghean", "Dienchau"
    return name


def record_place(p: Place, rng: random.Random, drift: tuple[tuple[str, str], ...]) -> str:
    """One device's answer to "where were you born": town and province, one of them, the
    country alone, or the town they grew up in."""
    roll = rng.random()
    town, province = _spell_place(p.town, rng, drift), _spell_place(p.province, rng, drift)
    if roll < 0.35:
        return f"{town}, {province}"
    if roll < 0.70:
        return town
    if roll < 0.88:
        return f"{province} province" if rng.random() < 0.5 else province
    if roll < 0.95:
        return _COUNTRY_NAMES.get(p.country, p.country)
    others = [t for _p, _w, ts in _PLACES[p.country] if _p == p.province for t in ts]
    return _spell_place(rng.choice(others), rng, drift)  # where they grew up, not were born


def record_family(
    family: Family,
    own_given: str,
    rng: random.Random,
    spell: Callable[[str], str],
) -> str:
    """One device's note of the family: parents and some brothers and sisters, names spelt as
    heard; sometimes no names at all ("parents dead")."""
    if rng.random() < 0.1:
        return rng.choice(("Parents dead.", "Does not know where family is.", "Lives with uncle."))
    parts: list[str] = []
    if rng.random() < 0.75:
        words = family.mother if rng.random() < 0.4 else family.mother[-1:]
        parts.append("mother " + " ".join(spell(w) for w in words))
    if rng.random() < 0.65:
        words = family.father if rng.random() < 0.4 else family.father[-1:]
        parts.append("father " + " ".join(spell(w) for w in words) + rng.choice(("", " (died)")))
    for sibling in family.children:
        if sibling != own_given and rng.random() < 0.5:
            parts.append(rng.choice(("brother ", "sister ")) + spell(sibling))
    if not parts:
        return "Has family at home."
    rng.shuffle(parts)
    text = ", ".join(parts)
    return text[:1].upper() + text[1:] + "."


def record_dob(
    year: int, month: int, knows_month: bool, january_document: bool, culture: str,
    rng: random.Random,
) -> dict[str, object]:  # fmt: skip
    """A stated date of birth (the record's partial date: year, month, approximate flag)."""
    if rng.random() < 0.04:  # a false document's date, or the person says what they were told
        return {"year": year + rng.choice((-3, -2, -1, 1, 2)), "month": rng.randint(1, 12)}
    if culture == "eritrean" and rng.random() < 0.04:
        return {"year": year - 8, "month": rng.randint(1, 12)}  # Ethiopian calendar year
    if knows_month:
        if rng.random() < 0.2:
            return {"year": year}
        given = month if rng.random() < 0.97 else rng.randint(1, 12)  # misheard or mistyped
        return {"year": year, "month": given}
    if january_document and rng.random() < 0.4:
        return {"year": year, "month": 1}  # the 1 January on a document, for an unknown day
    return {"year": year, "approximate": True} if rng.random() < 0.6 else {"year": year}
