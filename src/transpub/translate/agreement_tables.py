"""The word tables agreement works from (pt, es, fr): determiners by gender and number, French elision, copulas,
and the adverbs allowed between a copula and its adjective. Data only; the rules are in
:mod:`transpub.translate.agreement`.

>>> DETERMINERS["pt"][2], DETERMINERS["fr"][3], DETERMINERS["es"][2]
(('do', 'da', 'dos', 'das'), ('au', 'à la', 'aux', 'aux'), ('del', 'de la', 'de los', 'de las'))
"""

from __future__ import annotations

from collections.abc import Mapping
from types import MappingProxyType

# One row per determiner: its forms (masculine singular, feminine singular, masculine plural, feminine plural).
# A row may repeat a form (invariable gender); None where the language has no such form.
Row = tuple[str | None, str | None, str | None, str | None]

DETERMINERS: Mapping[str, tuple[Row, ...]] = MappingProxyType(
    {
        "pt": (
            ("o", "a", "os", "as"),
            ("um", "uma", "uns", "umas"),
            ("do", "da", "dos", "das"),
            ("no", "na", "nos", "nas"),
            ("ao", "à", "aos", "às"),
            ("pelo", "pela", "pelos", "pelas"),
            ("dum", "duma", "duns", "dumas"),
            ("num", "numa", "nuns", "numas"),
            ("este", "esta", "estes", "estas"),
            ("esse", "essa", "esses", "essas"),
            ("aquele", "aquela", "aqueles", "aquelas"),
            ("deste", "desta", "destes", "destas"),
            ("desse", "dessa", "desses", "dessas"),
            ("daquele", "daquela", "daqueles", "daquelas"),
            ("neste", "nesta", "nestes", "nestas"),
            ("nesse", "nessa", "nesses", "nessas"),
            ("naquele", "naquela", "naqueles", "naquelas"),
            ("seu", "sua", "seus", "suas"),
            ("nosso", "nossa", "nossos", "nossas"),
            ("meu", "minha", "meus", "minhas"),
            ("todo", "toda", "todos", "todas"),
            ("outro", "outra", "outros", "outras"),
            ("algum", "alguma", "alguns", "algumas"),
            ("nenhum", "nenhuma", "nenhuns", "nenhumas"),
            ("muito", "muita", "muitos", "muitas"),
            ("pouco", "pouca", "poucos", "poucas"),
            ("próprio", "própria", "próprios", "próprias"),
            ("mesmo", "mesma", "mesmos", "mesmas"),
            ("novo", "nova", "novos", "novas"),
            ("primeiro", "primeira", "primeiros", "primeiras"),
            ("único", "única", "únicos", "únicas"),
            (None, None, "vários", "várias"),
            ("cada", "cada", None, None),
            ("qualquer", "qualquer", "quaisquer", "quaisquer"),
        ),
        "es": (
            ("el", "la", "los", "las"),
            ("un", "una", "unos", "unas"),
            ("del", "de la", "de los", "de las"),
            ("al", "a la", "a los", "a las"),
            ("este", "esta", "estos", "estas"),
            ("ese", "esa", "esos", "esas"),
            ("aquel", "aquella", "aquellos", "aquellas"),
            ("su", "su", "sus", "sus"),
            ("nuestro", "nuestra", "nuestros", "nuestras"),
            ("todo", "toda", "todos", "todas"),
            ("otro", "otra", "otros", "otras"),
            ("nuevo", "nueva", "nuevos", "nuevas"),
            ("mismo", "misma", "mismos", "mismas"),
            ("primer", "primera", "primeros", "primeras"),
            ("cada", "cada", None, None),
        ),
        "fr": (
            ("le", "la", "les", "les"),
            ("un", "une", "des", "des"),
            ("du", "de la", "des", "des"),
            ("au", "à la", "aux", "aux"),
            ("ce", "cette", "ces", "ces"),
            ("son", "sa", "ses", "ses"),
            ("mon", "ma", "mes", "mes"),
            ("notre", "notre", "nos", "nos"),
            ("leur", "leur", "leurs", "leurs"),
            ("tout", "toute", "tous", "toutes"),
            ("nouveau", "nouvelle", "nouveaux", "nouvelles"),
            ("chaque", "chaque", None, None),
        ),
    }
)

# French before a vowel (or mute h): the singular form that replaces the row's own.
FRENCH_ELISION: Mapping[str, tuple[str, str]] = MappingProxyType(
    {  # row's masculine singular -> (masculine, feminine) before a vowel
        "le": ("l'", "l'"),
        "du": ("de l'", "de l'"),
        "au": ("à l'", "à l'"),
        "ce": ("cet", "cette"),
        "son": ("son", "son"),
        "mon": ("mon", "mon"),
        "nouveau": ("nouvel", "nouvelle"),
    }
)

# Copulas (and verbs that take a predicative adjective): singular <-> plural, third person.
COPULAS: Mapping[str, tuple[tuple[str, str], ...]] = MappingProxyType(
    {
        "pt": (
            ("é", "são"),
            ("foi", "foram"),
            ("era", "eram"),
            ("será", "serão"),
            ("seria", "seriam"),
            ("está", "estão"),
            ("esteve", "estiveram"),
            ("estava", "estavam"),
            ("estará", "estarão"),
            ("fica", "ficam"),
            ("ficou", "ficaram"),
            ("continua", "continuam"),
            ("continuou", "continuaram"),
            ("permanece", "permanecem"),
            ("permaneceu", "permaneceram"),
            ("parece", "parecem"),
            ("torna-se", "tornam-se"),
        ),
        "es": (
            ("es", "son"),
            ("fue", "fueron"),
            ("era", "eran"),
            ("será", "serán"),
            ("está", "están"),
            ("estuvo", "estuvieron"),
            ("sigue", "siguen"),
            ("permanece", "permanecen"),
            ("parece", "parecen"),
            ("queda", "quedan"),
        ),
        "fr": (
            ("est", "sont"),
            ("était", "étaient"),
            ("sera", "seront"),
            ("reste", "restent"),
            ("demeure", "demeurent"),
            ("semble", "semblent"),
            ("devient", "deviennent"),
        ),
    }
)

# Words allowed between a copula and its predicative adjective.
ADVERBS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": frozenset(
            ["muito", "mais", "menos", "já", "ainda", "bem", "tão", "sempre", "também", "hoje", "agora", "não", "nunca"]
        ),
        "es": frozenset(
            [
                "muy",
                "más",
                "menos",
                "ya",
                "aún",
                "todavía",
                "bien",
                "tan",
                "siempre",
                "también",
                "hoy",
                "ahora",
                "no",
                "nunca",
            ]
        ),
        "fr": frozenset(
            ["très", "plus", "moins", "déjà", "encore", "bien", "si", "toujours", "aussi", "aujourd'hui", "maintenant"]
        ),
    }
)
