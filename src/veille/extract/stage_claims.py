"""The "claims" pipeline stage: assemble claims from the mentions of the earlier stages."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from veille.extract.claims import extract_claims
from veille.pipeline import DocumentInput, DocumentStage, register
from veille.store import claims as claim_queries


def compute_claims(document: DocumentInput) -> list[dict[str, Any]]:
    """Pure and picklable: runs the same here or on a Dask worker."""
    drafts = extract_claims(document.text, document.language, document.mentions,
                            source=document.source, published=document.published)
    return [draft.to_json() for draft in drafts]


def save_claims(session: Session, document: DocumentInput, result: list[dict[str, Any]]) -> None:
    claim_queries.replace_claims(session, document.id, result)


register(DocumentStage(
    name="claims",
    version=24,  # 2: as-of dates say whether a total is to be reached by them (a target);
    # 3: a figure inside quotation marks is marked `quoted`; 4: what a figure was measured on
    # (`measured_on`: a sample examined, a similar item); 5: a count that sums up ("a total
    # of 16 people") is kept without a subject of its own and marked `tally`; 6: a count of
    # kinds is marked `of_kinds`; 7: a negated verb in the value's clause makes it `denied`;
    # 8: no transfer from a state to itself, its capital included ("Tehran ... to Iran");
    # 9: a count of states makes no claim ("the two countries"), and a figure that names
    # what it counts leaves other figures' words to them ("3 morti ... 24 componenti");
    # 10: a rate whose sentence says not of what takes the topic of the sentence before;
    # 11: "capable of striking targets at a distance of 300 km" is a range, in 9 languages;
    # 12: export controls are a policy, no transfer; 13: "east of Moscow", "près de
    # Hamhung" make `located_near`, no longer `located_in`; 14: in Russian and Ukrainian,
    # the target of a weapon ("по Харькову") is not its user; 15: what "-made" qualifies is
    # a weapon, never the army that received it; 16: a year that dates a figure of its
    # sentence ("from 56 a year in 2021 to 460 in 2023") is no manufacture date; 17: a
    # relation's subject is sought before the cue nearest its object ("a production
    # facility in Alabuga aims to build ... drones": build); 18: a state written right
    # before an outlet's name is its country ("영국 파이낸셜타임스"), no party to a relation;
    # 19: what a weapon is aimed at ("designed to target Seoul") receives nothing, in English
    # as in Russian and Ukrainian; 20: in Korean and Japanese, where the verb comes last, a
    # relation's object is the name before it with the property's particle ("러시아에
    # 제공": supplied to Russia), its subject a name marked as subject in the same clause;
    # 21: a ban on transfers ("prohibited from exporting") names none, like export controls;
    # 22: whom a speaker told ("affirmait à Bloomberg que ...") is no recipient, the supplier
    # is named before the verb of supply nearest the figure, and a relation's object is not
    # sought past a clause that opens after a comma ("nient tout transfert, tout en ...");
    # 23: counted people belong to the state their adjective names ("10,000 North Korean
    # soldiers", "soldats nord-coréens"), as does their deployment, whoever reports them;
    # 24: a refusal to send ("its refusal to send weapons to Ukraine") is a negation
    compute=compute_claims,
    save=save_claims,
    save_batch=claim_queries.replace_claims_of,
    requires=("entities", "quantities", "dates"),
    description="Claims: subject, property, value, attribution and modality per evidence span.",
))
