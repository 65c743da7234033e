"""Safety first: spotting messages that suggest self-harm or suicide, and the reply they get.

A transparent rule set rather than a model: phrases (direct and indirect), a negation check
("I'd never hurt myself") and figurative-speech guards ("dying of laughter", "I could kill for a
pizza") that are removed before matching. Every rule has a name, reported in `SafetyResult.rule`.
Such messages are never mirrored: the bot answers with care from `prompts/crisis.md`.
"""

from __future__ import annotations

import os
import random
import re
from dataclasses import dataclass
from pathlib import Path

from mirrorbot.paths import PROMPTS_DIR

RESOURCES_ENV = "MIRRORBOT_CRISIS_RESOURCES"

_NORMALISE = [
    (r"[\u2018\u2019\u02bc`´]", "'"), (r"\bim\b", "i'm"), (r"\bive\b", "i've"), (r"\bdont\b", "don't"),
    (r"\bcant\b", "can't"), (r"\bwont\b", "won't"), (r"\bwanna\b", "want to"), (r"\bgonna\b", "going to"),
    (r"\bkms\b", "kill myself"), (r"\bunalive (myself|me)\b", "kill myself"), (r"\bodd?ing\b", "overdosing"),
    (r"\bi am\b", "i'm"), (r"\bdo not\b", "don't"), (r"\bcannot\b", "can't"), (r"\bi would\b", "i'd"),
    (r"\s+", " "),
]  # fmt: skip

# Figurative uses removed before matching.
_FIGURATIVE = re.compile(
    r"\b(?:die|dying|died|dead|death)\s+(?:of|from|with|laughing)\s+(?:laughter|laughing|embarrassment|boredom|"
    r"cuteness|curiosity|thirst|hunger|shame|envy|jealousy|excitement|the heat|the cold|happiness|joy|it)\b"
    r"|\b(?:i'm\s+)?dying\s+to\s+\w+|\bto\s+die\s+for\b|\bdead\s+(?:tired|serious|on my feet|beat|wrong|right|last|set)\b"
    r"|\b(?:bored|scared|worried|tickled|loved|stressed|annoyed|freezing|starving)\s+(?:myself\s+)?to\s+death\b"
    r"|\bkill(?:ing)?\s+for\s+(?:a|an|some|the|one)\b|\b(?:killing|killed|kill)\s+(?:it|time|the\s+\w+)\b"
    r"|\b(?:overdos\w*|od'?d?)\s+on\s+(?:sugar|coffee|caffeine|chocolate|netflix|tv|candy|cake|memes|anime|\w+\s+shows?)\b"
    r"|\b(?:cut|hurt|burn(?:ed|t)?|injured)\s+myself\s+(?:while|when|shaving|cooking|chopping|slicing|at (?:the|work|home)|in (?:the|a|my)|playing|"
    r"lifting|running|during|by accident|accidentally|opening|with a|again at|on (?:the|a|an|my|some|hot))\b"
    r"|\bend\s+it\s+with\s+(?:him|her|them|my)\b|\bover my dead body\b|\bjump(?:ing)? off (?:the )?(?:diving board|high dive)\b",
    re.IGNORECASE,
)

_RULES: list[tuple[str, str]] = [
    ("suicide", r"\b(?:suicidal|suicide note|commit(?:ting)? suicide|attempt(?:ed|ing)? suicide|suicide attempt|"
                r"(?:think|thinking|thought|thoughts)\s+(?:about|of)\s+suicide|suicide (?:is|has been) on my mind)\b"),
    ("kill-self", r"\b(?:kill(?:ing)?|hang(?:ing)?|shoot(?:ing)?|drown(?:ing)?|poison(?:ing)?)\s+myself\b"),
    ("end-life", r"\b(?:end(?:ing)?|take|taking|took)\s+(?:my|my own)\s+life\b|\bend(?:ing)?\s+it\s+all\b"
                 r"|\b(?:want|going|plan(?:ning)?|ready|decided)\s+to\s+end\s+(?:it|things|everything)\b(?!\s+with)"),
    ("want-die", r"\b(?:want|wanted|wish|ready|deserve)\s+to\s+die\b|\bwish\s+i\s+(?:was|were|could be)\s+dead\b"
                 r"|\bwish\s+i(?:'d| had)\s+never\s+been\s+born\b|\b(?:rather|better off)\s+(?:be\s+)?dead\b"
                 r"|\bwish\s+i\s+could\s+(?:just\s+)?(?:die|disappear forever|stop existing|not exist)\b"),
    ("not-live", r"\bdon't\s+want\s+to\s+(?:live|be alive|exist|be here|wake up|go on|keep living)\b"
                 r"|\b(?:no|not any|isn't any|what's(?:\s+even)?\s+the|what is(?:\s+even)?\s+the)\s+(?:reason|point)\s+(?:for me\s+)?(?:to|in|of)\s+(?:live|living|going on|being alive|"
                 r"being here|carrying on|waking up|keep going)\b|\blife\s+(?:isn't|is not|is no longer|isn't really)\s+worth\s+(?:living|it)\b"
                 r"|\btired\s+of\s+(?:living|being alive|existing)\b|\b(?:sleep|go to sleep)\s+and\s+never\s+wake\s+up\b"
                 r"|\b(?:don't|never)\s+(?:want\s+to\s+)?wake\s+up\s+(?:again|tomorrow)\b|\bstop(?:ped)?\s+existing\b"),
    ("burden", r"\b(?:everyone|everybody|they|my (?:family|kids|friends|parents|wife|husband)|the world|people)\s+"
               r"(?:would|will|'d)\s+(?:\w+\s+)?be\s+better\s+off\s+without\s+me\b|\b(?:they|everyone|everybody)'d\s+be\s+better\s+off\b"
               r"|\bbetter\s+off\s+if\s+i\s+(?:was|were|wasn't|weren't|was never|were never)\s*(?:gone|dead|here|around|born)?\b"
               r"|\b(?:no\s*one|nobody)\s+(?:would|will)\s+(?:even\s+)?(?:miss|notice|care)\b.{0,30}\b(?:gone|die|died|dead|disappear\w*|left|not here)\b"
               r"|\b(?:better off|happier|easier)\b.{0,25}\bif\s+i\s+(?:just\s+)?(?:disappeared|died|was gone|were gone|wasn't here|weren't here|wasn't around|was dead|were dead|never existed)\b"
               r"|\b(?:anyone|anybody|no\s*one|nobody)\s+(?:would|will)\s+(?:even\s+)?(?:care|notice|miss me)\s+if\s+i\b"
               r"|\b(?:no\s*one|nobody)\s+(?:would|will)\s+(?:even\s+)?miss\s+me\b|\bi'm\s+(?:just\s+)?a\s+burden\s+(?:to|on)\b"),
    ("goodbye", r"\b(?:won't|will not|might not|may not)\s+be\s+(?:around|here|alive)\s+(?:much\s+longer|for\s+long)\b"
                r"|\b(?:goodbye|farewell|suicide)\s+(?:note|letter|message)s?\b|\b(?:final|last)\s+(?:goodbye|farewell)\b"
                r"|\b(?:written|wrote|finished|left)\s+(?:the|my)\s+(?:note|letters?)\b.{0,40}\b(?:decide when|goodbye|tonight|when to)\b|\bthis\s+is\s+(?:my\s+)?goodbye\b"
                r"|\bgiv(?:e|en|ing)\s+away\s+(?:all\s+)?my\s+(?:stuff|things|belongings|possessions)\b|\bgave\s+away\s+(?:all\s+)?my\s+(?:stuff|things|belongings|possessions)\b"),
    ("means", r"\b(?:pills|rope|gun|razor|blade|noose)\s+(?:is|are)\s+ready\b|\bgot\s+the\s+(?:pills|rope|gun|razor|blades?)\s+(?:ready|out|here)\b"
              r"|\b(?:saved|saving|stockpil\w+|collect\w*|hoard\w*)\s+(?:up\s+)?(?:my\s+|the\s+|enough\s+)?(?:pills|meds|medication|tablets|sleeping pills)\b"
              r"|\b(?:take|swallow|took|taking|swallowed)\s+(?:too many|a bunch of|loads of|handfuls? of)\s+(?:of\s+)?(?:my\s+|the\s+)?(?:pills|meds|tablets|painkillers|sleeping pills)\b"
              r"|\b(?:take|swallow|took|taking|swallowed)\s+(?:all|the whole bottle|a whole bottle|every one)\s+(?:of\s+)?(?:my\s+|the\s+|these\s+|those\s+)?(?:pills|meds|tablets)\b"
              r"|\boverdos\w*\b|\bnoose\b|\bjump(?:ing)?\s+(?:off|from|in front of)\s+(?:a|the|this|my)\s+(?:bridge|roof|building|balcony|cliff|train|tower)\b"
              r"|\b(?:going|about|ready|want)\s+to\s+jump\s*(?:[.!,]|$|off\b|from\b)"
              r"|\b(?:bought|buying|got|have)\s+(?:a|the)\s+(?:rope|gun)\b.{0,60}\b(?:what i'm going to do|end it|myself|it's time)\b"
              r"|\b(?:crash\w*|drive|driving|drove)\s+(?:my\s+car\s+)?(?:into\s+(?:a|the)\s+\w+\s+)?on\s+purpose\b"),
    ("self-harm", r"\bself[- ]?harm\w*\b|\b(?:cut|cutting|burn|burning|hurt|hurting|harm|harming|starve|starving|punish)\s+myself\b"
                  r"|\b(?:cut|cutting|burn\w*|hurt|hurting|harm\w*|hit|hitting)\s+myself\s+(?:on purpose|deliberately|intentionally)\b"
                  r"|\b(?:scratch\w*|punch\w*|bit(?:e|ing))\s+myself\b|\buntil\s+i\s+bleed\b"
                  r"|\b(?:started|start)\s+cutting\s+again\b|\brelapsed\b.{0,20}\b(?:cutting|self[- ]?harm)\b"),
    ("others", r"\b(?:wants?|going|threaten\w*|trying|tried|talking about|said\s+(?:he|she|they)(?:'d| would| will| wants?)?)\s+"
               r"(?:to\s+)?(?:kill|hurt|harm)\s+(?:himself|herself|themselves|themself)\b"),
]  # fmt: skip
_COMPILED = [(name, re.compile(pattern, re.IGNORECASE)) for name, pattern in _RULES]
_NEGATED = re.compile(r"\b(?:never|not|won't|wouldn't|n't|no)\s+(?:\S+\s+){0,2}$")


@dataclass(frozen=True)
class SafetyResult:
    """Whether a message suggests a crisis, and which rule and words said so."""

    crisis: bool
    rule: str | None = None
    matched: str | None = None


def normalise(text: str) -> str:
    lowered = text.lower()
    for pattern, replacement in _NORMALISE:
        lowered = re.sub(pattern, replacement, lowered)
    return lowered


def check_safety(text: str) -> SafetyResult:
    """Read `text` for signs of self-harm or suicide, direct or indirect."""
    normalised = _FIGURATIVE.sub(" ~ ", normalise(text))
    for name, pattern in _COMPILED:
        for match in pattern.finditer(normalised):
            before = normalised[max(0, match.start() - 40) : match.start()]
            negatable = not match.group(0).startswith(("don't", "no ", "not ", "won't", "never"))
            if negatable and _NEGATED.search(before) and not re.search(r"\bcan't\s+stop\b", before):
                continue
            return SafetyResult(True, name, match.group(0))
    return SafetyResult(False)


def crisis_resources(explicit: str | None = None) -> str:
    """The resource text: the setting, then `$MIRRORBOT_CRISIS_RESOURCES`, then `prompts/crisis_resources.txt`."""
    if explicit:
        return explicit.strip()
    if os.environ.get(RESOURCES_ENV, "").strip():
        return os.environ[RESOURCES_ENV].strip()
    return (PROMPTS_DIR / "crisis_resources.txt").read_text(encoding="utf-8").strip()


class CrisisResponder:
    """The caring reply to a crisis message, from `prompts/crisis.md` with the resources filled in."""

    name = "safety"

    def __init__(self, resources: str | None = None, prompts_dir: str | Path | None = None, *, seed: int | None = None) -> None:
        self.resources = crisis_resources(resources)
        raw = (Path(prompts_dir or PROMPTS_DIR) / "crisis.md").read_text(encoding="utf-8")
        raw = re.sub(r"<!--.*?-->", "", raw, flags=re.DOTALL)
        self.variants = [part.strip() for part in re.split(r"^---\s*$", raw, flags=re.MULTILINE) if part.strip()]
        self._rng = random.Random(seed)

    def reply(self, avoid: set[str] | frozenset[str] = frozenset()) -> str:
        options = [text.replace("{resources}", self.resources) for text in self.variants]
        fresh = [text for text in options if text not in avoid] or options
        return self._rng.choice(fresh)
