"""Effective settings of a user: the defaults, then the team's preferences, then the user's own."""

import copy

DEFAULTS = {
    "theme": "light",
    "page_size": 20,
    "plugins": ["search"],
    "notifications": {"email": True, "sms": False, "digest": {"enabled": False, "hour": 8}},
}


def merge(base, override):
    """A new dict: base updated with override. Nested dicts are merged key by key, lists are
    appended to, anything else is replaced. Neither argument is modified, and the result shares
    nothing mutable with them."""
    result = copy.deepcopy(base)
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(result.get(key), dict):
            result[key] = merge(result[key], value)
        elif isinstance(value, list) and isinstance(result.get(key), list):
            result[key] = result[key] + [copy.deepcopy(item) for item in value if item not in result[key]]
        else:
            result[key] = copy.deepcopy(value)
    return result


def settings_for(user_prefs, team_prefs=None):
    settings = merge(DEFAULTS, team_prefs or {})
    return merge(settings, user_prefs)
