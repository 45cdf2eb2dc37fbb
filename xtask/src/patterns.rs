//! Patterns checked as ECMAScript reads them with the `u` flag.
//!
//! typify checks a `pattern` with `regress::Regex::new(p)`, i.e. without flags. Without `u`, ECMAScript reads
//! `\p{L}` as the letters `p{L}`, so Atlas' `^[\p{L}\p{N}\-_.(),:&@+']{1,64}$` (a project's or a cluster's name)
//! refuses every ordinary name and no answer carrying one decodes. A pattern that uses an escape meaning something
//! only with the `u` flag (`\p{…}`, `\P{…}`, `\u{…}`) is compiled with it (`Regex::with_flags(p, "u")`) when the
//! flag's stricter grammar accepts it; every other pattern reads the same either way and is left as typify wrote it
//! (so the generated code of a spec without such patterns does not change). The choice is made here, at
//! generation, with the regress the generated code uses, so the `unwrap` typify writes around it cannot fail at
//! run time.

use syn::visit_mut::VisitMut;

/// Rewrite every `::regress::Regex::new("…")` of `file` whose pattern compiles with the `u` flag.
pub fn read_as_unicode(file: &mut syn::File) {
    UnicodePatterns.visit_file_mut(file);
}

struct UnicodePatterns;

impl VisitMut for UnicodePatterns {
    fn visit_expr_call_mut(&mut self, call: &mut syn::ExprCall) {
        syn::visit_mut::visit_expr_call_mut(self, call);
        let syn::Expr::Path(function) = call.func.as_ref() else {
            return;
        };
        let names: Vec<String> = function.path.segments.iter().map(|s| s.ident.to_string()).collect();
        if names != ["regress", "Regex", "new"] || call.args.len() != 1 {
            return;
        }
        let Some(syn::Expr::Lit(syn::ExprLit {
            lit: syn::Lit::Str(pattern),
            ..
        })) = call.args.first()
        else {
            return;
        };
        let text = pattern.value();
        let needs_unicode = ["\\p{", "\\P{", "\\u{"].iter().any(|escape| text.contains(escape));
        if needs_unicode && regress::Regex::with_flags(&text, "u").is_ok() {
            *call = syn::parse_quote!(::regress::Regex::with_flags(#pattern, "u"));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use quote::ToTokens;

    fn rewritten(code: &str) -> String {
        let mut file: syn::File = syn::parse_str(code).unwrap();
        read_as_unicode(&mut file);
        file.to_token_stream().to_string()
    }

    #[test]
    fn a_unicode_property_pattern_gets_the_u_flag_and_matches_names() {
        let pattern = r"^[\p{L}\p{N}\-_.(),:&@+']{1,64}$";
        let code = format!("fn f() {{ ::regress::Regex::new({pattern:?}).unwrap(); }}");
        let out = rewritten(&code);
        assert!(
            out.contains(r#"with_flags ("^[\\p{L}\\p{N}\\-_.(),:&@+']{1,64}$" , "u")"#),
            "{out}"
        );
        // Why: without the flag the same pattern refuses an ordinary name.
        assert!(regress::Regex::new(pattern).unwrap().find("Project-1").is_none());
        let unicode = regress::Regex::with_flags(pattern, "u").unwrap();
        assert!(unicode.find("Project-1").is_some() && unicode.find("Café_é").is_some());
        assert!(unicode.find("a/b").is_none());
    }

    #[test]
    fn other_patterns_and_those_the_u_flag_refuses_keep_their_flagless_reading() {
        for pattern in [r"^([a-f0-9]{24})$", r"^\p{L}\_$"] {
            let out = rewritten(&format!("fn f() {{ ::regress::Regex::new({pattern:?}).unwrap(); }}"));
            assert!(out.contains("Regex :: new"), "{out}");
            assert!(!out.contains("with_flags"), "{out}");
        }
    }
}
