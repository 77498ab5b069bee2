"""Synthetic multilingual news corpora with known stories, copies and translations.

    .venv/bin/python benchmarks/synthetic_corpus.py 10000 --seed 7 -o corpus.jsonl

Each story is one event (a plant, a weapon, a place, figures, a date; names are made of
random syllables) reported by a few
original articles in English, then copied: verbatim duplicates, excerpts, rewrites (sentences
reordered and a sentence swapped) and translations into French, German, Russian and Spanish
built from the bilingual templates below. Stories arrive at a steady rate over time
(STORIES_PER_DAY), so a larger corpus spans a longer period, as a real feed does; the same
plant and weapon come back in later, separate events, which time-aware clustering must keep
apart. `generate(n, seed)` yields dicts with id, text, language, published, source, story and
copy_of (the id of the document copied, or None), and `copy_kind`.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from collections.abc import Iterator
from datetime import datetime, timedelta
from pathlib import Path

STORIES_PER_DAY = 12
LANGUAGES = ("fr", "de", "ru", "es")

SYLLABLES = ["var", "kal", "os", "dun", "sev", "ard", "tor", "hal", "bras", "lun", "mor",
             "pel", "kes", "ost", "vik", "ber", "nov", "rad", "zel", "tam"]
SITE_KINDS = ["Works", "Arsenal", "Machine Plant", "Yards", "Assembly", "Complex", "Foundry"]
WEAPON_KINDS = ["Talon", "Sabre", "Kite", "Lance", "Harrow", "Osprey", "Vane", "Quill"]
FIRST_NAMES = ["Ilse", "Peter", "Anna", "Omar", "Jun", "Lena", "Marek", "Dara", "Tomas", "Nina"]
# Share of stories that revisit the site and weapon of an event more than a year older.
REVISIT = 0.05
SOURCES_CITED = ["Reuters", "the Institute for Open Imagery", "the defence ministry",
                 "Conflict Monitors", "a UN panel"]
OUTLETS = [f"outlet-{number:03d}" for number in range(200)]

# One event as sentences; each template exists in every language, with the same slots.
TEMPLATES: dict[str, list[str]] = {
    "en": [
        "Satellite images show that {site} near {city} has added {halls} new assembly halls.",
        "According to {cited}, the plant produced {count} {weapon} missiles in {month}.",
        "The new buildings cover about {area} square metres, twice the area of last year.",
        "The plant director, {person}, declined to comment on the expansion.",
        "Analysts expect output of the {weapon} to reach {target} units a month by {year}.",
        "Workers at {site} said night shifts began in {month}.",
        "Officials in {city} denied that the plant was making weapons for export.",
    ],
    "fr": [
        "Des images satellites montrent que {site}, près de {city}, a ajouté {halls} nouveaux halls d'assemblage.",
        "Selon {cited}, l'usine a produit {count} missiles {weapon} en {month}.",
        "Les nouveaux bâtiments couvrent environ {area} mètres carrés, deux fois la surface de l'an dernier.",
        "Le directeur de l'usine, {person}, n'a pas souhaité commenter l'agrandissement.",
        "Les analystes s'attendent à ce que la production du {weapon} atteigne {target} unités par mois d'ici {year}.",
        "Des ouvriers de {site} ont déclaré que des équipes de nuit ont commencé en {month}.",
        "Les autorités de {city} ont nié que l'usine fabriquait des armes pour l'exportation.",
    ],
    "de": [
        "Satellitenbilder zeigen, dass {site} bei {city} {halls} neue Montagehallen errichtet hat.",
        "Laut {cited} hat das Werk im {month} {count} {weapon}-Raketen hergestellt.",
        "Die neuen Gebäude umfassen etwa {area} Quadratmeter, doppelt so viel wie im Vorjahr.",
        "Der Werksleiter, {person}, wollte sich zur Erweiterung nicht äußern.",
        "Analysten erwarten, dass die Produktion des {weapon} bis {year} {target} Stück im Monat erreicht.",
        "Arbeiter von {site} sagten, im {month} hätten Nachtschichten begonnen.",
        "Beamte in {city} bestritten, dass das Werk Waffen für den Export herstellt.",
    ],
    "ru": [
        "Спутниковые снимки показывают, что {site} под городом {city} построил {halls} новых сборочных цеха.",
        "По данным {cited}, завод выпустил {count} ракет {weapon} в {month}.",
        "Новые здания занимают около {area} квадратных метров, вдвое больше, чем в прошлом году.",
        "Директор завода {person} отказался комментировать расширение.",
        "Аналитики ожидают, что выпуск {weapon} достигнет {target} единиц в месяц к {year} году.",
        "Рабочие {site} рассказали, что ночные смены начались в {month}.",
        "Власти города {city} отрицают, что завод производит оружие на экспорт.",
    ],
    "es": [
        "Las imágenes de satélite muestran que {site}, cerca de {city}, ha añadido {halls} nuevas naves de montaje.",
        "Según {cited}, la planta produjo {count} misiles {weapon} en {month}.",
        "Los nuevos edificios ocupan unos {area} metros cuadrados, el doble que el año pasado.",
        "El director de la planta, {person}, declinó comentar la ampliación.",
        "Los analistas esperan que la producción del {weapon} alcance {target} unidades al mes para {year}.",
        "Trabajadores de {site} dijeron que los turnos de noche empezaron en {month}.",
        "Las autoridades de {city} negaron que la planta fabrique armas para la exportación.",
    ],
}
MONTHS = {
    "en": ["January", "March", "May", "July", "September", "November"],
    "fr": ["janvier", "mars", "mai", "juillet", "septembre", "novembre"],
    "de": ["Januar", "März", "Mai", "Juli", "September", "November"],
    "ru": ["январе", "марте", "мае", "июле", "сентябре", "ноябре"],
    "es": ["enero", "marzo", "mayo", "julio", "septiembre", "noviembre"],
}
# Filler that makes originals of one event differ from each other (independent reporting).
FILLER = [
    "The report did not say how the figures were obtained.",
    "Earlier this year the government announced new export rules.",
    "The company has not published annual results since the war began.",
    "Local media reported traffic restrictions around the industrial zone.",
    "A spokesman for the regional administration could not be reached.",
    "Independent experts have questioned several of the published estimates.",
    "Similar claims were made last year but were never confirmed.",
    "Imagery from a second provider appears to show the same changes.",
]


def _name(rng: random.Random, parts: int) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(parts)).title()


def _event(rng: random.Random, when: datetime,
           past: list[tuple[datetime, dict[str, object]]]) -> dict[str, object]:
    event: dict[str, object] = {
        "site": f"{_name(rng, 2)} {rng.choice(SITE_KINDS)}", "city": _name(rng, 3),
        "weapon": f"{rng.choice(WEAPON_KINDS)}-{rng.randint(1, 99)}",
        "person": f"{rng.choice(FIRST_NAMES)} {_name(rng, 2)}ov",
        "cited": rng.choice(SOURCES_CITED),
        "halls": rng.randint(2, 9), "count": rng.randint(12, 400),
        "area": f"{rng.randint(4, 60)},{rng.randint(100, 999)}", "target": rng.randint(20, 900),
        "year": when.year + 1, "month_index": rng.randrange(6),
    }
    old = [item for moment, item in past if when - moment > timedelta(days=400)]
    if old and rng.random() < REVISIT:
        revisited = rng.choice(old)
        event.update(site=revisited["site"], city=revisited["city"], weapon=revisited["weapon"])
    return event


def _render(language: str, event: dict[str, object], order: list[int]) -> list[str]:
    values = {**event, "month": MONTHS[language][int(event["month_index"])]}  # type: ignore[arg-type]
    if language != "en":
        values["area"] = str(values["area"]).replace(",", " ")
    return [TEMPLATES[language][index].format(**values) for index in order]


def generate(n: int, seed: int = 0) -> Iterator[dict[str, object]]:
    """`n` documents in publication order, with their story and copy labels."""
    rng = random.Random(seed)
    start = datetime(2020, 1, 1)
    produced = 0
    story_number = 0
    past: list[tuple[datetime, dict[str, object]]] = []
    while produced < n:
        story_number += 1
        when = start + timedelta(days=story_number / STORIES_PER_DAY)
        event = _event(rng, when, past[-5000:])
        past.append((when, event))
        story = f"story-{story_number:06d}"
        documents: list[dict[str, object]] = []
        originals = []
        for original in range(rng.randint(1, 3)):
            order = rng.sample(range(len(TEMPLATES["en"])), rng.randint(4, 6))
            sentences = _render("en", event, order)
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FILLER))
            sentences.insert(rng.randrange(len(sentences) + 1), rng.choice(FILLER))
            document = _document(story, f"{story}-o{original}", "en", " ".join(sentences),
                                 when + timedelta(hours=original * 3), rng, None, None)
            documents.append(document)
            originals.append((document, order))
        for copy_number in range(rng.randint(0, 6)):
            parent, order = rng.choice(originals)
            kind = rng.choice(["duplicate", "excerpt", "rewrite", "translation", "translation"])
            published = parent["published"] + timedelta(hours=rng.randint(1, 72))  # type: ignore[operator]
            text = str(parent["text"])
            language = "en"
            if kind == "excerpt":
                parts = text.split(". ")
                text = ". ".join(parts[: max(2, len(parts) // 2)]) + "."
            elif kind == "rewrite":
                parts = text.split(". ")
                rng.shuffle(parts)
                parts[-1] = rng.choice(FILLER).rstrip(".")
                text = ". ".join(parts) + "."
            elif kind == "translation":
                language = rng.choice(LANGUAGES)
                text = " ".join(_render(language, event, order))
            documents.append(_document(story, f"{story}-c{copy_number}", language, text,
                                       published, rng, str(parent["id"]), kind))
        for document in sorted(documents, key=lambda d: (d["published"], d["id"])):
            if produced >= n:
                return
            produced += 1
            yield {**document, "published": document["published"].isoformat()}  # type: ignore[union-attr]


def _document(story: str, identifier: str, language: str, text: str, published: datetime,
              rng: random.Random, copy_of: str | None, kind: str | None) -> dict[str, object]:
    return {"id": identifier, "text": text, "language": language, "published": published,
            "source": rng.choice(OUTLETS), "story": story, "copy_of": copy_of,
            "copy_kind": kind}


def write(path: Path, n: int, seed: int = 0) -> int:
    count = 0
    with path.open("w", encoding="utf-8") as handle:
        for row in generate(n, seed):
            handle.write(json.dumps(row, ensure_ascii=False) + "\n")
            count += 1
    return count


def main() -> int:
    parser = argparse.ArgumentParser(description="Write a synthetic multilingual corpus.")
    parser.add_argument("n", type=int)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("-o", "--output", type=Path, default=None)
    arguments = parser.parse_args()
    if arguments.output is None:
        for row in generate(arguments.n, arguments.seed):
            sys.stdout.write(json.dumps(row, ensure_ascii=False) + "\n")
    else:
        write(arguments.output, arguments.n, arguments.seed)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
