"""Version strings of our releases: parsing and ordering (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD],
an optional leading "v"). Ordering follows Semantic Versioning 2.0.0 precedence (section 11)."""

import re

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")


def parse(version):
    """(major, minor, patch, prerelease or None) of a version string; ValueError if it is not one."""
    match = _VERSION.match(version.strip())
    if not match:
        raise ValueError(f"not a version: {version!r}")
    major, minor, patch, prerelease, _build = match.groups()
    return major, minor, patch, prerelease


def _identifier_key(identifier):
    # Numeric identifiers compare as numbers and sort before alphanumeric ones, which compare as text.
    return (0, int(identifier), "") if identifier.isdigit() else (1, 0, identifier)


def sort_key(version):
    major, minor, patch, prerelease = parse(version)
    numbers = (int(major), int(minor), int(patch))
    if prerelease is None:
        return numbers + (1, ())  # a release sorts after its own pre-releases
    # Identifier by identifier; when one list is a prefix of the other, the shorter sorts first.
    return numbers + (0, tuple(_identifier_key(part) for part in prerelease.split(".")))


def sort_versions(versions):
    """Versions from the oldest to the newest."""
    return sorted(versions, key=sort_key)


def latest(versions, include_prereleases=False):
    """The newest version, or None; pre-releases only count if include_prereleases is set."""
    candidates = [v for v in versions if include_prereleases or parse(v)[3] is None]
    return max(candidates, key=sort_key) if candidates else None


def is_upgrade(current, candidate):
    return sort_key(candidate) > sort_key(current)
