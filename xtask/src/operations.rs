//! The table of per-operation facts that codegen appends to the generated code (`generated::operations`): what
//! each operation sends and accepts (see `media_types.rs`) and whether Atlas has sunset it (see `lifecycle.rs`).
//! The request hook and the error type read it at run time; it is derived from the spec at every generation.

use crate::lifecycle::Deprecation;
use crate::media_types::{OperationMedia, generated_name};

/// The `operations` module, one match arm per operation with anything to say.
pub fn table_module(media: &[OperationMedia], deprecations: &[Deprecation]) -> proc_macro2::TokenStream {
    let arms = media.iter().map(|op| {
        let name = generated_name(&op.operation_id);
        let deprecation = deprecations.iter().find(|d| d.operation_id == op.operation_id);
        let accept = option_tokens(op.accept.as_deref());
        let content_type = option_tokens(op.content_type.as_deref());
        let sunset = option_tokens(deprecation.and_then(|d| d.sunset.as_deref()));
        let successor = deprecation.and_then(|d| d.successor.as_deref()).map(generated_name);
        let successor = option_tokens(successor.as_deref());
        let deprecated = deprecation.is_some();
        quote::quote! {
            #name => Operation {
                accept: #accept,
                content_type: #content_type,
                deprecated: #deprecated,
                sunset: #sunset,
                successor: #successor,
            },
        }
    });
    quote::quote! {
        /// What the spec says of each operation beyond its types, for the request hook and the error type.
        pub mod operations {
            /// One operation's facts; `None` where the spec says nothing.
            #[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
            pub struct Operation {
                /// The media type of its success responses, sent as `Accept`.
                pub accept: Option<&'static str>,
                /// The media type of its request body, sent as `Content-Type`.
                pub content_type: Option<&'static str>,
                /// Marked `deprecated` in the spec.
                pub deprecated: bool,
                /// The date Atlas stops (or stopped) serving it (`x-sunset`).
                pub sunset: Option<&'static str>,
                /// The generated name of the operation to use instead (`x-successor`).
                pub successor: Option<&'static str>,
            }
            /// The facts of the operation with this generated name (`OperationInfo::operation_id`).
            pub fn of(operation_id: &str) -> Operation {
                match operation_id {
                    #(#arms)*
                    _ => Operation::default(),
                }
            }
        }
    }
}

fn option_tokens(value: Option<&str>) -> proc_macro2::TokenStream {
    match value {
        Some(v) => quote::quote! { Some(#v) },
        None => quote::quote! { None },
    }
}
