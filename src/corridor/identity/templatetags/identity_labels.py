from django import template

from corridor.identity.labels import describe

register = template.Library()


@register.simple_tag
def verdict(field: str, level: str) -> str:
    """ "family name: a similar spelling" for a model field and level."""
    field_text, level_text = describe(field, level)
    return f"{field_text}: {level_text}"
