"""Demo registry: a Westminster election in Cardiff and Newport, candidates of the demo
parties, an agent and electoral staff; the demo candidate is linked to their account."""

from __future__ import annotations

from sqlalchemy.orm import Session

from hustings.demo.data import DemoData
from hustings.outreach import imports

ELECTION = "parl.2029-05-03"
HEADER = "person_id,person_name,election_id,ballot_paper_id,party_name,post_label,email,"
HEADER += "twitter_username,facebook_page_url,instagram_url"
PEOPLE = [
    # person_id, name, seat slug, party, post label, email, x, facebook, instagram
    ("9001", "Carys Evans", "cardiff-east", "Green Valley Party", "Cardiff East",
     "candidate@demo.hustings.localhost", "carys_evans_gvp",
     "https://www.facebook.com/carysevansgvp", ""),
    ("9002", "Tomos Price", "cardiff-east", "Civic Alliance", "Cardiff East",
     "tomos.price@demo.hustings.localhost", "tomosprice", "",
     "https://www.instagram.com/tomosprice"),
    ("9003", "Nia Hughes", "cardiff-west", "Green Valley Party", "Cardiff West",
     "nia.hughes@demo.hustings.localhost", "", "", ""),
    ("9004", "Gareth Lloyd", "cardiff-west", "Independent", "Cardiff West", "", "gareth_lloyd",
     "", ""),
    ("9005", "Sian Davies", "newport-east", "Civic Alliance", "Newport East", "", "", "", ""),
]  # fmt: skip
CANDIDATES = "\n".join(
    [HEADER]
    + [
        ",".join([pid, name, ELECTION, f"parl.{seat}.2029-05-03", *rest])
        for pid, name, seat, *rest in PEOPLE
    ]
)
STAFF = """reference,name,role,authority,area,party,email,language
CDF-RO,Rhian Roberts,returning_officer,cardiff-council,Cardiff East,,ro@demo.hustings.localhost,cy
CDF-PS1,Pat Singh,polling_station,cardiff-council,Cardiff West,,,en
GVP-AG1,Aled Morgan,agent,,Cardiff East,Green Valley Party,agent@demo.hustings.localhost,cy
"""


def load(session: Session, demo: DemoData) -> None:
    imports.run_import(session=session, kind="candidates", data=CANDIDATES)
    imports.run_import(session=session, kind="staff", data=STAFF)
