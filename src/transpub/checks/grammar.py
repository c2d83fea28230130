"""Grammar an engine breaks in a recognisable way: English word order, dropped articles, broken agreement.

Neural engines trained on little data keep English modifier order around acronyms ("GCRF as equipes", "o GCRF
vice-diretor", "o registro GCRF de…"), and glossary restoration can leave a mandated plural term without its
article or with a singular verb ("Estados-Membros concordou"). The patterns are per language (Portuguese, Spanish,
French; none for Arabic, whose word order the patterns cannot judge).

>>> word_order_problems("GCRF as equipes estão distribuindo água.", "pt")
['GCRF as']
>>> word_order_problems("O vice-diretor do GCRF liderará a delegação.", "pt")
[]
>>> agreement_problems("Os Estados-Membros concordou em se reunir.", "pt", ())
['Estados-Membros concordou']
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Mapping
from types import MappingProxyType

from transpub.checks.base import CheckContext, Finding, check
from transpub.checks.gender import gender_problems
from transpub.checks.ids import CheckId
from transpub.checks.quantity import number_noun_problems, one_in_n_problems
from transpub.checks.transport import by_vehicle_problems
from transpub.document import Segment, Severity
from transpub.glossary.model import TermKind
from transpub.text.placeholders import LINK
from transpub.text.tagged import to_plain

_ACRONYM = r"[A-Z]{2,}[A-Za-z]*"

# Nouns of organisations and roles that an acronym modifies in English order ("the GCRF office").
_NOUNS: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"diretora?(?:-geral)?|diretores|vice-\w+|chefe|presidente|porta-voz|equipes?|escritórios?|sede|"
        r"registros?|relatórios?|programas?|conselho|funcionários|pessoal|orçamento|plataforma|projetos?|"
        r"missão|delegação|representantes?|secretári[oa]|coordenador[a]?|agenda",
        "es": r"director[a]?(?: general)?|directores|vice\w+|jefe|president[ea]|portavoz|equipos?|oficinas?|sede|"
        r"registros?|informes?|programas?|consejo|personal|presupuesto|plataforma|proyectos?|misión|delegación|"
        r"representantes?|secretari[oa]|coordinador[a]?|agenda",
        "fr": r"directeur|directrice|directeurs|vice-\w+|chef|président[e]?|porte-parole|équipes?|bureaux?|siège|"
        r"registres?|rapports?|programmes?|conseil|personnel|budget|plateforme|projets?|mission|délégation|"
        r"représentants?|secrétaire|coordinat(?:eur|rice)|agenda",
    }
)
_ARTICLES: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"o|a|os|as|um|uma|do|da|dos|das|no|na|nos|nas|ao|à",
        "es": r"el|la|los|las|un|una|del|al",
        "fr": r"le|la|les|l'|un|une|du|des|au|aux",
    }
)


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


# Function words: a word before an acronym that is one of these is no noun the acronym modifies in English order.
_FUNCTION_WORDS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": _words(
            "de do da dos das em no na nos nas o a os as um uma e ou para pelo pela pelos pelas por com sem sobre "
            "entre ao à aos às que como contra até após segundo perante junto"
        ),
        "es": _words(
            "de del el la los las en un una y o para por con sin sobre entre al que como contra hasta tras según "
            "ante junto"
        ),
        "fr": _words(
            "de du des le la les en un une et ou pour par avec sans sur entre au aux que comme contre après selon à "
            "auprès"
        ),
    }
)
# Determiners and numerals that may open a sentence before a noun ("Uma equipe", "Nossas equipes").
_DETERMINERS: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": _words(
            "um uma nossa nossas nosso nossos cada seu seus sua suas esta este estas estes essa esse essas esses "
            "outra outro outras outros toda todo todas todos muitas muitos nova novo novas novos duas dois três "
            "várias vários ambas ambos primeira primeiro mais menos"
        ),
        "es": _words(
            "un una nuestra nuestras nuestro nuestros cada su sus esta este estas estos esa ese esas esos otra otro "
            "otras otros toda todo todas todos muchas muchos nueva nuevo nuevas nuevos dos tres varias varios "
            "ambas ambos primera primero más menos"
        ),
        "fr": _words(
            "un une notre nos chaque son sa ses cette ce ces cet autre autres toute tout toutes tous nombreux "
            "nouvelle nouveau nouvelles nouveaux deux trois plusieurs premier première plus moins"
        ),
    }
)
_LINKS: Mapping[str, str] = MappingProxyType({"pt": r"de|do|da|dos|das", "es": r"de|del", "fr": r"de|du|des"})
# Extra nouns an acronym or a product name modifies in English order ("GCRF escritório", "Tidewatch dados").
_MORE_NOUNS: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"dados|apelo|imprensa|comunicações|mídia|campanha|parceiros|voluntários|mapas?|alertas?",
        "es": r"datos|llamamiento|prensa|comunicaciones|medios|campaña|socios|voluntarios|mapas?|alertas?",
        "fr": r"données|appel|presse|communications|médias|campagne|partenaires|bénévoles|cartes?|alertes?",
    }
)
_LOWER_WORD = r"[a-zà-ÿ][\w'-]*"

_PLURAL_START: Mapping[str, str] = MappingProxyType({"pt": r"Os|As", "es": r"Los|Las", "fr": r"Les"})
# Finite verb forms that can only be singular (3rd person past/future): "concordou", "receberá", "acordó".
_SINGULAR_VERB: Mapping[str, str] = MappingProxyType(
    {"pt": r"\w+(?:ou|eu|iu|rá)", "es": r"\w+(?:ó|rá)", "fr": r"a|est|sera|va|doit|peut|avait|était"}
)


def word_order_problems(target: str, lang: str) -> list[str]:
    """Spans of ``target`` in English modifier order around an acronym."""
    nouns, articles = _NOUNS.get(lang), _ARTICLES.get(lang)
    if nouns is None or articles is None:
        return []
    text = LINK.sub(" ", target)
    patterns = (
        rf"^\W*{_ACRONYM}\s+(?:{articles})\s",  # "GCRF as equipes"
        rf"(?<!\w)(?:{articles})\s+{_ACRONYM}\s+(?:{nouns})(?![\w-])",  # "o GCRF vice-diretor"
        # "o registro GCRF de"
        rf"(?<!\w)(?:{articles})\s+(?:{nouns})\s+{_ACRONYM}\s+(?:de|d'|em|en|à|sur|sobre)(?!\w)",
    )
    found = []
    for pattern in patterns:
        for m in re.finditer(pattern, text, re.IGNORECASE if pattern is not patterns[0] else 0):
            if re.search(_ACRONYM, m.group(0)):
                found.append(m.group(0).strip(' \t"“'))
    found.extend(s for s in _modifier_first(text, lang) if not any(s in f or f in s for f in found))
    found.extend(_adjective_first_names(text, lang))
    return found


# An adjective of origin before the noun of a proper name, in English order ("a Mesoamericana Barreira de Corais"
# for "a Barreira de Corais Mesoamericana"): an article, a capitalised adjective of origin ("-ano/-ana", "-ense",
# French "-ain/-aine"; seven letters or more, nouns with those endings left out), a capitalised noun that is no
# adjective itself ("o Plano Nacional de…" is right), then "de".
_GENTILIC = r"[A-ZÀ-Ý][a-zà-ÿ]{3,}(?:an[ao]s?|ens[e]s?|aine?s?)"
_NOT_GENTILIC = _words(
    "Semana Caravana Toscana Havana Montana Guiana Membrana Porcelana Soberana Soberano Semaine Fontaine"
)
_ADJECTIVE_END = tuple(
    sorted(
        _words(
            "al ais ar ico ica icos icas ano ana ense ivo iva ário ária ado ada ido ida ês esa ique aise enne aine "
            "ale elle norte sul leste oeste nord sud est ouest"
        )
    )
)


def _adjective_first_names(text: str, lang: str) -> list[str]:
    """Spans of a proper name with its adjective of origin first, in English order."""
    articles, links = _ARTICLES[lang], _LINKS[lang]
    pattern = rf"(?<![\w-])(?i:{articles})\s+({_GENTILIC})\s+([A-ZÀ-Ý][a-zà-ÿ]+)\s+(?:{links})(?!\w)"
    found = []
    for m in re.finditer(pattern, text):
        adjective, noun = m.group(1), m.group(2)
        if adjective not in _NOT_GENTILIC and not noun.casefold().endswith(_ADJECTIVE_END):
            found.append(f"{adjective} {noun}")
    return found


# Acronyms that are common nouns of technology and health, not names: a noun before them is the target's own order.
_COMMON_ACRONYMS = frozenset(
    [
        "SMS",
        "MMS",
        "GPS",
        "PDF",
        "USB",
        "TV",
        "DNA",
        "RNA",
        "HIV",
        "AIDS",
        "COVID",
        "LED",
        "QR",
        "ID",
        "IP",
        "PIN",
        "URL",
        "GSM",
        "LTE",
        "WiFi",
        "CO2",
        "PCR",
    ]
)


def _modifier_first(text: str, lang: str) -> list[str]:
    """A noun phrase followed by an acronym ("a equipe de imprensa GCRF", "o relatório SDG"), or an acronym or
    product name followed by the noun it modifies ("GCRF escritório de comunicações", "Tidewatch dados")."""
    function, links = _FUNCTION_WORDS[lang], _LINKS[lang]
    nouns = f"{_NOUNS[lang]}|{_MORE_NOUNS[lang]}"
    found = []
    after = rf"(?<![\w-])({_LOWER_WORD})\s+(?:(?:(?:{links})\s+|d')({_LOWER_WORD})\s+)?([A-Z]{{2,}}[A-Za-z]*)(?![\w($])"
    for m in re.finditer(after, text):
        if m.group(3) in _COMMON_ACRONYMS:  # "alertas SMS", "dados GPS": a common noun, after its noun in any order
            continue
        if m.group(1).casefold() not in function and (m.group(2) or "").casefold() not in function:
            found.append(m.group(0))
    before = rf"(?<![\w-])([A-Z]{{2,}}[A-Za-z]*|[A-Z][a-zà-ÿ]+)\s+((?i:{nouns}))(?![\w-])"
    for m in re.finditer(before, text):
        name, noun = m.group(1), m.group(2)
        if not name.isupper() and (noun[0].isupper() or name.casefold() in function | _DETERMINERS[lang]):
            continue
        found.append(m.group(0))
    return found


def agreement_problems(target: str, lang: str, plural_terms: Iterable[str]) -> list[str]:
    """Plural subjects followed by a verb form that can only be singular."""
    verb = _SINGULAR_VERB.get(lang)
    if verb is None:
        return []
    text = LINK.sub(" ", target)
    found = []
    # the term, an optional place or owner ("no delta", "da região"), then the verb
    phrase = rf"(?:(?:{_ARTICLES[lang]}|{_LINKS[lang]}|em|en|dans)\s+[a-zà-ÿ][\w-]*\s+)?"
    for term in plural_terms:
        for m in re.finditer(rf"(?<!\w){re.escape(term)}\s+({phrase})({verb})(?!\w)", text, re.IGNORECASE):
            before = text[: m.start()].split()
            # with a complement between, only a subject: the sentence's start or after an article, not "de …"
            if not m.group(1) or not before or before[-1].casefold() in _ARTICLES[lang].split("|"):
                found.append(m.group(0))
    start = _PLURAL_START.get(lang)
    if start and lang != "fr":
        opening = re.match(rf"^\W*(?:{start})\s+((?:[\w-]+s\s+){{1,3}})({verb})(?!\w)", text)
        if opening and not any(opening.group(0).endswith(f) for f in found):
            found.append(opening.group(0).split(None, 1)[1])
    found.extend(s for s in plural_subject_problems(text, lang) if not any(s in f or f in s for f in found))
    found.extend(gender_problems(text, lang))
    return found


# Common verbs in the 3rd person singular that engines leave unagreed after a plural subject ("as pessoas confia",
# "Sistemas de alerta salva vidas"): a closed list, not a suffix rule, because "-a"/"-e" end nouns and adjectives as
# often as verbs. Copulas ("é", "es", "est") are left out mid-sentence: "o que preocupa os moradores é…" is right.
_PRESENT_SINGULAR: Mapping[str, frozenset[str]] = MappingProxyType(
    {
        "pt": _words(
            "tem vai faz pode deve precisa confia salva ajuda recebe vive trabalha continua permite oferece apoia "
            "mostra diz afirma sabe quer acredita depende enfrenta usa utiliza participa chega começa espera "
            "representa inclui protege garante reduz aumenta mora vem sofre perde pede procura tenta busca consegue "
            "paga morre cresce atinge afeta ameaça exige necessita ganha funciona volta deixa permanece aguarda teme "
            "relata pretende planeja decide concorda aprova fez teve disse quis veio houve"
        ),
        "es": _words(
            "tiene va hace puede debe necesita confía salva ayuda recibe vive trabaja sigue permite ofrece apoya "
            "muestra dice afirma sabe quiere cree depende enfrenta usa utiliza participa llega empieza comienza "
            "espera representa incluye protege garantiza reduce aumenta viene sufre pierde pide busca consigue paga "
            "muere crece afecta amenaza exige gana funciona vuelve deja permanece teme planea decide aprueba"
        ),
        "fr": _words(
            "a va fait peut doit compte aide reçoit vit travaille continue permet offre soutient montre dit affirme "
            "sait veut croit dépend utilise participe arrive commence attend représente inclut protège garantit "
            "réduit augmente vient souffre perd demande cherche réussit paie meurt grandit touche menace exige gagne "
            "fonctionne reste craint prévoit décide approuve"
        ),
    }
)
_COPULAS: Mapping[str, frozenset[str]] = MappingProxyType(
    {"pt": _words("é está foi será era"), "es": _words("es está fue será era"), "fr": _words("est sera était")}
)
# Words after which a plural article opens a clause whose subject it is ("se as pessoas", "cuando los vecinos").
_CLAUSE_OPENERS: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"se|que|quando|porque|e|mas|onde|enquanto|como|embora|caso|pois|,",
        "es": r"si|que|cuando|porque|y|pero|donde|mientras|como|aunque|,",
        "fr": r"si|que|qu'|quand|lorsque|parce que|et|mais|où|comme|car|,",
    }
)
_PLURAL_ARTICLES: Mapping[str, str] = MappingProxyType(
    {
        "pt": r"os|as|estes|estas|esses|essas|muitos|muitas",
        "es": r"los|las|estos|estas|esos|esas|muchos|muchas",
        "fr": r"les|ces|des|nos|vos|leurs|plusieurs|de nombreux|de nombreuses",
    }
)
# A plural noun that can open a sentence without an article ("Sistemas de alerta…"), and words ending in -s that are
# no plural noun there ("Mais de metade da população vive…" agrees with "metade").
_BARE_PLURAL = r"[A-ZÀ-Ý][a-zà-ÿ]{2,}(?:as|es|os|ões|ães|ais|éis|óis)"
_NOT_PLURAL_HEADS = _words("Mais Menos Apenas Através Depois Antes Ambos Ambas Todos Todas Demais Ademais Pois")


def plural_subject_problems(text: str, lang: str) -> list[str]:
    """A plural article and noun opening a clause ("se as pessoas confia"), or a bare plural noun opening the
    sentence (Portuguese and Spanish: "Sistemas de alerta precoce salva"), followed by a common verb in the
    singular."""
    verbs = _PRESENT_SINGULAR.get(lang)
    if verbs is None:
        return []
    found = []
    noun = r"[a-zà-ÿ][\w-]*x?s" if lang != "fr" else r"[a-zà-ÿ][\w-]*[sx]"
    opener = rf"(?:^\W*|(?<![\w-])(?:{_CLAUSE_OPENERS[lang]})\s*)"
    clause = rf"{opener}((?i:{_PLURAL_ARTICLES[lang]})\s+(?:{noun}\s+){{1,3}})([\w-]+)(?![\w-])"
    for m in re.finditer(clause, text):
        verb, at_start = m.group(2), not text[: m.start(1)].strip(' \t"“«')
        cleft = re.match(r"\s+(?:que|qui)\b", text[m.end() :])  # "As equipes é que decidem"
        if verb in verbs or (at_start and verb in _COPULAS[lang] and not cleft):
            found.append(f"{m.group(1)}{verb}")
    if lang in ("pt", "es"):
        words = r"(?:[a-zà-ÿ][\w-]*\s+){1,3}?"
        singular = "|".join(sorted(verbs | _COPULAS[lang], key=len, reverse=True))
        adjective = r"(?:[a-zà-ÿ][\w-]*s\s+)?"
        bare = rf"^\W*({_BARE_PLURAL})\s+{adjective}(?:(?:{_LINKS[lang]})\s+{words})?({singular})(?![\w-])(?!\s+que\b)"
        opening = re.match(bare, text)
        if opening and opening.group(1) not in _NOT_PLURAL_HEADS:
            found.append(opening.group(0).lstrip(' \t"“«'))
    return found


def _mandated(ctx: CheckContext) -> list[str]:
    terms = []
    for m in ctx.matches:
        if m.entry.kind is TermKind.TRANSLATE:
            term = m.entry.target(ctx.target.tag)
            if term:
                terms.append(term)
    return terms


@check(
    CheckId.ENGLISH_WORD_ORDER,
    "English word order",
    "The target keeps English modifier order around an acronym or a product name ('GCRF as equipes', "
    "'o GCRF vice-diretor', 'a equipe de imprensa GCRF', 'Tidewatch dados'), or English 'by' for a vehicle "
    "('por moto' for 'de moto', checks/transport.py).",
    Severity.WARNING,
)
def english_word_order(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    for span in word_order_problems(to_plain(target), ctx.target.base):
        yield Finding(f"the word order is English: '{span}'", span)
    for span in by_vehicle_problems(to_plain(segment.source), to_plain(target), ctx.target.base):
        yield Finding(f"'{span}' keeps English 'by'; Portuguese travels 'de' a vehicle ('de moto', 'de ônibus')", span)


@check(
    CheckId.ARTICLE_DROPPED,
    "Article dropped",
    "The sentence starts with a mandated glossary term without the article its language needs there "
    "('Estados-Membros concordaram' for 'Os Estados-Membros concordaram'; a plural common noun phrase may stand "
    "bare).",
    Severity.WARNING,
)
def article_dropped(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    if ctx.target.base not in _ARTICLES or segment.context == "title":
        return
    out = to_plain(target).lstrip(' \t"“«')
    for term in _mandated(ctx):
        if out.casefold().startswith(term.casefold()) and not _bare_plural_allowed(term, ctx.target.base):
            yield Finding(f"the sentence starts with '{out[: len(term)]}' without an article", out[: len(term)])
            return


def _bare_plural_allowed(term: str, lang: str) -> bool:
    """Whether a mandated term may open a sentence bare: in Portuguese a plural common noun phrase is a generic
    subject there ("Pessoas deslocadas internamente nos acampamentos precisam…"); a singular term ("Resiliência
    climática está") or a capitalised plural naming one body ("Estados-Membros", "Nações Unidas") needs its article,
    and Spanish and French put the article before every subject noun phrase."""
    first, *rest = re.split(r"[\s-]+", term)
    return lang == "pt" and first.endswith("s") and not any(w[:1].isupper() for w in rest)


@check(
    CheckId.AGREEMENT,
    "Subject and verb disagree",
    "A plural subject (a plural glossary term, or a plural noun phrase opening the sentence) is followed by a "
    "verb form that can only be singular, or a participle or an ordinal predicate does not take its subject's "
    "gender ('a equipe foi treinado', 'um problema a ser gerenciada', 'Comunidades costeiras são os últimos a'), "
    "or 'million' does not take the number's number by the language's norm ('1,3 milhões' on a pt-BR page, "
    "'1,3 millón', '1,5 millions'; checks/quantity.py).",
    Severity.WARNING,
)
def agreement(segment: Segment, target: str, ctx: CheckContext) -> Iterator[Finding]:
    plural = [t for t in _mandated(ctx) if t.split()[0].endswith("s")]
    text = to_plain(target)
    genders = set(gender_problems(LINK.sub(" ", text), ctx.target.base))
    for span in agreement_problems(text, ctx.target.base, plural):
        if span in genders:
            yield Finding(f"the gender does not agree with the subject's: '{span}'", span)
        else:
            yield Finding(f"plural subject with a singular verb: '{span}'", span)
    for span in number_noun_problems(text, ctx.qe.variety_for(ctx.target.tag) or ctx.target.base):
        yield Finding(f"the number and 'million' do not agree by this language's norm: '{span}'", span)
    for span in one_in_n_problems(text, ctx.target.base):
        yield Finding(f"'one in N' does not take the gender of its noun: '{span}'", span)


CHECKS = (english_word_order, article_dropped, agreement)
