"""The fixed facts of the demo: clinics, providers, visit types, payers and prices.

Everything random in the seed is drawn from `random.Random` seeded with these values, so
the demo is the same on every machine. Names come from the short lists below rather than
Faker: Faker is a development dependency and its output changes between releases.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

D = Decimal
NO_COPAY = Decimal("0.00")

WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")


def _days(days: str, intervals: list[list[str]]) -> dict[str, list[list[str]]]:
    return dict.fromkeys(days.split(), intervals)


@dataclass(frozen=True)
class ProviderSpec:
    first_name: str
    last_name: str
    title: str
    specialty: str
    npi_prefix: str  # the first nine digits; the check digit is computed
    schedule: dict[str, list[list[str]]]
    languages: tuple[str, ...] = ("en",)
    status: str = "ACTIVE"
    accepting_new_patients: bool = True
    bio: str = ""


@dataclass(frozen=True)
class PlanSpec:
    name: str
    code: str
    plan_type: str


@dataclass(frozen=True)
class PayerSpec:
    key: str  # medicare / medicaid / commercial_a / commercial_b
    name: str
    payer_id: str
    payer_type: str
    appeal_address: tuple[str, str, str, str]  # line 1, city, state, postal code
    fax: str
    portal_url: str
    timely_filing_days: int
    appeal_deadline_days: int
    plans: tuple[PlanSpec, ...]
    copay: Decimal = NO_COPAY  # office-visit copay (commercial plans)
    percent_of_medicare: Decimal | None = None  # commercial contracts are priced off Medicare
    medicaid_factor: Decimal | None = None  # Medicaid pays a fixed fraction of Medicare, rounded


@dataclass(frozen=True)
class ClinicSpec:
    slug: str
    code: str  # prefix of MRNs and claim numbers
    name: str
    tier: str
    timezone: str
    email: str
    phone: str
    address: tuple[str, str, str, str]
    business_hours: dict[str, list[list[str]]]
    area_code: str
    providers: tuple[ProviderSpec, ...]
    payers: tuple[PayerSpec, ...]
    medicare_locality_factor: Decimal
    patient_count: int = 55
    languages: tuple[str, ...] = ("en",)
    staff: tuple[tuple[str, str], ...] = field(
        default=(("admin", "admin"), ("biller", "biller"), ("frontdesk", "front_desk"))
    )


# Visit types offered by both clinics: name → (minutes, new patients only).
VISIT_TYPES: dict[str, tuple[int, bool, str]] = {
    "New patient": (60, True, "First visit to establish care"),
    "Follow-up": (30, False, "Review of an ongoing condition"),
    "Annual physical": (45, False, "Preventive visit"),
    "Sick visit": (20, False, "Same-day visit for an acute problem"),
}

# Reasons a patient books, by visit type, with the ICD-10-CM codes billed for them.
REASONS: dict[str, tuple[tuple[str, tuple[str, ...]], ...]] = {
    "New patient": (
        ("Establish care, high blood pressure", ("I10",)),
        ("Establish care, type 2 diabetes", ("E119", "E785")),
        ("Establish care, back pain", ("M545",)),
        ("Establish care, heartburn", ("K219",)),
    ),
    "Follow-up": (
        ("Blood pressure follow-up", ("I10",)),
        ("Diabetes follow-up", ("E119", "I10")),
        ("Cholesterol review", ("E785",)),
        ("Back pain follow-up", ("M545",)),
        ("Anxiety follow-up", ("F419",)),
        ("Reflux follow-up", ("K219",)),
    ),
    "Annual physical": (("Annual physical", ("Z0000",)),),
    "Sick visit": (
        ("Sore throat", ("J029",)),
        ("Cough and congestion", ("J069",)),
        ("Painful urination", ("N390",)),
        ("Low back pain", ("M545",)),
    ),
}
REASON_DIAGNOSES: dict[str, tuple[str, ...]] = {
    reason: codes for reasons in REASONS.values() for reason, codes in reasons
}

# The Medicare physician fee schedule used by the demo (national non-facility amounts,
# rounded; a clinic's locality factor is applied on top) and the clinic's charges.
MEDICARE_FEES: dict[str, Decimal] = {
    "99202": D("72.50"), "99203": D("112.30"), "99204": D("168.40"), "99205": D("222.10"),
    "99211": D("23.40"), "99212": D("56.20"), "99213": D("90.10"), "99214": D("127.50"),
    "99215": D("179.60"), "99396": D("128.00"), "36415": D("3.00"), "81002": D("3.48"),
    "93000": D("16.60"), "G0439": D("131.30"), "87880": D("16.56"),
}
CHARGES: dict[str, Decimal] = {
    "99202": D("150.00"), "99203": D("225.00"), "99204": D("340.00"), "99205": D("440.00"),
    "99211": D("50.00"), "99212": D("115.00"), "99213": D("180.00"), "99214": D("260.00"),
    "99215": D("360.00"), "99396": D("295.00"), "36415": D("20.00"), "81002": D("25.00"),
    "93000": D("75.00"), "G0439": D("260.00"), "87880": D("45.00"),
}
# Commercial contracts pay these at a fixed amount instead of a percent of Medicare.
COMMERCIAL_FIXED: dict[str, Decimal] = {"99396": D("165.00"), "36415": D("8.00"), "81002": D("9.00")}
# Codes a commercial contract does not price (Medicare-only HCPCS).
MEDICARE_ONLY = {"G0439"}
# Lab and test codes: no copay or coinsurance on them in the demo.
ANCILLARY = {"36415", "81002", "87880", "93000"}

# Denials the demo produces: CARC → (category, RARC codes, relative weight, appealable).
DENIAL_REASONS: dict[str, tuple[str, tuple[str, ...], int, bool]] = {
    "50": ("medical_necessity", ("N115",), 3, True),
    "16": ("missing_information", ("MA130", "M76"), 3, True),
    "197": ("authorization", ("N54",), 2, True),
    "29": ("timely_filing", (), 1, False),
    "18": ("duplicate", ("N522",), 1, False),
}

FEMALE_NAMES = (
    "Olivia", "Emma", "Ava", "Sophia", "Isabella", "Mia", "Amelia", "Harper", "Evelyn", "Abigail",
    "Emily", "Elizabeth", "Sofia", "Camila", "Grace", "Chloe", "Victoria", "Lucia", "Hannah", "Nora",
    "Mariana", "Linh", "Mei", "Priya", "Fatima", "Yuna", "Ji-woo", "Rosa", "Ruth", "Dorothy",
)
MALE_NAMES = (
    "Liam", "Noah", "Oliver", "Elijah", "James", "William", "Benjamin", "Lucas", "Henry", "Alexander",
    "Mason", "Michael", "Ethan", "Daniel", "Jacob", "Logan", "Jackson", "Mateo", "Samuel", "David",
    "Carlos", "Minh", "Wei", "Arjun", "Omar", "Haruto", "Min-jun", "Jose", "Walter", "Harold",
)
LAST_NAMES = (
    "Smith", "Johnson", "Williams", "Brown", "Jones", "Garcia", "Miller", "Davis", "Rodriguez", "Martinez",
    "Hernandez", "Lopez", "Gonzalez", "Wilson", "Anderson", "Thomas", "Taylor", "Moore", "Jackson", "Martin",
    "Lee", "Perez", "Thompson", "White", "Harris", "Sanchez", "Clark", "Ramirez", "Lewis", "Robinson",
    "Walker", "Young", "Allen", "King", "Wright", "Scott", "Torres", "Nguyen", "Hill", "Flores",
    "Green", "Adams", "Nelson", "Baker", "Hall", "Rivera", "Campbell", "Mitchell", "Carter", "Roberts",
    "Kim", "Patel", "Chen", "Tanaka", "Park", "Singh", "Cohen", "Murphy", "O'Brien", "Kowalski",
)
STREETS = (
    "Oak Street", "Pine Avenue", "Cedar Lane", "Elm Street", "Lakeview Drive", "Hillcrest Road",
    "Washington Avenue", "Park Place", "Sunset Boulevard", "Meadow Lane", "River Road", "Chestnut Street",
)


_MAPLE_PAYERS = (
    PayerSpec(
        key="medicare", name="Medicare Part B (NGS)", payer_id="13202", payer_type="medicare",
        appeal_address=("Part B Redeterminations, PO Box 6475", "Indianapolis", "IN", "46206"),
        fax="+13175550140", portal_url="https://www.ngsmedicare.com", timely_filing_days=365,
        appeal_deadline_days=120, plans=(PlanSpec("Original Medicare Part B", "MCR-B", "FFS"),),
    ),
    PayerSpec(
        key="medicaid", name="New York State Medicaid (eMedNY)", payer_id="141797357", payer_type="medicaid",
        appeal_address=("eMedNY Appeals, PO Box 4601", "Rensselaer", "NY", "12144"),
        fax="+15185550141", portal_url="https://www.emedny.org", timely_filing_days=90,
        appeal_deadline_days=60, plans=(PlanSpec("Medicaid fee for service", "NYMCD", "FFS"),),
        medicaid_factor=D("0.70"),
    ),
    PayerSpec(
        key="commercial_a", name="Aetna", payer_id="60054", payer_type="commercial",
        appeal_address=("Provider Appeals, PO Box 14020", "Lexington", "KY", "40512"),
        fax="+18595550142", portal_url="https://www.availity.com", timely_filing_days=90,
        appeal_deadline_days=180,
        plans=(PlanSpec("Open Access Managed Choice", "AET-OAMC", "PPO"), PlanSpec("Aetna HMO", "AET-HMO", "HMO")),
        copay=D("25.00"), percent_of_medicare=D("125.00"),
    ),
    PayerSpec(
        key="commercial_b", name="UnitedHealthcare", payer_id="87726", payer_type="commercial",
        appeal_address=("Appeals and Grievances, PO Box 30432", "Salt Lake City", "UT", "84130"),
        fax="+18015550143", portal_url="https://www.uhcprovider.com", timely_filing_days=90,
        appeal_deadline_days=180,
        plans=(PlanSpec("Choice Plus", "UHC-CP", "PPO"), PlanSpec("Navigate", "UHC-NAV", "HMO")),
        copay=D("30.00"), percent_of_medicare=D("118.00"),
    ),
)

_HARBOR_PAYERS = (
    PayerSpec(
        key="medicare", name="Medicare Part B (Noridian JE)", payer_id="01182", payer_type="medicare",
        appeal_address=("JE Part B Redeterminations, PO Box 6783", "Fargo", "ND", "58108"),
        fax="+17015550150", portal_url="https://med.noridianmedicare.com", timely_filing_days=365,
        appeal_deadline_days=120, plans=(PlanSpec("Original Medicare Part B", "MCR-B", "FFS"),),
    ),
    PayerSpec(
        key="medicaid", name="Medi-Cal", payer_id="610442", payer_type="medicaid",
        appeal_address=("Medi-Cal Appeals, PO Box 15300", "Sacramento", "CA", "95851"),
        fax="+19165550151", portal_url="https://mcweb.apps.prd.cammis.medi-cal.ca.gov", timely_filing_days=180,
        appeal_deadline_days=90, plans=(PlanSpec("Medi-Cal fee for service", "MEDICAL", "FFS"),),
        medicaid_factor=D("0.65"),
    ),
    PayerSpec(
        key="commercial_a", name="Blue Shield of California", payer_id="94036", payer_type="commercial",
        appeal_address=("Provider Appeals, PO Box 272540", "Chico", "CA", "95927"),
        fax="+15305550152", portal_url="https://www.blueshieldca.com/provider", timely_filing_days=180,
        appeal_deadline_days=365,
        plans=(PlanSpec("Blue Shield PPO", "BSC-PPO", "PPO"), PlanSpec("Trio HMO", "BSC-TRIO", "HMO")),
        copay=D("30.00"), percent_of_medicare=D("130.00"),
    ),
    PayerSpec(
        key="commercial_b", name="Cigna Healthcare", payer_id="62308", payer_type="commercial",
        appeal_address=("National Appeals Unit, PO Box 188011", "Chattanooga", "TN", "37422"),
        fax="+14235550153", portal_url="https://cignaforhcp.cigna.com", timely_filing_days=90,
        appeal_deadline_days=180,
        plans=(PlanSpec("Open Access Plus", "CI-OAP", "POS"), PlanSpec("LocalPlus", "CI-LP", "EPO")),
        copay=D("40.00"), percent_of_medicare=D("115.00"),
    ),
)

CLINICS: tuple[ClinicSpec, ...] = (
    ClinicSpec(
        slug="maple", code="MSF", name="Maple Street Family Medicine", tier="standard",
        timezone="America/New_York", email="frontdesk@maplestreet.example.org", phone="+16075550199",
        address=("214 Maple Street", "Ithaca", "NY", "14850"),
        business_hours={**_days("mon tue wed thu fri", [["08:00", "18:00"]]), "sat": [["09:00", "12:00"]], "sun": []},
        area_code="607", medicare_locality_factor=D("1.00"), languages=("en", "es"),
        providers=(
            ProviderSpec(
                "Sarah", "Chen", "MD", "Family Medicine", "132487659",
                _days("mon tue wed thu", [["08:00", "12:00"], ["13:00", "17:00"]]) | {"fri": [["08:00", "12:00"]]},
                languages=("en", "zh"), bio="Board-certified family physician; diabetes and preventive care.",
            ),
            ProviderSpec(
                "James", "Okafor", "DO", "Family Medicine", "158903214",
                _days("tue wed thu fri", [["09:00", "12:30"], ["13:30", "18:00"]]),
                bio="Osteopathic family physician with an interest in musculoskeletal care.",
            ),
            ProviderSpec(
                "Maria", "Alvarez", "NP", "Family Nurse Practitioner", "176204583",
                _days("mon wed fri", [["08:30", "12:00"], ["13:00", "16:30"]]) | {"sat": [["09:00", "12:00"]]},
                languages=("en", "es"), bio="Same-day sick visits and women's health.",
            ),
            ProviderSpec(
                "Daniel", "Brooks", "MD", "Sports Medicine", "190357126",
                _days("mon thu", [["08:00", "12:00"], ["13:00", "17:00"]]),
                status="ON_LEAVE", accepting_new_patients=False, bio="On leave until next quarter.",
            ),
        ),
        payers=_MAPLE_PAYERS,
    ),
    ClinicSpec(
        slug="harbor", code="HIM", name="Harbor Internal Medicine", tier="professional",
        timezone="America/Los_Angeles", email="desk@harborim.example.org", phone="+17145550199",
        address=("1550 Harbor Boulevard, Suite 200", "Costa Mesa", "CA", "92626"),
        business_hours={**_days("mon tue wed thu fri", [["07:30", "18:00"]]), "sat": [], "sun": []},
        area_code="714", medicare_locality_factor=D("1.08"), languages=("en", "es", "ko", "vi"),
        providers=(
            ProviderSpec(
                "Michael", "Thompson", "MD", "Internal Medicine", "124680357",
                _days("mon tue wed thu fri", [["07:30", "11:30"], ["12:30", "16:00"]]),
                bio="General internist; hypertension and heart health.",
            ),
            ProviderSpec(
                "Aiko", "Tanaka", "MD", "Geriatric Medicine", "147258369",
                _days("mon tue thu", [["08:00", "12:00"], ["13:00", "17:00"]]),
                languages=("en", "ja"), bio="Geriatrician; Medicare wellness visits and memory care.",
            ),
            ProviderSpec(
                "David", "Kim", "PA-C", "Internal Medicine", "163951742",
                _days("tue wed thu fri", [["10:00", "13:00"], ["14:00", "18:00"]]),
                languages=("en", "ko"), bio="Physician assistant; acute and follow-up care.",
            ),
        ),
        payers=_HARBOR_PAYERS,
    ),
)

DEMO_PASSWORD = "nuvae-demo-admin"  # noqa: S105  (published on purpose: demo only, refused when deployed)
ADMIN_USERNAME = "admin"
