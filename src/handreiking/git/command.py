"""Running one git command in the plan folder, with git's refusal as a Dutch ``GitError``.

It is its own small module because several others run git — the history
(``git/history.py``), the git setup (``git/setup.py``) and the choice between two
conflicting versions (``git/choose.py``) — and the history also uses the
git setup; with the runner inside one of them, they would import each other.

A plan folder may come from someone else (a zip, a shared drive) with its own
``.git/config``. Git runs programs that config names: hooks, a pager, an external
diff or textconv, fsmonitor, gpg for signed commits, and ssh (``core.sshCommand``)
when a "partial clone" fetches a missing object. Every git handreiking starts
therefore gets command-line overrides, which win over any repository config, and
no system config; a repository another user owns is refused, as git itself does.
handreiking runs no ``git diff`` (which would run ``diff.external``, textconv and
filters); old versions are read as objects (``git show rev:path``, ``git cat-file``).
"""
from __future__ import annotations

import os
import stat
from pathlib import Path

from handreiking.core.errors import GitError

TYPE_CHECKING = False
if TYPE_CHECKING:
    import subprocess

# ``-c`` settings for every git command: nothing the repository's config names is run
SAFE_CONFIG: tuple[tuple[str, str], ...] = (
    ("core.hooksPath", os.devnull),       # no hooks (commit, reference-transaction, index change)
    ("core.fsmonitor", "false"),          # no file-system monitor program
    ("core.pager", "cat"),
    ("core.sshCommand", "false"),         # with protocol.allow below: no lazy fetch of missing objects
    ("core.askPass", ""),
    ("credential.helper", ""),
    ("protocol.allow", "never"),          # handreiking never needs the network
    ("log.showSignature", "false"),       # no gpg.program for signed commits
    ("log.mailmap", "false"),
    ("mailmap.file", ""),
    ("mailmap.blob", ""),
    ("commit.gpgSign", "false"),
    ("gc.auto", "0"),                     # no background gc or maintenance
    ("maintenance.auto", "false"),
    ("core.untrackedCache", "false"),
    ("i18n.logOutputEncoding", "UTF-8"),  # a log in Latin-1 (from any config) read as UTF-8 failed
)

_SAFE_ENVIRONMENT = {
    "GIT_CONFIG_NOSYSTEM": "1",
    "GIT_TERMINAL_PROMPT": "0",
    "GIT_NO_LAZY_FETCH": "1",   # newer git: never fetch a missing object
    "GIT_PAGER": "cat",
    "PAGER": "cat",
    "GIT_OPTIONAL_LOCKS": "0",  # a read never rewrites the index
}
# Of git's own variables only the user's identity and global config pass: the others point git at
# another repository (GIT_DIR, GIT_WORK_TREE, GIT_INDEX_FILE, GIT_OBJECT_DIRECTORY, …), add config
# (GIT_CONFIG_PARAMETERS, GIT_CONFIG_COUNT) or name programs (GIT_EXTERNAL_DIFF, GIT_SSH, …). With
# GIT_DIR set, a render read another repository's history into the plan's overview.
_KEPT_GIT_VARIABLES = frozenset({"GIT_AUTHOR_NAME", "GIT_AUTHOR_EMAIL", "GIT_AUTHOR_DATE", "GIT_COMMITTER_NAME",
                                 "GIT_COMMITTER_EMAIL", "GIT_COMMITTER_DATE", "GIT_CONFIG_GLOBAL"})
_UNSET_ENVIRONMENT = ("SSH_ASKPASS",)


def git_argv(*args: str) -> list[str]:
    """The argument list that runs ``git <args>`` without programs from a repository's config."""
    argv = ["git", "--no-pager"]
    for name, value in SAFE_CONFIG:
        argv += ["-c", f"{name}={value}"]
    return argv + list(args)


def git_environment() -> dict[str, str]:
    """The environment for git: this process's, without variables that name programs or
    another repository."""
    environment = {k: v for k, v in os.environ.items()
                   if k not in _UNSET_ENVIRONMENT and (not k.startswith("GIT_") or k in _KEPT_GIT_VARIABLES)}
    environment.update(_SAFE_ENVIRONMENT)
    return environment


def _current_user() -> int | None:
    return os.geteuid() if hasattr(os, "geteuid") else None


def check_owner(root: Path) -> None:
    """Refuse a repository (``.git`` at or above ``root``) that another user owns, as git does."""
    user = _current_user()
    if user is None:
        return
    folder = Path(os.path.abspath(root))
    for candidate in (folder, *folder.parents):
        dot_git = candidate / ".git"
        try:
            found = os.lstat(dot_git)
        except OSError:
            continue
        if stat.S_ISLNK(found.st_mode):
            raise GitError(f"'{dot_git}' is een koppeling naar een git-geschiedenis elders; handreiking "
                           "gebruikt die niet",
                           hint="maak een eigen clone van het plan, of haal de koppeling weg")
        owners = {found.st_uid, os.lstat(candidate).st_uid}
        git_folder: Path | None = dot_git
        if stat.S_ISREG(found.st_mode):  # "gitdir: …" (a submodule or worktree): that folder too
            git_folder = _gitdir_target(candidate, dot_git)
            if git_folder is not None:
                _check_pointer(candidate, git_folder)
                try:
                    owners.add(os.stat(git_folder).st_uid)
                except OSError:
                    pass  # git will say what is wrong with it
        if owners != {user}:
            raise GitError(f"de git-geschiedenis in '{candidate}' is van een andere gebruiker; handreiking "
                           "gebruikt die niet (git weigert zo'n map ook)",
                           hint="kopieer de planmap naar een eigen map, of maak een eigen clone")
        if git_folder is not None:
            _check_config_file(git_folder)
            _check_object_sources(candidate, git_folder)
        return


def _gitdir_target(folder: Path, dot_git: Path) -> Path | None:
    """The folder a ``.git`` file ("gitdir: …") points to, or None when it is no such pointer."""
    try:
        line = dot_git.read_text(encoding="utf-8", errors="replace")[:4096].splitlines()[0]
    except (OSError, IndexError):
        return None  # not readable as a pointer: git will say what is wrong with it
    if not line.startswith("gitdir:"):
        return None
    return Path(os.path.realpath(folder / line[len("gitdir:"):].strip()))


def _is_own(folder: Path, target: Path) -> bool:
    """Whether ``target`` (a real path) lies in the repository of ``folder``: in the folder
    itself, or, for a submodule, in the ``.git/modules`` of a folder around it."""
    real = Path(os.path.realpath(folder))
    if target == real or real in target.parents:
        return True
    return any(around / ".git" / "modules" in target.parents for around in real.parents)


def _check_pointer(folder: Path, target: Path) -> None:
    """A ``.git`` file may point into the folder itself, or, for a submodule, into the
    ``.git/modules`` of a folder around it; a pointer elsewhere (a zip with "gitdir: /home/…")
    would let setup-git write hooks and settings into someone else's repository."""
    if not _is_own(folder, target):
        raise GitError(f"'{folder / '.git'}' verwijst naar een git-geschiedenis buiten de planmap ({target}); "
                       "handreiking gebruikt die niet",
                       hint="maak een eigen clone van het plan, of haal het bestand .git weg")


# What git reads besides the git folder itself: the objects of other repositories
# (``objects/info/alternates``, as ``git clone --shared`` leaves it; an alternate may name
# further alternates) and, for a linked worktree, a whole other git folder (``commondir``).
_MAX_POINTER_BYTES = 1 << 20  # git reads a pointer file whole; a longer one is refused, not cut
_MAX_ALTERNATE_DEPTH = 5  # git follows alternates of alternates this deep


def _check_object_sources(folder: Path, git_folder: Path) -> None:
    """The objects, references and settings git uses must be the repository's own. A zip's
    ``.git`` may borrow another repository in many ways: a ``commondir`` that names another
    git folder (whose ``config`` setup-git would change), alternates (quoted, chained, behind a
    long comment) that name other objects, or links among its files and folders (``objects``,
    ``objects/pack``, ``refs/heads``, ``config`` of the common folder). Every folder git uses
    is checked: the git folder, the folder its ``commondir`` names, and every object folder
    the alternates reach; a link in them must stay inside the repository."""
    git_folders = [git_folder]
    common = _pointer_targets(git_folder / "commondir", git_folder)
    for target in common[:1]:  # git reads the first line
        _refuse_outside(folder, target, git_folder / "commondir")
        _check_config_file(target)
        git_folders.append(target)
    for used in git_folders:
        _refuse_links_out(folder, used)
    objects = [used / "objects" for used in git_folders]
    for _depth in range(_MAX_ALTERNATE_DEPTH + 1):
        found = []
        for object_folder in objects:
            for target in _pointer_targets(object_folder / "info" / "alternates", object_folder):
                _refuse_outside(folder, target, object_folder / "info" / "alternates")
                _refuse_links_out(folder, target, objects_only=True)
                found.append(target)
        objects = found
        if not objects:
            break


def _pointer_targets(path: Path, base: Path) -> list[Path]:
    """The folders a pointer file names (one per line; git's C-style quoting decoded;
    ``#`` lines skipped), as real paths; none when there is no such file. A link is
    followed, as git follows it; its target is checked like any other named folder."""
    try:
        with open(path, "rb") as handle:
            data = handle.read(_MAX_POINTER_BYTES + 1)
    except OSError:
        return []  # absent (as almost always), or unreadable: git will say what is wrong
    if len(data) > _MAX_POINTER_BYTES:
        raise GitError(f"'{path}' is te groot om te controleren; handreiking gebruikt deze git-geschiedenis niet",
                       hint="maak een eigen clone van het plan")
    targets = []
    for line in data.decode("utf-8", errors="surrogateescape").splitlines():
        named = line.strip()
        if not named or named.startswith("#"):
            continue
        named = _unquote_c(named) if named.startswith('"') else named
        targets.append(Path(os.path.realpath(base / named)))
    return targets


_C_ESCAPES = {"a": "\a", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t", "v": "\v",
              '"': '"', "\\": "\\"}


def _unquote_c(text: str) -> str:
    """A path as git quotes it ("\\057tmp\\057…"): the octal and letter escapes decoded, as git does."""
    raw = bytearray()
    index, end = 1, len(text) - 1 if text.endswith('"') and len(text) > 1 else len(text)
    while index < end:
        char = text[index]
        if char == "\\" and index + 1 < end:
            following = text[index + 1]
            if index + 3 < end and following in "0123" and all(c in "01234567" for c in text[index + 2:index + 4]):
                raw.append(int(text[index + 1:index + 4], 8))
                index += 4
                continue
            raw += _C_ESCAPES.get(following, following).encode("utf-8", "surrogateescape")
            index += 2
            continue
        raw += char.encode("utf-8", "surrogateescape")
        index += 1
    return raw.decode("utf-8", errors="surrogateescape")


def _refuse_outside(folder: Path, target: Path, named_in: Path) -> None:
    if not _is_own(folder, target):
        raise GitError(f"'{named_in}' laat git de geschiedenis van een andere map gebruiken ({target}); "
                       "handreiking gebruikt deze git-geschiedenis niet",
                       hint="maak een zelfstandige clone (git repack -a -d en haal daarna de verwijzing weg), "
                            "of clone het plan opnieuw zonder --shared")


def _refuse_links_out(folder: Path, used: Path, *, objects_only: bool = False) -> None:
    """A link among the files git reads and writes in ``used`` (a git folder: its top level,
    its object folder's own folders and every reference; or an object folder an alternate
    names) must stay inside the repository. The hooks are setup-git's own concern (it
    writes none through a link and says so)."""
    objects = used if objects_only else used / "objects"
    places = [objects, objects / "pack", objects / "info"] + ([] if objects_only else [used])
    candidates: list[Path] = []
    for place in places:
        if place.is_symlink() or not place.is_dir():
            continue  # a linked place is itself a candidate of the level above it
        try:
            candidates += [Path(entry.path) for entry in os.scandir(place) if entry.name != "hooks" or place != used]
        except OSError:
            continue  # git will say what is wrong with the folder
    if not objects_only:
        for top, subfolders, files in os.walk(used / "refs"):
            candidates += [Path(top) / name for name in (*subfolders, *files)]
    for path in candidates:
        if path.is_symlink() and not _is_own(folder, Path(os.path.realpath(path))):
            raise GitError(f"'{path}' is een koppeling naar iets buiten de planmap; handreiking gebruikt "
                           "deze git-geschiedenis niet",
                           hint="maak een eigen clone van het plan, of haal de koppeling weg")


def _check_config_file(git_folder: Path) -> None:
    """Git reads, and ``git config`` writes, ``config`` through a link: a plan's ``.git/config``
    linked to a file elsewhere would be read and changed on the plan's behalf."""
    config = git_folder / "config"
    try:
        found = os.lstat(config)
    except OSError:
        return
    if not stat.S_ISREG(found.st_mode):
        raise GitError(f"'{config}' is geen gewoon bestand (maar bijvoorbeeld een koppeling naar een bestand "
                       "elders); handreiking gebruikt deze git-geschiedenis niet",
                       hint="vervang het door een gewoon bestand, of maak een eigen clone van het plan")


def git(root: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess[str]:
    """``git <args>`` in ``root``; with ``check``, a non-zero exit is a ``GitError`` with git's last line."""
    import subprocess  # here, not at the top: status on a plan outside git never starts git

    check_owner(root)
    try:
        result = subprocess.run(git_argv(*args), cwd=root, capture_output=True, encoding="utf-8", errors="replace",
                                env=git_environment(), stdin=subprocess.DEVNULL)
    except FileNotFoundError:
        raise GitError("git is niet geïnstalleerd", hint="installeer git, of laat --git weg") from None
    if check and result.returncode != 0:
        message = (result.stderr or result.stdout).strip().splitlines()
        raise GitError(f"git gaf een fout: {message[-1] if message else 'onbekend'}")
    return result

