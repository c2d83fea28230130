"""The few fixed words a page shows in its own language: the translation notice and the language menu's label.

A small explicit table, one row per language we ship, written by people, never machine-translated at run time.
A language without a row falls back to English, and the caller marks that text ``lang="en"`` so screen readers
and browsers read it as English.

>>> from transpub.languages import parse_language
>>> notice(parse_language("pt-BR"), "machine")
LocalizedText(text='Esta página foi traduzida automaticamente.', lang='pt')
>>> notice(parse_language("zh-Hant"), "reviewed").text
'本頁面由機器翻譯，並經譯者審校。'
>>> notice(parse_language("yo"), "pseudo")
LocalizedText(text='This page is a pseudo-translation preview, not a real translation.', lang='en')
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from types import MappingProxyType

from transpub.errors import PublishError
from transpub.languages import Language

FALLBACK = "en"
NOTICE_STATES = ("machine", "reviewed", "pseudo")


@dataclass(frozen=True)
class PageTexts:
    """The fixed texts of one language.

    ``machine``: machine-translated; ``reviewed``: machine-translated then reviewed by a translator;
    ``pseudo``: a pseudo-translation preview (not a translation at all); ``languages``: the label of the language
    menu.
    """

    machine: str
    reviewed: str
    pseudo: str
    languages: str


@dataclass(frozen=True)
class LocalizedText:
    """A text and the language it is actually written in (``en`` when the page's language had no row)."""

    text: str
    lang: str


_TEXTS: dict[str, PageTexts] = {
    "en": PageTexts(
        "This page was translated automatically.",
        "This page was translated automatically and reviewed by a translator.",
        "This page is a pseudo-translation preview, not a real translation.",
        "Languages",
    ),
    "ar": PageTexts(
        "تُرجمت هذه الصفحة آليًا.",
        "تُرجمت هذه الصفحة آليًا وراجعها مترجم.",
        "هذه الصفحة معاينة لترجمة زائفة، وليست ترجمة حقيقية.",
        "اللغات",
    ),
    "bn": PageTexts(
        "এই পৃষ্ঠাটি স্বয়ংক্রিয়ভাবে অনুবাদ করা হয়েছে।",
        "এই পৃষ্ঠাটি স্বয়ংক্রিয়ভাবে অনুবাদ করা হয়েছে এবং একজন অনুবাদক পর্যালোচনা করেছেন।",
        "এই পৃষ্ঠাটি ছদ্ম-অনুবাদের একটি প্রাকদর্শন, প্রকৃত অনুবাদ নয়।",
        "ভাষা",
    ),
    "ca": PageTexts(
        "Aquesta pàgina s'ha traduït automàticament.",
        "Aquesta pàgina s'ha traduït automàticament i l'ha revisada un traductor.",
        "Aquesta pàgina és una previsualització de pseudotraducció, no una traducció real.",
        "Idiomes",
    ),
    "cs": PageTexts(
        "Tato stránka byla přeložena strojově.",
        "Tato stránka byla přeložena strojově a zkontrolována překladatelem.",
        "Tato stránka je náhled pseudopřekladu, nikoli skutečný překlad.",
        "Jazyky",
    ),
    "de": PageTexts(
        "Diese Seite wurde maschinell übersetzt.",
        "Diese Seite wurde maschinell übersetzt und von einem Übersetzer geprüft.",
        "Diese Seite ist eine Vorschau mit Pseudoübersetzung, keine echte Übersetzung.",
        "Sprachen",
    ),
    "el": PageTexts(
        "Αυτή η σελίδα μεταφράστηκε αυτόματα.",
        "Αυτή η σελίδα μεταφράστηκε αυτόματα και ελέγχθηκε από μεταφραστή.",
        "Αυτή η σελίδα είναι προεπισκόπηση ψευδομετάφρασης, όχι πραγματική μετάφραση.",
        "Γλώσσες",
    ),
    "es": PageTexts(
        "Esta página se ha traducido automáticamente.",
        "Esta página se ha traducido automáticamente y la ha revisado un traductor.",
        "Esta página es una vista previa de pseudotraducción, no una traducción real.",
        "Idiomas",
    ),
    "fa": PageTexts(
        "این صفحه به‌صورت ماشینی ترجمه شده است.",
        "این صفحه به‌صورت ماشینی ترجمه و توسط یک مترجم بازبینی شده است.",
        "این صفحه پیش‌نمایش یک ترجمهٔ ساختگی است، نه ترجمهٔ واقعی.",
        "زبان‌ها",
    ),
    "fr": PageTexts(
        "Cette page a été traduite automatiquement.",
        "Cette page a été traduite automatiquement puis relue par un traducteur.",
        "Cette page est un aperçu de pseudo-traduction, pas une vraie traduction.",
        "Langues",
    ),
    "he": PageTexts(
        "דף זה תורגם באופן אוטומטי.",
        "דף זה תורגם באופן אוטומטי ונבדק על ידי מתרגם.",
        "דף זה הוא תצוגה מקדימה של תרגום מדומה, לא תרגום אמיתי.",
        "שפות",
    ),
    "hi": PageTexts(
        "इस पृष्ठ का मशीन अनुवाद किया गया है।",
        "इस पृष्ठ का मशीन अनुवाद किया गया है और एक अनुवादक ने इसकी समीक्षा की है।",
        "यह पृष्ठ छद्म अनुवाद का पूर्वावलोकन है, वास्तविक अनुवाद नहीं।",
        "भाषाएँ",
    ),
    "id": PageTexts(
        "Halaman ini diterjemahkan secara otomatis.",
        "Halaman ini diterjemahkan secara otomatis dan telah ditinjau oleh penerjemah.",
        "Halaman ini adalah pratinjau terjemahan semu, bukan terjemahan sebenarnya.",
        "Bahasa",
    ),
    "it": PageTexts(
        "Questa pagina è stata tradotta automaticamente.",
        "Questa pagina è stata tradotta automaticamente e revisionata da un traduttore.",
        "Questa pagina è un'anteprima di pseudo-traduzione, non una traduzione reale.",
        "Lingue",
    ),
    "ja": PageTexts(
        "このページは機械翻訳されたものです。",
        "このページは機械翻訳され、翻訳者が確認したものです。",
        "このページは疑似翻訳のプレビューであり、実際の翻訳ではありません。",
        "言語",
    ),
    "ko": PageTexts(
        "이 페이지는 기계 번역되었습니다.",
        "이 페이지는 기계 번역된 후 번역가의 검토를 거쳤습니다.",
        "이 페이지는 의사 번역 미리보기이며 실제 번역이 아닙니다.",
        "언어",
    ),
    "nl": PageTexts(
        "Deze pagina is automatisch vertaald.",
        "Deze pagina is automatisch vertaald en door een vertaler nagekeken.",
        "Deze pagina is een voorbeeld van een pseudovertaling, geen echte vertaling.",
        "Talen",
    ),
    "pl": PageTexts(
        "Ta strona została przetłumaczona maszynowo.",
        "Ta strona została przetłumaczona maszynowo i sprawdzona przez tłumacza.",
        "Ta strona to podgląd pseudotłumaczenia, a nie prawdziwe tłumaczenie.",
        "Języki",
    ),
    "pt": PageTexts(
        "Esta página foi traduzida automaticamente.",
        "Esta página foi traduzida automaticamente e revisada por um tradutor.",
        "Esta página é uma prévia de pseudotradução, não uma tradução real.",
        "Idiomas",
    ),
    "ro": PageTexts(
        "Această pagină a fost tradusă automat.",
        "Această pagină a fost tradusă automat și revizuită de un traducător.",
        "Această pagină este o previzualizare a unei pseudotraduceri, nu o traducere reală.",
        "Limbi",
    ),
    "ru": PageTexts(
        "Эта страница переведена автоматически.",
        "Эта страница переведена автоматически и проверена переводчиком.",
        "Эта страница — предварительный просмотр псевдоперевода, а не настоящий перевод.",
        "Языки",
    ),
    "sv": PageTexts(
        "Den här sidan har översatts automatiskt.",
        "Den här sidan har översatts automatiskt och granskats av en översättare.",
        "Den här sidan är en förhandsvisning av en pseudoöversättning, inte en riktig översättning.",
        "Språk",
    ),
    "sw": PageTexts(
        "Ukurasa huu umetafsiriwa kwa mashine.",
        "Ukurasa huu umetafsiriwa kwa mashine na kukaguliwa na mfasiri.",
        "Ukurasa huu ni onyesho la majaribio la tafsiri bandia, si tafsiri halisi.",
        "Lugha",
    ),
    "tr": PageTexts(
        "Bu sayfa otomatik olarak çevrilmiştir.",
        "Bu sayfa otomatik olarak çevrilmiş ve bir çevirmen tarafından gözden geçirilmiştir.",
        "Bu sayfa bir sahte çeviri önizlemesidir, gerçek bir çeviri değildir.",
        "Diller",
    ),
    "uk": PageTexts(
        "Цю сторінку перекладено автоматично.",
        "Цю сторінку перекладено автоматично та перевірено перекладачем.",
        "Ця сторінка — попередній перегляд псевдоперекладу, а не справжній переклад.",
        "Мови",
    ),
    "ur": PageTexts(
        "اس صفحے کا ترجمہ خودکار طور پر کیا گیا ہے۔",
        "اس صفحے کا ترجمہ خودکار طور پر کیا گیا ہے اور ایک مترجم نے اس کا جائزہ لیا ہے۔",
        "یہ صفحہ فرضی ترجمے کا پیش منظر ہے، اصل ترجمہ نہیں۔",
        "زبانیں",
    ),
    "vi": PageTexts(
        "Trang này được dịch tự động.",
        "Trang này được dịch tự động và đã được biên dịch viên kiểm tra.",
        "Trang này là bản xem trước dịch giả lập, không phải bản dịch thật.",
        "Ngôn ngữ",
    ),
    "zh": PageTexts(
        "本页面由机器翻译。",
        "本页面由机器翻译，并经译员审校。",
        "本页面为伪翻译预览，并非真实译文。",
        "语言",
    ),
    "zh-Hant": PageTexts(
        "本頁面由機器翻譯。",
        "本頁面由機器翻譯，並經譯者審校。",
        "本頁面為偽翻譯預覽，並非真實譯文。",
        "語言",
    ),
}

TEXTS: Mapping[str, PageTexts] = MappingProxyType(_TEXTS)
"""Every language with its own texts, keyed by bare language or ``language-Script``."""


def _candidates(lang: Language) -> tuple[str, ...]:
    """Table keys to try, most specific first: ``zh-Hant`` before ``zh``."""
    keys = [lang.tag]
    script = lang.locale.script
    if script is None and lang.base == "zh" and lang.locale.territory in ("TW", "HK", "MO"):
        script = "Hant"
    if script:
        keys.append(f"{lang.base}-{script}")
    keys.append(lang.base)
    return tuple(keys)


def texts_for(lang: Language) -> tuple[PageTexts, str]:
    """The texts for ``lang`` and the language tag they are written in (``en`` on fallback).

    >>> from transpub.languages import parse_language
    >>> texts_for(parse_language("zh-TW"))[1], texts_for(parse_language("fr-CA"))[1]
    ('zh-Hant', 'fr')
    """
    for key in _candidates(lang):
        if key in TEXTS:
            return TEXTS[key], key
    return TEXTS[FALLBACK], FALLBACK


def notice(lang: Language, status: str) -> LocalizedText:
    """The notice a translated page shows for ``status`` (``machine``, ``reviewed`` or ``pseudo``)."""
    if status not in NOTICE_STATES:
        raise PublishError("no notice for this page status", value=status)
    texts, written_in = texts_for(lang)
    return LocalizedText(getattr(texts, status), written_in)


def menu_label(lang: Language) -> LocalizedText:
    """The accessible label of the language menu ("Idiomas", "Langues", "اللغات")."""
    texts, written_in = texts_for(lang)
    return LocalizedText(texts.languages, written_in)
