"""Loading the standard protocol library from assessments/protocols.toml."""

from django.db import transaction

from assessments import balance
from assessments.models import TestProtocol


@transaction.atomic
def protocol_library_load(*, overwrite: bool = False) -> tuple[int, int]:
    """Create missing standard protocols; with overwrite, reset existing ones to the file.

    Idempotent: loading twice changes nothing the second time. Returns (created, updated).
    """
    created = updated = 0
    for order, spec in enumerate(balance.standard_protocols().values()):
        fields = {
            "name": spec.name,
            "group": spec.group,
            "unit": spec.unit,
            "sided": spec.sided,
            "norm": spec.norm,
            "reference_male": spec.reference_male,
            "reference_female": spec.reference_female,
            "sem_pct": spec.sem_pct,
            "noise_abs": spec.noise_abs,
            "plausible_min": spec.plausible_min,
            "plausible_max": spec.plausible_max,
            "provisional": spec.provisional,
            "source": spec.source,
            "instructions": spec.instructions,
            "kind": spec.kind,
            "lower_is_better": spec.lower_is_better,
            "swc_abs": spec.swc_abs,
            "sort_order": order,
        }
        protocol = TestProtocol.objects.filter(code=spec.code).first()
        if protocol is None:
            TestProtocol.objects.create(code=spec.code, **fields)
            created += 1
        elif overwrite and any(getattr(protocol, k) != v for k, v in fields.items()):
            for key, value in fields.items():
                setattr(protocol, key, value)
            protocol.full_clean()
            protocol.save()
            updated += 1
    return created, updated
