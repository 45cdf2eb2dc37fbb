// The documented bodies of an OpenAPI 3.0 document, as documentation pages show them, each checked against its
// schema. Run by `cargo xtask vendor-check` (xtask/src/vendor_check/): node samples.mjs DOC TARGETS OUT.
//
// TARGETS is JSON: {"targets": [{"key", "pointer", "direction": "request"|"response", "kind": "media"|"schema",
// "discriminator"?: {"property", "value"}, "validate"?: pointer, "body"?: a body to validate, not render}]}. A "media" pointer names a media type object: its `example`, else its
// first `examples` value, else a sample of its `schema` (what Redocly's pages do). A "schema" pointer names a
// discriminated subtype: sampled with its base's fields but not the base's list of subtypes, its discriminator
// property set to its own value (as Redocly shows each choice of a `oneOf`), and validated against `validate`: its
// base, of which it is a value.
// Samples are rendered as Redocly renders them: requests without readOnly properties, responses without
// writeOnly ones. Each is validated (Ajv) against the schema as OpenAPI 3.0 means it for that direction, so a
// body that does not round-trip can be shown to break its own schema. OUT gets {"samples": [...]}, one per target.
import fs from "node:fs";
import yaml from "js-yaml";
import OpenAPISampler from "openapi-sampler";
import Ajv from "ajv";
import addFormats from "ajv-formats";
import RandExp from "randexp";

const [docPath, targetsPath, outPath] = process.argv.slice(2);
const doc = yaml.load(fs.readFileSync(docPath, "utf8"), { schema: yaml.CORE_SCHEMA });
const { targets, calls = [] } = JSON.parse(fs.readFileSync(targetsPath, "utf8"));

const unescape = (token) => token.replace(/~1/g, "/").replace(/~0/g, "~");
const at = (root, pointer) =>
  pointer === "" ? root : pointer.slice(1).split("/").map(unescape).reduce((node, key) => node?.[key], root);

// The document as a validator reads it for one direction: a required readOnly property is not required of a
// request, a required writeOnly one not of a response (OpenAPI 3.0); a discriminator picks one of its `oneOf` by
// the value of its property (the mapping's keys for it, else its name), so each choice requires its values and
// choices that overlap otherwise are `anyOf`; and a subtype's `allOf` reference to a base listing it takes the base's fields
// without the list (else checking the base would check the subtype, which checks the base, without end).
function forDirection(original, direction) {
  const copy = structuredClone(original);
  const schemas = copy.components?.schemas ?? {};
  const skip = direction === "request" ? "readOnly" : "writeOnly";
  const resolve = (schema) =>
    schema?.$ref?.startsWith("#/components/schemas/") ? schemas[unescape(schema.$ref.slice(21))] : schema;
  // A base that maps its subtypes without listing them (they `allOf` it) is the choice of them, as codegen reads it.
  for (const schema of Object.values(schemas)) {
    const mapping = schema?.discriminator?.mapping;
    if (mapping && !schema.oneOf && !schema.anyOf) {
      const targets = [...new Set(Object.values(mapping))];
      if (targets.every((t) => resolve({ $ref: t }))) schema.oneOf = targets.map(($ref) => ({ $ref }));
    }
  }
  // The property names a schema declares, through its references and `allOf` members.
  const declared = (schema, seen = new Set()) => {
    const target = resolve(schema);
    if (!target || typeof target !== "object" || seen.has(target)) return [];
    seen.add(target);
    const own = Object.keys(target.properties ?? {});
    const inherited = (target.allOf ?? []).flatMap((member) => declared(member, seen));
    return [...own, ...inherited];
  };
  const bases = new Set(
    Object.entries(schemas).filter(([, s]) => s?.oneOf || s?.anyOf).map(([name]) => `#/components/schemas/${name}`),
  );
  const walk = (node) => {
    if (Array.isArray(node)) return node.forEach(walk);
    if (!node || typeof node !== "object") return;
    if (Array.isArray(node.required) && node.properties) {
      node.required = node.required.filter((name) => !resolve(node.properties[name])?.[skip]);
    }
    if (node.discriminator?.propertyName && node.oneOf) {
      // Each choice is the subtype its discriminator values name, with only the fields it and the base declare.
      const property = node.discriminator.propertyName;
      const mapping = Object.entries(node.discriminator.mapping ?? {});
      const baseFields = Object.keys(node.properties ?? {});
      node.anyOf = node.oneOf.map((choice) => {
        if (!choice?.$ref) return choice;
        const values = mapping.filter(([, target]) => target === choice.$ref).map(([value]) => value);
        const pin = { properties: { [property]: { enum: values.length ? values : [unescape(choice.$ref.split("/").pop())] } } };
        // The discriminator must be there (OpenAPI 3.0), unless only one direction carries it.
        const declaredProperty = resolve(node.properties?.[property]);
        if (!declaredProperty?.readOnly && !declaredProperty?.writeOnly) pin.required = [property];
        const fields = declared(choice);
        if (fields.length) pin.propertyNames = { enum: [...new Set([...fields, ...baseFields, property])] };
        return { allOf: [choice, pin] };
      });
      delete node.oneOf;
    }
    if (Array.isArray(node.allOf)) {
      node.allOf = node.allOf.map((member) => {
        if (!member?.$ref || !bases.has(member.$ref)) return member;
        const { oneOf, anyOf, discriminator, ...fields } = resolve(member);
        return fields;
      });
    }
    for (const [key, child] of Object.entries(node)) if (key !== "example" && key !== "examples") walk(child);
  };
  walk(copy);
  return copy;
}

const directed = { request: forDirection(doc, "request"), response: forDirection(doc, "response") };

// Patterns are read with the `u` flag (as JSON Schema means them); a schema with a pattern only the flagless
// grammar accepts (`\:`) is checked again without it.
function validator(direction) {
  const make = (unicodeRegExp) => {
    const ajv = new Ajv({ strict: false, allErrors: true, validateSchema: false, logger: false, unicodeRegExp });
    addFormats(ajv);
    for (const format of ["int32", "int64", "float", "double", "byte", "binary", "password"]) ajv.addFormat(format, true);
    ajv.addSchema(directed[direction], "doc");
    return ajv;
  };
  const unicode = make(true);
  let flagless;
  return (pointer) => {
    const ref = `doc#${encodeURI(pointer)}`;
    try {
      return unicode.getSchema(ref);
    } catch {
      flagless ??= make(false);
      return flagless.getSchema(ref);
    }
  };
}
const validators = { request: validator("request"), response: validator("response") };

function sampleOf(target) {
  const node = at(doc, target.pointer);
  if (!node) throw new Error(`nothing at ${target.pointer}`);
  // A body a server sent (the mock's answer that did not decode): only validated.
  if (target.body !== undefined) return { source: "server", sample: target.body, schemaPointer: `${target.pointer}/schema` };
  if (target.kind === "media") {
    if (node.example !== undefined) return { source: "example", sample: node.example, schemaPointer: `${target.pointer}/schema` };
    const first = Object.entries(node.examples ?? {})[0];
    if (first && first[1]?.value !== undefined) {
      return { source: `examples/${first[0]}`, sample: first[1].value, schemaPointer: `${target.pointer}/schema` };
    }
  }
  const options = { skipReadOnly: target.direction === "request", skipWriteOnly: target.direction === "response", quiet: true };
  if (target.kind === "media") {
    return { source: "sampler", sample: OpenAPISampler.sample(node.schema, options, doc), schemaPointer: `${target.pointer}/schema` };
  }
  const spec = directed[target.direction];
  const sample = OpenAPISampler.sample(at(spec, target.pointer), options, spec);
  if (target.discriminator && sample && typeof sample === "object") sample[target.discriminator.property] = target.discriminator.value;
  return { source: "sampler", sample, schemaPointer: target.validate ?? target.pointer };
}

const samples = targets.map((target) => {
  try {
    const { source, sample, schemaPointer } = sampleOf(target);
    let violations = [];
    let unvalidated;
    const check = (pointer) => {
      const validate = validators[target.direction](pointer);
      if (!validate) throw new Error(`no schema at ${pointer}`);
      if (validate(sample)) return [];
      return [...new Set(validate.errors.map((e) => {
        const allowed = e.params?.allowedValues ? `: ${e.params.allowedValues.join(", ")}` : "";
        return `${e.instancePath || "/"} ${e.message}${allowed}`;
      }))];
    };
    try {
      // A subtype's sample is checked as the subtype first (its own faults, not every other subtype's), then as a
      // value of its base.
      if (target.kind === "schema") violations = check(target.pointer);
      if (!violations.length) violations = check(schemaPointer);
    } catch (error) {
      // Not a violation: the body's schema could not be checked (Ajv refuses a pattern JavaScript cannot compile).
      unvalidated = String(error.message ?? error);
    }
    return { key: target.key, source, sample, violations, unvalidated };
  } catch (error) {
    return { key: target.key, error: String(error.message ?? error) };
  }
});
// The parameters a call needs — its path parameters and required query parameters — as the documentation shows
// them: the parameter's example, else its schema's, else a sample of its schema. TARGETS' "calls" lists
// {"id", "pointer"} (the operation); OUT's "params" maps each id to {name: value}, "generated" each id to the names
// of the parameters whose value was made from their pattern.
const resolveRef = (node) => (node?.$ref ? at(doc, node.$ref.slice(1)) : node);
const matches = (pattern, value) => {
  try {
    return new RegExp(pattern, "u").test(value);
  } catch {
    return new RegExp(pattern).test(value);
  }
};
let seed = 23;
const fromPattern = (pattern) => {
  try {
    const made = new RandExp(pattern);
    made.max = 8;
    // A fixed linear congruential sequence instead of Math.random: the same values on every run.
    made.randInt = (low, high) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return low + ((seed >>> 16) % (high - low + 1));
    };
    const value = made.gen();
    return matches(pattern, value) ? value : undefined;
  } catch {
    return undefined;
  }
};
const generated = {};
const params = Object.fromEntries(
  calls.map(({ id, pointer }) => {
    const item = pointer.slice(0, pointer.lastIndexOf("/"));
    const declared = [...(at(doc, `${item}/parameters`) ?? []), ...(at(doc, `${pointer}/parameters`) ?? [])].map(resolveRef);
    const values = {};
    for (const parameter of declared) {
      if (!parameter || !(parameter.in === "path" || (parameter.in === "query" && parameter.required))) continue;
      const schema = resolveRef(parameter.schema) ?? {};
      const first = Object.values(parameter.examples ?? {})[0]?.value;
      let value = parameter.example ?? first ?? schema.example ?? OpenAPISampler.sample(schema, { quiet: true }, doc);
      // A documented value that breaks the parameter's own pattern (the sampler writes "string" for an id) cannot be
      // sent; one is made from the pattern instead, the same on every run.
      if (typeof value === "string" && schema.pattern && !matches(schema.pattern, value)) {
        value = fromPattern(schema.pattern) ?? value;
        (generated[id] ??= []).push(parameter.name);
      }
      values[parameter.name] = value;
    }
    return [id, values];
  }),
);
fs.writeFileSync(outPath, JSON.stringify({ samples, params, generated }));
