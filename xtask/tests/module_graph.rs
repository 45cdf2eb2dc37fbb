//! No crate of the workspace has a module cycle (ARCHITECTURE.md, invariants): two modules that use each other,
//! directly or around a loop, are one job split in two files, or a shared piece that belongs below both.
//!
//! Every source file is parsed (syn) and each `crate::`, `super::` or `self::` path in its code — `use` trees
//! included — is resolved to the deepest module it names. A module using its own ancestor is not an edge: a parent
//! module is its children's namespace (`auth/digest.rs` uses `super::Presented` from `auth/mod.rs`). A crate-root
//! re-export such as `crate::Client` counts as an edge to the module it comes from, as the root declares it.
//! Paths inside macros (`quote!`, `format!`) are tokens, not dependencies, and are not seen.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use syn::visit::Visit;

/// A module by its path from the crate root (`["diff", "api", "schemas"]`); the root is `[]`.
type Module = Vec<String>;
/// Module → the modules it uses.
type Graph = BTreeMap<Module, BTreeSet<Module>>;

fn source_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.is_dir() {
            source_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module a file is: `src/diff/api/schemas.rs` → `diff::api::schemas`, `src/diff/api/mod.rs` → `diff::api`,
/// `src/lib.rs` and `src/main.rs` → the root.
fn module_of(src: &Path, file: &Path) -> Module {
    let mut parts: Vec<String> = file
        .strip_prefix(src)
        .unwrap()
        .components()
        .map(|c| c.as_os_str().to_string_lossy().trim_end_matches(".rs").to_owned())
        .collect();
    if matches!(parts.last().map(String::as_str), Some("mod" | "lib" | "main")) {
        parts.pop();
    }
    parts
}

/// Every path a file's code names, as its segments (`crate::a::B` → `["crate", "a", "B"]`), `use` trees expanded,
/// each with the inline modules (`mod builder { … }`) it stands in, so that `super::` is resolved from there.
#[derive(Default)]
struct Paths {
    found: Vec<(Vec<String>, Vec<String>)>,
    inline: Vec<String>,
}

impl Paths {
    fn use_tree(&mut self, prefix: &mut Vec<String>, tree: &syn::UseTree) {
        match tree {
            syn::UseTree::Path(path) => {
                prefix.push(path.ident.to_string());
                self.use_tree(prefix, &path.tree);
                prefix.pop();
            }
            syn::UseTree::Name(name) => self.push(prefix, &name.ident),
            syn::UseTree::Rename(rename) => self.push(prefix, &rename.ident),
            syn::UseTree::Glob(_) => self.found.push((self.inline.clone(), prefix.clone())),
            syn::UseTree::Group(group) => group.items.iter().for_each(|item| self.use_tree(prefix, item)),
        }
    }

    fn push(&mut self, prefix: &[String], last: &proc_macro2::Ident) {
        let mut path = prefix.to_vec();
        path.push(last.to_string());
        self.found.push((self.inline.clone(), path));
    }
}

impl<'ast> Visit<'ast> for Paths {
    fn visit_item_use(&mut self, item: &'ast syn::ItemUse) {
        self.use_tree(&mut Vec::new(), &item.tree);
    }
    fn visit_path(&mut self, path: &'ast syn::Path) {
        let segments = path.segments.iter().map(|s| s.ident.to_string()).collect();
        self.found.push((self.inline.clone(), segments));
        syn::visit::visit_path(self, path);
    }
    fn visit_item_mod(&mut self, item: &'ast syn::ItemMod) {
        if item.content.is_some() {
            self.inline.push(item.ident.to_string());
            syn::visit::visit_item_mod(self, item);
            self.inline.pop();
        }
    }
}

/// The module `path` names from `from`: its `crate`/`super`/`self` start, then as many segments as are modules.
fn resolve(
    from: &Module,
    path: &[String],
    modules: &BTreeSet<Module>,
    reexports: &BTreeMap<String, Module>,
) -> Option<Module> {
    let mut here = match path.first()?.as_str() {
        "crate" => Vec::new(),
        "self" => from.clone(),
        "super" => from[..from.len().checked_sub(1)?].to_vec(),
        _ => return None,
    };
    let mut rest = &path[1..];
    while rest.first().is_some_and(|segment| segment == "super") {
        here.pop();
        rest = &rest[1..];
    }
    for segment in rest {
        let mut deeper = here.clone();
        deeper.push(segment.clone());
        if modules.contains(&deeper) {
            here = deeper;
        } else if here.is_empty() {
            return reexports.get(segment).cloned();
        } else {
            break;
        }
    }
    // An inline module (`generated::builder`) belongs to the file that holds it.
    while !here.is_empty() && !modules.contains(&here) {
        here.pop();
    }
    Some(here)
}

/// `pub use module::{A, B}` at the crate root: the re-exported name → its module.
fn reexports(root: &syn::File, modules: &BTreeSet<Module>) -> BTreeMap<String, Module> {
    let mut names = BTreeMap::new();
    for item in &root.items {
        let syn::Item::Use(item) = item else { continue };
        let mut paths = Paths::default();
        paths.use_tree(&mut Vec::new(), &item.tree);
        for (_, path) in paths.found {
            let module: Module = path[..path.len().saturating_sub(1)].to_vec();
            if let (Some(name), true) = (path.last(), modules.contains(&module)) {
                names.insert(name.clone(), module);
            }
        }
    }
    names
}

fn graph(src: &Path) -> Graph {
    let mut files = Vec::new();
    source_files(src, &mut files);
    let parsed: Vec<(Module, syn::File)> = files
        .iter()
        .map(|file| {
            let text = std::fs::read_to_string(file).unwrap();
            let syntax = syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", file.display()));
            (module_of(src, file), syntax)
        })
        .collect();
    let modules: BTreeSet<Module> = parsed.iter().map(|(module, _)| module.clone()).collect();
    let roots: Vec<&syn::File> = parsed.iter().filter(|(m, _)| m.is_empty()).map(|(_, f)| f).collect();
    let reexported: BTreeMap<String, Module> = roots.iter().flat_map(|root| reexports(root, &modules)).collect();
    let mut graph = Graph::new();
    for (from, syntax) in &parsed {
        let mut paths = Paths::default();
        paths.visit_file(syntax);
        let edges = graph.entry(from.clone()).or_default();
        for (inline, path) in &paths.found {
            let here: Module = from.iter().chain(inline).cloned().collect();
            let Some(to) = resolve(&here, path, &modules, &reexported) else {
                continue;
            };
            // A module's own ancestors (the root included) are its namespace, not a dependency.
            if !from.starts_with(&to) {
                edges.insert(to);
            }
        }
    }
    graph
}

/// A cycle in `graph`, as the modules along it, if there is one.
fn find_cycle(graph: &Graph) -> Option<Vec<Module>> {
    fn visit(node: &Module, graph: &Graph, path: &mut Vec<Module>, done: &mut BTreeSet<Module>) -> Option<Vec<Module>> {
        if let Some(start) = path.iter().position(|n| n == node) {
            let mut cycle = path[start..].to_vec();
            cycle.push(node.clone());
            return Some(cycle);
        }
        if done.contains(node) {
            return None;
        }
        path.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            if let Some(cycle) = visit(next, graph, path, done) {
                return Some(cycle);
            }
        }
        path.pop();
        done.insert(node.clone());
        None
    }
    let mut done = BTreeSet::new();
    graph
        .keys()
        .find_map(|node| visit(node, graph, &mut Vec::new(), &mut done))
}

fn name(module: &Module) -> String {
    if module.is_empty() {
        "crate".into()
    } else {
        module.join("::")
    }
}

fn m(path: &str) -> Module {
    path.split("::").filter(|s| !s.is_empty()).map(str::to_owned).collect()
}

/// The source directories of every crate of the workspace.
fn crates() -> Vec<PathBuf> {
    let root = xtask::project_root().unwrap();
    let manifest: toml::Table = std::fs::read_to_string(root.join("Cargo.toml"))
        .unwrap()
        .parse()
        .unwrap();
    let members = manifest["workspace"]["members"].as_array().unwrap();
    members
        .iter()
        .map(|member| root.join(member.as_str().unwrap()).join("src"))
        .collect()
}

#[test]
fn no_crate_of_the_workspace_has_a_module_cycle() {
    let crates = crates();
    assert!(crates.len() >= 2, "{crates:?}");
    let mut cycles = Vec::new();
    for src in crates {
        let graph = graph(&src);
        if let Some(cycle) = find_cycle(&graph) {
            let names: Vec<String> = cycle.iter().map(name).collect();
            cycles.push(format!("{}: {}", src.display(), names.join(" → ")));
        }
    }
    assert!(cycles.is_empty(), "module cycles:\n{}", cycles.join("\n"));
}

#[test]
fn the_scan_sees_the_edges_it_must() {
    let root = xtask::project_root().unwrap();
    let client = graph(&root.join("generated-client/src"));
    assert!(
        client[&m("hooks")].contains(&m("auth")) && client[&m("hooks")].contains(&m("inner")),
        "{client:?}"
    );
    assert!(
        client[&m("generated")].contains(&m("inner")),
        "the generated code carries `Inner`"
    );
    assert!(client[&m("auth::digest")].is_empty() || !client[&m("auth::digest")].contains(&m("auth")));
    let xtask = graph(&root.join("xtask/src"));
    assert!(
        xtask[&m("codegen")].contains(&m("prepare")),
        "{:?}",
        xtask[&m("codegen")]
    );
    assert!(
        xtask[&m("diff::revisions")].contains(&m("codegen")),
        "{:?}",
        xtask[&m("diff::revisions")]
    );
}

#[test]
fn the_cycle_finder_finds_cycles_and_paths_resolve_to_modules() {
    let graph: Graph = [("a", vec!["b"]), ("b", vec!["c"]), ("c", vec!["a"]), ("d", vec![])]
        .into_iter()
        .map(|(k, v)| (m(k), v.into_iter().map(m).collect()))
        .collect();
    assert_eq!(find_cycle(&graph).unwrap(), [m("a"), m("b"), m("c"), m("a")]);
    let modules: BTreeSet<Module> = ["", "diff", "diff::api", "diff::api::schemas", "diff::report"]
        .into_iter()
        .map(m)
        .collect();
    let reexports = BTreeMap::from([("Client".to_owned(), m("diff"))]);
    let from = m("diff::api::schemas");
    let path = |p: &str| p.split("::").map(str::to_owned).collect::<Vec<_>>();
    assert_eq!(
        resolve(&from, &path("super::super::report::Report"), &modules, &reexports),
        Some(m("diff::report"))
    );
    assert_eq!(
        resolve(&from, &path("crate::diff::api::Context"), &modules, &reexports),
        Some(m("diff::api"))
    );
    assert_eq!(
        resolve(&from, &path("crate::Client"), &modules, &reexports),
        Some(m("diff"))
    );
    assert_eq!(resolve(&from, &path("serde_json::Value"), &modules, &reexports), None);
    let mut paths = Paths::default();
    let file: syn::File = syn::parse_quote! {
        use crate::{auth::AuthError, body::{self, X}};
        mod inline { use super::Y; }
    };
    paths.visit_file(&file);
    let found: Vec<_> = paths
        .found
        .iter()
        .map(|(inline, path)| (inline.join("::"), path.join("::")))
        .collect();
    let expected = [
        ("", "crate::auth::AuthError"),
        ("", "crate::body::self"),
        ("", "crate::body::X"),
        ("inline", "super::Y"),
    ];
    assert_eq!(found, expected.map(|(a, b)| (a.to_owned(), b.to_owned())));
    assert_eq!(
        resolve(
            &m("diff::api::schemas::inline"),
            &path("super::Thing"),
            &modules,
            &reexports
        ),
        Some(from)
    );
}
