"""Goals first: the measure → goal impact matrix and the goal alignment check.

Pure functions over :class:`~changeplanner.domain.Goal`, :class:`~changeplanner.domain.Measure`,
:class:`~changeplanner.domain.Impact` and :class:`~changeplanner.domain.GoalStatement`: no Qt,
no SQL.

The rules, in one place:

- **Impact matrix** (:func:`impact_table`): a missing cell scores 0; scores are clamped to
  -2..+3; impacts of unknown goals or measures are ignored (the last of duplicate cells
  wins). A *dropped* measure serves nothing: it counts in no goal total and never serves a
  goal, and it is neither idle nor harmful (nothing to act on). Its own row total is still
  shown.

  - goal total: sum of the scores of the measures that are not dropped;
  - measure total: sum of the measure's scores over all goals;
  - *unserved goal*: no measure that is not dropped scores it above 0;
  - *idle measure*: a measure that is not dropped and scores no goal above 0;
  - *harmful*: a cell below 0 of a measure that is not dropped.
- **Terms** (:func:`terms`): German and English text is reduced to comparable terms:

  1. casefold; ä, ö, ü become ae, oe, ue and ß becomes ss (so "Lösung" meets "Loesung"),
     other accents are dropped; everything that is not a letter or digit separates words;
  2. German and English stopwords (articles, pronouns, auxiliaries, fillers such as
     "wichtig", "always", and the words of the question itself: "Ziel", "goal") are dropped,
     as are single letters and pure numbers;
  3. a light suffix stemmer for both languages (:func:`stem`): one of -ies (→ -y), -ing,
     -ed or a plural -s goes, then the endings -ern -em -en -er -es -e -n, one after the
     other as long as one is left, never leaving fewer than four letters (words ending in
     -ss, -us, -is or -ion keep their end), so "Kunden"/"Kunde", "customers"/"customer"
     and "Hotline"/"hotlines" each meet;
  4. a built-in German/English vocabulary of core service words (:data:`CONCEPTS`) maps
     synonyms and translations to one concept: "Kunden", "customers" and "clients" become
     ``customer``; "Zufriedenheit" and "satisfaction" become ``satisfaction``;
  5. German compounds made entirely of vocabulary words are split (at least four letters a
     part; a linking -s or -n is allowed): "Kundenzufriedenheit" gives ``customer`` and
     ``satisfaction``, "Bearbeitungszeit" gives ``handling`` and ``time`` like "handling
     time" does, "Erstlösungsquote" gives ``first``, ``resolution``, ``rate``.

  Known limits: negation is ignored ("nicht die Kosten" still mentions costs), and the
  German "fast" (almost) reads as the English "fast".
- **Alignment** (:func:`alignment`): every goal's key words are the terms of its title (of
  its description when the title has none). A key word shared by several goals says less,
  so it weighs ``ln(1 + N / df)`` (N goals with key words, df of them using the word). A
  statement *matches* a goal when it mentions at least half of the goal's key-word weight
  (:data:`MATCH_SHARE`), or at least :data:`MIN_DISTINCT_SHARED` key words that no other
  goal has. A statement's *score* is the harmonic mean (F1) of

  - *precision*: the share of the statement's terms that occur in any goal's title or
    description (how much of what was said is official), and
  - *recall*: the share of the goals it matches, weighted by priority (high 3, medium 2,
    low 1; :data:`PRIORITY_WEIGHTS`);

  so a statement naming every goal and nothing else scores 1, one naming nothing official
  scores 0. The *overall* score is the mean over the statements. *Agreement* between
  statements is the mean pairwise Jaccard similarity of their term sets (shared terms ÷
  all terms of the pair), over the statements with at least one term. The check is
  meaningful from :data:`MIN_STATEMENTS` (five) non-empty statements on (``.enough``).
"""

from __future__ import annotations

import itertools
import math
import re
import unicodedata
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from changeplanner.domain import IMPACT_MAX, IMPACT_MIN, Goal, GoalStatement, Impact, Measure

#: The check needs at least this many statements ("ask five employees").
MIN_STATEMENTS = 5
#: A statement matches a goal when it mentions at least this share of its key-word weight ...
MATCH_SHARE = 0.5
#: ... or at least this many key words that no other goal has.
MIN_DISTINCT_SHARED = 2
#: Weight of a goal in a statement's recall, by priority (1 high .. 3 low).
PRIORITY_WEIGHTS: dict[int, float] = {1: 3.0, 2: 2.0, 3: 1.0}

# -- vocabulary ------------------------------------------------------------------------------

_GERMAN_STOPWORDS = """
aber alle allem allen aller alles als also am an ander andere anderem anderen anderer anderes ich
moechte moechten moechtest hilft helfen
auch auf aus bei beim bin bis bist bitte bzw da dabei dadurch dafuer dagegen daher damit dann
daran darauf darin darum das dass dasselbe davon dazu dein deine deinem deinen deiner dem den
denn der deren derer des deshalb dessen dich die dies diese diesem diesen dieser dieses dir
doch dort du durch eben ebenso ein eine einem einen einer eines einig einige einigem einigen
einiger einiges einmal er es etwa etwas euch euer eure eurem euren eurer ganz gar gegen gibt
gleich geben gehen geht gerade gern gerne gut gute guten guter gutes habe haben hat hatte hatten
hier ihm ihn ihnen ihr ihre ihrem ihren ihrer ihres im immer in indem ins ist ja je jede
jedem jeden jeder jedes jedoch jemand jene jenem jenen jener jenes jetzt jeweils kann kein
keine keinem keinen keiner keines koennen koennte koennten machen macht man manche manchem
manchen mancher manches mein meine meinem meinen meiner meines meiner meist mich mir mit
moeglich moeglichst muss muessen musste nach natuerlich nein nicht nichts noch nun nur ob
oder oft ohne sehr sei sein seine seinem seinen seiner seines seit sich sie sind so sodass
solche solchem solchen solcher solches soll sollen sollte sollten sondern sonst sowie statt
ueber um und uns unser unsere unserem unseren unserer unseres unter usw viel viele vom von
vor waehrend war waren warst was weg weil welche welchem welchen welcher welches wenig wenn
werde werden wichtig wichtige wichtigen wichtigste wie wieder will wir wird wirst wo wollen
wollte wuerde wuerden wurde wurden zu zum zur zwar zwischen ziel ziele zielen zieles
"""

_ENGLISH_STOPWORDS = """
a about above after again against all also always am an and any are as at be because been
before being below between both but by can could did do does doing done down during each
else etc ever every few for from further get gets getting good had has have having he her
here hers herself him himself his how however i if important in into is it its itself just
keep let like make makes making may me might must my myself need needs no nor not now of off
often on once only or other others our ours ourselves out over own possible same shall she
should so some such sure than that the their theirs them themselves then there these they
this those through to too under until up upon us very want wants was way we well were what
when where which while who whom why will with within would you your yours yourself yourselves
goal goals aim aims objective objectives target targets
"""

STOPWORDS: frozenset[str] = frozenset((_GERMAN_STOPWORDS + _ENGLISH_STOPWORDS).split())

#: Core service words of both languages (normalised spelling: ae/oe/ue/ss) by concept. Every
#: word, once stemmed, stands for its concept; compounds of these words are split.
CONCEPTS: dict[str, tuple[str, ...]] = {
    "customer": ("kunde", "kunden", "kundin", "kundinnen", "kundschaft", "customer",
                 "customers", "client", "clients", "klient", "klienten"),
    "satisfaction": ("zufriedenheit", "zufrieden", "zufriedene", "zufriedenstellen",
                     "zufriedenstellend", "satisfaction", "satisfied", "satisfy",
                     "satisfying", "happy", "happiness", "gluecklich", "begeistert",
                     "begeisterung", "delight", "delighted"),
    "reachability": ("erreichbarkeit", "erreichbar", "verfuegbarkeit", "verfuegbar",
                     "reachability", "reachable", "availability", "available",
                     "accessibility", "accessible"),
    "handling": ("bearbeitung", "bearbeiten", "bearbeitet", "handling", "handle",
                 "handled"),
    "time": ("zeit", "zeiten", "dauer", "time", "times", "duration"),
    "wait": ("warten", "warte", "wartet", "wait", "waiting", "waits", "queue", "queues"),
    "first": ("erst", "erste", "ersten", "erster", "erstes", "first"),
    "resolution": ("loesung", "loesungen", "loesen", "geloest", "klaeren", "klaerung",
                   "resolution", "resolutions", "resolve", "resolved", "solution",
                   "solutions", "solve", "solved"),
    "contact": ("kontakt", "kontakte", "kontakten", "anruf", "anrufe", "telefonat",
                "contact", "contacts", "call", "calls"),
    "rate": ("quote", "quoten", "rate", "rates", "ratio"),
    "quality": ("qualitaet", "hochwertig", "quality"),
    "fast": ("schnell", "schnelle", "schneller", "schnelligkeit", "zuegig", "rasch",
             "tempo", "geschwindigkeit", "kurz", "kurze", "kuerzer", "fast", "faster",
             "sofort", "quick", "quicker", "quickly", "immediately", "immediate", "rapid",
             "rapidly", "prompt", "promptly", "speed", "short", "shorter"),
    "reduce": ("senken", "senkung", "reduzieren", "reduziert", "reduktion", "verringern",
               "verkuerzen", "minimieren", "weniger", "reduce", "reduced", "reduction",
               "lower", "lowering", "decrease", "cut", "less", "fewer", "minimise",
               "minimize"),
    "increase": ("steigern", "steigerung", "erhoehen", "erhoehung", "mehr", "hoeher",
                 "increase", "increased", "raise", "boost", "more", "higher"),
    "improve": ("verbessern", "verbessert", "verbesserung", "besser", "bessere",
                "optimieren", "optimierung", "improve", "improved", "improvement", "better",
                "optimise", "optimize", "optimisation", "optimization"),
    "employee": ("mitarbeiter", "mitarbeiterin", "mitarbeitende", "mitarbeitenden",
                 "kollege", "kollegen", "kollegin", "employee", "employees", "staff",
                 "colleague", "colleagues"),
    "cost": ("kosten", "aufwand", "ausgaben", "cost", "costs", "expense", "expenses",
             "effort"),
    "complaint": ("beschwerde", "beschwerden", "reklamation", "reklamationen",
                  "beanstandung", "complaint", "complaints"),
    "request": ("anliegen", "anfrage", "anfragen", "concern", "concerns", "request",
                "requests", "inquiry", "enquiry", "ticket", "tickets"),
    "answer": ("antwort", "antworten", "beantworten", "beantwortung", "rueckmeldung",
               "answer", "answers", "response", "responses", "reply", "replies", "feedback"),
    "friendly": ("freundlich", "freundliche", "freundlichkeit", "hoeflich", "friendly",
                 "friendliness", "polite", "courteous"),
    "loyalty": ("treue", "bindung", "loyalitaet", "loyalty", "loyal", "retention",
                "retain"),
    "recommend": ("empfehlung", "empfehlen", "weiterempfehlung", "weiterempfehlen",
                  "recommend", "recommendation", "recommendations", "nps", "promoter"),
    "handover": ("uebergabe", "uebergaben", "weiterleitung", "weiterleiten", "handover",
                 "handovers", "handoff", "transfer", "transfers"),
    "conclusive": ("abschliessend", "abschliessende", "endgueltig", "conclusive",
                   "conclusively", "final"),
    "error": ("fehler", "fehlern", "irrtum", "error", "errors", "mistake", "mistakes"),
    "simple": ("einfach", "einfache", "einfacher", "unkompliziert", "simple", "simpler",
               "easy", "easier", "uncomplicated"),
    "transparency": ("transparenz", "transparent", "transparency"),
    "personal": ("persoenlich", "persoenliche", "individuell", "personal", "personally",
                 "individual"),
    "digital": ("digital", "digitale", "digitalisierung", "online", "digitalisation",
                "digitalization"),
    "channel": ("kanal", "kanaele", "channel", "channels"),
    "proactive": ("proaktiv", "proaktive", "vorausschauend", "proactive", "predictive"),
    "team": ("team", "teams", "mannschaft"),
    "agile": ("agil", "agile", "agilitaet", "agility"),
    "competence": ("kompetenz", "kompetent", "fachwissen", "competence", "competent",
                   "expertise"),
    "efficiency": ("effizienz", "effizient", "produktivitaet", "efficiency", "efficient",
                   "productivity"),
    "service": ("service", "services", "dienst", "dienstleistung", "support"),
    "experience": ("erlebnis", "experience"),
    "process": ("prozess", "prozesse", "ablauf", "ablaeufe", "process", "processes",
                "workflow", "workflows"),
}

_WORD = re.compile(r"[^\W_]+")
_PIECE = re.compile(r"[a-z0-9]+")
_UMLAUTS = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})
_SUFFIXES = ("ern", "em", "en", "er", "es", "e", "n")
#: Words with these ends keep them (process, status, basis, resolution).
_KEEP_END = ("ss", "us", "is", "ion")
#: Shortest stem the stemmer leaves, and shortest part of a split compound.
_MIN_STEM = 4
_MAX_COMPOUND = 60


def normalise(word: str) -> str:
    """Casefold, spell umlauts and ß out (ae, oe, ue, ss) and drop other accents."""
    text = unicodedata.normalize("NFC", word).casefold().translate(_UMLAUTS)
    text = unicodedata.normalize("NFKD", text)
    return "".join(ch for ch in text if not unicodedata.combining(ch))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The light German/English stem of a normalised word (see the module docstring)."""
    if len(word) < _MIN_STEM or word.endswith(_KEEP_END):
        return word
    if word.endswith("ies") and len(word) > 4:
        word = word[:-3] + "y"
    elif word.endswith("ing") and len(word) - 3 >= _MIN_STEM:
        word = word[:-3]
    elif word.endswith("ed") and len(word) - 2 >= _MIN_STEM:
        word = word[:-2]
    elif word.endswith("s") and len(word) - 1 >= _MIN_STEM:
        word = word[:-1]
    # Strip endings until none is left, so "hotline" and "hotlines" meet.
    while not word.endswith(_KEEP_END):
        for suffix in _SUFFIXES:
            if word.endswith(suffix) and len(word) - len(suffix) >= _MIN_STEM:
                word = word[:-len(suffix)]
                break
        else:
            break
    return word


def _concept_stems() -> dict[str, str]:
    stems: dict[str, str] = {}
    for concept, words in CONCEPTS.items():
        for word in words:
            stems.setdefault(stem(word), concept)
    return stems


#: Stem -> concept of every vocabulary word.
_CONCEPT_OF: dict[str, str] = _concept_stems()


def _known(part: str) -> str | None:
    """The concept of a compound part (a vocabulary word, maybe with a linking -s/-n)."""
    if len(part) < _MIN_STEM:
        return None
    return _CONCEPT_OF.get(stem(part))


@lru_cache(maxsize=65536)
def _split(word: str) -> tuple[str, ...] | None:
    """Concepts of the parts of a compound made only of vocabulary words (fewest parts,
    longest first part), or ``None``."""
    n = len(word)
    if n < 2 * _MIN_STEM or n > _MAX_COMPOUND:
        return None
    # best[i]: the best split of word[i:] as (parts, concepts); fewer parts win.
    best: list[tuple[int, tuple[str, ...]] | None] = [None] * (n + 1)
    best[n] = (0, ())
    for i in range(n - _MIN_STEM, -1, -1):
        for j in range(n, i + _MIN_STEM - 1, -1):  # longest part first
            rest = best[j]
            if rest is None:
                continue
            concept = _known(word[i:j])
            if concept is None:
                continue
            candidate = (rest[0] + 1, (concept,) + rest[1])
            if best[i] is None or candidate[0] < best[i][0]:
                best[i] = candidate
    found = best[0]
    if found is None or found[0] < 2:
        return None
    return found[1]


@lru_cache(maxsize=65536)
def _analyse_piece(piece: str) -> tuple[tuple[str, bool], ...]:
    """``(term, is compound part)`` for one normalised piece of a word."""
    if len(piece) < 2 or piece.isdigit() or piece in STOPWORDS:
        return ()
    stemmed = stem(piece)
    concept = _CONCEPT_OF.get(stemmed)
    if concept is not None:
        return ((concept, False),)
    parts = _split(piece)
    if parts:
        return tuple((part, True) for part in dict.fromkeys(parts))
    return ((stemmed, False),)


def term_words(text: str) -> list[tuple[str, str, bool]]:
    """Every term of ``text`` with the word it came from, in text order.

    Returns:
        ``(term, word as written, from a split compound)`` triples; a compound gives one
        triple per part, each with the whole word.
    """
    found = []
    for word in _WORD.findall(text or ""):
        for piece in _PIECE.findall(normalise(word)):
            for term, is_part in _analyse_piece(piece):
                found.append((term, word, is_part))
    return found


def terms(text: str) -> frozenset[str]:
    """The normalised German/English terms of ``text`` (see the module docstring)."""
    return frozenset(term for term, _word, _part in term_words(text))


def term_labels(texts: Iterable[str]) -> dict[str, str]:
    """A readable word for every term of ``texts``: the word most often written for it
    (ignoring case), preferring words that were not split as compounds; ties go to the
    alphabetically first. The spelling is the one seen first."""
    seen: Counter[tuple[str, bool, str]] = Counter()
    spelling: dict[str, str] = {}
    for text in texts:
        for term, word, is_part in term_words(text):
            folded = word.casefold()
            seen[(term, is_part, folded)] += 1
            spelling.setdefault(folded, word)
    best: dict[str, tuple[bool, int, str]] = {}
    for (term, is_part, folded), count in seen.items():
        key = (is_part, -count, folded)
        if term not in best or key < best[term]:
            best[term] = key
    return {term: spelling[key[2]] for term, key in best.items()}


def jaccard(a: frozenset[str] | set[str], b: frozenset[str] | set[str]) -> float:
    """Shared ÷ all elements of two sets (0 when both are empty)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


# -- impact matrix ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ImpactTable:
    """The measure × goal impact matrix with totals and flags.

    Attributes:
        goals: The goals, in the order given.
        measures: The measures, in the order given.
        scores: ``(measure_id, goal_id) -> score`` for every non-zero cell (-2..+3).
        goal_totals: Goal id -> sum of the scores of measures that are not dropped.
        measure_totals: Measure id -> sum of its scores over all goals.
        unserved_goals: Ids of goals no measure that is not dropped scores above 0.
        idle_measures: Ids of measures (not dropped) that score no goal above 0.
        harmful: ``(measure_id, goal_id, score)`` of every negative cell of a measure that
            is not dropped, worst first (then in measure and goal order).
    """

    goals: tuple[Goal, ...]
    measures: tuple[Measure, ...]
    scores: dict[tuple[int, int], int]
    goal_totals: dict[int, int]
    measure_totals: dict[int, int]
    unserved_goals: tuple[int, ...]
    idle_measures: tuple[int, ...]
    harmful: tuple[tuple[int, int, int], ...]

    def score(self, measure_id: int, goal_id: int) -> int:
        """The impact of a measure on a goal (0 when none is recorded)."""
        return self.scores.get((measure_id, goal_id), 0)

    def served_by(self, goal_id: int) -> list[int]:
        """Ids of the measures (not dropped) that serve ``goal_id`` (score above 0), in
        measure order."""
        return [m.id for m in self.measures
                if m.status != "dropped" and self.score(m.id, goal_id) > 0]


def impact_table(goals: Iterable[Goal], measures: Iterable[Measure],
                 impacts: Iterable[Impact]) -> ImpactTable:
    """Build the impact matrix with totals, unserved goals, idle measures and harmful cells.

    See the module docstring for the rules (dropped measures serve nothing).
    """
    goals, measures = tuple(goals), tuple(measures)
    goal_ids = {g.id for g in goals}
    measure_ids = {m.id for m in measures}
    scores: dict[tuple[int, int], int] = {}
    for impact in impacts:
        if impact.goal_id not in goal_ids or impact.measure_id not in measure_ids:
            continue
        try:
            score = int(impact.score)
        except (TypeError, ValueError):
            continue
        score = min(IMPACT_MAX, max(IMPACT_MIN, score))
        key = (impact.measure_id, impact.goal_id)
        if score:
            scores[key] = score
        else:
            scores.pop(key, None)
    active = {m.id for m in measures if m.status != "dropped"}
    goal_totals = {g.id: 0 for g in goals}
    measure_totals = {m.id: 0 for m in measures}
    served: set[int] = set()
    serving: set[int] = set()
    for (measure_id, goal_id), score in scores.items():
        measure_totals[measure_id] += score
        if measure_id in active:
            goal_totals[goal_id] += score
            if score > 0:
                served.add(goal_id)
                serving.add(measure_id)
    goal_order = {g.id: i for i, g in enumerate(goals)}
    measure_order = {m.id: i for i, m in enumerate(measures)}
    harmful = sorted(((m, g, s) for (m, g), s in scores.items() if s < 0 and m in active),
                     key=lambda item: (item[2], measure_order[item[0]], goal_order[item[1]]))
    return ImpactTable(
        goals=goals, measures=measures, scores=scores, goal_totals=goal_totals,
        measure_totals=measure_totals,
        unserved_goals=tuple(g.id for g in goals if g.id not in served),
        idle_measures=tuple(m.id for m in measures if m.id in active and m.id not in serving),
        harmful=tuple(harmful))


# -- alignment -------------------------------------------------------------------------------

@dataclass(frozen=True)
class StatementMatch:
    """How one employee's statement compares with the official goals.

    Attributes:
        statement: The statement.
        terms: Its terms.
        goal_ids: The goals it matches, best coverage first (then in goal order).
        coverage: Goal id -> share (0..1) of the goal's key-word weight it mentions, for
            every goal it shares at least one key word with.
        precision: Share of its terms that occur in the goals (0 without terms).
        recall: Priority-weighted share of the goals it matches.
        score: Harmonic mean of precision and recall (0..1).
        agreement: Mean Jaccard similarity with the other statements that have terms
            (``None`` when it has no terms or there is no other).
    """

    statement: GoalStatement
    terms: frozenset[str]
    goal_ids: tuple[int, ...]
    coverage: dict[int, float]
    precision: float
    recall: float
    score: float
    agreement: float | None = None


@dataclass(frozen=True)
class Alignment:
    """The goal alignment check.

    Attributes:
        statements: One :class:`StatementMatch` per non-empty statement, in the order given.
        goal_terms: Goal id -> its key words (title terms, or description terms when the
            title has none).
        mentions: Goal id -> number of statements matching it (every goal, 0 included).
        unmentioned_goals: Ids of the goals no statement matches, in goal order.
        overall: Mean statement score (0..1), ``None`` without statements.
        agreement: Mean pairwise Jaccard similarity of the statements' term sets (0..1),
            ``None`` with fewer than two statements that have terms.
        common_terms: Terms used by at least half of the statements (and at least two),
            most used first.
        labels: A readable word for every term of the goals and statements.
    """

    statements: tuple[StatementMatch, ...]
    goal_terms: dict[int, frozenset[str]]
    mentions: dict[int, int]
    unmentioned_goals: tuple[int, ...]
    overall: float | None
    agreement: float | None
    common_terms: tuple[str, ...] = ()
    labels: dict[str, str] = field(default_factory=dict)

    @property
    def count(self) -> int:
        """Number of non-empty statements."""
        return len(self.statements)

    @property
    def enough(self) -> bool:
        """At least :data:`MIN_STATEMENTS` non-empty statements were recorded."""
        return self.count >= MIN_STATEMENTS


def _goal_weight(goal: Goal) -> float:
    return PRIORITY_WEIGHTS.get(goal.priority, 1.0)


def _coverage(statement: frozenset[str], key: frozenset[str],
              weight: Mapping[str, float]) -> float:
    total = sum(weight[t] for t in key)
    return sum(weight[t] for t in key & statement) / total if total else 0.0


def alignment(goals: Sequence[Goal], statements: Iterable[GoalStatement]) -> Alignment:
    """Compare employees' statements of the service goals with the official goals.

    Args:
        goals: The official goals.
        statements: What employees answered; statements with blank text are left out.

    Returns:
        The :class:`Alignment` (see the module docstring for the rules).
    """
    goals = tuple(goals)
    statements = tuple(s for s in statements if (s.text or "").strip())
    key_terms: dict[int, frozenset[str]] = {}
    official: set[str] = set()
    for goal in goals:
        title, description = terms(goal.title), terms(goal.description)
        key_terms[goal.id] = title or description
        official |= title | description
    keyed = [g for g in goals if key_terms[g.id]]
    df = Counter(t for g in keyed for t in key_terms[g.id])
    n_goals = len(keyed)
    weight = {t: math.log(1.0 + n_goals / count) for t, count in df.items()}
    recall_total = sum(_goal_weight(g) for g in keyed)

    statement_terms = [terms(s.text) for s in statements]
    with_terms = [i for i, found in enumerate(statement_terms) if found]
    pair_sims: dict[tuple[int, int], float] = {
        (i, j): jaccard(statement_terms[i], statement_terms[j])
        for i, j in itertools.combinations(with_terms, 2)}

    matches = []
    mentions = {g.id: 0 for g in goals}
    for index, (statement, found) in enumerate(zip(statements, statement_terms, strict=True)):
        coverage: dict[int, float] = {}
        matched: list[tuple[float, int, int]] = []
        for order, goal in enumerate(keyed):
            key = key_terms[goal.id]
            shared = key & found
            if not shared:
                continue
            share = _coverage(found, key, weight)
            coverage[goal.id] = share
            distinct = sum(1 for t in shared if df[t] == 1)
            if share >= MATCH_SHARE or distinct >= MIN_DISTINCT_SHARED:
                matched.append((-share, order, goal.id))
        matched.sort()
        goal_ids = tuple(gid for _share, _order, gid in matched)
        for gid in goal_ids:
            mentions[gid] += 1
        precision = len(found & official) / len(found) if found else 0.0
        recall = (sum(_goal_weight(g) for g in keyed if g.id in goal_ids) / recall_total
                  if recall_total else 0.0)
        score = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        others = [pair_sims[(min(index, j), max(index, j))] for j in with_terms if j != index]
        agreement = sum(others) / len(others) if found and others else None
        matches.append(StatementMatch(statement, found, goal_ids, coverage, precision, recall,
                                      score, agreement))

    overall = sum(m.score for m in matches) / len(matches) if matches else None
    agreement = sum(pair_sims.values()) / len(pair_sims) if pair_sims else None
    usage = Counter(t for found in statement_terms for t in found)
    needed = max(2, math.ceil(len(with_terms) / 2))
    common = tuple(t for t, n in sorted(usage.items(), key=lambda item: (-item[1], item[0]))
                   if n >= needed)
    labels = term_labels([g.title for g in goals] + [g.description for g in goals]
                         + [s.text for s in statements])
    return Alignment(
        statements=tuple(matches), goal_terms=key_terms, mentions=mentions,
        unmentioned_goals=tuple(g.id for g in goals if mentions[g.id] == 0),
        overall=overall, agreement=agreement, common_terms=common, labels=labels)
