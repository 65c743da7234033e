"""Reflecting a phrase of the user's message back, with the pronouns turned around.

"My boss yelled at me in front of everyone." -> "your boss yelled at you in front of everyone".
Only plain, short clauses are echoed: none with a question, an exclamation of feeling, the word
"you" (whose turn-around is ambiguous) or a strong feeling word (which would make the reply read
as strong as the message).
"""

from __future__ import annotations

import re

_SWAP = {
    "i": "you", "me": "you", "my": "your", "mine": "yours", "myself": "yourself", "am": "are",
    "i'm": "you're", "i've": "you've", "i'll": "you'll", "i'd": "you'd", "we": "you", "us": "you",
    "our": "your", "ours": "yours", "we're": "you're", "we've": "you've", "ourselves": "yourselves",
}  # fmt: skip
_LEADING = re.compile(r"^(?:and|so|but|well|ugh+|omg|oh|ok(?:ay)?|wow|yeah|today|honestly|lol|guess what)\b[\s,]*", re.I)
_REJECT = re.compile(
    r"\b(?:you|your|you're|u|feel|feeling|felt|i'm so|so+|very|really|totally|fucking|damn|hate|love|"
    r"furious|angry|mad|livid|rage|terrified|scared|afraid|panic\w*|anxious|nervous|worried|sad|depressed|"
    r"devastated|heartbroken|miserable|crying|cried|happy|thrilled|ecstatic|excited|amazing|awesome|"
    r"disgust\w*|gross|sick|horrible|awful|terrible|worst|best|wtf|omg|lol|kill\w*|die|dying|died|dead|death|suicide|god|shit|fuck\w*|sickening|vile|revolting|repulsive|outrag\w*|"
    r"unbearable|hopeless|cancer|shaking|seething|livid|nauseated|fed up|uneasy|disappointed|confused|grateful|"
    r"irritated|lonely|exhausted|shock\w*|stunned|speechless|petrified|horrified|frightened|miserable|upset|"
    r"ashamed|embarrass\w*|guilty|proud|relieved|hurt|pain\w*|crying|tears|stupid|idiot|useless|worthless)\b|[!?*#@]|https?:",
    re.I,
)
_WORD = re.compile(r"[A-Za-z']+|[^\sA-Za-z']+")


def find_echo(text: str, *, min_words: int = 3, max_words: int = 12) -> str | None:
    """A short clause of `text` turned to the second person, or None when no clause reads well echoed."""
    normalised = text.replace("\u2019", "'").strip()
    if not normalised.isascii():
        return None
    clauses = []
    for sentence, end in re.findall(r"([^.!?;:\n]+)([.!?;:\n]*)", normalised):
        if "?" not in end:  # questions are not echoed
            clauses += [part for part in re.split(r",\s*(?:and|but|so)?\s*", sentence) if part.strip()]
    # "I'm annoyed that my landlord ignored me" -> also try "my landlord ignored me"
    clauses += [part for clause in clauses for part in re.split(r"\b(?:that|because|about how)\s+", clause)[1:]]
    for clause in clauses:
        clause = _LEADING.sub("", clause.strip()).strip(" ,-")
        if re.search(r"\b[A-Z]{3,}\b", clause):  # shouting would make the echo loud
            continue
        if re.match(r"^i(?:'m| am| feel| felt| was)\b", clause, re.I) and len(clause.split()) <= 5:
            continue  # a bare statement of feeling ("I'm completely blown away") is the feeling, not a detail
        words = clause.split()
        if not (min_words <= len(words) <= max_words) or _REJECT.search(clause):
            continue
        if not re.match(r"^(?:i|i'm|i've|my|we|our|the|this|that|it|it's|there's|there|he|she|they|his|her|their|someone|somebody|a|an)\b", clause, re.I):
            continue
        echoed = "".join(_SWAP.get(token.lower(), token) for token in re.split(r"(\s+)", clause))
        echoed = re.sub(r"\byou was(n't)?\b", lambda m: "you were" + (m.group(1) or ""), echoed)
        return echoed[:1].lower() + echoed[1:]
    return None
