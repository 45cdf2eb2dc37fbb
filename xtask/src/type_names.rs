//! Two generated types with one name, which do not compile. typify names an inline schema after its parent and
//! property (`Cat`'s `color` → `CatColor`) without checking that no component schema has that name already, so a
//! spec with both generates two `CatColor`s in one module. Found here, the spec is refused naming the type, instead
//! of the generated crate failing to build.

use std::collections::HashSet;

/// The first type name (struct, enum, union, type alias, trait) defined twice in one module of `file`: the
/// module's path (`types`, or empty for the file's top) and the name.
pub fn first_defined_twice(file: &syn::File) -> Option<(String, String)> {
    in_module(&file.items, &mut Vec::new())
}

fn in_module(items: &[syn::Item], module: &mut Vec<String>) -> Option<(String, String)> {
    let mut seen = HashSet::new();
    for item in items {
        let name = match item {
            syn::Item::Struct(item) => &item.ident,
            syn::Item::Enum(item) => &item.ident,
            syn::Item::Union(item) => &item.ident,
            syn::Item::Type(item) => &item.ident,
            syn::Item::Trait(item) => &item.ident,
            syn::Item::Mod(item) => {
                if let Some((_, content)) = &item.content {
                    module.push(item.ident.to_string());
                    let found = in_module(content, module);
                    module.pop();
                    if found.is_some() {
                        return found;
                    }
                }
                continue;
            }
            _ => continue,
        };
        if !seen.insert(name) {
            return Some((module.join("::"), name.to_string()));
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_name_twice_in_one_module_is_found_and_once_in_each_of_two_is_not() {
        let file: syn::File = syn::parse_quote! {
            pub struct CatColor;
            pub mod types {
                pub struct Cat { pub color: CatColor }
                pub mod builder { pub struct Cat {} }
                pub enum CatColor { Black, White }
                pub struct CatColor { pub hue: i64 }
            }
        };
        assert_eq!(
            first_defined_twice(&file),
            Some(("types".to_owned(), "CatColor".to_owned()))
        );
        let fine: syn::File = syn::parse_quote! {
            pub struct Cat;
            pub mod builder { pub struct Cat {} }
            impl Cat {}
            pub fn cat() {}
        };
        assert_eq!(first_defined_twice(&fine), None);
    }
}
