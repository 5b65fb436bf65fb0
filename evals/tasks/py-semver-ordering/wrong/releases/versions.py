"""Version strings of our releases: parsing and ordering (MAJOR.MINOR.PATCH[-PRERELEASE][+BUILD],
an optional leading "v")."""

import re

_VERSION = re.compile(r"^v?(\d+)\.(\d+)\.(\d+)(?:-([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?(?:\+([0-9A-Za-z-]+(?:\.[0-9A-Za-z-]+)*))?$")


def parse(version):
    """(major, minor, patch, prerelease or None) of a version string; ValueError if it is not one."""
    match = _VERSION.match(version.strip())
    if not match:
        raise ValueError(f"not a version: {version!r}")
    major, minor, patch, prerelease, _build = match.groups()
    return major, minor, patch, prerelease


def _natural(text):
    # "rc.10" -> ["rc", 10]: digits compare as numbers.
    return [int(part) if part.isdigit() else part for part in re.split(r"[.]", text)] if text else []


def sort_key(version):
    major, minor, patch, prerelease = parse(version)
    # A release sorts after its own pre-releases.
    return (int(major), int(minor), int(patch), prerelease is None, str(_natural(prerelease or "")))


def sort_versions(versions):
    """Versions from the oldest to the newest."""
    return sorted(versions, key=sort_key)


def latest(versions, include_prereleases=False):
    """The newest version, or None; pre-releases only count if include_prereleases is set."""
    candidates = [v for v in versions if include_prereleases or parse(v)[3] is None]
    return max(candidates, key=sort_key) if candidates else None


def is_upgrade(current, candidate):
    return sort_key(candidate) > sort_key(current)
