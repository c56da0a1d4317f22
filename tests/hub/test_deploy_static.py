"""What cannot run here, checked statically: TLJH, Zero to JupyterHub, and every sign-in choice.

The real hub test (test_class_hub.py) runs deploy/jupyterhub_config.py with the trial sign-in.
TLJH and Kubernetes cannot run in a test, and there is no registry package holding their
configuration schemas, so their keys are checked against the lists below, written by hand from
the projects' documented references (cited per key group). Python settings are checked against
the installed classes: every key the deploy files set must be a configurable trait of its class.
"""

from __future__ import annotations

import importlib
import os
from pathlib import Path
from typing import Any

import pytest
import yaml
from traitlets.config import Config
from traitlets.config.loader import PyFileConfigLoader

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
ROSTER = Path(__file__).resolve().parent / "roster.csv"

# TLJH's documented keys: "Configuring TLJH with tljh-config" and its topic pages (users,
# limits, idle culler, user environment, HTTPS, authentication). "*" is a free-form subtree.
TLJH_KEYS = {
    "users.allowed",
    "users.banned",
    "users.admin",
    "users.extra_user_groups",
    "limits.memory",
    "limits.cpu",
    "services.cull.enabled",
    "services.cull.timeout",
    "services.cull.every",
    "services.cull.concurrency",
    "services.cull.users",
    "services.cull.max_age",
    "user_environment.default_app",
    "https.enabled",
    "https.letsencrypt.email",
    "https.letsencrypt.domains",
    "https.tls.key",
    "https.tls.cert",
    "http.address",
    "http.port",
    "base_url",
    "auth.type",
    "auth.*",
}
# Zero to JupyterHub's configuration reference (chart 4.x) for the keys this course uses.
Z2JH_KEYS = {
    "hub.config.*",
    "hub.loadGroups.*",
    "hub.loadRoles.*",
    "hub.extraConfig.*",
    "singleuser.image.name",
    "singleuser.image.tag",
    "singleuser.defaultUrl",
    "singleuser.extraEnv.*",
    "singleuser.startTimeout",
    "singleuser.storage.type",
    "singleuser.storage.capacity",
    "singleuser.storage.homeMountPath",
    "singleuser.storage.extraVolumes",
    "singleuser.storage.extraVolumeMounts",
    "singleuser.cpu.limit",
    "singleuser.cpu.guarantee",
    "singleuser.memory.limit",
    "singleuser.memory.guarantee",
    "cull.enabled",
    "cull.timeout",
    "cull.every",
    "cull.users",
    "cull.maxAge",
    "proxy.https.enabled",
    "proxy.https.hosts",
    "proxy.https.letsencrypt.contactEmail",
}


def key_paths(tree: dict[str, Any], prefix: str = "") -> list[str]:
    """Dotted paths to every leaf (lists are leaves) of a YAML mapping."""
    paths = []
    for key, value in tree.items():
        path = f"{prefix}{key}"
        paths += key_paths(value, f"{path}.") if isinstance(value, dict) and value else [path]
    return paths


def documented(path: str, keys: set[str]) -> bool:
    parts = path.split(".")
    return path in keys or any(".".join(parts[:i]) + ".*" in keys for i in range(1, len(parts)))


def test_documented_helper_refuses_unknown_keys() -> None:
    """Would the key check notice a misspelt key (so the checks below can fail)?"""
    assert not documented("limits.memroy", TLJH_KEYS)
    assert documented("auth.LTI13Authenticator.issuer", TLJH_KEYS)
    assert not documented("singleuser.storage.extraVolume", Z2JH_KEYS)


def test_tljh_config_uses_only_documented_keys() -> None:
    """Does deploy/tljh/config.yaml set only keys TLJH documents, with culling and limits on?"""
    config = yaml.safe_load((DEPLOY / "tljh" / "config.yaml").read_text())
    unknown = [p for p in key_paths(config) if not documented(p, TLJH_KEYS)]
    assert not unknown, f"keys TLJH does not document: {unknown}"
    assert config["services"]["cull"]["enabled"] is True
    assert config["limits"]["memory"] and config["limits"]["cpu"]


def test_z2jh_values_use_only_documented_keys() -> None:
    """Do the Helm values use only chart keys, with a shared exchange, own storage, culling?"""
    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    unknown = [p for p in key_paths(values) if not documented(p, Z2JH_KEYS)]
    assert not unknown, f"keys the Zero to JupyterHub chart does not document: {unknown}"
    storage = values["singleuser"]["storage"]
    assert storage["type"] == "dynamic"  # a volume per user
    claims = {v["persistentVolumeClaim"]["claimName"] for v in storage["extraVolumes"]}
    volumes = {
        d["metadata"]["name"]: d
        for d in yaml.safe_load_all((DEPLOY / "z2jh" / "volumes.yaml").read_text())
    }
    assert volumes["swcourse-exchange"]["spec"]["accessModes"] == ["ReadWriteMany"]
    assert "swcourse-exchange" in claims
    assert values["singleuser"]["cpu"]["limit"] and values["singleuser"]["memory"]["limit"]
    assert values["cull"]["enabled"] is True


def test_z2jh_extra_config_sets_real_kubespawner_traits() -> None:
    """Does the values' Python snippet compile, and set only traits KubeSpawner has?"""
    from kubespawner import KubeSpawner

    values = yaml.safe_load((DEPLOY / "z2jh" / "values.yaml").read_text())
    config = Config()
    for name, source in values["hub"]["extraConfig"].items():
        exec(compile(source, f"values.yaml:hub.extraConfig.{name}", "exec"), {"c": config})
    traits = KubeSpawner.class_traits(config=True)
    assert set(config.KubeSpawner) <= set(traits), set(config.KubeSpawner) - set(traits)
    check_sections(Config(values["hub"]["config"]), AUTHENTICATORS["lti13"])


def load(path: Path, env: dict[str, str], monkeypatch: pytest.MonkeyPatch) -> Config:
    for key, value in env.items():
        monkeypatch.setenv(key, value)
    return PyFileConfigLoader(path.name, path=str(path.parent)).load_config()


def check_sections(config: Config, authenticator: str) -> None:
    """Every section's keys must be configurable traits of the class the section names."""
    from jupyterhub.app import JupyterHub
    from jupyterhub.auth import Authenticator
    from jupyterhub.spawner import Spawner

    module, _, name = authenticator.rpartition(".")
    auth_class = getattr(importlib.import_module(module), name) if module else None
    classes = {"JupyterHub": JupyterHub, "Spawner": Spawner, "Authenticator": Authenticator}
    if auth_class is not None:
        classes[auth_class.__name__] = auth_class
    from jupyterhub.proxy import ConfigurableHTTPProxy

    classes["ConfigurableHTTPProxy"] = ConfigurableHTTPProxy
    for section in config:
        assert section in classes, f"a setting for {section}, which this hub does not use"
        traits = classes[section].class_traits(config=True)
        unknown = set(config[section]) - set(traits)
        assert not unknown, f"{section} has no settings {sorted(unknown)}"


AUTHENTICATORS = {
    "trial": "jupyterhub.authenticators.shared.SharedPasswordAuthenticator",
    "pam": "jupyterhub.auth.PAMAuthenticator",
    "native": "nativeauthenticator.NativeAuthenticator",
    "lti13": "ltiauthenticator.lti13.auth.LTI13Authenticator",
}


@pytest.mark.parametrize("auth", sorted(AUTHENTICATORS))
def test_hub_config_loads_with_each_sign_in(
    auth: str, monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Does the hub's configuration load with each sign-in, setting only real settings?"""
    (tmp_path / "roster.csv").write_text(ROSTER.read_text())
    config = load(
        DEPLOY / "jupyterhub_config.py",
        {
            "SWCOURSE_HUB_ROOT": str(tmp_path),
            "SWCOURSE_HUB_AUTH": auth,
            "SWCOURSE_TRIAL_PASSWORD": "a-trial-password",
        },
        monkeypatch,
    )
    check_sections(config, AUTHENTICATORS[auth])
    from jupyterhub.app import JupyterHub

    hub = JupyterHub(config=config)
    module, _, name = AUTHENTICATORS[auth].rpartition(".")
    assert hub.authenticator_class is getattr(importlib.import_module(module), name)
    services = {s["name"]: s for s in hub.services}
    assert services["casework-groupwork"]["user"] == "grader-casework-groupwork"
    assert "idle-culler" in services
    assert set(hub.load_groups) == {"formgrade-casework-groupwork", "nbgrader-casework-groupwork"}


def test_unknown_sign_in_is_refused_by_name(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Is a misspelt SWCOURSE_HUB_AUTH refused with the choices, not a traceback?"""
    (tmp_path / "roster.csv").write_text(ROSTER.read_text())
    with pytest.raises(SystemExit, match="use one of: lti13, native, pam, trial"):
        load(
            DEPLOY / "jupyterhub_config.py",
            {"SWCOURSE_HUB_ROOT": str(tmp_path), "SWCOURSE_HUB_AUTH": "ldap"},
            monkeypatch,
        )


def test_tljh_drop_in_adds_the_course_without_removing_tljh_settings(
    monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    """Does the TLJH drop-in add the course while keeping what TLJH set (its culler)?"""
    (tmp_path / "roster.csv").write_text(ROSTER.read_text())
    (tmp_path / "course").symlink_to(ROOT)
    main = tmp_path / "tljh_main.py"
    drop_in = DEPLOY / "tljh" / "jupyterhub_config.d" / "swcourse.py"
    main.write_text(
        "c = get_config()\n"
        "c.JupyterHub.services = [{'name': 'cull-idle', 'admin': True}]\n"
        f"load_subconfig({str(drop_in)!r})\n"
    )
    monkeypatch.delenv("SWCOURSE_USER_BIN", raising=False)
    config = load(main, {"SWCOURSE_HUB_ROOT": str(tmp_path)}, monkeypatch)
    names = [s["name"] for s in config.JupyterHub.services]
    assert names == ["cull-idle", "casework-groupwork"]
    course = config.JupyterHub.services[1]
    assert course["command"][0] == "/opt/tljh/user/bin/jupyterhub-singleuser"
    assert os.environ["SWCOURSE_USER_BIN"] == "/opt/tljh/user/bin"


def test_every_server_setting_is_a_real_trait() -> None:
    """Does each role's jupyter_server_config.json set only traits jupyter_server has, and does
    every server keep kernels on the legacy websocket protocol (see deploy/README.md)?"""
    import json

    from jupyter_server.serverapp import ServerApp
    from jupyter_server.services.kernels.connection.channels import (
        ZMQChannelsWebsocketConnection,
    )

    classes = {
        "ServerApp": ServerApp,
        "ZMQChannelsWebsocketConnection": ZMQChannelsWebsocketConnection,
    }
    for path in sorted((DEPLOY / "jupyter").glob("*/jupyter_server_config.json")):
        for section, values in json.loads(path.read_text(encoding="utf-8")).items():
            traits = classes[section].class_traits(config=True)
            assert set(values) <= set(traits), f"{path}: {set(values) - set(traits)}"
    common = json.loads((DEPLOY / "jupyter" / "common" / "jupyter_server_config.json").read_text())
    assert common["ZMQChannelsWebsocketConnection"]["kernel_ws_protocol"] == ""
