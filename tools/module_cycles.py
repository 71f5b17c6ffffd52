#!/usr/bin/env python3
"""List import cycles between the modules of each crate (exit 1 if any).

    python3 tools/module_cycles.py

Every file is a module (`src/a/b.rs` and `src/a/b/mod.rs` are `a::b`). A module depends on
another when its code names it: `crate::a::b::Item`, `super::x`, `self::x`, or `child::x`
for a `mod child;` it declares. Declaring a child (`mod child;`) is not a dependency; using
it is. A child using what its ancestors define is containment, not a dependency (a folder
module's `mod.rs` holds what its files share). A cycle means two modules each need the
other, directly or around a loop, which ARCHITECTURE.md rules out.
Cycles between crates cannot happen (cargo refuses them). Comments and `#[cfg(test)]`
modules are left out: a doc link or a test is not an import.
"""
import pathlib
import re
import sys

ROOT = pathlib.Path(__file__).resolve().parent.parent
IDENT = r"[a-z_][a-z0-9_]*"


def module_of(src: pathlib.Path, path: pathlib.Path) -> str:
    parts = list(path.relative_to(src).parts)
    parts[-1] = parts[-1][:-3]
    if parts[-1] in ("mod", "lib", "main"):
        parts.pop()
    return "::".join(parts)


def code_of(path: pathlib.Path) -> str:
    text = path.read_text(encoding="utf-8")
    i = text.find("#[cfg(test)]")
    text = text if i < 0 else text[:i]
    return "\n".join(re.sub(r"//.*", "", line) for line in text.splitlines())


def resolve(modules: set, candidate: list) -> str | None:
    """The longest prefix of `candidate` that is a module."""
    for n in range(len(candidate), 0, -1):
        name = "::".join(candidate[:n])
        if name in modules:
            return name
    return None


def crate_graph(src: pathlib.Path) -> dict:
    files = [p for p in src.rglob("*.rs") if "bin" not in p.relative_to(src).parts]
    modules = {module_of(src, p) for p in files}
    graph = {}
    for path in files:
        module = module_of(src, path)
        here = module.split("::") if module else []
        # A non-mod file's `super` is its parent module; so is a mod.rs file's own parent.
        parent = here[:-1]
        code = code_of(path)
        deps = set()
        paths = re.findall(rf"\b(crate|super|self)((?:::{IDENT})+)", code)
        for group_root, group in re.findall(r"\b(crate|super|self)::\{([^}]*)\}", code):
            for item in group.split(","):
                item = item.strip()
                if item:
                    paths.append((group_root, "::" + item.split(" as ")[0]))
        for root, rest in paths:
            segments = [s for s in rest.split("::") if s]
            base = {"crate": [], "super": parent, "self": here}[root]
            target = resolve(modules, base + segments)
            if target is not None:
                deps.add(target)
        for child in re.findall(rf"^\s*(?:pub(?:\([a-z]+\))?\s+)?mod ({IDENT});", code, re.M):
            name = "::".join(here + [child])
            if re.search(rf"(?<![:\w]){child}::", code):
                deps.add(name)
        deps.discard(module)
        ancestors = {"::".join(here[:n]) for n in range(len(here))}
        graph.setdefault(module, set()).update(d for d in deps if d not in ancestors)
    return graph


def cycles(graph: dict) -> list:
    """Strongly connected components with more than one module (Tarjan)."""
    index, low, stack, on, out, counter = {}, {}, [], set(), [], [0]

    def visit(v):
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in graph:
                continue
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                on.discard(w)
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    sys.setrecursionlimit(10000)
    for v in sorted(graph):
        if v not in index:
            visit(v)
    return out


def main() -> int:
    found = 0
    for src in sorted(ROOT.glob("crates/*/src")):
        for comp in cycles(crate_graph(src)):
            found += 1
            print(f"{src.parent.name}: {' <-> '.join(m or 'crate root' for m in comp)}")
    if not found:
        print("no module cycles")
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
