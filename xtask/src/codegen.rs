//! `cargo xtask codegen`: spec → progenitor → prettyplease → `generated-client/src/generated.rs`, and beside it
//! `generated_mock.rs`: typed mocks for the `httpmock` crate, generated from the same prepared spec so that the
//! two cannot disagree (`generated_client::mock`, behind the crate's `mock` feature).
//!
//! Generation is pure (spec text in, file text out) so that the drift test can run it in memory; only
//! [`write_atomically`] touches the disk, and only once everything before it succeeded.

use std::any::Any;
use std::cell::Cell;
use std::io::Write;
use std::panic::{self, AssertUnwindSafe};
use std::path::{Path, PathBuf};
use std::sync::Once;

use progenitor::{GenerationSettings, Generator, HooksMode, InterfaceStyle, TagStyle, TypeImpl};
use sha2::{Digest, Sha256};

use crate::lifecycle::{self, LifecycleError};
use crate::media_types::{self, MediaTypeError};
use crate::operations;
use crate::paging::{self, PagingError};
pub use crate::prepare::Options;
use crate::prepare::{self, Account, LeftOut};
use crate::spec::Spec;
use crate::timing::timed;

/// The spec and output paths, relative to the workspace root.
pub const DEFAULT_SPEC: &str = "spec/atlas-restore-jobs.yaml";
pub const DEFAULT_OUT: &str = "generated-client/src/generated.rs";

#[derive(Debug, thiserror::Error)]
pub enum CodegenError {
    #[error(transparent)]
    NotGeneratable(#[from] crate::spec::SpecError),
    #[error(transparent)]
    MediaTypes(#[from] MediaTypeError),
    #[error(transparent)]
    Lifecycle(#[from] LifecycleError),
    #[error(transparent)]
    Paging(#[from] PagingError),
    #[error("{}: progenitor rejected the spec: {message}", spec.display())]
    Rejected { spec: PathBuf, message: String },
    #[error("{}: progenitor panicked on the spec (a generator bug or an unsupported construct): {message}", spec.display())]
    Panicked { spec: PathBuf, message: String },
    #[error("{}: the generated code is not valid Rust, so it cannot be formatted: {message}", spec.display())]
    Unformattable { spec: PathBuf, message: String },
    #[error(
        "{}{}: the generated code defines the type `{name}` twice, which does not compile: a component schema has \
         the name the generator gives an inline schema (its parent schema's and its property's: `Cat` and `color` \
         make `CatColor`), or two component names make one Rust name; rename one",
        spec.display(),
        component.as_ref().map(|at| format!(" at {at}")).unwrap_or_default()
    )]
    TypeDefinedTwice {
        spec: PathBuf,
        name: String,
        /// The component schema of that name, when there is one.
        component: Option<String>,
    },
    #[error("{} at {pointer}: {message} (left out; `--partial` generates the rest)", spec.display())]
    LeftOut {
        spec: PathBuf,
        pointer: String,
        message: String,
    },
    #[error("cannot read {}", path.display())]
    Read { path: PathBuf, source: std::io::Error },
    #[error("cannot write {}", path.display())]
    Write { path: PathBuf, source: std::io::Error },
}

impl CodegenError {
    /// Where in the spec the error is, when it says.
    pub fn pointer(&self) -> Option<String> {
        match self {
            CodegenError::NotGeneratable(crate::spec::SpecError::Invalid {
                location: Some(crate::spec::Location::Pointer(pointer)),
                ..
            }) => Some(pointer.clone()),
            CodegenError::MediaTypes(e) => Some(e.pointer.clone()),
            CodegenError::Lifecycle(e) => Some(e.pointer.clone()),
            CodegenError::Paging(e) => Some(e.pointer.clone()),
            CodegenError::LeftOut { pointer, .. } => Some(pointer.clone()),
            CodegenError::TypeDefinedTwice { component, .. } => component.clone(),
            _ => None,
        }
    }

    /// What is wrong, without where: the reason an operation is left out.
    pub fn message(&self) -> String {
        match self {
            CodegenError::NotGeneratable(crate::spec::SpecError::Invalid { message, .. }) => message.clone(),
            CodegenError::MediaTypes(e) => e.message.clone(),
            CodegenError::Lifecycle(e) => e.message.clone(),
            CodegenError::Paging(e) => e.message.clone(),
            CodegenError::LeftOut { message, .. }
            | CodegenError::Rejected { message, .. }
            | CodegenError::Panicked { message, .. } => message.clone(),
            other => other.to_string(),
        }
    }
}

/// How the generated client is shaped. One place, so a change of settings shows up in one diff.
pub fn settings() -> GenerationSettings {
    let mut settings = GenerationSettings::new();
    settings
        .with_interface(InterfaceStyle::Builder)
        .with_tag(TagStyle::Merged)
        .with_derive("schemars::JsonSchema")
        // Auth, retries and tracing enter through one hook: the hand-written `impl ClientHooks<Inner> for Client`
        // in generated-client/src/hooks.rs. `Expected` makes forgetting it a compile error.
        .with_inner_type(quote::quote!(crate::inner::Inner))
        .with_hooks(HooksMode::Expected)
        // Atlas adds enum values over time; the hand-written open enums keep unknown values instead of failing.
        .with_replacement(
            "DeliveryType",
            "crate::open_enums::DeliveryType",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "FlexDeliveryType",
            "crate::open_enums::FlexDeliveryType",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "FlexRestoreJobStatus",
            "crate::open_enums::FlexRestoreJobStatus",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        )
        .with_replacement(
            "FlexSnapshotStatus",
            "crate::open_enums::FlexSnapshotStatus",
            [TypeImpl::Display, TypeImpl::FromStr].into_iter(),
        );
    settings
}

/// Generate the formatted module for `spec`, headed with where it came from.
///
/// `spec_label` is the spec path as it should appear in the header (workspace-relative, so output is the same on
/// every machine).
pub fn generate(spec: &Spec, spec_label: &str) -> Result<String, CodegenError> {
    generate_with_syntax(spec, spec_label).map(|generated| generated.text())
}

/// The generated module as a syntax tree, formatted on demand ([`Generated::text`]): `cargo xtask diff` reads the
/// public API from the tree and formats only when asked for the code diff.
pub struct Generated {
    pub syntax: syn::File,
    /// The file's header (which spec, its hash).
    header: String,
    /// What the preparation changed and left out.
    pub account: Account,
    /// How many operations were generated.
    pub operations: usize,
    /// The document progenitor was given, for the mocks.
    document: openapiv3::OpenAPI,
    /// Each generated operation's `operationId` and the media types kept for it (the `operations` table).
    pub media: Vec<media_types::OperationMedia>,
}

/// The spec as progenitor is given it: prepared (see `prepare/`), checked for what the generator needs, JSON
/// media types renamed, with the facts the generated code needs beside it and the account of what was changed.
pub(crate) struct Prepared {
    pub(crate) document: openapiv3::OpenAPI,
    table: Vec<media_types::OperationMedia>,
    deprecations: Vec<lifecycle::Deprecation>,
    lists: Vec<paging::ListOperation>,
    pub(crate) account: Account,
}

/// Prepare `spec` for progenitor. An operation that stops the preparation (a check refuses it, or it reaches a
/// component that is refused) is left out and the rest prepared again, when `options.partial`; otherwise the first
/// such error is the result, as before preparations existed.
pub(crate) fn prepare(spec: &Spec, options: &Options) -> Result<Prepared, CodegenError> {
    prepare_excluding(spec, options, Vec::new())
}

/// [`prepare`], leaving out `excluded` (operations the generator itself could not take) from the start.
fn prepare_excluding(spec: &Spec, options: &Options, excluded: Vec<LeftOut>) -> Result<Prepared, CodegenError> {
    let mut before = Account {
        left_out: excluded.clone(),
        ..Account::default()
    };
    let mut raw = versions_chosen(spec, options, &excluded, &mut before);
    if !options.partial
        && let Some(first) = before.left_out.first()
    {
        return Err(CodegenError::LeftOut {
            spec: spec.path.clone(),
            pointer: first.pointer.clone(),
            message: format!("{}: {}", first.operation, first.reason),
        });
    }
    // The operations an error stopped, removed in turn before each new try.
    let mut stopped: Vec<String> = Vec::new();
    loop {
        // The try consumes the document: a copy kept for the next try would be one more vendor document in memory
        // (tens of megabytes) in every review, for an error most reviews never meet.
        let error = match prepare_once(spec, std::mem::take(&mut raw), options) {
            Ok(mut prepared) => {
                prepared.account.changes.splice(0..0, before.changes);
                prepared.account.left_out.splice(0..0, before.left_out);
                return Ok(prepared);
            }
            Err(error) if options.partial => error,
            Err(error) => return Err(error),
        };
        // The document the try started from, again: the same steps on a new copy give the same document.
        raw = versions_chosen(spec, options, &excluded, &mut Account::default());
        prepare::remove_operations(&mut raw, &stopped);
        let Some(pointer) = error.pointer() else {
            return Err(error);
        };
        let operations = operations_stopped_at(&raw, &pointer);
        if operations.is_empty() {
            return Err(error);
        }
        let reason = error.message();
        let leaving: Vec<LeftOut> = operations
            .iter()
            .map(|operation| LeftOut {
                operation: prepare::describe_operation(&raw, operation),
                pointer: pointer.clone(),
                reason: reason.clone(),
            })
            .collect();
        // Removed by their own pointers (the reason may be in a component they reach); an error that removes
        // nothing would come back forever, so it is the result.
        if prepare::remove_operations(&mut raw, &operations) == 0 {
            return Err(error);
        }
        stopped.extend(operations);
        before.left_out.extend(leaving);
    }
}

/// `spec`'s document without `excluded`, one version chosen per operation (recorded in `account`, with the
/// operations no version is old enough for, which are removed).
fn versions_chosen(spec: &Spec, options: &Options, excluded: &[LeftOut], account: &mut Account) -> serde_json::Value {
    let mut raw = spec.raw.clone();
    prepare::remove_left_out(&mut raw, excluded);
    timed("prepare: versions", || {
        prepare::choose_versions(&mut raw, options, account)
    });
    raw
}

/// One pass over `raw` (versions already chosen): every check and step; the first error stops it. Then, with
/// `only`, the prepared document is reduced to that part (see [`prepare::Only`]).
fn prepare_once(spec: &Spec, raw: serde_json::Value, options: &Options) -> Result<Prepared, CodegenError> {
    let mut account = Account::default();
    let deprecations = lifecycle::deprecations(&spec.path, &raw)?;
    let lists = paging::lists(&spec.path, &raw)?;
    let mut prepared = raw;
    let table = timed("prepare: media types", || {
        media_types::normalize(&spec.path, &mut prepared)
    })?;
    timed("prepare: reshape", || {
        prepare::reshape(&mut prepared, &options.skip, &mut account)
    });
    // Before the checks: a schema no operation reaches is not generated, so it cannot stop the generation.
    prepare::prune(&mut prepared, &mut account);
    // Read from the document in place: a copy of a vendor document is tens of megabytes.
    let typed = timed("prepare: typed", || {
        <openapiv3::OpenAPI as serde::Deserialize>::deserialize(&prepared)
    });
    let document = typed.map_err(|e| CodegenError::Rejected {
        spec: spec.path.clone(),
        message: format!("the prepared spec is no longer OpenAPI: {e}"),
    })?;
    let checked = Spec {
        path: spec.path.clone(),
        source: String::new(),
        document,
        raw: prepared,
    };
    timed("prepare: check generatable", || {
        crate::spec::check_generatable(&checked)
    })?;
    let Some(only) = options.only.as_ref() else {
        return Ok(Prepared {
            document: checked.document,
            table,
            deprecations,
            lists,
            account,
        });
    };
    let mut part = checked.raw;
    prepare::keep_only(&mut part, only);
    let kept: std::collections::BTreeSet<String> = prepare::operations(&part)
        .into_iter()
        .filter_map(|(_, operation)| Some(operation.get("operationId")?.as_str()?.to_owned()))
        .collect();
    let document = serde_json::from_value(part).map_err(|e| CodegenError::Rejected {
        spec: spec.path.clone(),
        message: format!("the prepared spec is no longer OpenAPI once reduced to the review's part: {e}"),
    })?;
    Ok(Prepared {
        document,
        table: table
            .into_iter()
            .filter(|t| kept.contains(t.operation_id.as_str()))
            .collect(),
        deprecations: deprecations
            .into_iter()
            .filter(|d| kept.contains(d.operation_id.as_str()))
            .collect(),
        lists: lists
            .into_iter()
            .filter(|l| kept.contains(l.operation_id.as_str()))
            .collect(),
        account,
    })
}

/// The operations an error at `pointer` stops: the one it is inside, or every one that reaches the component it
/// names.
fn operations_stopped_at(raw: &serde_json::Value, pointer: &str) -> Vec<String> {
    if let Some((item, method)) = prepare::operation_pointer(pointer) {
        return vec![format!("{item}/{method}")];
    }
    match component_of(pointer) {
        Some(component) => prepare::operations_reaching(raw, &component),
        None => Vec::new(),
    }
}

/// `/components/schemas/Job` of a pointer at or inside a component.
fn component_of(pointer: &str) -> Option<String> {
    let rest = pointer.strip_prefix("/components/")?;
    let mut parts = rest.splitn(3, '/');
    let (kind, name) = (parts.next()?, parts.next()?);
    Some(format!("/components/{kind}/{name}"))
}

pub fn generate_with_syntax(spec: &Spec, spec_label: &str) -> Result<Generated, CodegenError> {
    generate_with(spec, spec_label, &Options::default())
}

/// [`generate_with_syntax`] with the preparation's options (an API version; leaving out what cannot be generated).
pub fn generate_with(spec: &Spec, spec_label: &str, options: &Options) -> Result<Generated, CodegenError> {
    let (prepared, mut tokens) = prepared_and_generated(spec, options)?;
    tokens.extend(operations::table_module(&prepared.table, &prepared.deprecations));
    let file = finish_syntax(spec, tokens, &prepared)?;
    let mut generated_names = OperationNames::default();
    syn::visit::Visit::visit_file(&mut generated_names, &file);
    check_names(spec, &prepared.table, &generated_names.0)?;
    let Prepared {
        document,
        table,
        account,
        ..
    } = prepared;
    Ok(Generated {
        syntax: file,
        header: header(spec, spec_label),
        account,
        operations: table.len(),
        document,
        media: table,
    })
}

/// The generated code as a review reads it: its syntax without function bodies ([`crate::skeleton`]), which is
/// all a public API is made of, and a hash of the whole code.
pub struct Signatures {
    pub syntax: syn::File,
    /// Equal for equal generated code, bodies included.
    pub code_hash: u64,
    /// What the preparation changed and left out.
    pub account: Account,
}

/// [`generate_with`] for a review: the same preparation, generation and checks, without parsing function bodies.
pub fn generate_signatures(spec: &Spec, options: &Options) -> Result<Signatures, CodegenError> {
    let (prepared, mut tokens) = prepared_and_generated(spec, options)?;
    tokens.extend(operations::table_module(&prepared.table, &prepared.deprecations));
    let skeleton = timed("skeleton", || crate::skeleton::of(tokens));
    let file = finish_syntax(spec, skeleton.tokens, &prepared)?;
    check_names(spec, &prepared.table, &skeleton.operation_names)?;
    // The finishing steps are a function of the tokens, the deprecations and the lists: their hash is the code's.
    let code_hash = {
        use std::hash::{Hash, Hasher};
        let mut hasher = std::hash::DefaultHasher::new();
        (
            skeleton.hash,
            format!("{:?}{:?}", prepared.deprecations, prepared.lists),
        )
            .hash(&mut hasher);
        hasher.finish()
    };
    Ok(Signatures {
        syntax: file,
        code_hash,
        account: prepared.account,
    })
}

/// progenitor's tokens parsed and finished: deprecated methods marked, paging added, reserved words and Unicode
/// patterns made to compile.
fn finish_syntax(
    spec: &Spec,
    tokens: proc_macro2::TokenStream,
    prepared: &Prepared,
) -> Result<syn::File, CodegenError> {
    let parsed = timed("syn parse", || syn::parse2::<syn::File>(tokens));
    let mut file = parsed.map_err(|e| CodegenError::Unformattable {
        spec: spec.path.clone(),
        message: e.to_string(),
    })?;
    if let Some((module, name)) = crate::type_names::first_defined_twice(&file) {
        let component = format!("/components/schemas/{}", crate::document::escape(&name));
        return Err(CodegenError::TypeDefinedTwice {
            spec: spec.path.clone(),
            component: crate::document::node_at(&spec.raw, &component).map(|_| component),
            name: if module.is_empty() {
                name
            } else {
                format!("{module}::{name}")
            },
        });
    }
    lifecycle::mark_deprecated(&mut file, &prepared.deprecations)
        .and_then(|()| paging::add_paging(&mut file, &prepared.lists))
        .map_err(|message| CodegenError::Rejected {
            spec: spec.path.clone(),
            message,
        })?;
    syn::visit_mut::VisitMut::visit_file_mut(&mut RawReservedWords, &mut file);
    crate::patterns::read_as_unicode(&mut file);
    Ok(file)
}

/// The table is keyed by progenitor's names for the operations; each must be one the generated code uses.
fn check_names(
    spec: &Spec,
    table: &[media_types::OperationMedia],
    generated_names: &std::collections::BTreeSet<String>,
) -> Result<(), CodegenError> {
    for operation in table {
        let name = media_types::generated_name(&operation.operation_id);
        if !generated_names.contains(name.as_str()) {
            return Err(CodegenError::Rejected {
                spec: spec.path.clone(),
                message: format!(
                    "operation `{}` is not named `{name}` in the generated code, so its media types cannot be found",
                    operation.operation_id
                ),
            });
        }
    }
    Ok(())
}

impl Generated {
    /// The formatted module with its header: what `cargo xtask codegen` writes.
    pub fn text(&self) -> String {
        format!("{}{}", self.header, prettyplease::unparse(&self.syntax))
    }
}

/// The operation names progenitor gives its hooks (`operation_id: "name"` in each method's `OperationInfo`).
#[derive(Default)]
struct OperationNames(std::collections::BTreeSet<String>);

impl<'ast> syn::visit::Visit<'ast> for OperationNames {
    fn visit_field_value(&mut self, field: &'ast syn::FieldValue) {
        if let (
            syn::Member::Named(member),
            syn::Expr::Lit(syn::ExprLit {
                lit: syn::Lit::Str(name),
                ..
            }),
        ) = (&field.member, &field.expr)
            && member == "operation_id"
        {
            self.0.insert(name.value());
        }
        syn::visit::visit_field_value(self, field);
    }
}

/// typify names a parameter `gen` in the `JsonSchema` impls it writes by hand (for constrained numbers), a word
/// Rust 2024 reserves: written `r#gen`, the code compiles in every edition.
struct RawReservedWords;

impl syn::visit_mut::VisitMut for RawReservedWords {
    fn visit_ident_mut(&mut self, ident: &mut proc_macro2::Ident) {
        if ident == "gen" {
            *ident = proc_macro2::Ident::new_raw("gen", ident.span());
        }
    }
}

/// The prepared spec and progenitor's code for it. When progenitor refuses the whole document and
/// `options.partial`, each operation is generated alone to find the ones it refuses; those are left out, named.
fn prepared_and_generated(
    spec: &Spec,
    options: &Options,
) -> Result<(Prepared, proc_macro2::TokenStream), CodegenError> {
    let prepared = timed("prepare", || prepare(spec, options))?;
    let error = match timed("progenitor", || run_progenitor(spec, &prepared.document)) {
        Ok(tokens) => return Ok((prepared, tokens)),
        Err(error) if options.partial => error,
        Err(error) => return Err(error),
    };
    let refused = refused_operations(spec, &prepared.document);
    if refused.is_empty() {
        return Err(error);
    }
    let prepared = prepare_excluding(spec, options, refused)?;
    let tokens = run_progenitor(spec, &prepared.document)?;
    Ok((prepared, tokens))
}

/// The operations progenitor refuses when given alone (with the schemas each reaches).
fn refused_operations(spec: &Spec, document: &openapiv3::OpenAPI) -> Vec<LeftOut> {
    let Ok(raw) = serde_json::to_value(document) else {
        return Vec::new();
    };
    let mut refused = Vec::new();
    let all: Vec<String> = prepare::operations(&raw)
        .into_iter()
        .map(|(pointer, _)| pointer)
        .collect();
    for pointer in &all {
        let mut alone = raw.clone();
        let others: Vec<String> = all.iter().filter(|other| *other != pointer).cloned().collect();
        prepare::remove_operations(&mut alone, &others);
        prepare::prune(&mut alone, &mut Account::default());
        let outcome = serde_json::from_value(alone)
            .map_err(|e| e.to_string())
            .and_then(|document| run_progenitor(spec, &document).map_err(|e| e.message()));
        if let Err(reason) = outcome {
            refused.push(LeftOut {
                operation: prepare::describe_operation(&raw, pointer),
                reason: format!("the generator refuses it: {reason}"),
                pointer: pointer.clone(),
            });
        }
    }
    refused
}

/// Where the mock module goes: beside the client module, `generated.rs` → `generated_mock.rs`.
pub fn mock_path(client_out: &Path) -> PathBuf {
    let stem = client_out.file_stem().and_then(|s| s.to_str()).unwrap_or("generated");
    client_out.with_file_name(format!("{stem}_mock.rs"))
}

/// The formatted mock module for the client `generated` from `spec`, headed like the client module.
fn generate_mock(spec: &Spec, spec_label: &str, generated: &Generated) -> Result<String, CodegenError> {
    let settings = settings();
    // The mocks name the crate's types as `crate::types::…`: they live inside `generated-client`.
    let outcome = quietly(|| Generator::new(&settings).httpmock(&generated.document, "crate"));
    let tokens = match outcome {
        Ok(Ok(tokens)) => tokens,
        Ok(Err(e)) => {
            return Err(CodegenError::Rejected {
                spec: spec.path.clone(),
                message: format!("progenitor cannot generate the mocks: {e}"),
            });
        }
        Err(payload) => {
            return Err(CodegenError::Panicked {
                spec: spec.path.clone(),
                message: panic_message(&*payload),
            });
        }
    };
    let file = syn::parse2::<syn::File>(tokens).map_err(|e| CodegenError::Unformattable {
        spec: spec.path.clone(),
        message: format!("the mocks: {e}"),
    })?;
    Ok(format!("{}{}", header(spec, spec_label), prettyplease::unparse(&file)))
}

/// One file `cargo xtask codegen` writes.
pub struct Output {
    pub path: PathBuf,
    /// The path as messages show it (workspace-relative).
    pub label: String,
    pub text: String,
}

/// Both files for `spec`: the client module at `out`, the mocks beside it, and the account of the preparation.
/// Nothing is written: either both are generated or the error says why.
pub fn generate_outputs(
    spec: &Spec,
    spec_label: &str,
    out: &Path,
    out_label: &str,
    options: &Options,
) -> Result<([Output; 2], Account), CodegenError> {
    let generated = generate_with(spec, spec_label, options)?;
    let mock = generate_mock(spec, spec_label, &generated)?;
    let outputs = [
        Output {
            path: out.to_owned(),
            label: out_label.to_owned(),
            text: generated.text(),
        },
        Output {
            path: mock_path(out),
            label: mock_path(Path::new(out_label)).display().to_string(),
            text: mock,
        },
    ];
    Ok((outputs, generated.account))
}

pub(crate) fn header(spec: &Spec, spec_label: &str) -> String {
    let hash = Sha256::digest(spec.source.as_bytes());
    let hex: String = hash.iter().map(|b| format!("{b:02x}")).collect();
    format!(
        "// @generated by `cargo xtask codegen` from {spec_label} (sha256 {hex}).\n\
         // DO NOT EDIT: change the spec and run `cargo xtask codegen` instead.\n\n"
    )
}

/// Generate from `document`, the spec with its JSON media types renamed (see `media_types`).
fn run_progenitor(spec: &Spec, document: &openapiv3::OpenAPI) -> Result<proc_macro2::TokenStream, CodegenError> {
    let settings = settings();
    let outcome = quietly(|| Generator::new(&settings).generate_tokens(document));
    match outcome {
        Ok(Ok(tokens)) => Ok(tokens),
        Ok(Err(e)) => Err(CodegenError::Rejected {
            spec: spec.path.clone(),
            message: e.to_string(),
        }),
        Err(payload) => Err(CodegenError::Panicked {
            spec: spec.path.clone(),
            message: panic_message(&*payload),
        }),
    }
}

thread_local! {
    static SILENCED: Cell<bool> = const { Cell::new(false) };
}

/// Run `f`, turning a panic into an `Err` without the default hook printing a backtrace notice: the panic is
/// reported once, as a [`CodegenError::Panicked`]. Panics elsewhere still reach the default hook.
pub(crate) fn quietly<T>(f: impl FnOnce() -> T) -> Result<T, Box<dyn Any + Send>> {
    static INSTALL: Once = Once::new();
    INSTALL.call_once(|| {
        let default = panic::take_hook();
        panic::set_hook(Box::new(move |info| {
            if !SILENCED.with(Cell::get) {
                default(info);
            }
        }));
    });
    SILENCED.with(|s| s.set(true));
    let result = panic::catch_unwind(AssertUnwindSafe(f));
    SILENCED.with(|s| s.set(false));
    result
}

pub(crate) fn panic_message(payload: &(dyn Any + Send)) -> String {
    payload
        .downcast_ref::<&str>()
        .map(|s| s.to_string())
        .or_else(|| payload.downcast_ref::<String>().cloned())
        .unwrap_or_else(|| "unknown panic".into())
}

/// Replace `path` with `contents` so that a reader sees either the old file or the new one, never a part.
/// A file that already has these contents is left alone.
pub fn write_atomically(path: &Path, contents: &str) -> Result<bool, CodegenError> {
    if std::fs::read(path).is_ok_and(|old| old == contents.as_bytes()) {
        return Ok(false);
    }
    let write_err = |source| CodegenError::Write {
        path: path.to_owned(),
        source,
    };
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let mut tmp = tempfile::NamedTempFile::new_in(dir).map_err(write_err)?;
    tmp.write_all(contents.as_bytes()).map_err(write_err)?;
    tmp.as_file().sync_all().map_err(write_err)?;
    tmp.persist(path).map_err(|e| write_err(e.error))?;
    Ok(true)
}

/// Compare the files at `out` (and the mocks beside it) with what `spec` generates: `Ok(None)` when equal, else a
/// unified diff of each file that differs. A missing file compares as empty, so the diff shows everything that
/// would be written.
pub fn check(
    spec: &Spec,
    spec_label: &str,
    out: &Path,
    out_label: &str,
    options: &Options,
) -> Result<Option<String>, CodegenError> {
    let mut diffs = String::new();
    for output in generate_outputs(spec, spec_label, out, out_label, options)?.0 {
        let committed = match std::fs::read_to_string(&output.path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => String::new(),
            Err(source) => {
                return Err(CodegenError::Read {
                    path: output.path,
                    source,
                });
            }
        };
        diffs.extend(drift(&committed, &output.text, &output.label));
    }
    Ok((!diffs.is_empty()).then_some(diffs))
}

/// A unified diff from the committed file to the freshly generated one; `None` when they are equal.
pub fn drift(committed: &str, generated: &str, out_label: &str) -> Option<String> {
    if committed == generated {
        return None;
    }
    let diff = similar::TextDiff::from_lines(committed, generated);
    Some(
        diff.unified_diff()
            .context_radius(3)
            .header(
                &format!("{out_label} (committed)"),
                &format!("{out_label} (from the spec)"),
            )
            .to_string(),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn drift_is_none_for_equal_text_and_a_diff_otherwise() {
        assert_eq!(drift("a\nb\n", "a\nb\n", "x.rs"), None);
        let diff = drift("a\nb\n", "a\nc\n", "x.rs").expect("a diff");
        assert!(diff.contains("-b\n+c\n"), "{diff}");
        assert!(diff.contains("x.rs (committed)"), "{diff}");
    }

    #[test]
    fn quietly_turns_a_panic_into_its_message() {
        let payload = quietly(|| panic!("boom {}", 42)).unwrap_err();
        assert_eq!(panic_message(&*payload), "boom 42");
    }

    #[test]
    fn atomic_write_replaces_and_skips_identical_content() {
        let dir = tempfile::tempdir().unwrap();
        let file = dir.path().join("out.rs");
        assert!(write_atomically(&file, "one").unwrap());
        assert!(!write_atomically(&file, "one").unwrap());
        assert!(write_atomically(&file, "two").unwrap());
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "two");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left behind"
        );
    }
}
