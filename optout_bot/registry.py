"""Discover flows: every module in the ``optout_bot.flows`` package (the top-level
``flows/`` folder of the repository) that exports ``FLOW``.

A module that fails to import does not take the others down: it is reported as broken
and the rest still work.
"""

from __future__ import annotations

import importlib
import pkgutil
from dataclasses import dataclass
from difflib import get_close_matches

from optout_bot.errors import UsageError
from optout_bot.flow import Flow


@dataclass
class Registry:
    flows: dict[str, Flow]
    broken: dict[str, str]  # module name -> one-line reason

    def names(self) -> list[str]:
        return list(self.flows)

    def pick(self, names: tuple[str, ...] | list[str], all_: bool) -> list[Flow]:
        if all_ and names:
            raise UsageError("Name platforms or use --all, not both.")
        if all_:
            return list(self.flows.values())
        if not names:
            raise UsageError("Name at least one platform, or use --all. "
                             "'optout platforms' lists them.")
        picked = []
        for raw in names:
            name = raw.lower()
            if name in self.broken:
                raise UsageError(f"The {name} flow could not be loaded: {self.broken[name]}")
            if name not in self.flows:
                close = get_close_matches(name, self.names(), n=1)
                hint = f" Did you mean '{close[0]}'?" if close else ""
                raise UsageError(f"Unknown platform '{raw}'.{hint} "
                                 f"Known: {', '.join(self.names())}.")
            if self.flows[name] not in picked:
                picked.append(self.flows[name])
        return picked


_CACHE: Registry | None = None


def load(refresh: bool = False) -> Registry:
    global _CACHE
    if _CACHE is not None and not refresh:
        return _CACHE
    import optout_bot.flows as package

    found: dict[str, Flow] = {}
    broken: dict[str, str] = {}
    for info in sorted(pkgutil.iter_modules(package.__path__), key=lambda i: i.name):
        if info.name.startswith("_"):
            continue
        try:
            module = importlib.import_module(f"{package.__name__}.{info.name}")
            flow = module.FLOW
        except Exception as exc:  # noqa: BLE001 - one broken flow must not stop the others
            reason = str(exc).splitlines()[0] if str(exc) else ""
            broken[info.name] = f"{type(exc).__name__}: {reason}"
            continue
        if isinstance(flow, Flow):
            found[flow.name] = flow
        else:
            broken[info.name] = "FLOW is not a Flow"
    _CACHE = Registry(found, broken)
    return _CACHE
