"""Effective settings of a user: the defaults, then the team's preferences, then the user's own."""

DEFAULTS = {
    "theme": "light",
    "page_size": 20,
    "plugins": ["search"],
    "notifications": {"email": True, "sms": False, "digest": {"enabled": False, "hour": 8}},
}


def merge(base, override):
    """Base updated with override: nested dicts are merged key by key, lists are appended to,
    anything else is replaced."""
    for key, value in override.items():
        if isinstance(value, dict) and isinstance(base.get(key), dict):
            merge(base[key], value)
        elif isinstance(value, list) and isinstance(base.get(key), list):
            base[key].extend(item for item in value if item not in base[key])
        else:
            base[key] = value
    return base


def settings_for(user_prefs, team_prefs=None):
    # Work on a copy so the defaults are never changed.
    settings = merge(dict(DEFAULTS), team_prefs or {})
    return merge(settings, user_prefs)
