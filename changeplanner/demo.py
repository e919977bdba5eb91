"""A seeded generator of a realistic demo organisation: a German insurer's customer service.

Pure and deterministic: :func:`generate` uses one ``random.Random(seed)`` and returns plain
:mod:`changeplanner.domain` objects in a :class:`DemoData`; the same seed and size always give
the same organisation. Writing it to a plan file is :func:`changeplanner.services.demo.create_demo`.

The model, in short:

* Departments sized by fixed shares of the headcount (Kundenservice 1st Level is the largest);
  from 2,000 people on, regional service centres and further departments are added.
* Every department has a head reporting to the Bereichsleitung; members sit in teams of about
  8-12 with a team lead; large departments get a layer of group leads in between.
* Influence ties follow working life: dense advice and collaboration inside teams, advice and
  information inside the department, few bridges between departments along the process
  interfaces (1st -> 2nd level -> IT, Key Account <-> Vertrieb, ...). Who gets asked follows a
  fitness-weighted preferential attachment (experience, leadership and a heavy-tailed
  personal "approachability"), which makes a few hubs. A few percent of people are natural
  networkers with several cross-department ties. About 9 ties per person.
* Attitudes are spread over skeptics, neutrals and enthusiasts (long-serving agents lean
  skeptical, IT and product management lean enthusiastic); about 15 % are not assessed.
* Skill levels follow a per-department profile (agents strong in service skills, IT in tools,
  few agile experts), plus experience and noise.
* Change work of the year :data:`HISTORY_YEAR`: three lighthouse pilots in three Stacey
  zones (with teams from the organisation, a sponsor likely to sit on the change board,
  KPIs with monthly measurements, milestones, wins, deviations and proven processes), five
  customer-service goals with measures and their impacts, six employees' answers to "what
  are our service goals?" and a dozen ideas and customer voices in every state. The texts
  are fixed; only who is named depends on the seed.

All sampling is O(people + ties): weighted draws use cumulative weights and bisection.
"""

from __future__ import annotations

import itertools
import random
from collections import Counter
from dataclasses import dataclass

from changeplanner import domain

#: Limits for the size of a demo organisation.
MIN_PEOPLE, MAX_PEOPLE = 20, 100_000
#: From this size on the organisation gets regional service centres and more departments.
LARGE_ORGANISATION = 2_000
#: The department the demo plan transforms.
TRANSFORMING_DEPARTMENT = "Kundenservice 1st Level"
PLAN_NAME = "Hanse Direkt Versicherung – Agiler Kundenservice (Demo)"
TOP_DEPARTMENT = "Bereichsleitung"

AGILE, SERVICE, TOOLS, COLLAB = "Agile methods", "Customer service", "Tools", "Collaboration"


@dataclass(frozen=True)
class DemoData:
    """A generated organisation, ready to be written into a plan.

    ``skills`` carry ids 1..n in catalogue order; ``ratings`` refer to those ids (the
    service maps them to the plan's ids by skill name). ``pilots``, goals, measures, KPIs
    and the other records carry ids 1..n of their own, and refer to each other (and pilot
    skills to ``skills``) by these ids; the service maps them to the plan's.
    """

    name: str
    people: tuple[domain.Person, ...]
    ties: tuple[domain.Tie, ...]
    skills: tuple[domain.Skill, ...]
    ratings: tuple[domain.Rating, ...]
    pilots: tuple[domain.Pilot, ...]
    transforming_department: str
    #: Requirement profiles (skill ids as in ``skills``).
    requirements: tuple[domain.Requirement, ...] = ()
    #: Earlier levels, dated in the past, so progress over time can be shown.
    history: tuple[domain.RatingChange, ...] = ()
    #: The pilots with team, needed skills, KPIs, measurements, milestones and logs.
    pilot_details: tuple[domain.PilotDetail, ...] = ()
    goals: tuple[domain.Goal, ...] = ()
    measures: tuple[domain.Measure, ...] = ()
    impacts: tuple[domain.Impact, ...] = ()
    #: Employees' answers to "what are our service goals?".
    statements: tuple[domain.GoalStatement, ...] = ()
    ideas: tuple[domain.Idea, ...] = ()

    @property
    def departments(self) -> list[str]:
        """Department names in order of first appearance."""
        return list(dict.fromkeys(p.department for p in self.people))


# -- departments --------------------------------------------------------------------------

# (name, kind, share of the headcount, share of women)
_DEPARTMENTS_SMALL = (
    ("Kundenservice 1st Level", "service1", 0.36, 0.62),
    ("Kundenservice 2nd Level", "service2", 0.17, 0.55),
    ("Key Account Management", "kam", 0.10, 0.45),
    ("Vertrieb", "sales", 0.12, 0.40),
    ("Produktmanagement", "product", 0.07, 0.45),
    ("IT", "it", 0.11, 0.22),
    ("HR", "hr", 0.07, 0.75),
)
_DEPARTMENTS_LARGE = (
    ("Kundenservice 1st Level", "service1", 0.20, 0.62),
    ("Servicecenter Nord", "service1", 0.08, 0.60),
    ("Servicecenter Süd", "service1", 0.08, 0.60),
    ("Servicecenter West", "service1", 0.07, 0.60),
    ("Servicecenter Ost", "service1", 0.06, 0.62),
    ("Kundenservice 2nd Level", "service2", 0.10, 0.55),
    ("Schadenbearbeitung Backoffice", "backoffice", 0.07, 0.58),
    ("Key Account Management", "kam", 0.05, 0.45),
    ("Vertrieb", "sales", 0.07, 0.40),
    ("Produktmanagement", "product", 0.04, 0.45),
    ("IT", "it", 0.07, 0.22),
    ("HR", "hr", 0.03, 0.75),
    ("Qualitätsmanagement", "quality", 0.02, 0.55),
    ("Finanzen & Controlling", "finance", 0.03, 0.50),
    ("Marketing", "marketing", 0.02, 0.55),
)

# Process interfaces: how often a kind of department works with another (cross ties).
_INTERFACES: dict[str, dict[str, float]] = {
    "service1": {"service1": 2.0, "service2": 5.0, "backoffice": 2.0, "quality": 2.0,
                 "it": 1.0, "product": 1.0, "sales": 1.0, "hr": 0.5, "top": 0.3},
    "service2": {"service1": 5.0, "it": 3.0, "product": 2.0, "kam": 1.0, "backoffice": 2.0,
                 "quality": 1.0, "top": 0.3},
    "backoffice": {"service2": 3.0, "service1": 2.0, "it": 1.0, "quality": 1.0},
    "kam": {"sales": 4.0, "product": 3.0, "service2": 2.0, "finance": 1.0, "marketing": 1.0,
            "top": 0.5},
    "sales": {"kam": 4.0, "marketing": 3.0, "product": 2.0, "service1": 1.0, "finance": 1.0,
              "top": 0.5},
    "product": {"it": 4.0, "kam": 2.0, "service2": 2.0, "marketing": 2.0, "sales": 2.0,
                "top": 0.5},
    "it": {"product": 4.0, "service2": 3.0, "service1": 1.0, "hr": 0.5, "finance": 0.5},
    "hr": {"service1": 2.0, "it": 1.0, "finance": 1.0, "service2": 0.5, "sales": 0.5,
           "kam": 0.5, "product": 0.5, "top": 0.5},
    "quality": {"service1": 3.0, "service2": 2.0, "hr": 1.0, "backoffice": 1.0},
    "finance": {"sales": 1.0, "kam": 1.0, "hr": 1.0, "it": 1.0, "top": 1.0},
    "marketing": {"sales": 3.0, "product": 3.0, "kam": 1.0},
    "top": {"service1": 1.0, "service2": 1.0, "kam": 1.0, "sales": 1.0, "product": 1.0,
            "it": 1.0, "hr": 1.0, "finance": 1.0},
}

# -- titles (male, female) ----------------------------------------------------------------

_LEAD_TITLES = {
    "service1": ("Teamleiter Kundenservice", "Teamleiterin Kundenservice"),
    "service2": ("Teamleiter 2nd Level Support", "Teamleiterin 2nd Level Support"),
    "backoffice": ("Teamleiter Schadenbearbeitung", "Teamleiterin Schadenbearbeitung"),
    "kam": ("Teamleiter Key Account", "Teamleiterin Key Account"),
    "sales": ("Teamleiter Vertrieb", "Teamleiterin Vertrieb"),
    "product": ("Lead Product Owner", "Lead Product Owner"),
    "it": ("Teamleiter IT", "Teamleiterin IT"),
    "hr": ("Teamleiter Personalbetreuung", "Teamleiterin Personalbetreuung"),
    "quality": ("Teamleiter Qualitätsmanagement", "Teamleiterin Qualitätsmanagement"),
    "finance": ("Teamleiter Controlling", "Teamleiterin Controlling"),
    "marketing": ("Teamleiter Marketing", "Teamleiterin Marketing"),
}
# (male, female, weight, minimum years of experience)
_MEMBER_TITLES = {
    "service1": (("Service Agent", "Service Agent", 10, 0),
                 ("Senior Service Agent", "Senior Service Agent", 6, 8),
                 ("Auszubildender Kaufmann für Dialogmarketing",
                  "Auszubildende Kauffrau für Dialogmarketing", 1, 0),
                 ("Werkstudent Kundenservice", "Werkstudentin Kundenservice", 1, 0)),
    "service2": (("Fachspezialist 2nd Level", "Fachspezialistin 2nd Level", 8, 0),
                 ("Senior Fachspezialist 2nd Level", "Senior Fachspezialistin 2nd Level", 4, 8),
                 ("Reklamationsspezialist", "Reklamationsspezialistin", 2, 3)),
    "backoffice": (("Sachbearbeiter Schaden", "Sachbearbeiterin Schaden", 8, 0),
                   ("Senior Sachbearbeiter Schaden", "Senior Sachbearbeiterin Schaden", 3, 8)),
    "kam": (("Key Account Manager", "Key Account Managerin", 8, 2),
            ("Junior Key Account Manager", "Junior Key Account Managerin", 3, 0),
            ("Assistenz Key Account Management", "Assistenz Key Account Management", 2, 0)),
    "sales": (("Vertriebsmitarbeiter Innendienst", "Vertriebsmitarbeiterin Innendienst", 6, 0),
              ("Außendienstmitarbeiter", "Außendienstmitarbeiterin", 5, 0),
              ("Vertriebsassistenz", "Vertriebsassistenz", 2, 0)),
    "product": (("Produktmanager", "Produktmanagerin", 6, 0),
                ("Senior Produktmanager", "Senior Produktmanagerin", 2, 8),
                ("Product Owner", "Product Owner", 3, 2)),
    "it": (("Softwareentwickler", "Softwareentwicklerin", 6, 0),
           ("Systemadministrator", "Systemadministratorin", 4, 0),
           ("IT-Support", "IT-Support", 3, 0),
           ("Business Analyst", "Business Analystin", 2, 2),
           ("Scrum Master", "Scrum Master", 1, 3)),
    "hr": (("Personalreferent", "Personalreferentin", 5, 0),
           ("HR Business Partner", "HR Business Partnerin", 2, 4),
           ("Personalentwickler", "Personalentwicklerin", 2, 2),
           ("Recruiter", "Recruiterin", 2, 0)),
    "quality": (("Qualitätsmanager", "Qualitätsmanagerin", 4, 2),
                ("Trainer Kundenservice", "Trainerin Kundenservice", 3, 4)),
    "finance": (("Controller", "Controllerin", 5, 0), ("Buchhalter", "Buchhalterin", 4, 0)),
    "marketing": (("Marketing Manager", "Marketing Managerin", 5, 0),
                  ("Content Manager", "Content Managerin", 3, 0)),
}

# -- names ------------------------------------------------------------------------------

_NAMES: dict[str, tuple[tuple[str, ...], tuple[str, ...], tuple[str, ...]]] = {
    # origin: (male given names, female given names, family names)
    "de": (
        ("Thomas", "Michael", "Andreas", "Stefan", "Christian", "Markus", "Jan", "Tobias",
         "Daniel", "Sebastian", "Florian", "Matthias", "Alexander", "Jens", "Torsten", "Frank",
         "Lukas", "Jonas", "Felix", "Niklas", "Tim", "Philipp", "Dirk", "Uwe", "Klaus",
         "Bernd", "Jörg", "Björn", "Sören", "Maximilian", "Moritz", "Paul", "Leon", "Kai",
         "Henrik", "Jürgen", "Ralf", "Holger", "Till", "Malte"),
        ("Sabine", "Julia", "Anna", "Katrin", "Claudia", "Stefanie", "Nicole", "Sandra",
         "Melanie", "Laura", "Lisa", "Lena", "Sarah", "Jana", "Anja", "Petra", "Birgit",
         "Susanne", "Carina", "Franziska", "Miriam", "Johanna", "Katharina", "Hannah",
         "Sophie", "Marie", "Jessica", "Vanessa", "Daniela", "Ines", "Bärbel", "Jördis",
         "Annika", "Wiebke", "Heike", "Kerstin", "Silke", "Ulrike", "Maren", "Tanja"),
        ("Müller", "Schmidt", "Schneider", "Fischer", "Weber", "Meyer", "Wagner", "Becker",
         "Schulz", "Hoffmann", "Schäfer", "Koch", "Bauer", "Richter", "Klein", "Wolf",
         "Schröder", "Neumann", "Schwarz", "Zimmermann", "Braun", "Krüger", "Hofmann",
         "Hartmann", "Lange", "Schmitt", "Werner", "Schmitz", "Krause", "Meier", "Lehmann",
         "Schulze", "Maier", "Köhler", "Herrmann", "König", "Walter", "Huber", "Kaiser",
         "Fuchs", "Peters", "Lang", "Scholz", "Möller", "Weiß", "Jung", "Hahn", "Vogel",
         "Friedrich", "Keller", "Günther", "Berger", "Winkler", "Roth", "Beck", "Lorenz",
         "Baumann", "Franke", "Albrecht", "Ludwig", "Böhm", "Winter", "Kraus", "Schumacher",
         "Krämer", "Vogt", "Stein", "Jäger", "Otto", "Sommer", "Groß", "Seidel", "Heinrich",
         "Brandt", "Haas", "Schreiber", "Graf", "Dietrich", "Ziegler", "Kühn", "Pohl",
         "Engel", "Horn", "Busch", "Bergmann", "Voigt", "Sauer", "Arnold", "Wolff",
         "Pfeiffer", "Brinkmann", "Janssen", "Petersen", "Hansen", "Thießen", "Oltmanns"),
    ),
    "tr": (
        ("Mehmet", "Mustafa", "Ahmet", "Ali", "Hüseyin", "Emre", "Murat", "Can", "Burak",
         "Serkan", "Kemal", "Onur", "Yusuf", "Cem", "Deniz", "Oğuz"),
        ("Ayşe", "Fatma", "Elif", "Zeynep", "Emine", "Merve", "Büşra", "Esra", "Selin",
         "Derya", "Gül", "Hatice", "Özlem", "Şeyma", "Tuğba", "Gülşen"),
        ("Yılmaz", "Kaya", "Demir", "Şahin", "Çelik", "Yıldız", "Yıldırım", "Öztürk", "Aydın",
         "Özdemir", "Arslan", "Doğan", "Kılıç", "Aslan", "Çetin", "Kara", "Koç", "Kurt",
         "Özkan", "Şimşek", "Polat", "Güneş", "Aksoy", "Korkmaz"),
    ),
    "pl": (
        ("Łukasz", "Piotr", "Krzysztof", "Tomasz", "Paweł", "Michał", "Marcin", "Jakub",
         "Mateusz", "Wojciech", "Grzegorz", "Bartosz", "Andrzej"),
        ("Agnieszka", "Katarzyna", "Małgorzata", "Joanna", "Magdalena", "Aleksandra", "Monika",
         "Ewa", "Karolina", "Marta", "Dorota", "Zofia", "Natalia"),
        ("Nowak", "Kowalski", "Wiśniewski", "Wójcik", "Kowalczyk", "Kamiński", "Lewandowski",
         "Zieliński", "Szymański", "Woźniak", "Dąbrowski", "Kozłowski", "Jankowski", "Mazur",
         "Krawczyk", "Żółć", "Wróbel", "Pietrzak", "Grabowski"),
    ),
    "ru": (
        ("Alexej", "Dmitri", "Sergej", "Andrej", "Viktor", "Nikolai", "Artjom", "Wladimir",
         "Eduard", "Waldemar"),
        ("Olga", "Natalja", "Swetlana", "Tatjana", "Irina", "Jelena", "Anastasia", "Ekaterina",
         "Ljudmila", "Oxana"),
        ("Iwanow", "Petrow", "Smirnow", "Kusnezow", "Popow", "Wolkow", "Klassen", "Friesen",
         "Janzen", "Dück", "Penner", "Wiebe"),
    ),
    "it": (
        ("Marco", "Luca", "Giuseppe", "Alessandro", "Francesco", "Matteo", "Davide", "Stefano",
         "Andrea", "Giovanni", "Salvatore"),
        ("Giulia", "Francesca", "Chiara", "Sara", "Valentina", "Federica", "Martina", "Alessia",
         "Elena", "Silvia"),
        ("Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci",
         "Marino", "Greco", "Bruno", "Gallo", "Conti", "De Luca", "Mancini", "Costa",
         "Lombardi", "Moretti", "Fontana", "Caruso", "D'Angelo"),
    ),
    "ar": (
        ("Mohammed", "Ahmad", "Omar", "Khaled", "Youssef", "Karim", "Tarek", "Hassan", "Samir",
         "Bilal", "Rami"),
        ("Fatima", "Layla", "Amira", "Nour", "Rania", "Yasmin", "Samira", "Hanan", "Leila",
         "Dina", "Salma"),
        ("Al-Hassan", "Haddad", "Khalil", "Nasser", "Saleh", "Mansour", "Abdallah", "El-Amin",
         "Hamdan", "Aziz", "Farouk", "Ibrahim", "Darwish", "Jaber"),
    ),
    "gr": (
        ("Georgios", "Dimitrios", "Konstantinos", "Ioannis", "Nikolaos", "Christos",
         "Panagiotis", "Vasileios", "Athanasios", "Stavros"),
        ("Maria", "Eleni", "Aikaterini", "Vasiliki", "Sofia", "Angeliki", "Dimitra", "Georgia",
         "Despina", "Theodora"),
        ("Papadopoulos", "Papageorgiou", "Oikonomou", "Georgiou", "Papadakis", "Vlachos",
         "Angelopoulos", "Nikolaidis", "Karagiannis", "Dimitriou", "Konstantinidis", "Makris",
         "Christodoulou"),
    ),
    "vn": (
        ("Anh", "Dũng", "Hùng", "Tuấn", "Long", "Quang", "Huy", "Nam", "Bảo", "Khánh"),
        ("Minh", "Lan", "Hương", "Linh", "Thảo", "Hà", "Mai", "Trang", "Ngọc", "Thu"),
        ("Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi",
         "Đỗ"),
    ),
    "yu": (
        ("Ivan", "Marko", "Luka", "Nikola", "Dragan", "Goran", "Zoran", "Stjepan", "Emir",
         "Amir"),
        ("Ana", "Ivana", "Marija", "Jelena", "Maja", "Mirela", "Snježana", "Amra", "Lejla"),
        ("Horvat", "Kovačević", "Babić", "Marić", "Jurić", "Novak", "Knežević", "Petrović",
         "Jovanović", "Hodžić", "Begić", "Đukić"),
    ),
    "es": (
        ("Carlos", "José", "Miguel", "Javier", "João", "Pedro", "Diego"),
        ("Carmen", "Lucía", "Ana", "Isabel", "Inês", "Beatriz"),
        ("García", "Fernández", "López", "Martínez", "Rodríguez", "Sánchez", "Pereira", "Silva",
         "Santos", "Gonçalves", "Ferreira"),
    ),
    "en": (
        ("James", "Daniel", "Ryan", "Liam", "Connor"),
        ("Emily", "Olivia", "Siobhan", "Grace"),
        ("Smith", "O'Connor", "Brown", "Murphy", "Walsh", "Taylor"),
    ),
}
_ORIGINS = ("de", "tr", "pl", "ru", "it", "ar", "gr", "vn", "yu", "es", "en")
_ORIGIN_WEIGHTS = (58, 10, 6, 5, 5, 4, 3, 3, 3, 2, 1)
_ORIGIN_CUM = tuple(itertools.accumulate(_ORIGIN_WEIGHTS))

# Names that always appear (a PDF must print them): (department, female, name).
_FIXED_NAMES = (
    ("Kundenservice 1st Level", True, "Ayşe Yılmaz"),
    ("Kundenservice 2nd Level", True, "Nguyễn Thị Minh"),
    ("IT", False, "Łukasz Żółć"),
)

_NOTES = (
    "Mitglied im Betriebsrat",
    "Betreut die Auszubildenden im Team",
    "Elternzeit bis Ende des Quartals",
    "Arbeitet überwiegend im Homeoffice",
    "Key User für das CRM",
    "Hat das Kanban-Board der IT mit aufgebaut",
    "Wechselte vor zwei Jahren aus dem 2nd Level",
    "Moderiert die tägliche Schichtübergabe",
    "Nimmt an der Weiterbildung zum Scrum Master teil",
    "Ansprechperson für schwierige Großschäden",
)


def _female_family(family: str, origin: str) -> str:
    """Female form of a family name where the language inflects it."""
    if origin == "pl" and family.endswith("ki"):
        return family[:-1] + "a"
    if origin == "ru" and family.endswith(("ow", "ew", "in")):
        return family + "a"
    if origin == "gr":
        if family.endswith("os"):
            return family[:-2] + "ou"
        if family.endswith("is"):
            return family[:-1]
    return family


def _make_name(rng: random.Random, female: bool) -> str:
    origin = rng.choices(_ORIGINS, cum_weights=_ORIGIN_CUM)[0]
    males, females, families = _NAMES[origin]
    given = rng.choice(females if female else males)
    family = rng.choice(families)
    if female:
        family = _female_family(family, origin)
    if origin == "vn":
        # Vietnamese order: family name, middle name, given name.
        middle = "Thị" if female else rng.choice(("Văn", "Đức", "Quốc"))
        return f"{family} {middle} {given}"
    if female and origin == "de" and rng.random() < 0.06:
        # A double-barrelled name after marriage.
        other = rng.choice(_ORIGINS[:4])
        family = f"{family}-{_female_family(rng.choice(_NAMES[other][2]), other)}"
    return f"{given} {family}"


# -- skills ----------------------------------------------------------------------------

SKILLS: tuple[tuple[str, str, str], ...] = (
    ("Scrum", AGILE, "Rollen, Events und Artefakte von Scrum kennen und im Team anwenden."),
    ("Kanban", AGILE, "Arbeit auf einem Board sichtbar machen, Menge paralleler Arbeit "
                      "begrenzen, den Durchfluss verbessern."),
    ("Retrospektiven", AGILE, "Regelmäßig gemeinsam auf die Zusammenarbeit schauen und "
                              "konkrete Verbesserungen vereinbaren."),
    ("User Stories", AGILE, "Anforderungen aus Sicht der Kundinnen und Kunden formulieren "
                            "und klein schneiden."),
    ("Daily Stand-up", AGILE, "Kurze tägliche Abstimmung im Team: Was steht an, wo hakt es?"),
    ("Design Thinking", AGILE, "Kundenprobleme verstehen, Ideen entwickeln und mit "
                               "Prototypen testen."),
    ("Lean / kontinuierliche Verbesserung", AGILE, "Verschwendung erkennen und Abläufe in "
                                                   "kleinen Schritten verbessern."),
    ("Beschwerdemanagement", SERVICE, "Beschwerden annehmen, abschließend lösen und als "
                                      "Chance zur Verbesserung nutzen."),
    ("Deeskalation", SERVICE, "Aufgebrachte Kundinnen und Kunden beruhigen und das Gespräch "
                              "lösungsorientiert führen."),
    ("Produktwissen Kfz", SERVICE, "Tarife, Bedingungen und Leistungen der Kfz-Versicherung."),
    ("Produktwissen Hausrat & Wohngebäude", SERVICE, "Tarife, Bedingungen und Leistungen der "
                                                     "Sachversicherungen."),
    ("Schadenaufnahme", SERVICE, "Schadenmeldungen vollständig aufnehmen und richtig "
                                 "weiterleiten."),
    ("Telefonische Beratung", SERVICE, "Anliegen am Telefon klären, beraten und beim ersten "
                                       "Kontakt lösen."),
    ("Schriftliche Kundenkommunikation", SERVICE, "E-Mails, Briefe und Chats verständlich "
                                                  "und freundlich formulieren."),
    ("CRM Salesforce", TOOLS, "Kundenhistorie, Kontakte und Vorgänge in Salesforce pflegen "
                              "und auswerten."),
    ("Ticketsystem", TOOLS, "Tickets anlegen, priorisieren, übergeben und abschließen."),
    ("Excel", TOOLS, "Listen auswerten, Pivot-Tabellen und Formeln."),
    ("Telefonanlage", TOOLS, "Warteschlangen, Weiterleitungen und Auswertungen der "
                             "Telefonanlage (ACD) bedienen."),
    ("Jira", TOOLS, "Boards, Backlogs und Vorgänge in Jira pflegen."),
    ("Wissensdatenbank", TOOLS, "Artikel in der Wissensdatenbank finden, schreiben und "
                                "aktuell halten."),
    ("Power BI", TOOLS, "Kennzahlen-Dashboards bauen und lesen."),
    ("Moderation", COLLAB, "Besprechungen und Workshops strukturiert und ergebnisorientiert "
                           "leiten."),
    ("Feedback geben", COLLAB, "Konkretes, wertschätzendes Feedback geben und annehmen."),
    ("Coaching", COLLAB, "Kolleginnen und Kollegen mit Fragen zur eigenen Lösung begleiten."),
    ("Konfliktlösung", COLLAB, "Spannungen im Team früh ansprechen und gemeinsam lösen."),
    ("Präsentieren", COLLAB, "Ergebnisse klar und überzeugend vorstellen."),
    ("Wissen weitergeben", COLLAB, "Einarbeitung, Schulungen und voneinander Lernen im Team."),
)
_LEADERSHIP_SKILLS = ("Moderation", "Feedback geben", "Coaching", "Konfliktlösung",
                      "Präsentieren")
_PILOT_SKILLS = ("Kanban", "Retrospektiven", "Daily Stand-up", "Feedback geben")

_SERVICE_PROFILE = {
    "Beschwerdemanagement": 2.2, "Deeskalation": 2.5, "Produktwissen Kfz": 2.4,
    "Produktwissen Hausrat & Wohngebäude": 2.0, "Schadenaufnahme": 2.3,
    "Telefonische Beratung": 3.0, "Schriftliche Kundenkommunikation": 2.2,
    "CRM Salesforce": 2.4, "Ticketsystem": 2.6, "Telefonanlage": 2.6, "Wissensdatenbank": 2.0,
    "Excel": 1.0, "Kanban": 0.4, "Scrum": 0.2, "Retrospektiven": 0.3, "Daily Stand-up": 0.5,
    "Feedback geben": 1.3, "Wissen weitergeben": 1.4, "Konfliktlösung": 1.5,
}
# Mean level of a typical member per kind of department; skills not listed are rarely rated.
_PROFILES: dict[str, dict[str, float]] = {
    "service1": _SERVICE_PROFILE,
    "service2": {**_SERVICE_PROFILE, "Beschwerdemanagement": 3.0, "Deeskalation": 2.8,
                 "Produktwissen Kfz": 3.0, "Produktwissen Hausrat & Wohngebäude": 2.8,
                 "Schadenaufnahme": 2.8, "Telefonische Beratung": 2.6,
                 "Schriftliche Kundenkommunikation": 2.8, "CRM Salesforce": 2.8,
                 "Ticketsystem": 3.0, "Telefonanlage": 2.0, "Wissensdatenbank": 2.8,
                 "Excel": 1.6, "Kanban": 0.8, "Retrospektiven": 0.5, "Daily Stand-up": 0.7,
                 "Lean / kontinuierliche Verbesserung": 0.8, "Wissen weitergeben": 2.2},
    "backoffice": {"Schadenaufnahme": 3.0, "Produktwissen Kfz": 2.8,
                   "Produktwissen Hausrat & Wohngebäude": 3.0,
                   "Schriftliche Kundenkommunikation": 2.6, "Ticketsystem": 2.8,
                   "CRM Salesforce": 2.2, "Excel": 1.8, "Beschwerdemanagement": 2.0,
                   "Wissensdatenbank": 2.2, "Kanban": 0.6, "Lean / kontinuierliche "
                   "Verbesserung": 0.8, "Wissen weitergeben": 1.6},
    "kam": {"CRM Salesforce": 3.0, "Excel": 2.6, "Präsentieren": 2.8, "Produktwissen Kfz": 2.8,
            "Produktwissen Hausrat & Wohngebäude": 2.5, "Beschwerdemanagement": 2.2,
            "Deeskalation": 2.3, "Telefonische Beratung": 2.5,
            "Schriftliche Kundenkommunikation": 2.6, "Moderation": 1.8, "Feedback geben": 1.8,
            "Konfliktlösung": 2.0, "User Stories": 0.5, "Scrum": 0.5, "Design Thinking": 0.7,
            "Power BI": 1.0},
    "sales": {"CRM Salesforce": 2.8, "Excel": 2.2, "Präsentieren": 2.5,
              "Produktwissen Kfz": 2.6, "Produktwissen Hausrat & Wohngebäude": 2.4,
              "Telefonische Beratung": 2.8, "Schriftliche Kundenkommunikation": 2.0,
              "Power BI": 0.8, "Feedback geben": 1.5, "Konfliktlösung": 1.5, "Scrum": 0.3},
    "product": {"Scrum": 2.3, "Kanban": 1.8, "Retrospektiven": 2.0, "User Stories": 2.7,
                "Daily Stand-up": 2.2, "Design Thinking": 2.0,
                "Lean / kontinuierliche Verbesserung": 1.5, "Jira": 2.6, "Excel": 2.8,
                "Power BI": 2.0, "Produktwissen Kfz": 3.0,
                "Produktwissen Hausrat & Wohngebäude": 3.0, "Präsentieren": 2.6,
                "Moderation": 2.2, "Feedback geben": 2.0, "Wissensdatenbank": 1.8},
    "it": {"Scrum": 2.2, "Kanban": 2.4, "Retrospektiven": 1.9, "User Stories": 2.0,
           "Daily Stand-up": 2.6, "Lean / kontinuierliche Verbesserung": 1.2, "Jira": 3.0,
           "Ticketsystem": 3.0, "Excel": 2.4, "Telefonanlage": 2.2, "CRM Salesforce": 2.2,
           "Power BI": 1.8, "Wissensdatenbank": 2.4, "Feedback geben": 1.5,
           "Wissen weitergeben": 2.0, "Moderation": 1.0},
    "hr": {"Moderation": 2.6, "Feedback geben": 3.0, "Coaching": 2.6, "Konfliktlösung": 2.6,
           "Präsentieren": 2.4, "Excel": 2.2, "Wissen weitergeben": 2.4, "Retrospektiven": 1.0,
           "Design Thinking": 0.8, "Scrum": 0.6, "Kanban": 0.5},
    "quality": {"Beschwerdemanagement": 3.0, "Excel": 2.8, "Power BI": 2.2,
                "Lean / kontinuierliche Verbesserung": 2.0, "Wissensdatenbank": 2.8,
                "Feedback geben": 2.8, "Coaching": 2.4, "Wissen weitergeben": 3.0,
                "Moderation": 2.2, "Telefonische Beratung": 2.4, "Produktwissen Kfz": 2.6,
                "Produktwissen Hausrat & Wohngebäude": 2.6, "Kanban": 0.8,
                "Retrospektiven": 1.0},
    "finance": {"Excel": 3.2, "Power BI": 2.6, "Präsentieren": 1.8,
                "Lean / kontinuierliche Verbesserung": 1.0, "Jira": 0.4},
    "marketing": {"Präsentieren": 2.6, "Design Thinking": 1.6, "Excel": 2.0, "Power BI": 1.6,
                  "Schriftliche Kundenkommunikation": 2.8, "CRM Salesforce": 1.8,
                  "Kanban": 1.2, "Scrum": 0.8, "User Stories": 1.0},
    "top": {"Präsentieren": 3.2, "Moderation": 3.0, "Feedback geben": 2.6, "Coaching": 2.2,
            "Konfliktlösung": 2.8, "Excel": 2.2, "Power BI": 1.4, "Scrum": 0.8,
            "Design Thinking": 1.0},
}
# Skills in which experience on the job raises the level.
_EXPERIENCE_SKILLS = frozenset(name for name, category, _desc in SKILLS
                               if category in (SERVICE, TOOLS))

# Attitude distributions over -2..+2 by kind of department.
_ATTITUDES = (-2, -1, 0, 1, 2)
_ATTITUDE_WEIGHTS = {
    "service1": (12, 22, 33, 20, 13),
    "service2": (9, 19, 35, 24, 13),
    "backoffice": (12, 22, 36, 20, 10),
    "it": (4, 10, 30, 31, 25),
    "product": (3, 9, 28, 33, 27),
    "hr": (4, 10, 32, 32, 22),
}
_DEFAULT_ATTITUDE_WEIGHTS = (7, 16, 37, 25, 15)

_STRENGTHS = (1.0,) * 3 + (2.0,) * 5 + (3.0,) * 2

PILOTS = (
    ("Agiles Team Schadenmeldung", "Kundenservice 1st Level", "running"),
    ("Kanban im 2nd Level", "Kundenservice 2nd Level", "succeeded"),
    ("Kundenteam Key Account Nord", "Key Account Management", "planned"),
)


# -- the organisation --------------------------------------------------------------------

class _P:
    """A person while the organisation is built (int indices, hidden traits)."""

    __slots__ = ("dept", "kind", "role", "groups", "manager", "female", "experience",
                 "attract", "bridge", "name", "title", "attitude", "daily", "availability",
                 "notes")

    def __init__(self, dept: int, kind: str, role: str, manager: int | None) -> None:
        self.dept, self.kind, self.role, self.manager = dept, kind, role, manager
        self.groups: list[int] = []
        self.female = False
        self.experience = 0
        self.attract = 1.0
        self.bridge = False
        self.name = self.title = self.notes = ""
        self.attitude: int | None = None
        self.daily = False
        self.availability = 100


def _rating_recipe(kind: str, lead_like: bool
                   ) -> list[tuple[int, str, float | None, bool, bool]]:
    """Per skill: (skill id, name, mean level or None if rarely rated, grows with experience,
    is a skill the pilots need)."""
    profile = _PROFILES[kind]
    recipe = []
    for s, (name, _category, _desc) in enumerate(SKILLS):
        mean = profile.get(name)
        if lead_like and name in _LEADERSHIP_SKILLS:
            mean = (mean if mean is not None else 1.0) + 1.0
        recipe.append((s + 1, name, mean, name in _EXPERIENCE_SKILLS, name in _PILOT_SKILLS))
    return recipe


def _apportion(total: int, shares: list[float]) -> list[int]:
    """Split ``total`` by ``shares`` (largest remainder), at least one each."""
    raw = [total * s / sum(shares) for s in shares]
    sizes = [max(1, int(r)) for r in raw]
    order = sorted(range(len(shares)), key=lambda i: raw[i] - int(raw[i]), reverse=True)
    i = 0
    while sum(sizes) < total:
        sizes[order[i % len(order)]] += 1
        i += 1
    while sum(sizes) > total:
        biggest = max(range(len(sizes)), key=sizes.__getitem__)
        sizes[biggest] -= 1
    return sizes


def _team_sizes(rng: random.Random, total: int) -> list[int]:
    """Split ``total`` people into teams of about 8-12 (lead included)."""
    n = max(1, round(total / 10.5))
    sizes = [total // n + (1 if i < total % n else 0) for i in range(n)]
    for _step in range(n):
        a, b = rng.randrange(n), rng.randrange(n)
        if a != b and sizes[a] > 8 and sizes[b] < 12:
            sizes[a] -= 1
            sizes[b] += 1
    return sizes


class _Builder:
    def __init__(self, rng: random.Random, n: int) -> None:
        self.rng = rng
        self.n = n
        self.people: list[_P] = []
        self.groups: list[list[int]] = []
        self.dept_names: list[str] = []
        self.dept_kinds: list[str] = []
        self.dept_members: list[list[int]] = []

    def add(self, dept: int, role: str, manager: int | None, *groups: int) -> int:
        index = len(self.people)
        person = _P(dept, self.dept_kinds[dept], role, manager)
        self.people.append(person)
        self.dept_members[dept].append(index)
        for group in groups:
            person.groups.append(group)
            self.groups[group].append(index)
        return index

    def new_group(self) -> int:
        self.groups.append([])
        return len(self.groups) - 1

    def new_department(self, name: str, kind: str) -> int:
        self.dept_names.append(name)
        self.dept_kinds.append(kind)
        self.dept_members.append([])
        return len(self.dept_names) - 1

    def build_structure(self) -> None:
        table = _DEPARTMENTS_LARGE if self.n >= LARGE_ORGANISATION else _DEPARTMENTS_SMALL
        top_staff = self.n // 2500
        sizes = _apportion(self.n - 1 - top_staff, [share for _n, _k, share, _f in table])
        top_dept = self.new_department(TOP_DEPARTMENT, "top")
        management = self.new_group()
        top = self.add(top_dept, "top", None, management)
        for _i in range(top_staff):
            self.add(top_dept, "staff", top, management)
        for (name, kind, _share, _female), size in zip(table, sizes, strict=True):
            self.build_department(self.new_department(name, kind), size, top, management)

    def build_department(self, dept: int, size: int, top: int, management: int) -> None:
        circle = self.new_group()
        head = self.add(dept, "head", top, circle, management)
        rest = size - 1
        if rest <= 12:
            for _i in range(rest):
                self.add(dept, "member", head, circle)
            return
        n_sections = round(rest / 100) if rest >= 150 else 0
        team_sizes = _team_sizes(self.rng, rest - n_sections)
        section_circles = []
        for _i in range(n_sections):
            section_circle = self.new_group()
            section_circles.append((self.add(dept, "section", head, section_circle, circle),
                                    section_circle))
        for t, team_size in enumerate(team_sizes):
            if section_circles:
                boss, boss_circle = section_circles[t * n_sections // len(team_sizes)]
            else:
                boss, boss_circle = head, circle
            team = self.new_group()
            lead = self.add(dept, "lead", boss, team, boss_circle)
            for _i in range(team_size - 1):
                self.add(dept, "member", lead, team)

    def fill_people(self) -> None:
        rng = self.rng
        female_share = {name: female for name, _k, _s, female in
                        _DEPARTMENTS_SMALL + _DEPARTMENTS_LARGE}
        fixed = {}
        for dept_name, female, name in _FIXED_NAMES:
            if dept_name in self.dept_names:
                members = self.dept_members[self.dept_names.index(dept_name)]
                leads = [i for i in members if self.people[i].role == "lead"]
                others = [i for i in members if self.people[i].role != "head"]
                if leads or others:
                    fixed[(leads or others)[0]] = (female, name)
        for index, p in enumerate(self.people):
            dept_name = self.dept_names[p.dept]
            p.female = rng.random() < female_share.get(dept_name, 0.5)
            p.name = _make_name(rng, p.female)
            if index in fixed:
                p.female, p.name = fixed[index]
            base = rng.expovariate(1 / 7)
            bonus = {"top": 14, "staff": 2, "head": 8, "section": 7, "lead": 4}.get(p.role, 0)
            p.experience = min(40, int(base + bonus))
            p.title = self.title(p)
            lead_like = p.role in ("top", "head", "section", "lead")
            # Approachability is heavy-tailed: a few people everyone asks (the hubs).
            p.attract = ((1.0 + p.experience / 6) * rng.paretovariate(2.2)
                         * (2.5 if lead_like else 1.0))
            p.bridge = rng.random() < (0.25 if lead_like else 0.04)
            unknown = rng.random() < (0.06 if lead_like else 0.165)
            if not unknown:
                weights = _ATTITUDE_WEIGHTS.get(p.kind, _DEFAULT_ATTITUDE_WEIGHTS)
                p.attitude = rng.choices(_ATTITUDES, weights=weights)[0]
                if p.experience >= 12 and p.kind.startswith("service") and rng.random() < 0.3:
                    p.attitude = rng.choice((-2, -1))  # "we have always done it this way"
                if p.role == "top":
                    p.attitude = rng.choice((1, 2))  # the sponsor of the change
            p.availability = 100 if rng.random() < 0.62 or lead_like else rng.choice(
                (50, 60, 70, 75, 80, 90))
            if rng.random() < 0.045:
                p.notes = rng.choice(_NOTES)
        self.mark_daily_business()

    def mark_daily_business(self) -> None:
        """About 20 % keep the daily business running: mostly experienced agents."""
        rng = self.rng
        target = round(0.2 * self.n)
        scored = []
        for index, p in enumerate(self.people):
            if p.role == "member" and p.kind in ("service1", "service2", "backoffice"):
                scored.append((p.experience + 6 * rng.random(), index))
            elif p.role == "member" and p.title.startswith("Systemadmin"):
                scored.append((p.experience * 0.6 + 6 * rng.random(), index))
        scored.sort(reverse=True)
        for _score, index in scored[:target]:
            self.people[index].daily = True

    def title(self, p: _P) -> str:
        dept_name = self.dept_names[p.dept]
        if p.role == "top":
            return ("Bereichsleiterin Kundenservice & Vertrieb" if p.female
                    else "Bereichsleiter Kundenservice & Vertrieb")
        if p.role == "staff":
            return "Referentin der Bereichsleitung" if p.female else "Referent der Bereichsleitung"
        if p.role == "head":
            return (f"Abteilungsleiterin {dept_name}" if p.female
                    else f"Abteilungsleiter {dept_name}")
        if p.role == "section":
            return (f"Gruppenleiterin {dept_name}" if p.female
                    else f"Gruppenleiter {dept_name}")
        if p.role == "lead":
            return _LEAD_TITLES[p.kind][1 if p.female else 0]
        options = ([t for t in _MEMBER_TITLES[p.kind] if p.experience >= t[3]]
                   or list(_MEMBER_TITLES[p.kind][:1]))
        chosen = self.rng.choices(options, weights=[t[2] for t in options])[0]
        return chosen[1] if p.female else chosen[0]

    # -- ties ---------------------------------------------------------------------------

    def build_ties(self) -> list[tuple[int, int, str, float]]:
        rng, people = self.rng, self.people
        attract = [p.attract for p in people]
        group_cum = [list(itertools.accumulate(attract[i] for i in g)) for g in self.groups]
        dept_cum = [list(itertools.accumulate(attract[i] for i in m))
                    for m in self.dept_members]
        bridge_cum = [list(itertools.accumulate(attract[i] * (4.0 if people[i].bridge else 1.0)
                                                for i in m)) for m in self.dept_members]
        partner_depts, partner_cum = [], []
        for d, kind in enumerate(self.dept_kinds):
            others = [e for e in range(len(self.dept_kinds)) if e != d
                      and _INTERFACES.get(kind, {}).get(self.dept_kinds[e], 0) > 0]
            weights = [_INTERFACES[kind][self.dept_kinds[e]]
                       * len(self.dept_members[e]) ** 0.5 for e in others]
            partner_depts.append(others)
            partner_cum.append(list(itertools.accumulate(weights)))

        ties: list[tuple[int, int, str, float]] = []
        seen: set[tuple[int, int, str]] = set()

        def tie(source: int, target: int, relation: str, weight: float) -> None:
            key = (source, target, relation)
            if source != target and key not in seen:
                seen.add(key)
                ties.append((source, target, relation, weight))

        def strength() -> float:
            # Tie strength 1 (weak) .. 3 (strong), mostly medium.
            return _STRENGTHS[int(rng.random() * len(_STRENGTHS))]

        def cross_target(d: int) -> int | None:
            if not partner_depts[d]:
                return None
            e = rng.choices(partner_depts[d], cum_weights=partner_cum[d])[0]
            return rng.choices(self.dept_members[e], cum_weights=bridge_cum[e])[0]

        for i, p in enumerate(people):
            if p.manager is not None:
                tie(i, p.manager, "reports_to", 1.0)
            team = p.groups[0]
            members, cum = self.groups[team], group_cum[team]
            if len(members) > 1:
                k = 3 + (rng.random() < 0.7) + (rng.random() < 0.4)
                for target in rng.choices(members, cum_weights=cum, k=k):
                    tie(i, target, "advice", strength())
                for target in rng.choices(members, k=1 + (rng.random() < 0.8)):
                    tie(i, target, "collaboration", strength())
                if rng.random() < 0.6:
                    tie(i, rng.choice(members), "trust", strength())
            for circle in p.groups[1:]:
                for target in rng.choices(self.groups[circle], cum_weights=group_cum[circle],
                                          k=2):
                    tie(i, target, rng.choice(("advice", "information")), strength())
            dept_members = self.dept_members[p.dept]
            if len(dept_members) > 1:
                k = 1 + (rng.random() < 0.8) + (rng.random() < 0.5)
                for target in rng.choices(dept_members, cum_weights=dept_cum[p.dept], k=k):
                    tie(i, target, "advice" if rng.random() < 0.55 else "information",
                        strength())
                if rng.random() < 0.5:
                    tie(i, rng.choice(dept_members), "trust", strength())
            if p.bridge:
                n_cross = rng.randint(3, 5)
            elif p.role == "member":
                n_cross = 1 if rng.random() < 0.3 else 0
            else:
                n_cross = rng.randint(1, 2)
            for _k in range(n_cross):
                target = cross_target(p.dept)
                if target is not None:
                    relation = rng.choices(("information", "collaboration", "advice", "trust"),
                                           weights=(4, 3, 2, 1))[0]
                    tie(i, target, relation, strength())
        return ties

    # -- skills -------------------------------------------------------------------------

    def build_ratings(self) -> list[domain.Rating]:
        rng, people = self.rng, self.people
        ids = self.person_ids()
        rating = domain.Rating
        gauss, random_ = rng.gauss, rng.random
        recipes: dict[tuple[str, bool], list[tuple[int, str, float | None, bool, bool]]] = {}
        ratings = []
        for i, p in enumerate(people):
            lead_like = p.role in ("top", "head", "section", "lead")
            recipe = recipes.get((p.kind, lead_like))
            if recipe is None:
                recipe = recipes[(p.kind, lead_like)] = _rating_recipe(p.kind, lead_like)
            experience_bonus = min(p.experience, 20) / 20 * 0.9 - 0.3
            transforming = self.dept_names[p.dept] == TRANSFORMING_DEPARTMENT
            eager = max(0, p.attitude or 0)
            for skill_id, name, mean, on_the_job, pilot_skill in recipe:
                if mean is None:
                    if random_() >= 0.05:
                        continue
                    mean = 0.6
                elif random_() >= 0.92:
                    continue
                if on_the_job:
                    mean += experience_bonus
                level = min(4, max(0, round(mean + gauss(0, 0.75))))
                target = None
                if transforming and pilot_skill and random_() < 0.55:
                    target = max(level + 1, 2)
                elif lead_like and name in ("Moderation", "Coaching") and random_() < 0.5:
                    target = max(level + 1, 3)
                if target is not None and target > 4:
                    target = None
                wants = level < 3 and random_() < 0.05 + 0.07 * eager + (
                    0.08 if pilot_skill and eager else 0.0)
                ratings.append(rating(person_id=ids[i], skill_id=skill_id, level=level,
                                      target=target, wants_to_learn=wants))
        return ratings

    def person_ids(self) -> list[str]:
        width = max(5, len(str(self.n)))
        return [f"P{i + 1:0{width}d}" for i in range(len(self.people))]


#: The year the demo's earlier levels are dated in (fixed: same seed, same plan).
HISTORY_YEAR = 2026


def generate(people: int = 120, seed: int = 1) -> DemoData:
    """Generate the demo organisation.

    Args:
        people: headcount, :data:`MIN_PEOPLE` .. :data:`MAX_PEOPLE`.
        seed: the same seed (and headcount) always gives the same organisation.

    Raises:
        ValueError: ``people`` is out of range.
    """
    if not MIN_PEOPLE <= people <= MAX_PEOPLE:
        raise ValueError(f"people must be between {MIN_PEOPLE} and {MAX_PEOPLE}")
    rng = random.Random(seed)
    builder = _Builder(rng, people)
    builder.build_structure()
    builder.fill_people()
    raw_ties = builder.build_ties()
    ratings = builder.build_ratings()
    ids = builder.person_ids()
    persons = tuple(
        domain.Person(
            id=ids[i], name=p.name, department=builder.dept_names[p.dept], title=p.title,
            team_lead=p.role in ("top", "head", "section", "lead"),
            manager_id=ids[p.manager] if p.manager is not None else None,
            attitude=p.attitude, daily_business=p.daily, availability=p.availability,
            notes=p.notes)
        for i, p in enumerate(builder.people))
    ties = tuple(domain.Tie(source=ids[s], target=ids[t], relation=r, weight=w)
                 for s, t, r, w in raw_ties)
    skills = tuple(domain.Skill(id=i + 1, name=name, category=category, description=desc)
                   for i, (name, category, desc) in enumerate(SKILLS))
    # A separate random stream: adding these did not change the rest of the demo.
    extra = random.Random(seed * 7919 + 17)
    history = _history(extra, ratings)
    work = _change_work(random.Random(seed * 104_729 + 29), persons, ties, skills)
    return DemoData(name=PLAN_NAME, people=persons, ties=ties, skills=skills,
                    ratings=tuple(ratings), pilots=tuple(d.pilot for d in work.pilots),
                    transforming_department=TRANSFORMING_DEPARTMENT,
                    requirements=_requirements(skills, persons), history=history,
                    pilot_details=work.pilots, goals=work.goals, measures=work.measures,
                    impacts=work.impacts, statements=work.statements, ideas=work.ideas)


# Required levels per department (the requirement profiles HR and department heads keep).
_DEPARTMENT_REQUIREMENTS = {
    "Kundenservice 1st Level": {"Telefonische Beratung": 3, "Ticketsystem": 3,
                                "Beschwerdemanagement": 2, "Deeskalation": 2,
                                "Daily Stand-up": 2, "Kanban": 2},
    "Kundenservice 2nd Level": {"Beschwerdemanagement": 3, "Schadenaufnahme": 3,
                                "Ticketsystem": 3, "Kanban": 2, "Retrospektiven": 2},
    "Key Account Management": {"CRM Salesforce": 3, "Präsentieren": 3,
                               "Telefonische Beratung": 3},
    "Vertrieb": {"CRM Salesforce": 3, "Präsentieren": 2},
    "IT": {"Jira": 3, "Scrum": 3, "User Stories": 2},
    "Produktmanagement": {"User Stories": 3, "Scrum": 2, "Design Thinking": 2},
    "HR": {"Moderation": 3, "Coaching": 2},
}
# Required levels for every team lead's title.
_LEAD_REQUIREMENTS = {"Moderation": 3, "Feedback geben": 3, "Coaching": 2}


def _requirements(skills: tuple[domain.Skill, ...],
                  people: tuple[domain.Person, ...]) -> tuple[domain.Requirement, ...]:
    ids = {s.name: s.id for s in skills}
    departments = {p.department for p in people}
    found = [domain.Requirement("department", department, ids[name], level)
             for department, levels in _DEPARTMENT_REQUIREMENTS.items()
             if department in departments for name, level in levels.items()]
    lead_titles = sorted({p.title for p in people if p.team_lead and p.title})
    found += [domain.Requirement("title", title, ids[name], level)
              for title in lead_titles for name, level in _LEAD_REQUIREMENTS.items()]
    return tuple(found)


def _history(rng: random.Random,
             ratings: list[domain.Rating]) -> tuple[domain.RatingChange, ...]:
    """Earlier, lower levels for about a third of the ratings, dated January to October."""
    changes = []
    for r in ratings:
        if r.level == 0 or rng.random() >= 0.35:
            continue
        month = rng.randint(4, 10)
        changes.append(domain.RatingChange(r.person_id, r.skill_id, r.level - 1,
                                           f"{HISTORY_YEAR}-{month:02d}-15 09:00:00"))
        if r.level >= 2 and rng.random() < 0.3:
            earlier = rng.randint(1, month - 1)
            changes.append(domain.RatingChange(r.person_id, r.skill_id, r.level - 2,
                                               f"{HISTORY_YEAR}-{earlier:02d}-15 09:00:00"))
    return tuple(changes)


# -- pilots, goals and ideas ----------------------------------------------------------------

# Goals: (title, priority, description). The last one no measure serves yet.
_GOALS = (
    ("Erreichbarkeit verbessern", 1,
     "80 % der Anrufe werden innerhalb von 20 Sekunden angenommen; Rückrufe erfolgen binnen "
     "zwei Stunden."),
    ("Anliegen beim ersten Kontakt lösen", 1,
     "Die Erstlösungsquote steigt auf 75 %: Kundinnen und Kunden müssen nicht ein zweites "
     "Mal anrufen."),
    ("Schäden schneller regulieren", 2,
     "Schadenmeldungen werden in höchstens fünf Arbeitstagen abschließend bearbeitet."),
    ("Kundenzufriedenheit steigern", 2,
     "Die Zufriedenheit nach dem Kontakt (CSAT) erreicht 85 %."),
    ("Proaktiv informieren", 3,
     "Kundinnen und Kunden erfahren von sich aus, wie es um ihr Anliegen steht, etwa per SMS "
     "oder E-Mail, wenn sich bei ihrem Schaden etwas tut."),
)
# Measures: (title, kind, owner's department (its head), due, status, {goal no.: impact}).
# The last one serves no goal; "Fallabschließende Bearbeitung" hurts the reachability.
_MEASURES = (
    ("Rückrufservice in der Telefonanlage", "technical", "IT", "2026-04-30", "done",
     {1: 3, 4: 1}),
    ("Schichtplanung nach Anrufaufkommen", "process", TRANSFORMING_DEPARTMENT, "2026-07-31",
     "in_progress", {1: 2}),
    ("Wissensdatenbank überarbeiten", "organisational", "Kundenservice 2nd Level",
     "2026-09-30", "in_progress", {2: 3, 4: 1}),
    ("Fallabschließende Bearbeitung im 1st Level", "organisational", TRANSFORMING_DEPARTMENT,
     "2026-12-31", "in_progress", {2: 2, 3: 1, 1: -1}),
    ("Digitale Schadenmeldung mit Foto-Upload", "technical", "IT", "2027-03-31", "planned",
     {3: 3, 4: 1}),
    ("Schulung Deeskalation und Beschwerdegespräche", "people", "HR", "2026-10-31", "done",
     {4: 2}),
    ("Neues Layout für das Intranet", "technical", "IT", "2026-11-30", "planned", {}),
)
# Answers of six employees to "what are our service goals?" (dated September).
_STATEMENTS = (
    "Besser erreichbar sein: schneller ans Telefon gehen, damit niemand lange in der "
    "Warteschleife hängt.",
    "Möglichst viele Anliegen gleich beim ersten Kontakt lösen, damit die Kunden nicht noch "
    "einmal anrufen müssen.",
    "Die Bearbeitungszeit pro Vorgang senken und Kosten sparen.",
    "Zufriedene Kunden – und Schäden sollen schneller reguliert werden.",
    "Ehrlich gesagt: die Quote erfüllen, die uns die Teamleitung vorgibt.",
    "Freundlich und erreichbar sein und den Kunden beim ersten Anruf helfen.",
)

# Pilots: attributes beyond PILOTS, by name.
_PILOT_FACTS: dict[str, dict] = {
    "Agiles Team Schadenmeldung": dict(
        team="Team Schadenmeldung",
        purpose="Ein crossfunktionales Team bearbeitet Kfz- und Hausratschäden von der "
                "Meldung bis zur Regulierung – ohne Übergaben zwischen 1st Level, "
                "Sachbearbeitung und Gutachtern.",
        customer_a_share=0.75, agreement=0.55, certainty=0.6, agile=True,  # complex
        start="2026-02-02", end="2027-03-26", goals=(2, 3, 4), size=6,
        skills=(("Kanban", 3), ("Daily Stand-up", 3), ("Schadenaufnahme", 3),
                ("Retrospektiven", 2), ("Deeskalation", 2)),
    ),
    "Kanban im 2nd Level": dict(
        team="Team Reklamationen",
        purpose="Die Tickets des 2nd Level auf einem Kanban-Board sichtbar machen, die Menge "
                "paralleler Arbeit begrenzen und den Rückstau abbauen.",
        customer_a_share=0.6, agreement=0.2, certainty=0.15, agile=True,  # simple: a warning
        start="2026-03-02", end="2026-08-28", goals=(2,), size=4,
        skills=(("Kanban", 3), ("Ticketsystem", 3), ("Beschwerdemanagement", 2)),
    ),
    "Kundenteam Key Account Nord": dict(
        team="Kundenteam Nord",
        purpose="Ein Team aus Key Account, Schadenbearbeitung und Vertrieb betreut "
                "ausgewählte Flottenkunden gemeinsam statt über einen einzelnen Betreuer.",
        customer_a_share=0.3, agreement=0.25, certainty=0.5, agile=True,  # complicated, B
        start="2027-01-11", end="2027-06-30", goals=(4,), size=3,
        skills=(("CRM Salesforce", 3), ("Präsentieren", 2), ("Scrum", 2)),
    ),
}
_MONTH_ENDS = ("2026-02-27", "2026-03-31", "2026-04-30", "2026-05-29", "2026-06-30",
               "2026-07-31", "2026-08-31", "2026-09-30", "2026-10-30")
# KPIs per pilot: (name, unit, baseline, target, [(date, value), ...]).
_KPIS: dict[str, tuple] = {
    "Agiles Team Schadenmeldung": (
        # Lower is better: handling time goes down.
        ("Durchlaufzeit Schadenmeldung", "Tage", 12.0, 5.0, tuple(zip(
            _MONTH_ENDS, (12.0, 11.4, 10.1, 9.6, 8.8, 8.9, 8.1, 7.6, 7.2), strict=True))),
        ("Erstlösungsquote", "%", 58.0, 75.0, tuple(zip(
            _MONTH_ENDS, (58.0, 59.0, 61.0, 60.0, 62.0, 63.0, 62.0, 64.0, 65.0), strict=True))),
        ("Kundenzufriedenheit (CSAT)", "%", 72.0, 85.0, tuple(zip(
            _MONTH_ENDS, (72.0, 71.0, 74.0, 75.0, 77.0, 76.0, 79.0, 80.0, 81.0), strict=True))),
    ),
    "Kanban im 2nd Level": (
        ("Offene Tickets im Rückstau", "Tickets", 140.0, 60.0, tuple(zip(
            _MONTH_ENDS[1:7], (140.0, 126.0, 104.0, 88.0, 71.0, 57.0), strict=True))),
        ("Abgeschlossene Tickets pro Woche", "Tickets", 180.0, 220.0, tuple(zip(
            _MONTH_ENDS[1:7], (178.0, 186.0, 197.0, 205.0, 214.0, 224.0), strict=True))),
    ),
    "Kundenteam Key Account Nord": (
        ("Reaktionszeit auf Anfragen", "Stunden", 24.0, 8.0, (("2026-10-30", 23.5),)),
        ("Zufriedenheit der Flottenkunden", "Punkte (0–10)", 7.1, 8.0, ()),
    ),
}
# Milestones: (date, title, done).
_MILESTONES: dict[str, tuple] = {
    "Agiles Team Schadenmeldung": (
        ("2026-02-02", "Kick-off mit Team und Sponsor", True),
        ("2026-03-13", "Board, Daily und WIP-Limits eingeführt", True),
        ("2026-06-30", "Halbzeit-Review: erste Kennzahlen mit dem Sponsor", True),
        ("2026-11-30", "Digitale Schadenmeldung angebunden", False),
        ("2027-03-26", "Abschlussreview und Entscheidung über das Ausrollen", False),
    ),
    "Kanban im 2nd Level": (
        ("2026-03-02", "Kanban-Board für Tickets und Übergaben aufgebaut", True),
        ("2026-05-29", "WIP-Limits nach den Durchlaufzeiten angepasst", True),
        ("2026-08-28", "Abschluss: Board an alle Teams des 2nd Level übergeben", True),
    ),
    "Kundenteam Key Account Nord": (
        ("2026-12-11", "Pilotkunden auswählen (nur Kunden vom Typ A)", False),
        ("2027-01-11", "Start mit den ersten zwei Flottenkunden", False),
    ),
}
# Wins: (date, what, who); "{lead}" and "{member}" name people of the team.
_WINS: dict[str, tuple] = {
    "Agiles Team Schadenmeldung": (
        ("2026-03-20", "Erste Woche ohne Rückstau bei neuen Schadenmeldungen",
         "Team Schadenmeldung"),
        ("2026-05-12", "Eine Kundin bedankt sich schriftlich für die schnelle Regulierung "
                       "ihres Wasserschadens", "{member}"),
        ("2026-08-31", "Durchlaufzeit erstmals unter 8,5 Tagen", "Team Schadenmeldung"),
    ),
    "Kanban im 2nd Level": (
        ("2026-05-08", "Rückstau um ein Viertel gesunken – Frühstück fürs ganze Team",
         "{lead}"),
        ("2026-08-28", "Ziel erreicht: weniger als 60 Tickets im Rückstau", "Team Reklamationen"),
    ),
    "Kundenteam Key Account Nord": (),
}
# Deviations: (date, what happened, what we learned) – deliberately without a culprit.
_DEVIATIONS: dict[str, tuple] = {
    "Agiles Team Schadenmeldung": (
        ("2026-04-14", "Das Daily dauerte regelmäßig 30 statt 15 Minuten.",
         "Themen, die nicht alle betreffen, direkt danach in kleiner Runde klären; eine "
         "sichtbare Uhr hilft."),
        ("2026-07-21", "In der Urlaubszeit wurde das Board nicht gepflegt; zwei Schäden "
                       "blieben eine Woche liegen.",
         "Eine Vertretung für die Board-Pflege festlegen und das WIP-Limit auch bei "
         "Unterbesetzung einhalten."),
    ),
    "Kanban im 2nd Level": (
        ("2026-04-02", "Das WIP-Limit war zu knapp: Fachspezialisten warteten auf Arbeit.",
         "WIP-Limits nach zwei Wochen anhand der gemessenen Durchlaufzeiten anpassen."),
    ),
    "Kundenteam Key Account Nord": (
        ("2026-10-20", "Zwei von fünf angefragten Flottenkunden wollen kein Team, sondern "
                       "ihren festen Ansprechpartner.",
         "Kunden vom Typ B bleiben in der gewohnten Struktur; der Pilot startet nur mit "
         "Kunden vom Typ A."),
    ),
}
# Proven processes kept for now: (name, note).
_PROVEN: dict[str, tuple] = {
    "Agiles Team Schadenmeldung": (
        ("Vier-Augen-Prinzip bei Regulierungen über 5.000 €",
         "Bleibt unverändert (Vorgabe der Revision)."),
        ("Zentrale Hotline-Nummer", "Kundinnen und Kunden wählen weiter die bekannte Nummer."),
    ),
    "Kanban im 2nd Level": (
        ("Eskalation an die IT über den Leitstand", "Bewährt; das Board zeigt nur den Stand."),
    ),
    "Kundenteam Key Account Nord": (
        ("Fester Ansprechpartner für Flottenkunden vom Typ B", "Wird nicht angetastet."),
    ),
}
# Ideas: (date, author: employee number or a customer, text, tags, status, decided, note,
# pilot name, measure no.). Employees 1-5 are drawn from the service departments; the
# same number is the same person (so "what became of your ideas" has several entries).
_IDEAS = (
    ("2026-02-11", 1, "Rückruf anbieten, statt Kunden in der Warteschleife warten zu lassen.",
     ("Erreichbarkeit", "Telefonie"), "implemented", "2026-03-05",
     "Umgesetzt mit dem Rückrufservice der Telefonanlage, seit April im Einsatz. Danke für "
     "den Anstoß!", None, 1),
    ("2026-02-19", "Frau S., Hausratkundin",
     "Ich musste meinen Wasserschaden dreimal schildern, weil jedes Mal jemand anderes am "
     "Telefon war.", ("Übergaben", "Schaden"), "adopted", "2026-03-10",
     "Fließt in das agile Team Schadenmeldung ein: Ein Team begleitet den Schaden von der "
     "Meldung bis zur Regulierung.", "Agiles Team Schadenmeldung", None),
    ("2026-03-03", 2, "Fotos vom Schaden direkt per Smartphone hochladen lassen, statt sie per "
                      "Post anzufordern.", ("Schaden", "Digitalisierung"), "adopted",
     "2026-04-14", "Als Maßnahme „Digitale Schadenmeldung mit Foto-Upload“ eingeplant.",
     None, 5),
    ("2026-03-17", 3, "Ein gemeinsames Kanban-Board für 1st und 2nd Level, damit Übergaben "
                      "sichtbar werden.", ("Kanban", "Übergaben"), "implemented",
     "2026-04-02", "Im Pilot „Kanban im 2nd Level“ umgesetzt.", "Kanban im 2nd Level", None),
    ("2026-04-08", "Herr K., Kfz-Kunde",
     "Warum bekomme ich keine Nachricht, wenn sich bei meinem Schaden etwas tut?",
     ("Information", "Schaden"), "in_review", "", "", None, None),
    ("2026-04-22", 3, "Artikel der Wissensdatenbank direkt aus dem Ticket heraus verbessern "
                      "können.", ("Wissensdatenbank", "Ticketsystem"), "in_review", "", "",
     None, 3),
    ("2026-05-06", 1, "Den Schichtplan nach dem tatsächlichen Anrufaufkommen am Montagmorgen "
                      "ausrichten.", ("Erreichbarkeit", "Schichtplan"), "adopted",
     "2026-05-20", "Wird mit der neuen Schichtplanung umgesetzt.", None, 2),
    ("2026-05-28", 4, "Kostenlose Parkplätze für alle Mitarbeitenden.", ("Arbeitsplatz",),
     "rejected", "2026-06-18", "Leider nicht möglich: Die Parkfläche gehört dem Vermieter. "
     "Wir prüfen stattdessen ein Jobticket.", None, None),
    ("2026-06-15", "Frau A., Kfz-Kundin",
     "Die Warteschleife am Telefon ist zu lang, ich hänge oft zehn Minuten.",
     ("Erreichbarkeit", "Telefonie"), "implemented", "2026-06-30",
     "Rückrufservice und neue Schichtplanung haben die Wartezeit mehr als halbiert.", None, 1),
    ("2026-07-09", 5, "Einen Chat auf der Website rund um die Uhr mit einem Bot anbieten.",
     ("Digitalisierung", "Erreichbarkeit"), "rejected", "2026-08-12",
     "Jetzt nicht: Erst sollen die Anliegen beim ersten Kontakt gelöst werden; wir greifen "
     "die Idee 2027 wieder auf.", None, None),
    ("2026-09-02", 2, "Kurze Lernrunden: Fachspezialisten aus dem 2nd Level erklären dem 1st "
                      "Level knifflige Fälle.", ("Wissen", "Erstlösung"), "new", "", "", None,
     None),
    ("2026-10-20", "Firmenkunde, Fuhrpark Nord",
     "Wir möchten weiterhin einen festen Ansprechpartner und keine wechselnden Teams.",
     ("Key Account", "Ansprechpartner"), "new", "", "", "Kundenteam Key Account Nord", None),
    ("2026-11-12", 1, "Rückrufe auch samstags anbieten.", ("Erreichbarkeit", "Telefonie"),
     "new", "", "", None, None),
)
_STATEMENT_DATES = ("2026-09-07", "2026-09-07", "2026-09-08", "2026-09-08", "2026-09-09",
                    "2026-09-10")


@dataclass(frozen=True)
class _ChangeWork:
    pilots: tuple[domain.PilotDetail, ...]
    goals: tuple[domain.Goal, ...]
    measures: tuple[domain.Measure, ...]
    impacts: tuple[domain.Impact, ...]
    statements: tuple[domain.GoalStatement, ...]
    ideas: tuple[domain.Idea, ...]


def _change_work(rng: random.Random, people: tuple[domain.Person, ...],
                 ties: tuple[domain.Tie, ...],
                 skills: tuple[domain.Skill, ...]) -> _ChangeWork:
    """Pilots, goals, measures, statements and ideas, with people of the organisation."""
    by_dept: dict[str, list[domain.Person]] = {}
    for person in people:
        by_dept.setdefault(person.department, []).append(person)
    department_of = {p.id: p.department for p in people}

    def is_head(person: domain.Person) -> bool:
        return person.team_lead and department_of.get(person.manager_id) != person.department

    heads = {p.department: p for p in people if p.team_lead and is_head(p)}

    def team(department: str, size: int) -> list[domain.Person]:
        members = by_dept.get(department, [])
        leads = ([p for p in members if p.team_lead and not is_head(p)]
                 or [p for p in members if p.team_lead])
        if not leads:
            return []
        lead = min(leads, key=lambda p: (-(p.attitude or 0), p.id))
        others = [p for p in members if not p.team_lead and not p.daily_business]
        others.sort(key=lambda p: (p.manager_id != lead.id, -(p.attitude or 0), p.id))
        return [lead, *others[:size - 1]]

    skill_ids = {s.name: s.id for s in skills}
    goals = tuple(domain.Goal(id=i + 1, title=title, description=text, priority=priority)
                  for i, (title, priority, text) in enumerate(_GOALS))
    measures, impacts = [], []
    for i, (title, kind, owner_dept, due, status, serves) in enumerate(_MEASURES, start=1):
        owner = heads.get(owner_dept)
        measures.append(domain.Measure(id=i, title=title, kind=kind,
                                       owner=owner.name if owner else "", due=due,
                                       status=status))
        impacts += [domain.Impact(i, goal, score) for goal, score in sorted(serves.items())]

    crews = {name: team(department, _PILOT_FACTS[name]["size"])
             for name, department, _status in PILOTS if department in by_dept}
    on_a_team = {p.id for crew in crews.values() for p in crew}
    # Sponsors: influential leads of other departments than the one transformed (the kind
    # of person the change board's "lead" seat goes to), most sought out first.
    sought = Counter(t.target for t in ties if t.relation != "reports_to")
    sponsors = sorted((p for p in people if p.team_lead and p.manager_id is not None
                       and p.department != TRANSFORMING_DEPARTMENT
                       and p.id not in on_a_team),
                      key=lambda p: (-sought[p.id], p.id))
    details: list[domain.PilotDetail] = []
    kpi_id = measurement_id = milestone_id = win_id = deviation_id = process_id = 0
    for name, department, status in PILOTS:
        if department not in by_dept:
            continue
        facts = _PILOT_FACTS[name]
        pilot_id = len(details) + 1
        crew = crews[name]
        # Each pilot its own sponsor, from another department where possible.
        taken = {d.pilot.sponsor_id for d in details}
        free = [p for p in sponsors if p.id not in taken]
        sponsor = next((p for p in free if p.department != department),
                       free[0] if free else None)
        pilot = domain.Pilot(
            id=pilot_id, name=name, department=department, status=status, team=facts["team"],
            purpose=facts["purpose"], customer_a_share=facts["customer_a_share"],
            agreement=facts["agreement"], certainty=facts["certainty"], agile=facts["agile"],
            start=facts["start"], end=facts["end"],
            sponsor_id=sponsor.id if sponsor else None, goal_ids=facts["goals"])
        roles = ["Teamleitung", "Board-Pflege"] + ["Teammitglied"] * len(crew)
        members = [domain.PilotMember(pilot_id, p.id, roles[k]) for k, p in enumerate(crew)]
        if pilot_id == 1:  # the claims team has an IT contact
            it = next((p for p in by_dept.get("IT", []) if not p.team_lead
                       and not p.daily_business and (p.attitude or 0) >= 1), None)
            if it is not None:
                members.append(domain.PilotMember(pilot_id, it.id, "IT-Ansprechpartner"))
        kpis, measurements = [], []
        for kpi_name, unit, baseline, target, points in _KPIS[name]:
            kpi_id += 1
            kpis.append(domain.Kpi(kpi_id, pilot_id, kpi_name, unit, baseline, target))
            for day, value in points:
                measurement_id += 1
                measurements.append(domain.Measurement(measurement_id, kpi_id, day, value))
        milestones = []
        for day, title, done in _MILESTONES[name]:
            milestone_id += 1
            milestones.append(domain.Milestone(milestone_id, pilot_id, day, title, done))
        names = {"lead": crew[0].name if crew else "",
                 "member": crew[-1].name if crew else ""}
        wins = []
        for day, what, who in _WINS[name]:
            win_id += 1
            wins.append(domain.Win(win_id, pilot_id, day, what, who.format(**names)))
        deviations = []
        for day, what, learned in _DEVIATIONS[name]:
            deviation_id += 1
            deviations.append(domain.Deviation(deviation_id, pilot_id, day, what, learned))
        processes = []
        for process, note in _PROVEN[name]:
            process_id += 1
            processes.append(domain.ProvenProcess(process_id, pilot_id, process, note))
        details.append(domain.PilotDetail(
            pilot=pilot, members=tuple(members),
            skills=tuple(domain.PilotSkill(pilot_id, skill_ids[skill], level)
                         for skill, level in facts["skills"]),
            kpis=tuple(kpis), measurements=tuple(measurements), milestones=tuple(milestones),
            wins=tuple(wins), deviations=tuple(deviations),
            proven_processes=tuple(processes)))

    # Employees who speak up: service staff first (anybody in a tiny organisation).
    service = [p for p in people if not p.team_lead and p.department in (
        TRANSFORMING_DEPARTMENT, "Kundenservice 2nd Level")]
    pool = service if len(service) >= 6 else [p for p in people if p.manager_id] or list(people)
    chosen = rng.sample(pool, min(len(pool), 6))
    voices = [chosen[k % len(chosen)] for k in range(6)]
    statements = tuple(domain.GoalStatement(id=k + 1, respondent=voices[k].name, text=text,
                                            date=_STATEMENT_DATES[k])
                       for k, text in enumerate(_STATEMENTS))
    authors = rng.sample(pool, min(len(pool), 5))
    pilot_ids = {d.pilot.name: d.pilot.id for d in details}
    ideas = []
    for k, (day, author, text, tags, state, decided, note, pilot, measure) in enumerate(_IDEAS):
        if isinstance(author, int):
            person = authors[(author - 1) % len(authors)]
            name, person_id, source = person.name, person.id, "employee"
        else:
            name, person_id, source = author, None, "customer"
        ideas.append(domain.Idea(
            id=k + 1, text=text, author=name, person_id=person_id, date=day, tags=tags,
            source=source, status=state, decision_note=note, decided=decided,
            pilot_id=pilot_ids.get(pilot) if pilot else None, measure_id=measure))
    return _ChangeWork(pilots=tuple(details), goals=goals, measures=tuple(measures),
                       impacts=tuple(impacts), statements=statements, ideas=tuple(ideas))
