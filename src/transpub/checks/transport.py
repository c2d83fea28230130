"""Means of transport: English "by motorbike" rendered with the preposition of the English ("por moto") where
Portuguese travels "de moto", "de canoa", "de ônibus".

Read only where the English source says "by <vehicle>" for the same vehicle, so that "por carro" for "per car"
("R$ 10 por carro") is not read. Vehicles after "por" that Portuguese does use ("por avião" for air mail, "por
helicóptero", "por via aérea", "por terra e por mar") are not listed. Spanish ("en moto"/"por barco" for goods) and
French ("par avion", "par bateau" are correct) are not checked.

>>> by_vehicle_problems("Health workers travel by motorbike.", "Viajam por moto.", "pt")
['por moto']
>>> by_vehicle_problems("Health workers travel by motorbike.", "Viajam de moto.", "pt")
[]
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from types import MappingProxyType

# Portuguese vehicle noun -> the English words for it after "by"
_VEHICLES: Mapping[str, str] = MappingProxyType(
    {
        "moto": r"motorbikes?|motorcycles?|motos?",
        "motocicleta": r"motorbikes?|motorcycles?",
        "canoa": r"canoes?|dugouts?",
        "barco": r"boats?",
        "carro": r"cars?",
        "ônibus": r"bus|buses|coach",
        "trem": r"trains?|rail",
        "bicicleta": r"bicycles?|bikes?",
        "caminhão": r"trucks?|lorry|lorries",
    }
)


# "by motorbike and canoe", "by bus, train or boat": the vehicles of one "by"
_LIST = r"(?:[a-z-]+\s*(?:,|\band\b|\bor\b)\s*){0,3}"


def by_vehicle_problems(source: str, target: str, lang: str) -> list[str]:
    """Spans "por <vehicle>" in a Portuguese ``target`` whose ``source`` says "by <vehicle>" (module text)."""
    if lang != "pt":
        return []
    found = []
    for m in re.finditer(rf"(?<![\w-])por\s+({'|'.join(_VEHICLES)})(?![\w-])", target, re.IGNORECASE):
        english = _VEHICLES[m.group(1).casefold()]
        if re.search(rf"\bby\s+{_LIST}(?:{english})\b", source, re.IGNORECASE):
            found.append(m.group(0))
    return found
