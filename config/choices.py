"""Model choices built from the engines' vocabularies, so they are written down once."""

from __future__ import annotations

from collections.abc import Mapping

from django.db import models


def text_choices(
    name: str, labels: Mapping[str, str], names: Mapping[str, str] | None = None
) -> type[models.TextChoices]:
    """A TextChoices class from value -> label, in the vocabulary's order. Member names are
    the upper-cased values unless `names` (value -> member name) gives them."""
    names = names or {value: value.upper() for value in labels}
    if set(names) != set(labels):
        raise ValueError(f"{name}: member names for {sorted(names)}, values {sorted(labels)}")
    return models.TextChoices(name, [(names[v], (v, label)) for v, label in labels.items()])
