"""Reinforcement-learning environments in the harvested gazetteer (gazbuild.rlenvs): the
parsers on short excerpts written here in the formats of Gymnasium's registrations and docs
and of the Arcade Learning Environment's game pages and cartridge list, and the shipped
gazetteer on notes written here (ids and titles found; game names that are words need a cue)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from readlist.config import data_dir
from readlist.curation import build_gazetteer
from readlist.names import Gazetteer

from .conftest import REPO, mentions_in

sys.path.insert(0, str(REPO / "data" / "gazetteer" / "build"))

from gazbuild import rlenvs

# gymnasium/envs/__init__.py: two ids of one class, a variant with the same class and its
# own kwargs, a second class, MuJoCo versions that moved out, a namespaced
# re-implementation and a compatibility shim.
REGISTRY = """\
# Classic
# ----------------------------------------

register(
    id="CartPole-v0",
    entry_point="gymnasium.envs.classic_control.cartpole:CartPoleEnv",
    max_episode_steps=200,
)

register(
    id="CartPole-v1",
    entry_point="gymnasium.envs.classic_control.cartpole:CartPoleEnv",
    max_episode_steps=500,
)

register(
    id="phys2d/CartPole-v1",
    entry_point="gymnasium.envs.phys2d.cartpole:CartPoleJaxEnv",
)

# Toy Text
# ----------------------------------------

register(
    id="Taxi-v4",
    entry_point="gymnasium.envs.toy_text.taxi:TaxiEnv",
    reward_threshold=8,  # optimum = 8.46
)

register(
    id="FrozenLake-v1",
    entry_point="gymnasium.envs.toy_text.frozen_lake:FrozenLakeEnv",
    kwargs={"map_name": "4x4"},
)

register(
    id="FrozenLake8x8-v1",
    entry_point="gymnasium.envs.toy_text.frozen_lake:FrozenLakeEnv",
    kwargs={"map_name": "8x8"},
)

# runners
register(id="HalfCheetah-v2", entry_point=_raise_mujoco_py_error)
register(id="HalfCheetah-v3", entry_point=_raise_mujoco_py_error)

register(
    id="HalfCheetah-v5",
    entry_point="gymnasium.envs.mujoco.half_cheetah_v5:HalfCheetahEnv",
    max_episode_steps=1000,
)

register(id="GymV26Environment-v0", entry_point=_raise_shimmy_error)
"""

TAXI_SOURCE = '''\
class TaxiEnv(Env):
    """
    The Taxi Problem involves navigating to passengers in a grid world.

    ## Version History
    * v4: In v1.3.0, fix `is_rainy=True` and `fickle_passenger=True` implementations
        - Add `rainy_probability` and `fickle_probability` arguments
    * v3: Map Correction + Cleaner Domain Description,
        - In v0.25.0 action masking added to the reset and step information
    * v2: Disallow Taxi start location = goal location
    """
'''

TOY_TEXT_INDEX = """\
# Toy Text

```{toctree}
:hidden:

toy_text/taxi.md
toy_text/frozen_lake.md
```
"""

CLASSIC_INDEX = """\
# Classic Control

```{toctree}
:hidden:

classic_control/acrobot
classic_control/cart_pole
```
"""

FILES = {
    "gymnasium/envs/toy_text/taxi.py": TAXI_SOURCE,
    "docs/environments/toy_text.md": TOY_TEXT_INDEX,
    "docs/environments/classic_control.md": CLASSIC_INDEX,
}
GYM_OPTIONS = {"kind": "dataset", "docs_url": "https://gymnasium.farama.org/environments/"}


def test_registrations_become_environments() -> None:
    records = list(
        rlenvs.parse_registry("gymnasium/envs/__init__.py", REGISTRY, GYM_OPTIONS, FILES.get)
    )
    assert [(r.name, r.kind, r.url, r.aliases) for r in records] == [
        (
            "CartPole",
            "dataset",
            "https://gymnasium.farama.org/environments/classic_control/cart_pole/",
            ("CartPole-v0", "CartPole-v1"),
        ),
        # the docstring's Version History lists the ids older notes write (Taxi-v3)
        (
            "Taxi",
            "dataset",
            "https://gymnasium.farama.org/environments/toy_text/taxi/",
            ("Taxi-v2", "Taxi-v3", "Taxi-v4"),
        ),
        # one class: the shortest name names it, the variant is an alias
        (
            "FrozenLake",
            "dataset",
            "https://gymnasium.farama.org/environments/toy_text/frozen_lake/",
            ("FrozenLake-v1", "FrozenLake8x8-v1", "FrozenLake8x8"),
        ),
        # the versions that moved out join it; no docs index here, so no URL
        ("HalfCheetah", "dataset", None, ("HalfCheetah-v2", "HalfCheetah-v3", "HalfCheetah-v5")),
    ]
    assert all(r.tags == ("reinforcement-learning", "rl-environment") for r in records)
    assert all(r.defers for r in records)  # phys2d/ and the shim are left out


# docs/environments/<rom>.md of the ALE, shortened: the heading, the make table and Variants.
PAGE = """\
---
title: {name}
---

# {name}

This environment is part of the <a href='..'>Atari environments</a>.

|                   |                                           |
|-------------------|-------------------------------------------|
| Make              | gymnasium.make("ALE/{name}-v5") |

## Variants

| Env-id                         | obs_type=   | frameskip=   | repeat_action_probability=   |
|--------------------------------|-------------|--------------|------------------------------|
| {name}-v0            | `rgb`       | `(2, 5)`     | `0.25`                       |
| {name}NoFrameskip-v4 | `rgb`       | `1`          | `0.00`                       |
| ALE/{name}-v5        | `rgb`       | `4`          | `0.25`                       |
| ALE/{other}-v5       | `rgb`       | `4`          | `0.25`                       |

## Difficulty and modes
"""

MD5_JSON = """\
{
  "montezuma_revenge.bin": "3347a6dd59049b15a38394aa2dafa585",
  "pong.bin": "60e0ea3cbe0913d39803477945e9e5ec",
  "space_invaders.bin": "72ffbef6504b75e69ee1045af9075f66"
}
"""

DEF_PROPS = """\
static const char* DefProps[][23] = {
  { "3347a6dd59049b15a38394aa2dafa585", "Parker Bros", "PB5760", "Montezuma's Revenge - Starring Panama Joe (1983) (Parker Bros)", "", "Extremely Rare", "", "" },
  { "60e0ea3cbe0913d39803477945e9e5ec", "Atari", "CX2621", "Video Olympics (1978) (Atari)", "", "Common", "", "" },
  { "72ffbef6504b75e69ee1045af9075f66", "Atari", "CX2632 / 4975153", "Space Invaders (1978) (Atari) [!]", "", "Common", "", "" },
"""
ALE_FILES = {"src/ale/python/roms/md5.json": MD5_JSON, "src/ale/emucore/DefProps.hxx": DEF_PROPS}
ALE_OPTIONS = {"kind": "dataset", "docs_url": "https://ale.farama.org/environments/"}


@pytest.mark.parametrize(
    ("rom", "name", "expected_name"),
    [
        ("montezuma_revenge", "MontezumaRevenge", "Montezuma's Revenge"),
        ("space_invaders", "SpaceInvaders", "Space Invaders"),
        ("pong", "Pong", "Pong"),  # its cartridge is "Video Olympics": not Pong's letters
    ],
)
def test_a_game_page_gives_its_title_and_ids(rom: str, name: str, expected_name: str) -> None:
    page = PAGE.format(name=name, other="Atlantis2")
    path = f"docs/environments/{rom}.md"
    [record] = rlenvs.parse_ale_page(path, page, ALE_OPTIONS, ALE_FILES.get)
    ids = (f"{name}-v0", f"{name}NoFrameskip-v4", f"ALE/{name}-v5")  # not another game's
    assert (record.name, record.kind, record.url) == (
        expected_name,
        "dataset",
        f"https://ale.farama.org/environments/{rom}/",
    )
    assert record.aliases == (ids if name == expected_name else (name, *ids))
    assert record.tags == ("reinforcement-learning", "rl-environment")


def test_pages_that_name_no_game() -> None:
    index = "# Complete List - Atari\n\n```{raw} html\n:file: complete_list.html\n```\n"
    assert list(rlenvs.parse_ale_page("docs/environments/complete_list.md", index, {})) == []
    # "Et" is no name a note writes (E.T.)
    page = PAGE.format(name="Et", other="Pong")
    assert list(rlenvs.parse_ale_page("docs/environments/et.md", page, {})) == []


def test_game_titles_from_cartridge_names() -> None:
    title = rlenvs.game_title
    assert title("Breakout", "Breakout - Breakaway IV (1978) (Atari)") == "Breakout"
    assert title("JourneyEscape", "Journey - Escape (1982) (Data Age) [!]") == "Journey Escape"
    assert title("Earthworld", "SwordQuest - Earthworld (1982) (Atari) [!]") == "Earthworld"
    assert title("Pitfall", "Pitfall! (1982) (Activision) [!]") == "Pitfall"
    assert title("YarsRevenge", "Yar's Revenge (1981) (Atari)") == "Yar's Revenge"
    assert title("MsPacman", "Ms. Pac-Man (1982) (Atari)") == "Ms. Pac-Man"
    assert title("Pitfall2", "Pitfall II - Lost Caverns (1984) (Activision) [b3]") is None
    assert title("BasicMath", "Fun with Numbers (1977) (Atari)") is None
    assert title("Pong", "") is None


# --- the shipped gazetteer ----------------------------------------------------------------


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return build_gazetteer(data_dir() / "gazetteer", REPO / "no-user-names.yaml").prepare()


def _found(tmp_path: Path, text: str, gazetteer: Gazetteer) -> list[tuple[str, str, str]]:
    mentions = mentions_in(tmp_path, "rl.md", text, gazetteer)
    return [(m.surface, m.target.name, m.target.kind) for m in mentions if m.source == "name"]


def test_environments_are_found_in_a_note(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = (
        "# RL week 3\n\n"
        "Trained on CartPole-v1 first, then on HalfCheetah and Taxi-v3.\n"
        "Montezuma's Revenge is the hard-exploration game; BreakoutNoFrameskip-v4 the easy "
        "one, and the Pong benchmark the quickest.\n"
    )
    assert _found(tmp_path, text, gazetteer) == [
        ("CartPole-v1", "CartPole", "dataset"),
        ("HalfCheetah", "HalfCheetah", "dataset"),
        ("Taxi-v3", "Taxi", "dataset"),
        ("Montezuma's Revenge", "Montezuma's Revenge", "dataset"),
        ("BreakoutNoFrameskip-v4", "Breakout", "dataset"),
        ("Pong", "Pong", "dataset"),
    ]


def test_game_names_that_are_words_need_a_cue(gazetteer: Gazetteer, tmp_path: Path) -> None:
    # no cue and no id in the note: Breakout, Pong, Tennis and Pitfall are words here,
    # Solaris an operating system and Tetris a game (data/common-words.txt)
    text = (
        "# Offsite\n\n"
        "After a breakout session we played Tennis. Pong was released in 1972.\n"
        "Breakout rooms were full. Pitfall: the deadline.\n"
        "Solaris 10 ships with ZFS; Tetris on the bus.\n"  # another thing's names
    )
    assert _found(tmp_path, text, gazetteer) == []


def test_the_word_for_an_environment_or_a_game_is_a_cue(
    gazetteer: Gazetteer, tmp_path: Path
) -> None:
    text = "PPO on the Breakout environment, the Pong 게임 and the Space Invaders game.\n"
    assert [f for f in _found(tmp_path, text, gazetteer) if f[2] == "dataset"] == [
        ("Breakout", "Breakout", "dataset"),
        ("Pong", "Pong", "dataset"),
        ("Space Invaders", "Space Invaders", "dataset"),
    ]


def test_an_id_in_the_note_is_the_cue(gazetteer: Gazetteer, tmp_path: Path) -> None:
    text = "DQN on ALE/Breakout-v5 took a day; Breakout needs a lot of exploration early.\n"
    assert [f for f in _found(tmp_path, text, gazetteer) if f[2] == "dataset"] == [
        ("ALE/Breakout-v5", "Breakout", "dataset"),
        ("Breakout", "Breakout", "dataset"),
    ]
