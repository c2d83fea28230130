"""Agreement around a replaced term (pt, es, fr), table-driven: determiners, contractions, adjectives, copulas."""

from __future__ import annotations

import pytest

from transpub.translate.agreement import Form, agree, guess_form, inflect_adjective


def replaced(
    text: str, old: str, new: str, lang: str, gender: str | None, number: str, *, with_old: bool = True
) -> str:
    """Put ``new`` where ``old`` is in ``text`` and make the words around it agree."""
    start = text.index(old)
    swapped = text[:start] + new + text[start + len(old) :]
    return agree(
        swapped, start, start + len(new), lang=lang, gender=gender, number=number, old=old if with_old else None
    ).text


CASES = [
    # (language, engine text, engine's wording, mandated term, gender, number, expected)
    (
        "pt",
        "A capacitação foi realizada em Baku.",
        "capacitação",
        "reforço de capacidades",
        "m",
        "sg",
        "O reforço de capacidades foi realizado em Baku.",
    ),
    (
        "pt",
        "Mais da metade dos deslocados internos são mulheres.",
        "deslocados internos",
        "pessoas deslocadas internamente",
        "f",
        "pl",
        "Mais da metade das pessoas deslocadas internamente são mulheres.",
    ),
    (
        "pt",
        "Os deslocados internos registrados em junho.",
        "deslocados internos",
        "pessoas deslocadas internamente",
        "f",
        "pl",
        "As pessoas deslocadas internamente registradas em junho.",
    ),
    (
        "pt",
        "após um surto de tempestade.",
        "surto de tempestade",
        "maré de tempestade",
        "f",
        "sg",
        "após uma maré de tempestade.",
    ),
    (
        "pt",
        "Representantes dos deslocados.",
        "deslocados",
        "pessoas deslocadas",
        "f",
        "pl",
        "Representantes das pessoas deslocadas.",
    ),
    (
        "pt",
        "Chegou ao campo de refugiados.",
        "campo de refugiados",
        "comunidade de acolhimento",
        "f",
        "sg",
        "Chegou à comunidade de acolhimento.",
    ),
    (
        "pt",
        "Falou pelos parceiros.",
        "parceiros",
        "comunidades costeiras",
        "f",
        "pl",
        "Falou pelas comunidades costeiras.",
    ),
    (
        "pt",
        "Está na capacitação.",
        "capacitação",
        "reforço de capacidades",
        "m",
        "sg",
        "Está no reforço de capacidades.",
    ),
    (
        "pt",
        "Todos os parceiros vieram.",
        "parceiros",
        "comunidades costeiras",
        "f",
        "pl",
        "Todas as comunidades costeiras vieram.",
    ),
    ("pt", "Os seus parceiros.", "parceiros", "comunidades costeiras", "f", "pl", "As suas comunidades costeiras."),
    (
        "pt",
        "Cada parceiro recebe.",
        "parceiro",
        "comunidade de acolhimento",
        "f",
        "sg",
        "Cada comunidade de acolhimento recebe.",
    ),
    (
        "pt",
        "A Tidewatch foi desenvolvida por engenheiros.",
        "Tidewatch",
        "Tidewatch",
        "m",
        "sg",
        "O Tidewatch foi desenvolvido por engenheiros.",
    ),
    (
        "pt",
        "A capacitação é importante.",
        "capacitação",
        "reforço de capacidades",
        "m",
        "sg",
        "O reforço de capacidades é importante.",
    ),  # invariable adjective: left alone
    ("pt", "O edifício é novo.", "edifício", "casa", "f", "sg", "A casa é novo."),  # "novo" has no safe rule: left
    (
        "pt",
        "Deu a trabalhadores.",
        "trabalhadores",
        "comunidades costeiras",
        "f",
        "pl",
        "Deu a comunidades costeiras.",
    ),  # "a" before a masculine word is the preposition
    (
        "pt",
        "A capacitação foi registrada e aprovada.",
        "capacitação",
        "reforço de capacidades",
        "m",
        "sg",
        "O reforço de capacidades foi registrado e aprovado.",
    ),
    ("es", "Habla del plan.", "plan", "acción climática", "f", "sg", "Habla de la acción climática."),
    ("es", "Llegó al pueblo.", "pueblo", "comunidad de acogida", "f", "sg", "Llegó a la comunidad de acogida."),
    (
        "es",
        "Los socios fueron invitados.",
        "socios",
        "comunidades costeras",
        "f",
        "pl",
        "Las comunidades costeras fueron invitadas.",
    ),
    ("es", "Un plan nuevo.", "plan", "estrategia", "f", "sg", "Una estrategia nuevo."),  # "nuevo": no safe rule
    ("fr", "Il parle du plan.", "plan", "action climatique", "f", "sg", "Il parle de l'action climatique."),
    ("fr", "Il parle de la chose.", "chose", "plan national", "m", "sg", "Il parle du plan national."),
    ("fr", "Il parle de l'idée.", "idée", "plan national", "m", "sg", "Il parle du plan national."),
    ("fr", "Il va au marché.", "marché", "communauté d'accueil", "f", "sg", "Il va à la communauté d'accueil."),
    (
        "fr",
        "Grâce aux partenaires.",
        "partenaires",
        "communautés côtières",
        "f",
        "pl",
        "Grâce aux communautés côtières.",
    ),
    ("fr", "Le plan est publié.", "plan", "stratégie", "f", "sg", "La stratégie est publiée."),
    ("fr", "Ce plan est utile.", "plan", "initiative", "f", "sg", "Cette initiative est utile."),
]


@pytest.mark.parametrize(("lang", "text", "old", "new", "gender", "number", "expected"), CASES)
def test_agreement_around_a_replaced_term(
    lang: str, text: str, old: str, new: str, gender: str, number: str, expected: str
) -> None:
    assert replaced(text, old, new, lang, gender, number) == expected


def test_placeholder_term_sets_its_predicate() -> None:
    # masking: the engine agreed "perigoso" with nothing; the term's gender decides
    text = "A migração irregular permanece extremamente perigoso."
    assert replaced(text, "migração irregular", "migração irregular", "pt", "f", "sg", with_old=False) == (
        "A migração irregular permanece extremamente perigosa."
    )
    assert (
        replaced("Estados-Membros é financiado.", "Estados-Membros", "Estados-Membros", "pt", "m", "pl", with_old=False)
        == "Estados-Membros são financiados."
    )


def test_unknown_gender_leaves_gendered_determiners() -> None:
    assert replaced("A capacitação chegou.", "capacitação", "ABC", "pt", None, "sg") == "A ABC chegou."


def test_require_determiner_leaves_bare_terms_alone() -> None:
    text = "Tidewatch foi desenvolvida."
    assert agree(text, 0, 9, lang="pt", gender="m", number="sg", old="Tidewatch", require_determiner=True).text == text


@pytest.mark.parametrize(
    ("word", "lang", "form", "expected"),
    [
        ("realizadas", "pt", Form("m", "sg"), "realizado"),
        ("perigoso", "pt", Form("f", "pl"), "perigosas"),
        ("abertos", "pt", Form("f", "sg"), "aberta"),
        ("tempo", "pt", Form("f", "sg"), None),
        ("invitados", "es", Form("f", "pl"), "invitadas"),
        ("publié", "fr", Form("f", "pl"), "publiées"),
        ("perigoso", "pt", Form(None, "sg"), None),
    ],
)
def test_inflect_adjective(word: str, lang: str, form: Form, expected: str | None) -> None:
    assert inflect_adjective(word, lang, form) == expected


@pytest.mark.parametrize(
    ("phrase", "lang", "expected"),
    [
        ("capacitação", "pt", Form("f", "sg")),
        ("sistemas de alerta", "pt", Form("m", "pl")),
        ("Estados-Membros", "pt", Form("m", "pl")),
        ("comunidad", "es", Form("f", "sg")),
        ("plano", "fr", None),
    ],
)
def test_guess_form(phrase: str, lang: str, expected: Form | None) -> None:
    assert guess_form(phrase, lang) == expected
