/**
 * The prompt library: one Markdown file per prompt in the prompts folder, `<name>.md`, validated at start-up
 * against the variables the code supplies, rendered into chat messages with LangChain's `ChatPromptTemplate`.
 *
 * File format (see `prompts/README.md`):
 * ```
 * ---
 * description: one line
 * variables: [question, sources, language]
 * ---
 * ## system
 * …template with {question}-style placeholders; literal braces doubled: {{ }}…
 * ## user
 * …
 * ```
 */
import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import type { BaseMessage } from '@langchain/core/messages';
import { ChatPromptTemplate, parseFString } from '@langchain/core/prompts';
import { PromptError } from '../core';

/** Prompt names mapped to the variables the code supplies to each, e.g. `{answer: ['question', 'sources']}`. */
export type PromptVariables = Readonly<Record<string, readonly string[]>>;

/** The values for one prompt: exactly its variables, each a string. */
export type PromptValues<Variables extends readonly string[]> = Readonly<Record<Variables[number], string>>;

/** One parsed and validated prompt file. */
export interface PromptDefinition {
  /** File name without `.md`, e.g. `answer`. */
  readonly name: string;
  /** Absolute path of the file. */
  readonly file: string;
  /** The front matter's one-line description. */
  readonly description: string;
  /** Declared variables, in the file's order (= the variables used = the variables the code supplies). */
  readonly variables: readonly string[];
  /** The `## system` template, trimmed. */
  readonly system: string;
  /** The `## user` template, trimmed (sent as the human message). */
  readonly user: string;
}

/** Validated prompts, rendered by name. */
export interface PromptLibrary<Required extends PromptVariables> {
  /** Absolute path of the prompts folder. */
  readonly directory: string;
  /** The prompt `name`'s parsed file. */
  definition(name: keyof Required & string): PromptDefinition;
  /**
   * Renders prompt `name` into `[SystemMessage, HumanMessage]`, substituting `values` (inserted verbatim: braces
   * in values are not placeholders).
   * @throws {PromptError} when a variable has no value or a value is not one of the prompt's variables
   *   (`missingVariables` / `extraVariables` name them), or `name` was not loaded.
   */
  render<Name extends keyof Required & string>(name: Name, values: PromptValues<Required[Name]>): Promise<BaseMessage[]>;
}

/** Variable names a template may use: identifiers. Anything else between single braces is a mistake. */
const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/u;

/**
 * Reads and validates the prompt files `<directory>/<name>.md` for every name in `required`. A file must exist,
 * have the front matter (`description`, `variables`) and exactly one `## system` then one `## user` section, and
 * its declared variables, the variables its templates use, and `required[name]` must be the same set.
 * Other files in the folder are ignored.
 * @throws {PromptError} naming the file and the missing or extra variables, at the first invalid file.
 */
export async function loadPrompts<const Required extends PromptVariables>(
  directory: string,
  required: Required,
): Promise<PromptLibrary<Required>> {
  const root = path.resolve(directory);
  const folder = await stat(root).catch(() => null);
  if (folder === null || !folder.isDirectory()) {
    throw new PromptError(root, 'the prompts folder does not exist; set PROMPTS_DIR to the folder holding the <name>.md prompt files');
  }
  const prompts = new Map<string, LoadedPrompt>();
  for (const [name, variables] of Object.entries(required)) {
    const file = path.join(root, `${name}.md`);
    const text = await readFile(file, 'utf8').catch((error: unknown) => {
      const missing = isMissingFile(error);
      throw new PromptError(
        file,
        missing
          ? `missing: the code needs prompt "${name}" with variables [${variables.join(', ')}]; create this file (see prompts/README.md)`
          : `cannot be read: ${error instanceof Error ? error.message : String(error)}`,
      );
    });
    const definition = parsePromptFile(file, text, variables);
    prompts.set(name, { definition, template: toChatTemplate(definition) });
  }
  return new FilePromptLibrary<Required>(root, prompts);
}

/**
 * Parses one prompt file's text and checks its variables against `required` (the variables the code supplies).
 * @throws {PromptError} for a malformed front matter or sections, or a variable mismatch.
 */
export function parsePromptFile(file: string, text: string, required: readonly string[]): PromptDefinition {
  const lines = text.replace(/^\uFEFF/u, '').split(/\r?\n/u);
  const frontMatter = parseFrontMatter(file, lines);
  const sections = parseSections(file, lines.slice(frontMatter.bodyStart), frontMatter.bodyStart);
  const used = new Set([...templateVariables(file, 'system', sections.system), ...templateVariables(file, 'user', sections.user)]);
  checkVariables(file, frontMatter.variables, used, required);
  return {
    name: path.basename(file, '.md'),
    file,
    description: frontMatter.description,
    variables: frontMatter.variables,
    system: sections.system,
    user: sections.user,
  };
}

interface LoadedPrompt {
  readonly definition: PromptDefinition;
  readonly template: ChatPromptTemplate;
}

class FilePromptLibrary<Required extends PromptVariables> implements PromptLibrary<Required> {
  readonly directory: string;
  readonly #prompts: ReadonlyMap<string, LoadedPrompt>;

  constructor(directory: string, prompts: ReadonlyMap<string, LoadedPrompt>) {
    this.directory = directory;
    this.#prompts = prompts;
  }

  definition(name: keyof Required & string): PromptDefinition {
    return this.#get(name).definition;
  }

  async render<Name extends keyof Required & string>(name: Name, values: PromptValues<Required[Name]>): Promise<BaseMessage[]> {
    const { definition, template } = this.#get(name);
    const given: Readonly<Record<string, unknown>> = values;
    const missing = definition.variables.filter((variable) => typeof given[variable] !== 'string');
    const extra = Object.keys(given).filter((key) => !definition.variables.includes(key));
    if (missing.length > 0 || extra.length > 0) {
      const problems = [
        missing.length > 0 ? `no string value for ${list(missing)}` : '',
        extra.length > 0 ? `values for ${list(extra)}, which the prompt does not use` : '',
      ].filter((problem) => problem !== '');
      throw new PromptError(definition.file, `cannot render: ${problems.join('; ')}`, { missing, extra });
    }
    return template.formatMessages({ ...given });
  }

  #get(name: string): LoadedPrompt {
    const prompt = this.#prompts.get(name);
    if (prompt === undefined) {
      throw new PromptError(path.join(this.directory, `${name}.md`), `prompt "${name}" was not loaded; add it to the required prompts`);
    }
    return prompt;
  }
}

interface FrontMatter {
  readonly description: string;
  readonly variables: readonly string[];
  /** Index of the first line after the closing `---`. */
  readonly bodyStart: number;
}

function parseFrontMatter(file: string, lines: readonly string[]): FrontMatter {
  if (lines[0]?.trim() !== '---') {
    throw new PromptError(file, 'line 1: expected the front matter to start with "---" (then description: and variables: lines)');
  }
  const end = lines.findIndex((line, index) => index > 0 && line.trim() === '---');
  if (end < 0) throw new PromptError(file, 'the front matter has no closing "---" line');
  let description: string | undefined;
  let variables: string[] | undefined;
  for (let index = 1; index < end; index += 1) {
    const line = lines[index] ?? '';
    if (line.trim() === '' || line.trim().startsWith('#')) continue;
    const match = /^([A-Za-z_]+)\s*:\s*(.*)$/u.exec(line.trim());
    if (match === null) throw new PromptError(file, `line ${index + 1}: expected "key: value" in the front matter, found "${line.trim()}"`);
    const [, key = '', value = ''] = match;
    if (key === 'description') {
      description = unquote(value.trim());
    } else if (key === 'variables') {
      variables = parseVariableList(file, index + 1, value.trim());
    } else {
      throw new PromptError(file, `line ${index + 1}: unknown front matter key "${key}" (expected description and variables)`);
    }
  }
  if (description === undefined || description === '') throw new PromptError(file, 'the front matter has no description');
  if (variables === undefined) throw new PromptError(file, 'the front matter has no variables list, e.g. variables: [question, sources]');
  return { description, variables, bodyStart: end + 1 };
}

function parseVariableList(file: string, lineNumber: number, value: string): string[] {
  const match = /^\[(.*)\]$/u.exec(value);
  if (match === null) throw new PromptError(file, `line ${lineNumber}: variables must be a list in brackets, e.g. [question, sources]`);
  const names = (match[1] ?? '')
    .split(',')
    .map((name) => unquote(name.trim()))
    .filter((name) => name !== '');
  const invalid = names.filter((name) => !VARIABLE_NAME.test(name));
  if (invalid.length > 0) throw new PromptError(file, `line ${lineNumber}: invalid variable name(s) ${invalid.map((name) => `"${name}"`).join(', ')}`);
  const duplicates = names.filter((name, index) => names.indexOf(name) !== index);
  if (duplicates.length > 0) throw new PromptError(file, `line ${lineNumber}: variable(s) listed twice: ${duplicates.join(', ')}`);
  return names;
}

function unquote(value: string): string {
  return /^(["']).*\1$/u.test(value) ? value.slice(1, -1) : value;
}

interface Sections {
  readonly system: string;
  readonly user: string;
}

/** Splits the body at `## system` and `## user` heading lines; other lines (other headings too) are template text. */
function parseSections(file: string, body: readonly string[], firstLineIndex: number): Sections {
  const found: { name: string; line: number; text: string[] }[] = [];
  for (const [offset, line] of body.entries()) {
    const heading = /^##\s+(system|user)\s*$/iu.exec(line.trim());
    if (heading !== null) {
      found.push({ name: (heading[1] ?? '').toLowerCase(), line: firstLineIndex + offset + 1, text: [] });
      continue;
    }
    const current = found.at(-1);
    if (current === undefined) {
      if (line.trim() !== '') {
        throw new PromptError(file, `line ${firstLineIndex + offset + 1}: text before the "## system" section`);
      }
      continue;
    }
    current.text.push(line);
  }
  const names = found.map((section) => section.name);
  if (names.length !== 2 || names[0] !== 'system' || names[1] !== 'user') {
    throw new PromptError(
      file,
      `expected exactly one "## system" section followed by one "## user" section, found ${names.length === 0 ? 'none' : names.map((name) => `"## ${name}"`).join(', ')}`,
    );
  }
  const [system, user] = found.map((section) => section.text.join('\n').trim());
  if (system === undefined || system === '') throw new PromptError(file, 'the "## system" section is empty');
  if (user === undefined || user === '') throw new PromptError(file, 'the "## user" section is empty');
  return { system, user };
}

/** The variables a section's f-string template uses, parsed by LangChain's own template parser. */
function templateVariables(file: string, section: string, template: string): string[] {
  let nodes: ReturnType<typeof parseFString>;
  try {
    nodes = parseFString(template);
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new PromptError(file, `"## ${section}": ${reason} Write literal braces doubled: {{ and }}.`);
  }
  const names = nodes.flatMap((node) => (node.type === 'variable' ? [node.name] : []));
  const invalid = names.filter((name) => !VARIABLE_NAME.test(name));
  if (invalid.length > 0) {
    throw new PromptError(
      file,
      `"## ${section}": ${invalid.map((name) => `{${name}}`).join(', ')} is not a placeholder name; write literal braces doubled: {{ and }}`,
      { extra: invalid },
    );
  }
  return names;
}

/** Declared == used == required, or a {@link PromptError} that lists each difference. */
function checkVariables(file: string, declared: readonly string[], used: ReadonlySet<string>, required: readonly string[]): void {
  const declaredSet = new Set(declared);
  const requiredSet = new Set(required);
  const problems: string[] = [];
  const undeclared = [...used].filter((name) => !declaredSet.has(name));
  if (undeclared.length > 0) {
    problems.push(`the template uses ${list(undeclared)} but the front matter does not declare ${undeclared.length > 1 ? 'them' : 'it'}`);
  }
  const unused = declared.filter((name) => !used.has(name));
  if (unused.length > 0) problems.push(`the front matter declares ${list(unused)} but the template never uses ${unused.length > 1 ? 'them' : 'it'}`);
  const notSupplied = [...new Set([...declared, ...used])].filter((name) => !requiredSet.has(name));
  if (notSupplied.length > 0) problems.push(`the code does not supply ${list(notSupplied)}`);
  const notTaken = required.filter((name) => !declaredSet.has(name) || !used.has(name));
  if (notTaken.length > 0) problems.push(`the code supplies ${list(notTaken)}, which the prompt must declare and use`);
  if (problems.length === 0) return;
  throw new PromptError(
    file,
    `variables do not match (declared [${declared.join(', ')}], used [${[...used].join(', ')}], supplied by the code [${required.join(', ')}]): ${problems.join('; ')}`,
    { missing: notTaken, extra: notSupplied },
  );
}

function toChatTemplate(definition: PromptDefinition): ChatPromptTemplate {
  return ChatPromptTemplate.fromMessages([
    ['system', definition.system],
    ['human', definition.user],
  ]);
}

function list(names: readonly string[]): string {
  return names.map((name) => `{${name}}`).join(', ');
}

function isMissingFile(error: unknown): boolean {
  return typeof error === 'object' && error !== null && 'code' in error && error.code === 'ENOENT';
}
