"""Host names: their syntax (URL and IDNA rules), their public suffix, one spelling each.

A host is a list of labels. A label is ASCII letters, digits and hyphens, or Unicode
letters as IDNA allows them (`bürgerentscheid-krankenhäuser.de`, `한국.kr`,
`президент.рф`), or the punycode of those (`xn--d1acpjx3f.xn--p1ai`): one site in
either spelling is one resource. Pure: strings in, answers out.
"""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from typing import TYPE_CHECKING, NamedTuple

import idna

if TYPE_CHECKING:
    from publicsuffixlist import PublicSuffixList


class HostParts(NamedTuple):
    """A host name split at its public suffix: `ruder.github.io` → ruder + github.io."""

    domain: str  # the label before the suffix ("ruder"); "" when the host is a suffix
    suffix: str  # the longest public suffix, private rules included ("github.io"); "" if none
    registry_suffix: str  # the suffix by ICANN rules only ("io")

    @property
    def registered_domain(self) -> str:
        """`ruder.github.io`, `wikipedia.org` for `en.wikipedia.org`; "" when there is none."""
        return f"{self.domain}.{self.suffix}" if self.domain and self.suffix else ""


@lru_cache(maxsize=1)
def _suffix_lists() -> tuple[PublicSuffixList, PublicSuffixList]:
    """The Public Suffix List bundled with publicsuffixlist (no download at run time):
    all rules, and the ICANN section alone. An unknown last label is no suffix.

    The rules are kept as written (Unicode): adding the punycode form of each of them
    would triple the 20 ms load, and `split_host` decodes the rare punycode host instead.
    """
    from publicsuffixlist import PublicSuffixList

    return (
        PublicSuffixList(accept_unknown=False, accept_encoded_idn=False),
        PublicSuffixList(accept_unknown=False, accept_encoded_idn=False, only_icann=True),
    )


@lru_cache(maxsize=65536)
def split_host(host: str) -> HostParts:
    """A host name's public suffix and the label before it, by the Public Suffix List.

    Cached: notes name the same few hundred hosts again and again.
    """
    if "!" in host or "*" in host:
        return HostParts("", "", "")  # the list's rule syntax, never a host name
    every, icann = _suffix_lists()
    labels = host.lower().rstrip(".").split(".")
    lookup = ".".join(_unicode_label(label) for label in labels)
    suffix_labels = _label_count(every.publicsuffix(lookup))
    if not suffix_labels:
        return HostParts("", "", "")
    registry_labels = _label_count(icann.publicsuffix(lookup))
    return HostParts(
        labels[-suffix_labels - 1] if len(labels) > suffix_labels else "",
        ".".join(labels[-suffix_labels:]),
        ".".join(labels[-registry_labels:]) if registry_labels else "",
    )


def _unicode_label(label: str) -> str:
    """`xn--3e0b707e` → `한국`: a punycode label as the list writes it."""
    if not label.startswith("xn--"):
        return label
    try:
        return label.encode("ascii").decode("idna")
    except UnicodeError:
        return label


def _label_count(suffix: str | None) -> int:
    return suffix.count(".") + 1 if suffix else 0


def is_known_suffix(label: str) -> bool:
    """Is `label` a top-level domain the Public Suffix List knows (`kr`, `한국`, `рф`)?"""
    return bool(split_host("x." + label).suffix)


@lru_cache(maxsize=65536)
def unicode_host(host: str) -> str | None:
    """The host in one spelling, or None when it is not a valid host name.

    Lower case, Unicode labels mapped as IDNA (UTS #46) maps them and punycode
    decoded: `XN--3E0B707E.kr` and `한국.KR` are both `한국.kr`. Follows the URL
    Standard's host rules with the hyphen checks on (a label does not start or end
    with `-`), no empty label, at most 63 octets a label, and GFM's rule that the
    last two labels hold no `_`. An IP address literal is returned as written.
    """
    host = host.lower()
    if host.startswith("["):
        return host if host.endswith("]") and len(host) > 2 else None
    labels = host.split(".")
    if len(labels) > 1 and labels[-1] == "":
        labels.pop()  # the root's dot: `example.com.` is `example.com`
    out = []
    for index, label in enumerate(labels):
        unicode_label = _unicode_host_label(label, last_two=index >= len(labels) - 2)
        if unicode_label is None:
            return None
        out.append(unicode_label)
    return ".".join(out)


def _unicode_host_label(label: str, last_two: bool) -> str | None:
    if not label or label[0] == "-" or label[-1] == "-":
        return None
    if label.isascii():
        if "_" in label and last_two:
            return None
        if label.startswith("xn--"):
            try:
                decoded = idna.decode(label)
            except (idna.IDNAError, UnicodeError):
                return None
            return decoded if decoded != label else None
        valid = len(label) <= 63 and label.replace("-", "").replace("_", "").isalnum()
        return label if valid else None
    try:
        # UTS #46 as browsers apply it: mapped (ｅｘａｍｐｌｅ → example, Ä → ä), no
        # disallowed code points; symbols (➡.ws) stay valid, as in the URL Standard.
        mapped = unicodedata.normalize("NFC", idna.uts46_remap(label, std3_rules=True))
        if not mapped or "." in mapped or mapped[0] == "-" or mapped[-1] == "-":
            return None
        if len(b"xn--" + mapped.encode("punycode")) > 63:
            return None
        if any(unicodedata.bidirectional(char) in ("R", "AL") for char in mapped):
            idna.check_bidi(mapped)
    except (idna.IDNAError, UnicodeError):
        return None
    return mapped


# Scripts written without spaces between words and a URL (Korean particles, Japanese
# and Chinese text) glue to a host: `nlpprogress.com에서`. Latin, Cyrillic, Greek
# and the others are written with spaces, so a letter of theirs is the host's own.
_GLUING_SCRIPTS = ("HANGUL", "CJK", "HIRAGANA", "KATAKANA", "HALFWIDTH", "FULLWIDTH")


def glued_prose_at(host: str) -> int:
    """Where text glued to the end of a host starts (`ruder.io는` → 8), else len(host).

    A label that goes from ASCII into Hangul or CJK ends there: no registry mixes
    them in a label, and it is how Korean text follows a link (`…/1512.03385에서`).
    A top-level label that is no known suffix ends at its longest prefix that is one
    (`예시.한국에서` → `예시.한국`).
    """
    if host.isascii():
        return len(host)
    previous_ascii = False
    for index, char in enumerate(host):
        if char.isascii():
            previous_ascii = char.isalnum()
        elif previous_ascii and unicodedata.name(char, "").startswith(_GLUING_SCRIPTS):
            return index
        else:
            previous_ascii = False
    dot = host.rfind(".")
    last = host[dot + 1 :]
    if dot < 0 or last.isascii() or is_known_suffix(last):
        return len(host)
    for end in range(len(last) - 1, 0, -1):
        if is_known_suffix(last[:end]):
            return dot + 1 + end
    return len(host)


# Sites whose pages show one uploaded image: a link to one, around that image, is
# the image's page, an asset (issue #16). Matched on the registered domain.
IMAGE_HOSTS = frozenset(
    [
        "imgur.com",
        "gyazo.com",
        "flickr.com",
        "flic.kr",
        "staticflickr.com",
        "ibb.co",
        "imgbb.com",
        "postimg.cc",
        "postimages.org",
        "prnt.sc",
        "lightshot.com",
        "tinypic.com",
        "photobucket.com",
        "imageshack.com",
        "giphy.com",
        "tenor.com",
        "unsplash.com",
        "pixabay.com",
        "pexels.com",
        "500px.com",
        "deviantart.com",
        "imgbox.com",
        "pinimg.com",
    ]
)
# Where badges link: CI, coverage, package registries, licences and badge services.
# A badge linking to one is a status light, not something to read; a badge linking to
# a paper, a repository or an article stays a link (issue #16).
BADGE_TARGET_HOSTS = frozenset(
    [
        "shields.io",
        "badgen.net",
        "fury.io",
        "travis-ci.org",
        "travis-ci.com",
        "circleci.com",
        "appveyor.com",
        "codecov.io",
        "coveralls.io",
        "codacy.com",
        "codeclimate.com",
        "sonarcloud.io",
        "snyk.io",
        "deepsource.io",
        "pypi.org",
        "pepy.tech",
        "anaconda.org",
        "npmjs.com",
        "crates.io",
        "hub.docker.com",
        "opensource.org",
        "choosealicense.com",
        "creativecommons.org",
        "gitter.im",
        "discord.gg",
        "discord.com",
        "libraries.io",
        "depfu.com",
        "requires.io",
        "readthedocs.org",
    ]
)
# Images that are badges: by host, or named so in their path (`…/badge.svg`).
BADGE_IMAGE_HOSTS = frozenset(
    ["shields.io", "badgen.net", "fury.io", "travis-ci.org", "travis-ci.com", "codecov.io"]
)
