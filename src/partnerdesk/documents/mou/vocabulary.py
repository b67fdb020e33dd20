"""Treaty vocabulary that a non-binding memorandum avoids, per language.

The Federal Foreign Office's RvV § 41 and the UK FCDO's MoU guidance keep the words of
treaties ("Vertragsparteien", "vereinbaren", "in Kraft treten", "agree", "enter into
force", "equally authentic") out of texts that create no legal obligations; the
templates use "die Städte beabsichtigen", "Partner", "will", "takes effect" instead.
``treaty_words`` finds them in a template's text (``templates check`` and the tests).
"""

from __future__ import annotations

import re

#: (pattern, what to write instead) per language; patterns are case-insensitive.
TREATY_WORDS: dict[str, list[tuple[str, str]]] = {
    "de": [
        (r"\b(vertrags)?parteie?n?\b", "Partner, Städte"),
        (r"\bvereinbar\w*", "beabsichtigen"),
        (r"\bin\s+kraft\b|\binkrafttret\w*", "wirksam werden"),
        (r"\bverpflichten\s+sich\b", "beabsichtigen"),
        (r"\bkommen\s+überein\b", "beabsichtigen"),
        (r"\bgleichermaßen\s+verbindlich\b", "gleichermaßen maßgeblich"),
        (r"\bvertrag\b|\bvertrags\w*", "Absichtserklärung"),
    ],
    "en": [
        (r"\bpart(y|ies)\b", "Participants"),
        (r"\bagree\w*", "intend, will"),
        (r"\b(enters?|entered|entry)\s+into\s+force\b", "takes effect"),
        (r"\bequally\s+authentic\b", "having equal validity"),
        (r"\bshall\b", "will"),
        (r"\bundertakes?\b", "intend"),
        (r"\btreaty\b", "Memorandum"),
    ],
    "fr": [
        # "les Parties", "chaque Partie"; not "fait partie de" (is part of).
        (r"\bparties\b|\b(?-i:Partie)\b|\bchaque\s+partie\b", "Participants"),
        (r"\bconvien\w*|\bconven\w*", "entendent"),
        (r"\b(entre|entrent|entrée)\s+en\s+vigueur\b", "prend effet"),
        (r"\bfaisant\s+(également\s+)?foi\b|\bfont\s+(également\s+)?foi\b", "ont la même valeur"),
        (r"\bs['’]engagent\b", "entendent"),
        (r"\baccord\b", "mémorandum d'entente"),
        (r"\btraité\b", "mémorandum"),
    ],
    "ro": [
        (r"\bpărț(i|ile|ilor)\b", "Participanții"),
        (r"\bconv(in|ine|enit\w*)\b", "intenționează"),
        (r"\b(intră|intrarea|intra)\s+în\s+vigoare\b", "produce efecte"),
        (r"\begal\s+autentic\w*", "au aceeași valoare"),
        (r"\bse\s+obligă\b", "intenționează"),
        (r"\bacord\w*", "memorandum"),
        (r"\btratat\w*", "memorandum"),
    ],
    "ar": [
        # No \b in front where Arabic joins prepositions and the article to the word
        # ("وللطرفين", "بالاتفاقية"); Python's re counts Arabic letters as word characters.
        (r"(?<!ت)طرف(ان|ين|ا|ي)\b|أطراف", "الجانبان"),
        (r"\b[وف]?(اتفق|يتفق|تتفق)\w*", "يعتزم"),
        (r"حيز\s+النفاذ", "يبدأ العمل بها"),
        (r"\b[وف]?(يلتزم|تلتزم)\w*", "يعتزم"),
        (r"الحجية\s+(ذاتها|نفسها)", "القيمة ذاتها"),
        (r"معاهد|اتفاقي", "مذكرة التفاهم"),
    ],
}

_COMPILED = {
    lang: [(re.compile(pattern, re.IGNORECASE), instead) for pattern, instead in words]
    for lang, words in TREATY_WORDS.items()
}


def treaty_words(text: str, lang: str) -> list[tuple[str, str]]:
    """The treaty words in ``text`` (as written there), each with what to write instead."""
    found: list[tuple[str, str]] = []
    for pattern, instead in _COMPILED.get(lang, []):
        found += [(m.group(0), instead) for m in pattern.finditer(text)]
    return found
