// Renders ragline's kustomizations offline and checks what they would apply:
//  1. every document against its Kubernetes or KEDA schema (the kubernetes-models packages,
//     generated from Kubernetes' OpenAPI and KEDA's CRDs: types, required fields, enums);
//  2. ragline's deployment rules (probes on actuator, a grace period that covers the hand-off,
//     a PodDisruptionBudget per Deployment, ScaledObjects that scale the right consumer group on
//     the right topic and never past the partition count, ...).
//
// There is no kustomize binary among the packages this project may use, so the rendering is the
// part of kustomize these manifests use: resources (files and directories), namespace, images,
// and patches with a JSON 6902 patch and a target by kind and name. Any other kustomization field
// is refused rather than ignored.
//
// Usage: node validate.mjs DIR... (each DIR holds a kustomization.yaml). Exit status 0 when all
// are valid, 1 with one line per problem otherwise.
import { existsSync, readFileSync, statSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { parseAllDocuments, parse } from "yaml";

const MODELS = {
  v1: "kubernetes-models/v1",
  "apps/v1": "kubernetes-models/apps/v1",
  "policy/v1": "kubernetes-models/policy/v1",
  "keda.sh/v1alpha1": "@kubernetes-models/keda/keda.sh/v1alpha1",
};
const KUSTOMIZATION_FIELDS = new Set(["apiVersion", "kind", "resources", "namespace", "images", "patches"]);
const CLUSTER_SCOPED = new Set(["Namespace"]);
const READINESS = "/actuator/health/readiness";
const LIVENESS = "/actuator/health/liveness";
/** What a stopping llm-worker needs beyond the hand-off: the consumer's close and Spring's stop. */
const SHUTDOWN_MARGIN_SECONDS = 15;
const DEFAULTS = {
  RAGLINE_TOPICS_PARTITIONS: "12",
  RAGLINE_LLM_HANDOFFTIMEOUT: "20s",
  RAGLINE_TOPICS_QUERIES: "ragline.queries",
  RAGLINE_TOPICS_RETRIEVED: "ragline.retrieved",
  RAGLINE_TOPICS_FALLBACK: "ragline.retrieved.fallback",
  RAGLINE_RETRIEVER_GROUPID: "ragline-retriever",
  RAGLINE_LLM_GROUPID: "ragline-llm",
};

class Problems {
  constructor() {
    this.list = [];
  }
  add(where, message) {
    this.list.push(`${where}: ${message}`);
  }
}

function name(doc) {
  return `${doc.kind}/${doc.metadata?.name ?? "?"}`;
}

// ---- rendering ------------------------------------------------------------------------------

function render(dir, problems) {
  const file = ["kustomization.yaml", "kustomization.yml"].map((f) => join(dir, f)).find(existsSync);
  if (!file) {
    problems.add(dir, "no kustomization.yaml");
    return [];
  }
  const where = relative(process.cwd(), file);
  const kustomization = parse(readFileSync(file, "utf8")) ?? {};
  for (const field of Object.keys(kustomization)) {
    if (!KUSTOMIZATION_FIELDS.has(field)) {
      problems.add(where, `'${field}' is not a field this validator renders (it knows ${[...KUSTOMIZATION_FIELDS].join(", ")})`);
    }
  }
  let docs = [];
  for (const resource of kustomization.resources ?? []) {
    const path = resolve(dir, resource);
    if (!existsSync(path)) {
      problems.add(where, `resource '${resource}' does not exist`);
    } else if (statSync(path).isDirectory()) {
      docs.push(...render(path, problems));
    } else {
      docs.push(...readDocuments(path, problems));
    }
  }
  for (const [i, patch] of (kustomization.patches ?? []).entries()) {
    applyPatch(docs, patch, `${where} patches[${i}]`, problems);
  }
  for (const image of kustomization.images ?? []) {
    setImage(docs, image);
  }
  if (kustomization.namespace) {
    for (const doc of docs.filter((d) => !CLUSTER_SCOPED.has(d.kind))) {
      doc.metadata.namespace = kustomization.namespace;
    }
  }
  return docs;
}

function readDocuments(path, problems) {
  const where = relative(process.cwd(), path);
  const docs = [];
  for (const document of parseAllDocuments(readFileSync(path, "utf8"))) {
    if (document.errors.length > 0) {
      document.errors.forEach((error) => problems.add(where, `YAML: ${error.message}`));
      continue;
    }
    const doc = document.toJS();
    if (doc == null) {
      continue;
    }
    Object.defineProperty(doc, "source", { value: where, enumerable: false });
    docs.push(doc);
  }
  return docs;
}

function applyPatch(docs, patch, where, problems) {
  const target = patch.target ?? {};
  const unknown = Object.keys(target).filter((key) => key !== "kind" && key !== "name");
  if (unknown.length > 0 || typeof patch.patch !== "string") {
    problems.add(where, "a patch here is a JSON 6902 patch (a string) with a target by kind and name only");
    return;
  }
  const matches = docs.filter(
    (doc) => (!target.kind || doc.kind === target.kind) && (!target.name || doc.metadata?.name === target.name));
  if (matches.length === 0) {
    problems.add(where, `the target ${JSON.stringify(target)} matches no resource`);
  }
  const operations = parse(patch.patch);
  for (const doc of matches) {
    for (const operation of operations) {
      try {
        applyOperation(doc, operation);
      } catch (error) {
        problems.add(where, `${name(doc)}: ${operation.op} ${operation.path}: ${error.message}`);
      }
    }
  }
}

function applyOperation(doc, { op, path, value }) {
  const keys = path.split("/").slice(1).map((key) => key.replaceAll("~1", "/").replaceAll("~0", "~"));
  const last = keys.pop();
  let parent = doc;
  for (const key of keys) {
    if (parent == null || typeof parent !== "object" || !(key in parent)) {
      throw new Error(`no '${key}' on the path`);
    }
    parent = parent[key];
  }
  const exists = parent != null && typeof parent === "object" && last in parent;
  if (op === "add") {
    if (Array.isArray(parent)) {
      parent.splice(last === "-" ? parent.length : Number(last), 0, value);
    } else {
      parent[last] = value;
    }
  } else if (op === "replace" || op === "remove") {
    if (!exists) {
      throw new Error("nothing there to " + op);
    }
    if (op === "replace") {
      parent[last] = value;
    } else if (Array.isArray(parent)) {
      parent.splice(Number(last), 1);
    } else {
      delete parent[last];
    }
  } else {
    throw new Error("only add, replace and remove are rendered here");
  }
}

function setImage(docs, image) {
  for (const container of docs.filter((d) => d.kind === "Deployment").flatMap(containersOf)) {
    const [imageName, tag] = splitImage(container.image);
    if (imageName === image.name) {
      container.image = `${image.newName ?? imageName}:${image.newTag ?? tag}`;
    }
  }
}

function splitImage(image) {
  const colon = image.lastIndexOf(":");
  return colon > image.lastIndexOf("/") ? [image.slice(0, colon), image.slice(colon + 1)] : [image, "latest"];
}

function containersOf(deployment) {
  return deployment.spec?.template?.spec?.containers ?? [];
}

// ---- schemas --------------------------------------------------------------------------------

async function validateSchemas(docs, problems) {
  const seen = new Set();
  for (const doc of docs) {
    const key = `${doc.metadata?.namespace ?? ""}/${name(doc)}`;
    if (seen.has(key)) {
      problems.add(doc.source, `${name(doc)} is defined twice`);
    }
    seen.add(key);
    const module = MODELS[doc.apiVersion];
    const Model = module ? (await import(module))[doc.kind] : undefined;
    if (!Model) {
      problems.add(doc.source, `no schema known for ${doc.apiVersion} ${doc.kind}`);
      continue;
    }
    try {
      new Model(doc).validate();
    } catch (error) {
      problems.add(doc.source, `${name(doc)} does not match the ${doc.apiVersion} ${doc.kind} schema: ${error.message}`);
    }
  }
}

// ---- ragline's rules ------------------------------------------------------------------------

function checkRules(docs, problems) {
  const of = (kind) => docs.filter((doc) => doc.kind === kind);
  const config = Object.assign({}, DEFAULTS, ...of("ConfigMap").map((map) => map.data ?? {}));
  const partitions = Number(config.RAGLINE_TOPICS_PARTITIONS);
  const handoffSeconds = seconds(config.RAGLINE_LLM_HANDOFFTIMEOUT);
  const scaled = new Set(of("ScaledObject").map((scaler) => scaler.spec?.scaleTargetRef?.name));
  for (const map of of("ConfigMap")) {
    if ("RAGLINE_REDIS_URL" in (map.data ?? {})) {
      problems.add(map.source, `${name(map)}: the Redis URL may carry a password: it belongs in a Secret`);
    }
  }
  for (const deployment of of("Deployment")) {
    const where = `${deployment.source} ${name(deployment)}`;
    const pod = deployment.spec?.template ?? {};
    const labels = pod.metadata?.labels ?? {};
    for (const container of containersOf(deployment)) {
      checkContainer(container, docs, `${where} container ${container.name}`, problems);
    }
    if (!of("PodDisruptionBudget").some((pdb) => selects(pdb.spec?.selector, labels))) {
      problems.add(where, "no PodDisruptionBudget selects its pods");
    }
    if (scaled.has(deployment.metadata.name) && deployment.spec?.replicas !== undefined) {
      problems.add(where, "KEDA scales it: a fixed spec.replicas would undo the autoscaler on every apply");
    }
    if (containersOf(deployment).some((c) => c.image.includes("llm-worker"))) {
      const grace = pod.spec?.terminationGracePeriodSeconds ?? 30;
      if (grace < handoffSeconds + SHUTDOWN_MARGIN_SECONDS) {
        problems.add(where, `terminationGracePeriodSeconds ${grace} does not cover the hand-off `
          + `(${handoffSeconds} s) and the consumer's close (${SHUTDOWN_MARGIN_SECONDS} s): calls would be made twice`);
      }
    }
  }
  for (const scaler of of("ScaledObject")) {
    checkScaler(scaler, docs, config, partitions, problems);
  }
  const ingest = of("Deployment").find((d) => containersOf(d).some((c) => c.image.includes("query-ingest")));
  if (ingest && !of("Service").some((service) => selects({ matchLabels: service.spec?.selector }, ingest.spec.template.metadata.labels))) {
    problems.add(ingest.source, "no Service selects query-ingest's pods");
  }
}

function checkContainer(container, docs, where, problems) {
  const ports = container.ports ?? [];
  const portKnown = (port) => ports.some((p) => p.name === port || p.containerPort === port);
  for (const [probe, path] of [["readinessProbe", READINESS], ["livenessProbe", LIVENESS]]) {
    const get = container[probe]?.httpGet;
    if (!get || get.path !== path) {
      problems.add(where, `${probe} must GET ${path}`);
    } else if (!portKnown(get.port)) {
      problems.add(where, `${probe} asks port ${get.port}, which the container does not declare`);
    }
  }
  const requests = container.resources?.requests ?? {};
  if (!requests.cpu || !requests.memory) {
    problems.add(where, "resources.requests needs cpu and memory (the scheduler and the autoscaler read them)");
  }
  if (!container.resources?.limits?.memory) {
    problems.add(where, "resources.limits.memory is needed (the JVM sizes its heap from it)");
  }
  for (const source of container.envFrom ?? []) {
    const [kind, ref] = source.configMapRef ? ["ConfigMap", source.configMapRef] : ["Secret", source.secretRef];
    if (!ref.optional && !docs.some((doc) => doc.kind === kind && doc.metadata?.name === ref.name)) {
      problems.add(where, `envFrom names ${kind} ${ref.name}, which is not among the resources`);
    }
  }
}

function checkScaler(scaler, docs, config, partitions, problems) {
  const where = `${scaler.source} ${name(scaler)}`;
  const spec = scaler.spec ?? {};
  const target = docs.find((doc) => doc.kind === "Deployment" && doc.metadata?.name === spec.scaleTargetRef?.name);
  if (!target) {
    problems.add(where, `scaleTargetRef ${spec.scaleTargetRef?.name} is no Deployment among the resources`);
    return;
  }
  if ((spec.maxReplicaCount ?? 100) > partitions) {
    problems.add(where, `maxReplicaCount ${spec.maxReplicaCount ?? "100 (KEDA's default)"} is above the partition count `
      + `${partitions}: the replicas beyond it would own no partition`);
  }
  if ((spec.minReplicaCount ?? 0) < 1) {
    problems.add(where, "minReplicaCount must be at least 1: a worker scaled to zero answers nothing until its first replica has started (and a retriever has rebuilt its index)");
  }
  const expected = expectedConsumer(target, config);
  const triggers = (spec.triggers ?? []).filter((trigger) => trigger.type === "kafka");
  if (triggers.length === 0) {
    problems.add(where, "no kafka trigger: ragline's workers scale on consumer lag");
  }
  for (const trigger of triggers) {
    const metadata = trigger.metadata ?? {};
    if (expected && (metadata.consumerGroup !== expected.group || metadata.topic !== expected.topic)) {
      problems.add(where, `scales ${target.metadata.name} on group ${metadata.consumerGroup} and topic ${metadata.topic}; `
        + `its pods consume ${expected.topic} in group ${expected.group}`);
    }
    if (metadata.bootstrapServers !== config.SPRING_KAFKA_BOOTSTRAP_SERVERS) {
      problems.add(where, `bootstrapServers ${metadata.bootstrapServers} is not the services' Kafka (${config.SPRING_KAFKA_BOOTSTRAP_SERVERS})`);
    }
    if (!(Number(metadata.lagThreshold) > 0)) {
      problems.add(where, "lagThreshold must be a positive number of records per replica");
    }
  }
}

/** The consumer group and topic a Deployment's pods read, from its image and settings. */
function expectedConsumer(deployment, config) {
  const container = containersOf(deployment)[0] ?? {};
  const env = Object.fromEntries((container.env ?? []).map((e) => [e.name, e.value]));
  const setting = (key) => env[key] ?? config[key];
  if (container.image?.includes("retriever-worker")) {
    return { group: setting("RAGLINE_RETRIEVER_GROUPID"), topic: setting("RAGLINE_TOPICS_QUERIES") };
  }
  if (container.image?.includes("llm-worker")) {
    const roles = String(setting("RAGLINE_LLM_ROLES") ?? "primary").split(",").map((role) => role.trim());
    if (roles.length !== 1) {
      return null;
    }
    const group = setting("RAGLINE_LLM_GROUPID");
    return roles[0] === "fallback"
      ? { group: `${group}-fallback`, topic: setting("RAGLINE_TOPICS_FALLBACK") }
      : { group, topic: setting("RAGLINE_TOPICS_RETRIEVED") };
  }
  return null;
}

function selects(selector, labels) {
  const match = selector?.matchLabels ?? {};
  return Object.keys(match).length > 0 && Object.entries(match).every(([key, value]) => labels[key] === value);
}

function seconds(duration) {
  const match = /^(\d+)(ms|s|m)?$/.exec(String(duration));
  if (!match) {
    return NaN;
  }
  const value = Number(match[1]);
  return match[2] === "ms" ? value / 1000 : match[2] === "m" ? value * 60 : value;
}

// ---- main -----------------------------------------------------------------------------------

const roots = process.argv.slice(2);
if (roots.length === 0) {
  console.error("usage: node validate.mjs KUSTOMIZATION_DIR...");
  process.exit(2);
}
let failed = false;
for (const root of roots) {
  const problems = new Problems();
  const docs = render(resolve(root), problems);
  await validateSchemas(docs, problems);
  checkRules(docs, problems);
  if (problems.list.length > 0) {
    failed = true;
    console.log(`${root}: ${problems.list.length} problem(s)`);
    problems.list.forEach((problem) => console.log(`  ${problem}`));
  } else {
    const kinds = {};
    docs.forEach((doc) => (kinds[doc.kind] = (kinds[doc.kind] ?? 0) + 1));
    const summary = Object.entries(kinds).map(([kind, count]) => `${count} ${kind}`).join(", ");
    console.log(`${root}: ${docs.length} documents valid (${summary})`);
  }
}
process.exit(failed ? 1 : 0);
