//! A large spec modelled on MongoDB's Atlas Administration API, and a revision of it, written by code so that the
//! benchmark needs no vendored 3 MB file: dated vendor media types, paginated lists, a shared `ApiError`, and
//! chains of `$ref`s several schemas deep.

use serde_json::{Value, json};

/// Resources; each has five operations (list, get, create, update, delete) and `SCHEMAS_PER_RESOURCE` schemas.
pub const RESOURCES: usize = 100;
const SCHEMAS_PER_RESOURCE: usize = 15;
const MEDIA: &str = "application/vnd.atlas.2024-11-13+json";

fn name(resource: usize) -> String {
    format!("Resource{resource:03}")
}

fn content(schema: &str) -> Value {
    json!({ MEDIA: { "schema": { "$ref": format!("#/components/schemas/{schema}") } } })
}

fn errors() -> Value {
    let mut responses = serde_json::Map::new();
    for status in ["400", "401", "403", "404", "429", "500"] {
        responses.insert(status.into(), json!({"$ref": "#/components/responses/Error"}));
    }
    Value::Object(responses)
}

fn with_errors(mut success: Value) -> Value {
    if let (Some(map), Value::Object(errors)) = (success.as_object_mut(), errors()) {
        map.extend(errors);
    }
    success
}

fn operations(r: usize) -> (String, Value, String, Value) {
    let n = name(r);
    let group = json!({"name": "groupId", "in": "path", "required": true,
                       "schema": {"type": "string", "pattern": "^([a-f0-9]{24})$"}});
    let id = json!({"name": "itemId", "in": "path", "required": true, "schema": {"type": "string"}});
    let page = [
        json!({"name": "pageNum", "in": "query", "schema": {"type": "integer", "minimum": 1, "default": 1}}),
        json!({"name": "itemsPerPage", "in": "query",
               "schema": {"type": "integer", "minimum": 1, "maximum": 500, "default": 100}}),
        json!({"name": "includeCount", "in": "query", "schema": {"type": "boolean", "default": true}}),
    ];
    let collection = json!({
        "get": {
            "operationId": format!("list{n}s"), "summary": format!("Return all {n}s"),
            "parameters": [group.clone(), page[0].clone(), page[1].clone(), page[2].clone()],
            "responses": with_errors(json!({"200": {"description": "One page.", "content": content(&format!("Paginated{n}"))}}))
        },
        "post": {
            "operationId": format!("create{n}"), "summary": format!("Create one {n}"),
            "parameters": [group.clone()],
            "requestBody": {"required": true, "content": content(&format!("{n}Create"))},
            "responses": with_errors(json!({"201": {"description": "Created.", "content": content(&n)}}))
        }
    });
    let item = json!({
        "get": {
            "operationId": format!("get{n}"), "parameters": [group.clone(), id.clone()],
            "responses": with_errors(json!({"200": {"description": "One.", "content": content(&n)}}))
        },
        "patch": {
            "operationId": format!("update{n}"), "parameters": [group.clone(), id.clone()],
            "requestBody": {"required": true, "content": content(&format!("{n}Update"))},
            "responses": with_errors(json!({"200": {"description": "Updated.", "content": content(&n)}}))
        },
        "delete": {
            "operationId": format!("delete{n}"), "parameters": [group, id],
            "responses": with_errors(json!({"204": {"description": "Deleted."}}))
        }
    });
    let base = format!("/api/atlas/v2/groups/{{groupId}}/resource{r:03}s");
    (base.clone(), collection, format!("{base}/{{itemId}}"), item)
}

/// The schemas of one resource: the resource, its create/update bodies, its page, and a chain of nested parts.
fn schemas(r: usize, out: &mut serde_json::Map<String, Value>) {
    let n = name(r);
    let chain = SCHEMAS_PER_RESOURCE - 5;
    for depth in 0..chain {
        let next = if depth + 1 < chain {
            json!({"$ref": format!("#/components/schemas/{n}Part{}", depth + 1)})
        } else {
            json!({"type": "string"})
        };
        out.insert(
            format!("{n}Part{depth}"),
            json!({"type": "object", "description": format!("Part {depth} of {n}."), "properties": {
                "id": {"type": "string"}, "count": {"type": "integer", "format": "int32"},
                "state": {"type": "string", "enum": ["PENDING", "RUNNING", "DONE"]},
                "next": next, "createdAt": {"type": "string", "format": "date-time"}
            }}),
        );
    }
    let fields = json!({
        "id": {"type": "string", "readOnly": true}, "name": {"type": "string", "maxLength": 64},
        "part": {"$ref": format!("#/components/schemas/{n}Part0")},
        "tags": {"type": "array", "items": {"type": "string"}},
        "links": {"$ref": "#/components/schemas/Links"}
    });
    out.insert(
        n.clone(),
        json!({"type": "object", "required": ["name"], "properties": fields}),
    );
    out.insert(
        format!("{n}Create"),
        json!({"type": "object", "required": ["name"], "properties": {
            "name": {"type": "string", "maxLength": 64}, "part": {"$ref": format!("#/components/schemas/{n}Part0")}
        }}),
    );
    out.insert(
        format!("{n}Update"),
        json!({"type": "object", "properties": {"name": {"type": "string", "maxLength": 64}}}),
    );
    out.insert(
        format!("Paginated{n}"),
        json!({"type": "object", "properties": {
            "links": {"$ref": "#/components/schemas/Links"},
            "results": {"type": "array", "items": {"$ref": format!("#/components/schemas/{n}")}},
            "totalCount": {"type": "integer", "format": "int32"}
        }}),
    );
    out.insert(
        format!("{n}Summary"),
        json!({"type": "object", "properties": {"id": {"type": "string"}, "name": {"type": "string"}}}),
    );
}

/// The base revision.
pub fn base() -> Value {
    let mut paths = serde_json::Map::new();
    let mut schemas_map = serde_json::Map::new();
    for r in 0..RESOURCES {
        let (collection_path, collection, item_path, item) = operations(r);
        paths.insert(collection_path, collection);
        paths.insert(item_path, item);
        schemas(r, &mut schemas_map);
    }
    schemas_map.insert(
        "Links".into(),
        json!({"type": "array", "items": {"type": "object", "properties": {
            "href": {"type": "string"}, "rel": {"type": "string"}}}}),
    );
    schemas_map.insert(
        "ApiError".into(),
        json!({"type": "object", "required": ["error", "errorCode"], "properties": {
            "detail": {"type": "string"}, "error": {"type": "integer"}, "errorCode": {"type": "string"},
            "parameters": {"type": "array", "items": {}}, "reason": {"type": "string"}}}),
    );
    json!({
        "openapi": "3.0.3",
        "info": {"title": "A large Atlas-like API", "version": "2.0"},
        "servers": [{"url": "https://cloud.mongodb.com"}],
        "paths": paths,
        "components": {
            "schemas": schemas_map,
            "responses": {"Error": {"description": "An error.",
                "content": {"application/json": {"schema": {"$ref": "#/components/schemas/ApiError"}}}}}
        }
    })
}

/// The head revision: `base` with a few hundred edits of the kinds a release brings, and what they should give.
pub fn head(base: &Value) -> Value {
    let mut head = base.clone();
    for r in 0..RESOURCES {
        let n = name(r);
        let schemas = head.pointer_mut("/components/schemas").expect("schemas");
        match r % 4 {
            // A new optional response property on every fourth resource.
            0 => schemas[n.as_str()]["properties"]["region"] = json!({"type": "string"}),
            // An enum value added deep in the chain.
            1 => {
                let part = format!("{n}Part3");
                schemas[part.as_str()]["properties"]["state"]["enum"] = json!(["PENDING", "RUNNING", "DONE", "PAUSED"]);
            }
            // A page size lowered.
            2 => {
                let path = format!(
                    "/paths/~1api~1atlas~1v2~1groups~1{{groupId}}~1resource{r:03}s/get/parameters/2/schema/maximum"
                );
                if let Some(max) = head.pointer_mut(&path) {
                    *max = json!(100);
                }
            }
            // A description reworded: no finding.
            _ => schemas[n.as_str()]["description"] = json!(format!("{n}, reworded.")),
        }
    }
    head
}
