//! The generated tokens as a review reads them: function bodies, trait impls' items and doc comments left out.
//!
//! A review compares public APIs, and an API is in signatures: what a type is, what a method takes and returns,
//! which traits a type implements (the impl's header; its items are the trait's). Function bodies are most of
//! progenitor's tokens (each builder's `send`, each type's conversions), and `syn` parsing them was a third of a
//! review's time. So before parsing, one pass over the tokens hashes all of them (the review still says when only
//! a body changed), collects the operation names the bodies give the hooks (the check that the `operations` table
//! names generated operations), and keeps everything else with each such brace group replaced by `{}` and without
//! doc comments (`#[doc = "…"]`: a third of typify's text), except in an enum's body, where the API reads a struct
//! variant's fields with their attributes.
//!
//! A body is the first brace group after the keyword `fn` at the same level, before any `;` (a trait's method
//! without a body ends there); `-> impl Trait` in a signature does not start an impl. A trait impl is `impl … for
//! Type {…}` (a bound's `for<'a>` is not its `for`). progenitor writes no braces in signatures (no const generic
//! blocks), and a bodiless `fn` type (`fn(u8) -> u8`) in a field list is followed by no brace group at its level.
//! `tests/vendor_document.rs` holds the public API read this way to the one read from the whole code, on Atlas'
//! published documents.
//!
//! Written by hand: no crate elides bodies from a token stream, and syn's own parse is the cost avoided.

use std::collections::BTreeSet;
use std::hash::{DefaultHasher, Hasher};
use std::io::Write as _;

use proc_macro2::{Delimiter, Group, Spacing, TokenStream, TokenTree};

/// The tokens without function bodies, a hash of all of them, and the operation names found in the bodies.
pub struct Skeleton {
    pub tokens: TokenStream,
    /// A hash of every token, bodies included: equal for equal code.
    pub hash: u64,
    /// The `operation_id: "…"` field values, wherever they are.
    pub operation_names: BTreeSet<String>,
}

/// [`Skeleton`] of `tokens`.
pub fn of(tokens: TokenStream) -> Skeleton {
    let mut walk = Walk {
        hasher: DefaultHasher::new(),
        pending: Vec::with_capacity(HASHED_AT),
        operation_names: BTreeSet::new(),
    };
    let tokens = walk.keep(tokens, false);
    walk.hasher.write(&walk.pending);
    Skeleton {
        tokens,
        hash: walk.hasher.finish(),
        operation_names: walk.operation_names,
    }
}

/// How many bytes of token text are gathered before the hasher takes them: one call per token cost SipHash's
/// per-call overhead a million times per side.
const HASHED_AT: usize = 1 << 16;

struct Walk {
    hasher: DefaultHasher,
    /// Token text not yet hashed. Each token is written self-delimiting (a tag byte, then its text ended by 0xff,
    /// which UTF-8 never holds), so equal byte streams are equal token streams.
    pending: Vec<u8>,
    operation_names: BTreeSet<String>,
}

/// What the next brace group at this level is: a function's body, an impl's items, or anything else.
#[derive(Clone, Copy)]
enum Next {
    Item,
    FnBody,
    EnumBody,
    ImplBlock { of_trait: bool },
}

/// Where the walk is in an `operation_id: "name"` field: after the name, after its colon.
#[derive(Clone, Copy, PartialEq)]
enum Field {
    None,
    Name,
    Colon,
}

impl Walk {
    /// Hash `stream` and return it with every function body, and every trait impl's items, replaced by `{}`.
    /// `with_docs`: doc comments are kept too (an enum's variants: a struct variant's signature shows its fields'
    /// attributes).
    fn keep(&mut self, stream: TokenStream, with_docs: bool) -> TokenStream {
        let mut kept = Vec::new();
        let mut next = Next::Item;
        let mut field = Field::None;
        let mut trees = stream.into_iter().peekable();
        while let Some(tree) = trees.next() {
            field = self.note(&tree, field);
            match tree {
                TokenTree::Group(group)
                    if group.delimiter() == Delimiter::Brace
                        && matches!(next, Next::FnBody | Next::ImplBlock { of_trait: true }) =>
                {
                    let (span, inner) = open_up(group);
                    self.open(Delimiter::Brace);
                    self.scan(inner);
                    self.close();
                    let mut empty = Group::new(Delimiter::Brace, TokenStream::new());
                    empty.set_span(span);
                    kept.push(TokenTree::Group(empty));
                    next = Next::Item;
                }
                TokenTree::Group(group) => {
                    let delimiter = group.delimiter();
                    let docs_inside = with_docs || (delimiter == Delimiter::Brace && matches!(next, Next::EnumBody));
                    if delimiter == Delimiter::Brace {
                        next = Next::Item;
                    }
                    let (span, inner) = open_up(group);
                    self.open(delimiter);
                    let inner = self.keep(inner, docs_inside);
                    self.close();
                    let mut rebuilt = Group::new(delimiter, inner);
                    rebuilt.set_span(span);
                    kept.push(TokenTree::Group(rebuilt));
                }
                TokenTree::Punct(hash) if !with_docs && hash.as_char() == '#' && trees.peek().is_some_and(is_doc) => {
                    // Documentation is no part of an API: hashed, not kept (a third of the text of typify's types).
                    if let Some(TokenTree::Group(doc)) = trees.next() {
                        self.open(Delimiter::Bracket);
                        self.scan(open_up(doc).1);
                        self.close();
                    }
                }
                other => {
                    match (&other, next) {
                        // `-> impl Future<…>` in a signature is not an impl block: the body comes first.
                        (TokenTree::Ident(ident), Next::Item | Next::ImplBlock { .. }) if ident == "fn" => {
                            next = Next::FnBody;
                        }
                        (TokenTree::Ident(ident), Next::Item) if ident == "impl" => {
                            next = Next::ImplBlock { of_trait: false };
                        }
                        (TokenTree::Ident(ident), Next::Item) if ident == "enum" => next = Next::EnumBody,
                        // `impl Trait for Type`, not a bound's `for<'a>`.
                        (TokenTree::Ident(ident), Next::ImplBlock { .. })
                            if ident == "for"
                                && !matches!(trees.peek(), Some(TokenTree::Punct(p)) if p.as_char() == '<') =>
                        {
                            next = Next::ImplBlock { of_trait: true };
                        }
                        (TokenTree::Punct(punct), _) if punct.as_char() == ';' => next = Next::Item,
                        _ => {}
                    }
                    kept.push(other);
                }
            }
        }
        kept.into_iter().collect()
    }

    /// Hash `stream` (a body) without keeping it.
    fn scan(&mut self, stream: TokenStream) {
        let mut field = Field::None;
        for tree in stream {
            field = self.note(&tree, field);
            if let TokenTree::Group(group) = tree {
                self.open(group.delimiter());
                self.scan(open_up(group).1);
                self.close();
            }
        }
    }

    /// Hash one token (a group: its delimiter; its content is the caller's) and follow an `operation_id` field.
    fn note(&mut self, tree: &TokenTree, field: Field) -> Field {
        match tree {
            TokenTree::Ident(ident) => {
                self.text(0, ident);
                if ident == "operation_id" {
                    return Field::Name;
                }
            }
            TokenTree::Punct(punct) => {
                let mut utf8 = [0; 4];
                self.pending.push(1);
                self.pending
                    .extend_from_slice(punct.as_char().encode_utf8(&mut utf8).as_bytes());
                self.pending.push(u8::from(punct.spacing() == Spacing::Joint));
                self.flush_if_full();
                if field == Field::Name && punct.as_char() == ':' && punct.spacing() == Spacing::Alone {
                    return Field::Colon;
                }
            }
            TokenTree::Literal(literal) => {
                self.text(2, literal);
                if field == Field::Colon
                    && let syn::Lit::Str(name) = syn::Lit::new(literal.clone())
                {
                    self.operation_names.insert(name.value());
                }
            }
            TokenTree::Group(_) => {}
        }
        Field::None
    }

    /// Hash a token's text: its tag, its text, an end mark.
    fn text(&mut self, tag: u8, token: &impl std::fmt::Display) {
        self.pending.push(tag);
        // Writing to a Vec cannot fail.
        let _ = write!(self.pending, "{token}");
        self.pending.push(0xff);
        self.flush_if_full();
    }

    fn flush_if_full(&mut self) {
        if self.pending.len() >= HASHED_AT {
            self.hasher.write(&self.pending);
            self.pending.clear();
        }
    }

    fn open(&mut self, delimiter: Delimiter) {
        let delimiter = match delimiter {
            Delimiter::Parenthesis => 0u8,
            Delimiter::Brace => 1,
            Delimiter::Bracket => 2,
            Delimiter::None => 3,
        };
        self.pending.extend_from_slice(&[3, delimiter]);
    }

    fn close(&mut self) {
        self.pending.push(4);
    }
}

/// `[doc = "…"]`, the rest of a doc comment's attribute.
fn is_doc(tree: &TokenTree) -> bool {
    match tree {
        TokenTree::Group(group) if group.delimiter() == Delimiter::Bracket => {
            matches!(group.stream().into_iter().next(), Some(TokenTree::Ident(ident)) if ident == "doc")
        }
        _ => false,
    }
}

/// A group's span and its tokens, the group dropped first: its tokens are then the stream's alone, and iterating
/// them moves them instead of copying each one (proc-macro2 shares a group's tokens with the copy it hands out).
fn open_up(group: Group) -> (proc_macro2::Span, TokenStream) {
    let (span, inner) = (group.span(), group.stream());
    drop(group);
    (span, inner)
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::quote;

    #[test]
    fn bodies_are_left_out_and_signatures_kept() {
        let tokens = quote! {
            pub mod builder {
                pub struct Jobs { f: fn(u8) -> u8, g: u8 }
                impl Jobs {
                    pub async fn send(self) -> Result<Page, Error> { let x = { 1 }; todo!() }
                }
                pub trait Info { fn name(&self) -> &str; fn other(&self) -> u8 { 2 } }
            }
        };
        let skeleton = of(tokens);
        let kept = skeleton.tokens.to_string();
        assert!(
            kept.contains("pub trait Info { fn name (& self) -> & str ; fn other (& self) -> u8 { } }"),
            "{kept}"
        );
        assert!(
            kept.contains("pub async fn send (self) -> Result < Page , Error > { }"),
            "{kept}"
        );
        assert!(kept.contains("fn name (& self) -> & str ;"), "{kept}");
        assert!(kept.contains("fn other (& self) -> u8 { }"), "{kept}");
        assert!(kept.contains("f : fn (u8) -> u8 , g : u8"), "{kept}");
        assert!(!kept.contains("todo"), "{kept}");
        syn::parse2::<syn::File>(skeleton.tokens).expect("still Rust");
    }

    #[test]
    fn a_trait_impl_keeps_its_header_and_an_inherent_impl_its_signatures() {
        let tokens = quote! {
            impl From<Job> for Page { fn from(job: Job) -> Self { todo!() } type X = u8; }
            impl<F> Jobs<F> where F: for<'a> Fn(&'a u8) { pub fn send(self) -> impl Future<Output = u8> + Send { todo!() } }
            impl Jobs { pub fn get(&self) -> u8 { 1 } }
        };
        let kept = of(tokens).tokens.to_string();
        assert!(kept.contains("impl From < Job > for Page { }"), "{kept}");
        assert!(
            kept.contains("pub fn send (self) -> impl Future < Output = u8 > + Send { }"),
            "{kept}"
        );
        assert!(kept.contains("impl Jobs { pub fn get (& self) -> u8 { } }"), "{kept}");
        assert!(!kept.contains("todo") && !kept.contains("type X"), "{kept}");
    }

    #[test]
    fn doc_comments_are_hashed_not_kept_except_in_an_enum() {
        let one = of(quote! {
            #[doc = "A job."] #[derive(Debug)] pub struct Job { #[doc = "Its id."] #[serde(rename = "id")] pub id: u8 }
            pub enum Kind { #[doc = "A struct variant."] Full { #[doc = "Kept."] a: u8 } }
        });
        let kept = one.tokens.to_string();
        assert!(
            kept.contains("# [derive (Debug)] pub struct Job { # [serde (rename = \"id\")] pub id : u8 }"),
            "{kept}"
        );
        assert!(
            kept.contains("# [doc = \"A struct variant.\"] Full { # [doc = \"Kept.\"] a : u8 }"),
            "{kept}"
        );
        let two = of(quote! {
            #[doc = "Another job."] #[derive(Debug)] pub struct Job { #[doc = "Its id."] #[serde(rename = "id")] pub id: u8 }
            pub enum Kind { #[doc = "A struct variant."] Full { #[doc = "Kept."] a: u8 } }
        });
        assert_eq!(kept, two.tokens.to_string());
        assert_ne!(one.hash, two.hash, "a changed doc comment is changed code");
    }

    #[test]
    fn the_hash_sees_bodies_and_operation_names_are_read_from_them() {
        let one = of(quote! { impl C { fn a(&self) { let info = OperationInfo { operation_id: "listJobs" }; } } });
        let two = of(quote! { impl C { fn a(&self) { let info = OperationInfo { operation_id: "getJob" }; } } });
        assert_eq!(one.tokens.to_string(), two.tokens.to_string());
        assert_ne!(one.hash, two.hash);
        assert_eq!(one.operation_names, BTreeSet::from(["listJobs".to_owned()]));
        // A path (`operation_id::x`) or a type (`operation_id: &str`) is not a name.
        let three = of(quote! { fn f(operation_id: &str) { operation_id::x; } });
        assert!(three.operation_names.is_empty());
        // Groups are hashed by their delimiters: `(a)` and `[a]` differ.
        assert_ne!(of(quote! { x(a) }).hash, of(quote! { x[a] }).hash);
    }
}
