"""Unix accounts for a trial hub: made from the roster, marked, and removed by that mark only.

Every account a trial makes carries the comment TRIAL_MARK and a home under the trial's folder,
so `swcourse hub --remove-users` can never delete an account it did not make.
"""

from __future__ import annotations

import os
import pwd
import shutil
import subprocess
from collections.abc import Mapping, Sequence
from pathlib import Path

TRIAL_MARK = "swcourse trial user"


class AccountError(RuntimeError):
    """An account that cannot be made or used; the message says what to do."""


def require_root(action: str) -> None:
    """Refuse early, in plain words, when the command is not run as root."""
    if os.geteuid() != 0:
        raise AccountError(
            f"{action} needs root, because it creates Unix accounts for the trial "
            "users and runs each user's Jupyter as that user; run it with sudo"
        )


def trial_account(name: str, homes: Path) -> pwd.struct_passwd | None:
    """The account `name` if a trial made it with its home under `homes`; None if absent."""
    try:
        entry = pwd.getpwnam(name)
    except KeyError:
        return None
    if entry.pw_gecos != TRIAL_MARK or not Path(entry.pw_dir).is_relative_to(homes):
        raise AccountError(
            f"a Unix account named {name!r} already exists on this computer and was "
            "not made by a swcourse trial; rename that person in the roster"
        )
    return entry


def make_account(name: str, homes: Path) -> pwd.struct_passwd:
    """Create (or reuse) the trial account `name` with a private home in `homes`."""
    entry = trial_account(name, homes)
    if entry is None:
        homes.mkdir(parents=True, exist_ok=True)
        subprocess.run(
            [
                "useradd",
                "--create-home",
                "--home-dir",
                str(homes / name),
                "--shell",
                "/bin/bash",
                "--comment",
                TRIAL_MARK,
                "--user-group",
                name,
            ],
            check=True,
            capture_output=True,
            text=True,
        )
        entry = pwd.getpwnam(name)
    home = Path(entry.pw_dir)
    if not home.is_dir():  # the trial folder was deleted by hand: give the account a new home
        home.mkdir(parents=True)
        os.chown(home, entry.pw_uid, entry.pw_gid)
    os.chmod(home, 0o700)
    return entry


def trial_accounts(homes: Path) -> list[str]:
    """Names of every account a trial made with its home under `homes`."""
    return sorted(
        e.pw_name
        for e in pwd.getpwall()
        if e.pw_gecos == TRIAL_MARK and Path(e.pw_dir).is_relative_to(homes)
    )


def remove_account(name: str, homes: Path) -> None:
    """Delete a trial-made account, its processes and its home."""
    entry = trial_account(name, homes)
    if entry is None:
        return
    subprocess.run(["pkill", "-KILL", "-u", str(entry.pw_uid)], capture_output=True)
    subprocess.run(["userdel", "--remove", name], capture_output=True, text=True)
    shutil.rmtree(entry.pw_dir, ignore_errors=True)
    if name in {e.pw_name for e in pwd.getpwall()}:
        raise AccountError(f"could not remove the trial account {name!r}; run `userdel {name}`")


def run_as(
    name: str, args: Sequence[str], cwd: Path, env: Mapping[str, str]
) -> subprocess.CompletedProcess[str]:
    """Run a command as the account `name` (as `runuser` does), with that account's HOME."""
    entry = pwd.getpwnam(name)
    full_env = {**env, "HOME": entry.pw_dir, "USER": name, "LOGNAME": name}
    runuser = shutil.which("runuser", path="/usr/sbin:/usr/bin:/sbin:/bin") or "runuser"
    return subprocess.run(
        [runuser, "-u", name, "--", *args], cwd=cwd, env=full_env, text=True, capture_output=True
    )
