/**
 * Summarises a V8 `.cpuprofile` (from `node --cpu-prof`): the functions with the most self time
 * and the project functions (under `src/`) with the most inclusive time, as text.
 *
 * Usage: `npx tsx bench/support/cpu-profile-summary.ts <file.cpuprofile> [top=25]`.
 *
 * @module
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}

interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

/** Self and inclusive milliseconds per function. */
export interface FunctionTime {
  name: string;
  selfMs: number;
  totalMs: number;
}

/** Reads a profile and returns times per function (name with file and line). */
export function summarizeProfile(path: string): { totalMs: number; functions: FunctionTime[] } {
  const profile = JSON.parse(readFileSync(path, 'utf8')) as Profile;
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const label = (n: ProfileNode) => {
    const file = n.callFrame.url.replace(/^file:\/\//, '').replace(/^.*\/(src|node_modules|bench)\//, '$1/');
    return `${n.callFrame.functionName || '(anonymous)'} ${file}:${n.callFrame.lineNumber + 1}`;
  };
  const times = new Map<string, FunctionTime>();
  const entry = (name: string) => {
    let t = times.get(name);
    if (!t) times.set(name, (t = { name, selfMs: 0, totalMs: 0 }));
    return t;
  };
  let totalMs = 0;
  profile.samples.forEach((id, i) => {
    const ms = (profile.timeDeltas[i] ?? 0) / 1000;
    totalMs += ms;
    const leaf = byId.get(id)!;
    entry(label(leaf)).selfMs += ms;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const name = label(byId.get(at)!);
      if (seen.has(name)) continue;
      seen.add(name);
      entry(name).totalMs += ms;
    }
  });
  return { totalMs, functions: [...times.values()] };
}

const [file, topArg] = process.argv.slice(2);
if (file && import.meta.url === `file://${process.argv[1]}`) {
  const top = Number(topArg ?? 25);
  const { totalMs, functions } = summarizeProfile(file);
  const pct = (x: number) => `${((x / totalMs) * 100).toFixed(1).padStart(5)}%`;
  const out: string[] = [`profile: ${totalMs.toFixed(0)} ms sampled`, '', 'self time:'];
  for (const f of [...functions].sort((a, b) => b.selfMs - a.selfMs).slice(0, top)) out.push(`  ${pct(f.selfMs)} ${f.selfMs.toFixed(0).padStart(7)} ms  ${f.name}`);
  out.push('', 'inclusive time, project code (src/):');
  for (const f of functions.filter((x) => x.name.includes(' src/')).sort((a, b) => b.totalMs - a.totalMs).slice(0, top)) {
    out.push(`  ${pct(f.totalMs)} ${f.totalMs.toFixed(0).padStart(7)} ms  ${f.name}`);
  }
  process.stdout.write(`${out.join('\n')}\n`);
}
