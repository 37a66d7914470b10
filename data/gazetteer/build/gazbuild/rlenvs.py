"""Reinforcement-learning environments, benchmarks a study note names by their ids
("CartPole-v1", "HalfCheetah", "BreakoutNoFrameskip-v4"): each a `dataset` tagged
`rl-environment`.

Two parsers, one per source:

`parse_registry`: Gymnasium's registrations (gymnasium/envs/__init__.py), one call per id:

    register(
        id="CartPole-v1",
        entry_point="gymnasium.envs.classic_control.cartpole:CartPoleEnv",
        ...
    )

Ids that share an environment class are one environment, named by the shortest name among
them (LunarLander, with LunarLanderContinuous-v3 an alias; FrozenLake with FrozenLake8x8-v1);
the MuJoCo versions that moved out (`entry_point=_raise_mujoco_py_error`: HalfCheetah-v2) join
the environment of their name. Every registered id is an alias, and so is each version the
class's docstring lists under "## Version History" (the text of the environment's docs page:
Taxi-v3 and LunarLander-v2, no longer registered, are what older notes write). Left out:
namespaced re-implementations (`phys2d/CartPole-v0`, `tabular/Blackjack-v0`) and the
compatibility shims (GymV26Environment). The URL is the environment's page on
gymnasium.farama.org, only when the docs' toctree (docs/environments/<module>.md) lists it
under the path docs/_scripts/gen_mds.py writes it to (`classic_control/cart_pole`).

`parse_ale_page`: the Arcade Learning Environment's game pages (docs/environments/<rom>.md):
the heading is the game's id name (`# MontezumaRevenge`), the Variants table its ids
(`MontezumaRevengeNoFrameskip-v4`, `ALE/MontezumaRevenge-v5`). The game's title comes from
the emulator's cartridge list (src/ale/emucore/DefProps.hxx, by the ROM's checksum in
src/ale/python/roms/md5.json): "Montezuma's Revenge - Starring Panama Joe (1983) (Parker
Bros)" gives "Montezuma's Revenge", taken only when its letters are the id's (so "Video
Olympics", the cartridge Pong is, does not rename Pong); the id name is then an alias
("MontezumaRevenge"). Only names and ids are taken, no description.

Every record defers (as a link list's item does): a name that another source gives with an
id or as its own keeps its entry.
"""

from __future__ import annotations

import functools
import json
import posixpath
import re
from collections import defaultdict
from collections.abc import Callable, Iterator, Mapping
from typing import Any

from .records import Record, is_junk

Reader = Callable[[str], str | None]
TAGS = ("reinforcement-learning", "rl-environment")

# --- Gymnasium's registry -----------------------------------------------------------------

_REGISTER = re.compile(
    r"\bregister\(\s*id=\"(?P<id>[^\"]+)\"\s*,\s*entry_point=(?P<entry>\"[^\"]+\"|\w+)"
)
_ID = re.compile(r"(?P<name>[A-Za-z][A-Za-z0-9]*)-v(?P<version>\d+)")
_MOVED = "_raise_mujoco_py_error"  # old MuJoCo versions, registered to say where they went
_VERSIONS = re.compile(r"^\s*[*-]\s*v(\d+)\s*:", re.MULTILINE)
_TOCTREE = re.compile(r"```\{toctree\}(.*?)```", re.DOTALL)


def parse_registry(
    path: str, text: str, options: Mapping[str, Any], read: Reader = lambda _path: None
) -> Iterator[Record]:
    """One record per environment class that Gymnasium registers."""
    groups: dict[tuple[str, str], dict[str, set[int]]] = defaultdict(lambda: defaultdict(set))
    moved: dict[str, set[int]] = defaultdict(set)
    modules: dict[tuple[str, str], str] = {}  # group → the module of its highest version
    for match in _REGISTER.finditer(text):
        env_id, entry = match.group("id"), match.group("entry").strip('"')
        found = _ID.fullmatch(env_id)
        if found is None:
            continue  # namespaced ("phys2d/CartPole-v0") or not an id
        name, version = found.group("name"), int(found.group("version"))
        if entry == _MOVED:
            moved[name].add(version)
            continue
        if not entry.startswith("gymnasium.envs."):
            continue  # a shim ("GymV26Environment")
        module, _, cls = entry.partition(":")
        group = (module.split(".")[2], cls)
        groups[group][name].add(version)
        modules[group] = module  # registrations go from old to new versions
    for (package, _cls), names in groups.items():
        for name in moved.keys() & names.keys():
            names[name] |= moved[name]
        name = min(names, key=lambda n: (len(n), n))
        source = read(modules[(package, _cls)].replace(".", "/") + ".py") or ""
        history = _history(source)
        aliases = [f"{n}-v{v}" for n in sorted(names) for v in sorted(names[n] | history)]
        aliases += [n for n in sorted(names) if n != name]
        yield Record(
            name=name,
            kind=str(options.get("kind", "dataset")),
            path=path,
            url=_docs_page(package, name, options, read),
            aliases=tuple(dict.fromkeys(aliases)),
            tags=TAGS,
            defers=True,
        )


def _history(source: str) -> set[int]:
    """The versions a docstring's "## Version History" lists ("* v3: Map Correction …")."""
    section = source.partition("## Version History")[2]
    section = re.split(r'^\s*(?:##|""")', section, maxsplit=1, flags=re.MULTILINE)[0]
    return {int(v) for v in _VERSIONS.findall(section)}


def _docs_page(package: str, name: str, options: Mapping[str, Any], read: Reader) -> str | None:
    """The environment's page, when the docs' toctree lists the page gen_mds.py writes."""
    base = options.get("docs_url")
    index = read(f"docs/environments/{package}.md")
    if not base or not index:
        return None
    snake = re.sub(r"(?<!^)(?=[A-Z])", "_", name).lower()  # as docs/_scripts/gen_mds.py
    listed = {
        re.sub(r"\.md$", "", line.strip())
        for block in _TOCTREE.findall(index)
        for line in block.splitlines()
    }
    page = f"{package}/{snake}"
    return f"{str(base).rstrip('/')}/{page}/" if page in listed else None


# --- the Arcade Learning Environment's games ----------------------------------------------

_HEADING = re.compile(r"^#\s+(?P<name>[A-Za-z][A-Za-z0-9]*)\s*$", re.MULTILINE)
_VARIANT = re.compile(
    r"^\|\s*(?P<id>(?:ALE/)?(?P<name>[A-Za-z][A-Za-z0-9]*?)(?:NoFrameskip)?-v\d+)\s*\|",
    re.MULTILINE,
)
# A cartridge of DefProps.hxx: { "md5", "maker", "model", "name", ...
_CARTRIDGE = re.compile(
    r'^\s*\{\s*"(?P<md5>[0-9a-f]{32})",\s*"[^"]*",\s*"[^"]*",\s*"(?P<name>[^"]*)"'
)


def parse_ale_page(
    path: str, text: str, options: Mapping[str, Any], read: Reader = lambda _path: None
) -> Iterator[Record]:
    """The game one ALE docs page describes, by its title when the cartridge list gives it."""
    heading = _HEADING.search(text)
    if heading is None or "## Variants" not in text:
        return
    id_name = heading.group("name")
    # the game's own ids: a page may list another's (Pacman's lists MsPacman's)
    ids = [
        m.group("id")
        for m in _VARIANT.finditer(text.partition("## Variants")[2])
        if m.group("name") == id_name
    ]
    if not ids or len(id_name) < 3 or is_junk(id_name):
        return  # "Et" is no name a note writes (E.T.)
    rom = posixpath.splitext(posixpath.basename(path))[0]
    title = game_title(id_name, _cartridges(read).get(rom, ""))
    name = title or id_name
    aliases = [a for a in (id_name, *ids) if a != name]
    base = options.get("docs_url")
    yield Record(
        name=name,
        kind=str(options.get("kind", "dataset")),
        path=path,
        url=f"{str(base).rstrip('/')}/{rom}/" if base else None,
        aliases=tuple(dict.fromkeys(aliases)),
        tags=TAGS,
        defers=True,
    )


def game_title(id_name: str, cartridge: str) -> str | None:
    """The title a cartridge's name gives the game, when its letters are the id's: "Space
    Invaders (1978) (Atari) [!]" → "Space Invaders", "Journey - Escape (1982)" → "Journey
    Escape" (its parts apart too: "SwordQuest - Earthworld" → "Earthworld"), a closing "!"
    dropped ("Pitfall!"); an apostrophe's "s" may be the id's or not (Montezuma's Revenge is
    MontezumaRevenge, Yar's Revenge YarsRevenge)."""
    base = re.split(r"\s*[(\[]", cartridge, maxsplit=1)[0].strip()
    if not base:
        return None
    parts = [p.strip() for p in base.split(" - ")]
    for candidate in (base.replace(" - ", " "), *parts):
        candidate = candidate.rstrip("!").strip()
        if _letters(id_name) in {_letters(candidate), _letters(candidate.replace("'s", ""))}:
            return candidate
    return None


def _letters(name: str) -> str:
    return re.sub(r"[^a-z0-9]", "", name.casefold())


@functools.cache
def _cartridges(read: Reader) -> dict[str, str]:
    """ROM id ("montezuma_revenge") → its cartridge's name in the emulator's list."""
    checksums = json.loads(read("src/ale/python/roms/md5.json") or "{}")
    names = {
        m.group("md5"): m.group("name").replace('\\"', '"')
        for m in map(_CARTRIDGE.match, (read("src/ale/emucore/DefProps.hxx") or "").splitlines())
        if m
    }
    return {
        posixpath.splitext(rom)[0]: names[md5]
        for rom, md5 in checksums.items()
        if isinstance(md5, str) and md5 in names
    }
